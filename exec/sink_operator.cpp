// Writing batches to a sink.
#include "exec/sink_operator.h"

#include "common/fault_point.h"

namespace weir {

void SinkOperator::push(Batch &batch) {
    size_t live = batch.live_count();
    if (live == 0) return;
    sink_.write(batch, kind_);
    FaultPoint::hit("after_sink_write");
    metrics_.records_out.fetch_add(static_cast<int64_t>(live), std::memory_order_relaxed);
}

}  // namespace weir

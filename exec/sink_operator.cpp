// Writing batches to a sink.
#include "exec/sink_operator.h"

#include "common/fault_point.h"

namespace weir {

void SinkOperator::push(Batch &batch) {
    size_t live = batch.live_count();
    if (live == 0) return;
    if (batch.row_kinds.empty()) {
        sink_.write(batch, kind_);
    } else {
        write_runs(batch);
    }
    FaultPoint::hit("after_sink_write");
    metrics_.records_out.fetch_add(static_cast<int64_t>(live), std::memory_order_relaxed);
}

void SinkOperator::write_runs(Batch &batch) {
    size_t live = batch.live_count();
    ChangeKind first = batch.row_kinds[batch.live_row(0)];
    bool uniform = true;
    for (size_t i = 1; i < live && uniform; i++) uniform = batch.row_kinds[batch.live_row(i)] == first;
    if (uniform) {
        sink_.write(batch, first);
        return;
    }
    bool had_selection = batch.has_selection();
    std::vector<uint32_t> selection = had_selection ? batch.selection() : std::vector<uint32_t>();
    auto row = [&](size_t i) { return had_selection ? selection[i] : static_cast<uint32_t>(i); };
    size_t i = 0;
    while (i < live) {
        ChangeKind kind = batch.row_kinds[row(i)];
        run_.clear();
        for (; i < live && batch.row_kinds[row(i)] == kind; i++) run_.push_back(row(i));
        batch.set_selection(run_);
        sink_.write(batch, kind);
    }
    if (had_selection) {
        batch.set_selection(std::move(selection));
    } else {
        batch.clear_selection();
    }
}

}  // namespace weir

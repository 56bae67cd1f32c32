// Merging the inputs of a UNION ALL.
#include "exec/union_operator.h"

#include <algorithm>

namespace weir {

void UnionOperator::push_input(size_t input, Batch &batch) {
    if (!next_ || batch.live_count() == 0) return;
    int64_t others = kWatermarkMax;
    for (size_t i = 0; i < input_count(); i++) {
        if (i != input) others = std::min(others, input_watermark(i));
    }
    if (!batch.row_watermarks.empty()) {
        for (int64_t &watermark : batch.row_watermarks) watermark = std::min(watermark, others);
    }
    next_->push(batch);
}

}  // namespace weir

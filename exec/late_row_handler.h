// The side output of a windowed aggregation for the rows it finds late.
#pragma once

#include <cstdint>
#include <vector>

#include "common/batch.h"

namespace weir {

// Called by WindowAggregateOperator on the job's driver thread, at most once per pushed batch and
// only when the batch held late rows (an operator without a handler only counts them). `rows` are
// physical row indexes into `batch` (in the operator's input columns), `watermarks[i]` the watermark
// that made rows[i] late (its carried row watermark). The batch is valid only during the call.
class LateRowHandler {
public:
    virtual ~LateRowHandler() = default;
    virtual void late_rows(const Batch &batch, const std::vector<uint32_t> &rows,
                           const std::vector<int64_t> &watermarks) = 0;
};

}  // namespace weir

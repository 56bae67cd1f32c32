// Truncating the selection after the first n rows.
#include "exec/limit_operator.h"

#include <string>

#include "common/weir_error.h"

namespace weir {

LimitOperator::LimitOperator(int64_t limit) : limit_(limit), remaining_(limit) {
    if (limit < 0) throw WeirError(ErrorKind::Bind, "LIMIT must not be negative, got " + std::to_string(limit) + ".");
}

void LimitOperator::push(Batch &batch) {
    size_t live = batch.live_count();
    if (remaining_ == 0 || live == 0) return;
    if (static_cast<int64_t>(live) > remaining_) {
        std::vector<uint32_t> keep(static_cast<size_t>(remaining_));
        for (size_t i = 0; i < keep.size(); i++) keep[i] = batch.live_row(i);
        batch.set_selection(std::move(keep));
        live = static_cast<size_t>(remaining_);
    }
    remaining_ -= static_cast<int64_t>(live);
    if (next_) next_->push(batch);
}

void LimitOperator::snapshot(StateWriter &out) const {
    out.write_tag("limit");
    out.write_i64(remaining_);
}

void LimitOperator::restore(StateReader &in) {
    in.expect_tag("limit");
    int64_t remaining = in.read_i64();
    if (remaining < 0 || remaining > limit_) {
        throw WeirError(ErrorKind::Data, "the checkpoint snapshot does not fit this query: it has " +
                                             std::to_string(remaining) + " rows left to pass but the LIMIT is " +
                                             std::to_string(limit_) + ".");
    }
    remaining_ = remaining;
}

}  // namespace weir

// Counting rows and non-NULL values per group.
#include "exec/count_state.h"

namespace weir {

void CountState::update(const ColumnVector *input, const uint32_t *rows, const uint32_t *groups, size_t count) {
    int64_t *counts = counts_.data();
    if (count_star_ || input->all_valid()) {
        for (size_t i = 0; i < count; i++) counts[groups[i]]++;
        return;
    }
    for (size_t i = 0; i < count; i++) counts[groups[i]] += input->is_valid(rows[i]) ? 1 : 0;
}

void CountState::merge(const AggregateState &other, const uint32_t *targets, size_t other_groups) {
    const auto &from = static_cast<const CountState &>(other).counts_;
    for (size_t g = 0; g < other_groups; g++) counts_[targets[g]] += from[g];
}

void CountState::finalize(const uint32_t *groups, size_t count, ColumnVector &out, size_t offset) const {
    int64_t *values = out.ints() + offset;
    for (size_t i = 0; i < count; i++) {
        values[i] = counts_[groups[i]];
        out.set_valid(offset + i);
    }
}

void CountState::save(StateWriter &out, size_t groups) const {
    for (size_t g = 0; g < groups; g++) out.write_i64(counts_[g]);
}

void CountState::load(StateReader &in, size_t groups) {
    for (size_t g = 0; g < groups; g++) counts_[g] = in.read_i64();
}

}  // namespace weir

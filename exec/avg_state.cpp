// Averaging per group through a sum and a count (mergeable across panes).
#include "exec/avg_state.h"

namespace weir {

void AvgState::resize(size_t groups) {
    sums_.resize(groups, 0);
    counts_.resize(groups, 0);
}

void AvgState::update(const ColumnVector *input, const uint32_t *rows, const uint32_t *groups, size_t count) {
    bool all_valid = input->all_valid();
    double *sums = sums_.data();
    int64_t *counts = counts_.data();
    for (size_t i = 0; i < count; i++) {
        uint32_t row = rows[i];
        if (!all_valid && input->is_null(row)) continue;
        double value = integer_ ? static_cast<double>(input->ints()[row]) : input->doubles()[row];
        sums[groups[i]] += value;
        counts[groups[i]]++;
    }
}

void AvgState::merge(const AggregateState &other, const uint32_t *targets, size_t other_groups) {
    const auto &from = static_cast<const AvgState &>(other);
    for (size_t g = 0; g < other_groups; g++) {
        sums_[targets[g]] += from.sums_[g];
        counts_[targets[g]] += from.counts_[g];
    }
}

void AvgState::finalize(const uint32_t *groups, size_t count, ColumnVector &out, size_t offset) const {
    for (size_t i = 0; i < count; i++) {
        uint32_t group = groups[i];
        int64_t n = counts_[group];
        out.doubles()[offset + i] = n == 0 ? 0 : sums_[group] / static_cast<double>(n);
        out.set_valid(offset + i, n != 0);
    }
}

void AvgState::save(StateWriter &out, size_t groups) const {
    for (size_t g = 0; g < groups; g++) {
        out.write_double(sums_[g]);
        out.write_i64(counts_[g]);
    }
}

void AvgState::load(StateReader &in, size_t groups) {
    for (size_t g = 0; g < groups; g++) {
        sums_[g] = in.read_double();
        counts_[g] = in.read_i64();
    }
}

}  // namespace weir

// Numerically stable running variance per group.
#include "exec/variance_state.h"

#include <cmath>

namespace weir {

VarianceState::VarianceState(AggregateKind kind, TypeId type)
    : sample_(kind == AggregateKind::VarSamp || kind == AggregateKind::StddevSamp),
      root_(kind == AggregateKind::StddevSamp || kind == AggregateKind::StddevPop),
      integer_(type != TypeId::Double) {}

void VarianceState::resize(size_t groups) {
    counts_.resize(groups, 0);
    means_.resize(groups, 0);
    m2_.resize(groups, 0);
}

void VarianceState::update(const ColumnVector *input, const uint32_t *rows, const uint32_t *groups, size_t count) {
    bool all_valid = input->all_valid();
    for (size_t i = 0; i < count; i++) {
        uint32_t row = rows[i];
        if (!all_valid && input->is_null(row)) continue;
        double value = integer_ ? static_cast<double>(input->ints()[row]) : input->doubles()[row];
        uint32_t group = groups[i];
        int64_t n = ++counts_[group];
        double delta = value - means_[group];
        means_[group] += delta / static_cast<double>(n);
        m2_[group] += delta * (value - means_[group]);
    }
}

void VarianceState::merge(const AggregateState &other, const uint32_t *targets, size_t other_groups) {
    const auto &from = static_cast<const VarianceState &>(other);
    for (size_t g = 0; g < other_groups; g++) {
        int64_t nb = from.counts_[g];
        if (nb == 0) continue;
        uint32_t target = targets[g];
        int64_t na = counts_[target];
        if (na == 0) {
            counts_[target] = nb;
            means_[target] = from.means_[g];
            m2_[target] = from.m2_[g];
            continue;
        }
        double n = static_cast<double>(na + nb);
        double delta = from.means_[g] - means_[target];
        means_[target] += delta * static_cast<double>(nb) / n;
        m2_[target] += from.m2_[g] + delta * delta * static_cast<double>(na) * static_cast<double>(nb) / n;
        counts_[target] = na + nb;
    }
}

void VarianceState::finalize(const uint32_t *groups, size_t count, ColumnVector &out, size_t offset) const {
    for (size_t i = 0; i < count; i++) {
        uint32_t group = groups[i];
        int64_t n = counts_[group];
        int64_t divisor = sample_ ? n - 1 : n;
        if (divisor <= 0) {
            out.doubles()[offset + i] = 0;
            out.set_null(offset + i);
            continue;
        }
        double variance = m2_[group] / static_cast<double>(divisor);
        if (variance < 0) variance = 0;  // rounding can make M2 a hair negative
        out.doubles()[offset + i] = root_ ? std::sqrt(variance) : variance;
        out.set_valid(offset + i);
    }
}

void VarianceState::save(StateWriter &out, size_t groups) const {
    for (size_t g = 0; g < groups; g++) {
        out.write_i64(counts_[g]);
        out.write_double(means_[g]);
        out.write_double(m2_[g]);
    }
}

void VarianceState::load(StateReader &in, size_t groups) {
    for (size_t g = 0; g < groups; g++) {
        counts_[g] = in.read_i64();
        means_[g] = in.read_double();
        m2_[g] = in.read_double();
    }
}

}  // namespace weir

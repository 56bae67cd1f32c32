// sum(x) states: BIGINT sums (overflow-checked) or DOUBLE sums per group.
#pragma once

#include <vector>

#include "exec/aggregate_state.h"

namespace weir {

// sum of BIGINT (and INTERVAL) is exact and throws WeirError(Data) on overflow; sum of DOUBLE is a
// double. A group that saw only NULLs (or nothing) sums to NULL.
class SumState : public AggregateState {
public:
    explicit SumState(TypeId type) : integer_(type != TypeId::Double) {}
    void resize(size_t groups) override;
    void update(const ColumnVector *input, const uint32_t *rows, const uint32_t *groups, size_t count) override;
    void merge(const AggregateState &other, const uint32_t *targets, size_t other_groups) override;
    void finalize(const uint32_t *groups, size_t count, ColumnVector &out, size_t offset) const override;
    void save(StateWriter &out, size_t groups) const override;
    void load(StateReader &in, size_t groups) override;

private:
    void add_integer(uint32_t group, int64_t value);

    bool integer_;
    std::vector<int64_t> int_sums_;
    std::vector<double> double_sums_;
    std::vector<uint8_t> has_value_;
};

}  // namespace weir

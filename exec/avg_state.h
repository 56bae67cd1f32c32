// avg(x) states: a DOUBLE sum and a count per group.
#pragma once

#include <vector>

#include "exec/aggregate_state.h"

namespace weir {

// avg of BIGINT or DOUBLE is DOUBLE: sum / count of the non-NULL values; NULL for none.
class AvgState : public AggregateState {
public:
    explicit AvgState(TypeId type) : integer_(type != TypeId::Double) {}
    void resize(size_t groups) override;
    void update(const ColumnVector *input, const uint32_t *rows, const uint32_t *groups, size_t count) override;
    void merge(const AggregateState &other, const uint32_t *targets, size_t other_groups) override;
    void finalize(const uint32_t *groups, size_t count, ColumnVector &out, size_t offset) const override;
    void save(StateWriter &out, size_t groups) const override;
    void load(StateReader &in, size_t groups) override;

private:
    bool integer_;
    std::vector<double> sums_;
    std::vector<int64_t> counts_;
};

}  // namespace weir

// var/stddev states (sample and population): count, mean and M2 per group.
#pragma once

#include <vector>

#include "exec/aggregate_state.h"

namespace weir {

// Welford's update within a batch and Chan et al.'s pairwise formula to merge panes, so results do
// not depend on how rows are split. Sample versions of one value are NULL; population versions of
// one value are 0; no values → NULL.
class VarianceState : public AggregateState {
public:
    VarianceState(AggregateKind kind, TypeId type);
    void resize(size_t groups) override;
    void update(const ColumnVector *input, const uint32_t *rows, const uint32_t *groups, size_t count) override;
    void merge(const AggregateState &other, const uint32_t *targets, size_t other_groups) override;
    void finalize(const uint32_t *groups, size_t count, ColumnVector &out, size_t offset) const override;
    void save(StateWriter &out, size_t groups) const override;
    void load(StateReader &in, size_t groups) override;

private:
    bool sample_;
    bool root_;
    bool integer_;
    std::vector<int64_t> counts_;
    std::vector<double> means_;
    std::vector<double> m2_;
};

}  // namespace weir

// count(*) and count(x) states: one BIGINT counter per group.
#pragma once

#include <vector>

#include "exec/aggregate_state.h"

namespace weir {

// count(*) counts rows; count(x) counts rows where x is not NULL. An empty group counts 0.
class CountState : public AggregateState {
public:
    explicit CountState(bool count_star) : count_star_(count_star) {}
    void resize(size_t groups) override { counts_.resize(groups, 0); }
    void update(const ColumnVector *input, const uint32_t *rows, const uint32_t *groups, size_t count) override;
    void merge(const AggregateState &other, const uint32_t *targets, size_t other_groups) override;
    void finalize(const uint32_t *groups, size_t count, ColumnVector &out, size_t offset) const override;
    void save(StateWriter &out, size_t groups) const override;
    void load(StateReader &in, size_t groups) override;

private:
    bool count_star_;
    std::vector<int64_t> counts_;
};

}  // namespace weir

// count(DISTINCT x) states: the set of distinct (group, value) pairs plus a counter per group.
#pragma once

#include <vector>

#include "exec/aggregate_state.h"
#include "exec/group_key_table.h"

namespace weir {

// NULL values are not counted. The sets are one GroupKeyTable keyed by (group id, value), so the
// memory is proportional to the number of distinct pairs; merging re-inserts the other's pairs.
class DistinctCountState : public AggregateState {
public:
    explicit DistinctCountState(TypeId type);
    void resize(size_t groups) override;
    void update(const ColumnVector *input, const uint32_t *rows, const uint32_t *groups, size_t count) override;
    void merge(const AggregateState &other, const uint32_t *targets, size_t other_groups) override;
    void finalize(const uint32_t *groups, size_t count, ColumnVector &out, size_t offset) const override;
    void save(StateWriter &out, size_t groups) const override;
    void load(StateReader &in, size_t groups) override;

private:
    // Inserts (group_column[rows[i]], values[rows[i]]) and counts the new pairs per group.
    void insert_pairs(const ColumnVector &values, const uint32_t *rows, size_t count);

    GroupKeyTable pairs_;
    std::vector<int64_t> counts_;
    ColumnVector group_column_;  // scratch: the group id of each physical input row
    std::vector<uint32_t> live_;
    std::vector<uint32_t> ids_;
};

}  // namespace weir

// GROUP BY without a window: one hash table of groups, final rows at the end or updates as it goes.
#pragma once

#include <memory>

#include "exec/aggregate_table.h"
#include "exec/expression_columns.h"
#include "exec/job_metrics.h"
#include "exec/operator.h"
#include "exec/result_batch_builder.h"
#include "planner/query_plan.h"

namespace weir {

// Output: group keys..., aggregates... With updating = false (bounded input) every group is
// emitted once at finish(), in first-seen order; a global aggregate (no keys) over no rows still
// emits its one row (count 0, other aggregates NULL). With updating = true (unbounded input) the
// current row of every group a batch changed is emitted after that batch as an Upsert (row_kinds;
// an upsert changelog keyed by the group keys) and finish() emits nothing more.
class HashAggregateOperator : public Operator {
public:
    // `metrics` (optional) receives the number of groups held as state_groups.
    HashAggregateOperator(const PlanNode &node, bool updating, JobMetrics *metrics = nullptr);

    void push(Batch &batch) override;
    void finish() override;
    // Checkpoints: the table of groups (the set of changed groups is empty between batches).
    // restore throws WeirError(Data) for a snapshot of another operator or shape.
    void snapshot(StateWriter &out) const override;
    void restore(StateReader &in) override;
    std::string name() const override { return updating_ ? "HashAggregate (updating)" : "HashAggregate"; }

private:
    bool updating_;
    ExpressionColumns keys_;
    ExpressionColumns arguments_;
    std::unique_ptr<AggregateTable> table_;
    ResultBatchBuilder output_;
    JobMetrics *metrics_ = nullptr;
    std::vector<uint32_t> rows_;
};

}  // namespace weir

// Turns a physical plan tree into operators: one per node above the Scans, wired child to parent.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "exec/job_metrics.h"
#include "exec/late_row_handler.h"
#include "exec/operator.h"
#include "planner/query_plan.h"

namespace weir {

// The operators of a plan. entries[i] receives the batches of plan.scans()[i] (nullptr when the
// Scan is the root: the caller connects that source straight to its sink); root is the operator
// producing the plan's output (nullptr when the plan is a lone Scan). Operators are in build order
// (children before parents, left to right): the order checkpoints write their state in.
struct Pipeline {
    std::vector<std::unique_ptr<Operator>> operators;
    std::vector<Operator *> entries;
    Operator *root = nullptr;
};

class PipelineBuilder {
public:
    // One operator per non-Scan node, each set_next to its parent's operator (or to the input port
    // of a Join/Union parent). The operators copy what they need from the plan (it may be
    // destroyed afterwards) and keep a reference to `metrics` (late-record counts), which must
    // outlive them. A plain GROUP BY over an unbounded input becomes an updating aggregation.
    // The SinkOperator is not included: JobDriver appends it. Throws WeirError for a plan exec
    // cannot run. `late_rows` (optional, must outlive the operators) receives the late rows of a
    // windowed aggregation.
    static Pipeline build(const QueryPlan &plan, JobMetrics &metrics, LateRowHandler *late_rows = nullptr);
    // The input columns of the plan's windowed aggregation — the columns of the rows a
    // LateRowHandler receives — or nullopt when the plan has no windowed aggregation.
    static std::optional<Schema> window_input(const QueryPlan &plan);
};

}  // namespace weir

// Turns the nodes of a physical plan after its Scan into a chain of operators.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "exec/job_metrics.h"
#include "exec/late_row_handler.h"
#include "exec/operator.h"
#include "planner/query_plan.h"

namespace weir {

class PipelineBuilder {
public:
    // One operator per node in plan.nodes[1..] (nodes[0], the Scan, is the source), chained with
    // set_next in plan order; the first element receives the source's batches. The operators copy
    // what they need from the plan (it may be destroyed afterwards) and keep a reference to
    // `metrics` (late-record counts), which must outlive them. A plain GROUP BY over an unbounded
    // source (source_bounded = false) becomes an updating aggregation. The SinkOperator is not
    // included: JobDriver appends it. Throws WeirError for a plan exec cannot run. `late_rows`
    // (optional, must outlive the operators) receives the late rows of a windowed aggregation.
    static std::vector<std::unique_ptr<Operator>> build(const QueryPlan &plan, JobMetrics &metrics, bool source_bounded,
                                                        LateRowHandler *late_rows = nullptr);
    // The input columns of the plan's windowed aggregation — the columns of the rows a
    // LateRowHandler receives — or nullopt when the plan has no windowed aggregation.
    static std::optional<Schema> window_input(const QueryPlan &plan);
};

}  // namespace weir

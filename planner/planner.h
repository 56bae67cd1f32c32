// Turns a bound SELECT into a QueryPlan: scan with pruning, filter pushdown, aggregation, order, limit.
#pragma once

#include <memory>
#include <string>

#include "parser/ast.h"
#include "planner/catalog.h"
#include "planner/query_plan.h"

namespace weir {

class Planner {
public:
    explicit Planner(const Catalog &catalog);

    // Plans `query` against the catalog. Unknown FROM name → WeirError(Catalog) with did-you-mean;
    // name and type problems → WeirError(Bind). Views are expanded in place (their nodes first).
    QueryPlan plan(const SelectStmt &query);

    // Plans `query` to validate it and returns the view entry (output = the plan's output schema).
    ViewEntry plan_view(const std::string &name, std::shared_ptr<const SelectStmt> query, const std::string &sql);

private:
    QueryPlan plan_at_depth(const SelectStmt &query, int depth);
    // Scan node of `source` for `query`: projection pruning and the event-time column.
    std::unique_ptr<PlanNode> build_scan(const SourceEntry &source, const SelectStmt &query);
    // Scan node of a SELECT without FROM: one row of no columns (the window call, if any, is an error).
    std::unique_ptr<PlanNode> build_one_row_scan(const SelectStmt &query, const Expr *window_call);
    // For a windowed query over a view: makes the window's time column the event time of the view's scan.
    void attach_view_event_time(QueryPlan &plan, const ViewEntry &view, const SelectStmt &query);
    void plan_projection(const SelectStmt &query, const std::string &label, QueryPlan &plan);
    void plan_order_and_limit(const SelectStmt &query, QueryPlan &plan);

    const Catalog &catalog_;
};

}  // namespace weir

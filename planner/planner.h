// Turns a bound SELECT into a QueryPlan: scan with pruning, filter pushdown, aggregation, order, limit.
#pragma once

#include <functional>
#include <memory>
#include <vector>
#include <string>

#include "parser/ast.h"
#include "planner/catalog.h"
#include "planner/query_plan.h"

namespace weir {

class Planner {
public:
    // Tells whether a Scan's source ends by itself (the engine asks its connectors; a planner
    // without one treats every source as unbounded). Join strategies depend on it (docs/joins.md#join-strategies).
    using BoundedCheck = std::function<bool(const PlanNode &scan)>;

    explicit Planner(const Catalog &catalog, BoundedCheck bounded = {});

    // Plans `query` against the catalog. Unknown FROM name → WeirError(Catalog) with did-you-mean;
    // name and type problems → WeirError(Bind). Views are expanded in place (their nodes first).
    QueryPlan plan(const SelectStmt &query);

    // Plans `query` to validate it and returns the view entry (output = the plan's output schema).
    ViewEntry plan_view(const std::string &name, std::shared_ptr<const SelectStmt> query, const std::string &sql);

private:
    QueryPlan plan_at_depth(const SelectStmt &query, int depth);
    // One SELECT of a statement (no UNION ALL branches, ORDER BY or LIMIT): FROM, WHERE, GROUP BY, select list.
    QueryPlan plan_core(const SelectStmt &query, int depth);
    // Makes plan's root a Union of itself and the query's UNION ALL branches (cast to common types).
    void plan_union(const SelectStmt &query, int depth, QueryPlan &plan);
    // The subtree of a FROM item, its output qualified by the item's alias; `label` names it in
    // messages. `single`: the item is the whole FROM clause (an updating view's keys carry over to plan).
    std::unique_ptr<PlanNode> build_from(const TableRef &ref, const SelectStmt &query, int depth, bool single,
                                         QueryPlan &plan, std::string &label);
    const CommonTable *find_cte(const std::string &name) const;
    // Scan node of `source` for `query`: projection pruning and the event-time column. `strict`: the
    // source is the only FROM item (unknown column names are reported here).
    std::unique_ptr<PlanNode> build_scan(const SourceEntry &source, const std::string &qualifier,
                                         const SelectStmt &query, bool strict);
    // Scan node of a SELECT without FROM: one row of no columns (the window call, if any, is an error).
    std::unique_ptr<PlanNode> build_one_row_scan(const SelectStmt &query, const Expr *window_call);
    void plan_projection(const SelectStmt &query, const std::string &label, QueryPlan &plan);
    void plan_order_and_limit(const SelectStmt &query, QueryPlan &plan);

    const Catalog &catalog_;
    BoundedCheck bounded_;
    std::vector<const CommonTable *> ctes_;  // WITH tables in scope, innermost last
};

}  // namespace weir

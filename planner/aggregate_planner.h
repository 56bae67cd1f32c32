// Plans GROUP BY / aggregate queries: the Aggregate node, HAVING and the select list over its output.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/schema.h"
#include "parser/ast.h"
#include "planner/expression_binder.h"
#include "planner/query_plan.h"

namespace weir {

class AggregatePlanner {
public:
    // `input` is the schema feeding the aggregation (after WHERE); `input_label` names it in messages.
    AggregatePlanner(const Schema &input, std::string input_label);

    // The TUMBLE/HOP call in GROUP BY, or nullptr. Two window calls, or SESSION → WeirError(Bind).
    static const Expr *find_window(const SelectStmt &query);
    // True if the select list or HAVING calls an aggregate function.
    static bool has_aggregates(const SelectStmt &query);

    // Appends Aggregate, then Filter (HAVING) if any, then Project (the select list) to `plan`,
    // and sets plan.key_columns (output positions of selected group keys and window_start) and,
    // for EMIT CHANGES, plan.updating.
    void plan(const SelectStmt &query, QueryPlan &plan);

private:
    WindowSpec bind_window(const Expr &call);
    int64_t interval_argument(const Expr &argument, const std::string &window, const char *what) const;
    // Binds an expression over the grouped rows: group keys, window bounds and aggregate calls.
    std::unique_ptr<BoundExpr> bind_grouped(const Expr &expr, const std::string &clause);
    std::unique_ptr<BoundExpr> intercept(const Expr &expr, ExpressionBinder &binder);
    // Index of the aggregate `call` among this query's aggregates (added when new).
    size_t aggregate_index(const Expr &call);
    size_t aggregate_column(size_t index) const { return keys_.size() + (window_.kind == WindowKind::None ? 0 : 2) + index; }

    const Schema &input_;
    std::string input_label_;
    std::vector<const Expr *> key_exprs_;
    std::vector<std::unique_ptr<BoundExpr>> keys_;
    std::vector<std::string> key_names_;
    WindowSpec window_;
    std::vector<const Expr *> aggregate_exprs_;
    std::vector<AggregateCall> aggregates_;
};

}  // namespace weir

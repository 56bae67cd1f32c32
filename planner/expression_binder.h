// Binds syntax-tree expressions to typed BoundExpr trees over the columns of one input.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "common/schema.h"
#include "parser/ast.h"
#include "planner/bound_expression.h"

namespace weir {

// Resolves column names against `input`, functions against FunctionCatalog (via FunctionResolver),
// and rewrites sugar: BETWEEN → And of two comparisons; NOT BETWEEN/NOT IN/NOT LIKE → Not(...);
// simple CASE → searched CASE; unary minus → "negate"; COALESCE → Coalesce; now() → the constant
// StatementClock::now(). Aggregate calls are
// errors unless an interceptor handles them (the aggregation planner binds over grouped input so).
class ExpressionBinder {
public:
    // Called on every node before the default rules; returns the bound form when it handles the
    // node, nullptr otherwise. It may throw its own errors.
    using Interceptor = std::function<std::unique_ptr<BoundExpr>(const Expr &)>;

    // `input_label` names the input in messages ("source `weather`"); `clause` names where the
    // expression stands ("WHERE", "SELECT", ...) for messages about misplaced aggregates.
    ExpressionBinder(const Schema &input, std::string input_label, std::string clause);

    void set_interceptor(Interceptor interceptor) { interceptor_ = std::move(interceptor); }

    std::unique_ptr<BoundExpr> bind(const Expr &expr);
    // Binds a condition (WHERE, HAVING): it must be BOOLEAN (an untyped NULL becomes a BOOLEAN NULL).
    std::unique_ptr<BoundExpr> bind_condition(const Expr &expr);
    // The "unknown column" error for `name` in this input, with a did-you-mean suggestion.
    [[noreturn]] void throw_unknown_column(const std::string &name) const;
    // The input column a column reference (`name` or `qualifier.name`) names; WeirError(Bind) when
    // there is none or when an unqualified name is in two FROM items.
    size_t resolve_column(const Expr &expr) const;

private:
    std::unique_ptr<BoundExpr> bind_column(const Expr &expr);
    std::unique_ptr<BoundExpr> bind_unary(const Expr &expr);
    std::unique_ptr<BoundExpr> bind_binary(const Expr &expr);
    std::unique_ptr<BoundExpr> bind_function(const Expr &expr);
    std::unique_ptr<BoundExpr> bind_case(const Expr &expr);
    std::unique_ptr<BoundExpr> bind_cast(const Expr &expr);
    std::unique_ptr<BoundExpr> bind_between(const Expr &expr);
    std::unique_ptr<BoundExpr> bind_in(const Expr &expr);
    std::unique_ptr<BoundExpr> bind_boolean_operand(const Expr &expr, const char *what);
    std::unique_ptr<BoundExpr> comparison(const char *op, std::unique_ptr<BoundExpr> left,
                                          std::unique_ptr<BoundExpr> right);

    const Schema &input_;
    std::string input_label_;
    std::string clause_;
    Interceptor interceptor_;
};

}  // namespace weir

// Name, type and function resolution of scalar expressions.
#include "planner/expression_binder.h"

#include "common/weir_error.h"
#include "planner/aggregate_function_table.h"
#include "planner/function_catalog.h"
#include "planner/function_resolver.h"
#include "planner/statement_clock.h"
#include "common/name_suggester.h"

namespace weir {

namespace {

std::unique_ptr<BoundExpr> make_node(BoundExprKind kind, TypeId type) {
    auto expr = std::make_unique<BoundExpr>();
    expr->kind = kind;
    expr->type = type;
    return expr;
}

std::unique_ptr<BoundExpr> wrap_not(std::unique_ptr<BoundExpr> child) {
    auto expr = make_node(BoundExprKind::Not, TypeId::Boolean);
    expr->children.push_back(std::move(child));
    return expr;
}

// CAST rules: TEXT ↔ anything, BIGINT ↔ DOUBLE, BOOLEAN ↔ BIGINT, same type, NULL → anything.
bool cast_allowed(TypeId from, TypeId to) {
    if (from == to || from == TypeId::Null || from == TypeId::Text || to == TypeId::Text) return true;
    if (is_numeric(from) && is_numeric(to)) return true;
    return (from == TypeId::Boolean && to == TypeId::BigInt) || (from == TypeId::BigInt && to == TypeId::Boolean);
}

bool is_window_function(const std::string &name) { return name == "tumble" || name == "hop" || name == "session"; }

}  // namespace

ExpressionBinder::ExpressionBinder(const Schema &input, std::string input_label, std::string clause)
    : input_(input), input_label_(std::move(input_label)), clause_(std::move(clause)) {}

void ExpressionBinder::throw_unknown_column(const std::string &name) const {
    std::string lower = to_lower(name);
    if (lower == "window_start" || lower == "window_end") {
        throw WeirError(ErrorKind::Bind, "`" + name +
                                             "` exists only in windowed queries: add TUMBLE(ts, size) or "
                                             "HOP(ts, slide, size) to GROUP BY; used in " + clause_);
    }
    std::vector<std::string> names;
    for (const auto &column : input_.columns()) names.push_back(column.name);
    throw WeirError(ErrorKind::Bind, "unknown column `" + name + "` in " + input_label_ +
                                         NameSuggester::did_you_mean(name, names));
}

std::unique_ptr<BoundExpr> ExpressionBinder::bind_condition(const Expr &expr) {
    auto bound = bind(expr);
    if (bound->type == TypeId::Null) return FunctionResolver::coerce(std::move(bound), TypeId::Boolean);
    if (bound->type != TypeId::Boolean) {
        throw WeirError(ErrorKind::Bind, clause_ + " needs a BOOLEAN condition, but this is " +
                                             type_name(bound->type) + ": " + expr.to_string());
    }
    return bound;
}

std::unique_ptr<BoundExpr> ExpressionBinder::bind(const Expr &expr) {
    if (interceptor_) {
        if (auto handled = interceptor_(expr)) return handled;
    }
    switch (expr.kind) {
    case ExprKind::Literal: return BoundExpr::make_constant(expr.literal);
    case ExprKind::ColumnRef: return bind_column(expr);
    case ExprKind::Star:
        throw WeirError(ErrorKind::Bind, "`*` can stand only alone in a SELECT list or in count(*); found in " + clause_);
    case ExprKind::Unary: return bind_unary(expr);
    case ExprKind::Binary: return bind_binary(expr);
    case ExprKind::Function: return bind_function(expr);
    case ExprKind::Case: return bind_case(expr);
    case ExprKind::Cast: return bind_cast(expr);
    case ExprKind::Between: return bind_between(expr);
    case ExprKind::In: return bind_in(expr);
    case ExprKind::Like: {
        std::vector<std::unique_ptr<BoundExpr>> args;
        args.push_back(bind(*expr.children[0]));
        args.push_back(bind(*expr.children[1]));
        auto like = FunctionResolver::resolve_call("like", std::move(args));
        return expr.negated ? wrap_not(std::move(like)) : std::move(like);
    }
    case ExprKind::IsNull: {
        auto node = make_node(expr.negated ? BoundExprKind::IsNotNull : BoundExprKind::IsNull, TypeId::Boolean);
        node->children.push_back(bind(*expr.children[0]));
        return node;
    }
    }
    throw WeirError(ErrorKind::Internal, "the binder met an unknown expression kind: " + expr.to_string());
}

std::unique_ptr<BoundExpr> ExpressionBinder::bind_column(const Expr &expr) {
    size_t index = resolve_column(expr);
    return BoundExpr::make_column(index, input_[index].type);
}

size_t ExpressionBinder::resolve_column(const Expr &expr) const {
    bool ambiguous = false;
    auto index = input_.resolve(expr.qualifier, expr.name, &ambiguous);
    if (!index) throw_unknown_column(expr.to_string());
    if (ambiguous) {
        std::string qualifiers;
        for (const auto &column : input_.columns()) {
            if (!iequals(column.name, expr.name)) continue;
            if (!qualifiers.empty()) qualifiers += ", ";
            qualifiers += column.qualifier + "." + column.name;
        }
        throw WeirError(ErrorKind::Bind, "column `" + expr.name + "` in " + clause_ + " is ambiguous: qualify it as one of " +
                                             qualifiers);
    }
    return *index;
}

std::unique_ptr<BoundExpr> ExpressionBinder::bind_boolean_operand(const Expr &expr, const char *what) {
    auto bound = bind(expr);
    if (bound->type == TypeId::Null) return FunctionResolver::coerce(std::move(bound), TypeId::Boolean);
    if (bound->type != TypeId::Boolean) {
        throw WeirError(ErrorKind::Bind, std::string(what) + " needs BOOLEAN operands, but this is " +
                                             type_name(bound->type) + ": " + expr.to_string());
    }
    return bound;
}

std::unique_ptr<BoundExpr> ExpressionBinder::bind_unary(const Expr &expr) {
    if (expr.name == "not") return wrap_not(bind_boolean_operand(*expr.children[0], "NOT"));
    auto operand = bind(*expr.children[0]);
    if (expr.name == "+") {
        if (!is_numeric(operand->type) && operand->type != TypeId::Interval) {
            throw WeirError(ErrorKind::Bind, std::string("unary + needs a number or an interval, not ") +
                                                 type_name(operand->type));
        }
        return operand;
    }
    if (operand->kind == BoundExprKind::Constant && !operand->constant.is_null()) {
        const Value &value = operand->constant;
        if (value.type() == TypeId::BigInt) return BoundExpr::make_constant(Value::bigint(-value.as_int()));
        if (value.type() == TypeId::Double) return BoundExpr::make_constant(Value::float64(-value.as_double()));
        if (value.type() == TypeId::Interval) return BoundExpr::make_constant(Value::interval(-value.as_int()));
    }
    std::vector<std::unique_ptr<BoundExpr>> args;
    args.push_back(std::move(operand));
    return FunctionResolver::resolve_call("negate", std::move(args));
}

std::unique_ptr<BoundExpr> ExpressionBinder::bind_binary(const Expr &expr) {
    if (expr.name == "and" || expr.name == "or") {
        auto node = make_node(expr.name == "and" ? BoundExprKind::And : BoundExprKind::Or, TypeId::Boolean);
        const char *what = expr.name == "and" ? "AND" : "OR";
        node->children.push_back(bind_boolean_operand(*expr.children[0], what));
        node->children.push_back(bind_boolean_operand(*expr.children[1], what));
        return node;
    }
    std::vector<std::unique_ptr<BoundExpr>> args;
    args.push_back(bind(*expr.children[0]));
    args.push_back(bind(*expr.children[1]));
    return FunctionResolver::resolve_call(expr.name, std::move(args));
}

std::unique_ptr<BoundExpr> ExpressionBinder::bind_function(const Expr &expr) {
    const std::string &name = expr.name;
    if (AggregateFunctionTable::is_aggregate(name)) {
        throw WeirError(ErrorKind::Bind, "aggregate functions are not allowed in " + clause_ + ": " + expr.to_string());
    }
    if (is_window_function(name)) {
        throw WeirError(ErrorKind::Bind, "window functions may stand only in GROUP BY, not in " + clause_ + ": " +
                                             expr.to_string());
    }
    if (expr.distinct) throw WeirError(ErrorKind::Bind, "DISTINCT is allowed only in count(DISTINCT x): " + expr.to_string());
    if (name == "coalesce") {
        if (expr.children.empty()) throw WeirError(ErrorKind::Bind, "coalesce needs at least one argument");
        auto node = make_node(BoundExprKind::Coalesce, TypeId::Null);
        for (const auto &child : expr.children) node->children.push_back(bind(*child));
        node->type = FunctionResolver::unify(node->children, "coalesce arguments");
        return node;
    }
    if (name == "now") {
        if (!expr.children.empty()) throw WeirError(ErrorKind::Bind, "now() takes no arguments: " + expr.to_string());
        return BoundExpr::make_constant(Value::timestamp(StatementClock::now()));
    }
    if (!FunctionCatalog::instance().exists(name)) {
        std::vector<std::string> names;
        for (const auto &known : FunctionCatalog::instance().names()) {
            if (!known.empty() && known[0] >= 'a' && known[0] <= 'z') names.push_back(known);
        }
        for (const auto &aggregate : AggregateFunctionTable::names()) names.push_back(aggregate);
        names.push_back("coalesce");
        names.push_back("now");
        throw WeirError(ErrorKind::Bind, "unknown function `" + name + "`" + NameSuggester::did_you_mean(name, names));
    }
    std::vector<std::unique_ptr<BoundExpr>> args;
    for (const auto &child : expr.children) args.push_back(bind(*child));
    return FunctionResolver::resolve_call(name, std::move(args));
}

std::unique_ptr<BoundExpr> ExpressionBinder::comparison(const char *op, std::unique_ptr<BoundExpr> left,
                                                        std::unique_ptr<BoundExpr> right) {
    std::vector<std::unique_ptr<BoundExpr>> args;
    args.push_back(std::move(left));
    args.push_back(std::move(right));
    return FunctionResolver::resolve_call(op, std::move(args));
}

std::unique_ptr<BoundExpr> ExpressionBinder::bind_case(const Expr &expr) {
    size_t position = 0;
    std::unique_ptr<BoundExpr> operand;
    if (expr.has_operand) operand = bind(*expr.children[position++]);
    size_t end = expr.has_else ? expr.children.size() - 1 : expr.children.size();
    auto node = make_node(BoundExprKind::Case, TypeId::Null);
    node->has_else = expr.has_else;
    std::vector<std::unique_ptr<BoundExpr>> results;
    std::vector<std::unique_ptr<BoundExpr>> whens;
    for (; position + 1 < end; position += 2) {
        const Expr &when = *expr.children[position];
        if (operand) {
            whens.push_back(comparison("=", operand->clone(), bind(when)));
        } else {
            whens.push_back(bind_boolean_operand(when, "CASE WHEN"));
        }
        results.push_back(bind(*expr.children[position + 1]));
    }
    if (expr.has_else) results.push_back(bind(*expr.children.back()));
    node->type = FunctionResolver::unify(results, "CASE branches");
    for (size_t i = 0; i < whens.size(); ++i) {
        node->children.push_back(std::move(whens[i]));
        node->children.push_back(std::move(results[i]));
    }
    if (expr.has_else) node->children.push_back(std::move(results.back()));
    return node;
}

std::unique_ptr<BoundExpr> ExpressionBinder::bind_cast(const Expr &expr) {
    auto child = bind(*expr.children[0]);
    TypeId target = expr.cast_type;
    if (!cast_allowed(child->type, target)) {
        throw WeirError(ErrorKind::Bind, std::string("cannot cast ") + type_name(child->type) + " to " +
                                             type_name(target) + " (allowed: TEXT to or from anything, BIGINT/DOUBLE, "
                                             "BOOLEAN/BIGINT): " + expr.to_string());
    }
    if (child->kind == BoundExprKind::Constant && child->constant.is_null()) {
        return BoundExpr::make_constant(Value::null(target));
    }
    if (child->type == target) return child;
    auto cast = BoundExpr::make_cast(std::move(child), target);
    cast->try_cast = expr.try_cast;
    return cast;
}

std::unique_ptr<BoundExpr> ExpressionBinder::bind_between(const Expr &expr) {
    auto value = bind(*expr.children[0]);
    auto low = comparison(">=", value->clone(), bind(*expr.children[1]));
    auto high = comparison("<=", std::move(value), bind(*expr.children[2]));
    auto node = make_node(BoundExprKind::And, TypeId::Boolean);
    node->children.push_back(std::move(low));
    node->children.push_back(std::move(high));
    return expr.negated ? wrap_not(std::move(node)) : std::move(node);
}

std::unique_ptr<BoundExpr> ExpressionBinder::bind_in(const Expr &expr) {
    auto node = make_node(BoundExprKind::In, TypeId::Boolean);
    for (const auto &child : expr.children) node->children.push_back(bind(*child));
    TypeId type = FunctionResolver::unify(node->children, "IN lists");
    if (type == TypeId::Null) {
        for (auto &child : node->children) child = FunctionResolver::coerce(std::move(child), TypeId::Boolean);
    }
    return expr.negated ? wrap_not(std::move(node)) : std::move(node);
}

}  // namespace weir

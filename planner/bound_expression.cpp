// Construction, copying and display of bound expression trees.
#include "planner/bound_expression.h"

#include "common/timestamp.h"

namespace weir {

namespace {

bool is_operator_symbol(const std::string &name) {
    static const char *const kOperators[] = {"+", "-", "*", "/", "%", "||", "=", "<>", "<", "<=", ">", ">="};
    for (const char *op : kOperators) {
        if (name == op) return true;
    }
    return false;
}

// SQL-literal form of a constant: strings quoted, typed literals prefixed.
std::string constant_text(const Value &value) {
    if (value.is_null()) return "NULL";
    switch (value.type()) {
    case TypeId::Text: {
        std::string out = "'";
        for (char c : value.as_text()) {
            out += c;
            if (c == '\'') out += '\'';
        }
        return out + "'";
    }
    case TypeId::Timestamp: return "TIMESTAMP '" + value.to_string() + "'";
    case TypeId::Interval: return value.to_string();
    default: return value.to_string();
    }
}

std::string join_children(const BoundExpr &expr, size_t from, const std::string &separator,
                          const std::vector<std::string> *names) {
    std::string out;
    for (size_t i = from; i < expr.children.size(); ++i) {
        if (i > from) out += separator;
        out += expr.children[i]->to_string(names);
    }
    return out;
}

}  // namespace

std::unique_ptr<BoundExpr> BoundExpr::make_constant(Value value) {
    auto expr = std::make_unique<BoundExpr>();
    expr->kind = BoundExprKind::Constant;
    expr->type = value.type();
    expr->constant = std::move(value);
    return expr;
}

std::unique_ptr<BoundExpr> BoundExpr::make_column(size_t index, TypeId type) {
    auto expr = std::make_unique<BoundExpr>();
    expr->kind = BoundExprKind::ColumnRef;
    expr->type = type;
    expr->column_index = index;
    return expr;
}

std::unique_ptr<BoundExpr> BoundExpr::make_call(std::string function, TypeId type,
                                                std::vector<std::unique_ptr<BoundExpr>> args) {
    auto expr = std::make_unique<BoundExpr>();
    expr->kind = BoundExprKind::Call;
    expr->type = type;
    expr->function = std::move(function);
    expr->children = std::move(args);
    return expr;
}

std::unique_ptr<BoundExpr> BoundExpr::make_cast(std::unique_ptr<BoundExpr> child, TypeId type) {
    auto expr = std::make_unique<BoundExpr>();
    expr->kind = BoundExprKind::Cast;
    expr->type = type;
    expr->children.push_back(std::move(child));
    return expr;
}

std::unique_ptr<BoundExpr> BoundExpr::clone() const {
    auto copy = std::make_unique<BoundExpr>();
    copy->kind = kind;
    copy->type = type;
    copy->constant = constant;
    copy->column_index = column_index;
    copy->function = function;
    copy->has_else = has_else;
    copy->try_cast = try_cast;
    copy->children.reserve(children.size());
    for (const auto &child : children) copy->children.push_back(child->clone());
    return copy;
}

std::string BoundExpr::to_string(const std::vector<std::string> *names) const {
    switch (kind) {
    case BoundExprKind::Constant: return constant_text(constant);
    case BoundExprKind::ColumnRef:
        if (names != nullptr && column_index < names->size()) return (*names)[column_index];
        return "#" + std::to_string(column_index);
    case BoundExprKind::Call:
        if (function == "negate" && children.size() == 1) return "-" + children[0]->to_string(names);
        if (is_operator_symbol(function) && children.size() == 2) {
            return "(" + children[0]->to_string(names) + " " + function + " " + children[1]->to_string(names) + ")";
        }
        return function + "(" + join_children(*this, 0, ", ", names) + ")";
    case BoundExprKind::Cast:
        return std::string(try_cast ? "TRY_CAST(" : "CAST(") + children[0]->to_string(names) + " AS " +
               type_name(type) + ")";
    case BoundExprKind::And: return "(" + join_children(*this, 0, " AND ", names) + ")";
    case BoundExprKind::Or: return "(" + join_children(*this, 0, " OR ", names) + ")";
    case BoundExprKind::Not: return "(NOT " + children[0]->to_string(names) + ")";
    case BoundExprKind::IsNull: return "(" + children[0]->to_string(names) + " IS NULL)";
    case BoundExprKind::IsNotNull: return "(" + children[0]->to_string(names) + " IS NOT NULL)";
    case BoundExprKind::In:
        return "(" + children[0]->to_string(names) + " IN (" + join_children(*this, 1, ", ", names) + "))";
    case BoundExprKind::Case: {
        std::string out = "CASE";
        size_t pairs_end = has_else ? children.size() - 1 : children.size();
        for (size_t i = 0; i + 1 < pairs_end; i += 2) {
            out += " WHEN " + children[i]->to_string(names) + " THEN " + children[i + 1]->to_string(names);
        }
        if (has_else) out += " ELSE " + children.back()->to_string(names);
        return out + " END";
    }
    case BoundExprKind::Coalesce: return "coalesce(" + join_children(*this, 0, ", ", names) + ")";
    }
    return "?";
}

bool BoundExpr::is_constant_tree() const {
    if (kind == BoundExprKind::ColumnRef) return false;
    if (kind == BoundExprKind::Call && function == "proctime") return false;
    for (const auto &child : children) {
        if (!child->is_constant_tree()) return false;
    }
    return true;
}

}  // namespace weir

// Expr::to_string: deterministic SQL-like text of an expression for default column names and EXPLAIN.
#include "parser/ast.h"

#include "common/number_format.h"
#include "common/timestamp.h"

namespace weir {
namespace {

// Binding strength of the operator at the top of an expression (higher binds tighter).
int precedence(const Expr &expr) {
    switch (expr.kind) {
    case ExprKind::Binary:
        if (expr.name == "or") return 1;
        if (expr.name == "and") return 2;
        if (expr.name == "||") return 5;
        if (expr.name == "+" || expr.name == "-") return 6;
        if (expr.name == "*" || expr.name == "/" || expr.name == "%") return 7;
        return 4;
    case ExprKind::Unary: return expr.name == "not" ? 3 : 8;
    case ExprKind::Between:
    case ExprKind::In:
    case ExprKind::Like:
    case ExprKind::IsNull: return 4;
    default: return 9;
    }
}

std::string child_text(const Expr &child, int min_precedence) {
    std::string text = child.to_string();
    if (precedence(child) < min_precedence) return "(" + text + ")";
    return text;
}

std::string quote_text(const std::string &text) {
    std::string out = "'";
    for (char c : text) {
        out += c;
        if (c == '\'') out += '\'';
    }
    return out + "'";
}

std::string literal_text(const Value &value) {
    if (value.is_null()) return "NULL";
    switch (value.type()) {
    case TypeId::Boolean: return value.as_bool() ? "TRUE" : "FALSE";
    case TypeId::Text: return quote_text(value.as_text());
    case TypeId::Timestamp: return "TIMESTAMP '" + format_timestamp(value.as_int()) + "'";
    case TypeId::Double: {
        std::string text = format_double(value.as_double());
        if (text.find_first_not_of("-0123456789") == std::string::npos) text += ".0";
        return text;
    }
    default: return value.to_string();
    }
}

std::string join(const std::vector<std::unique_ptr<Expr>> &items, size_t from) {
    std::string out;
    for (size_t i = from; i < items.size(); i++) {
        if (i > from) out += ", ";
        out += items[i]->to_string();
    }
    return out;
}

}  // namespace

std::string Expr::to_string() const {
    switch (kind) {
    case ExprKind::Literal: return literal_text(literal);
    case ExprKind::ColumnRef: return qualifier.empty() ? name : qualifier + "." + name;
    case ExprKind::Star: return "*";
    case ExprKind::Unary: {
        if (name == "not") return "NOT " + child_text(*children[0], 3);
        std::string operand = child_text(*children[0], 8);
        // "--" would start a comment.
        return name + (operand[0] == '-' || operand[0] == '+' ? " " : "") + operand;
    }
    case ExprKind::Binary: {
        int own = precedence(*this);
        std::string op = name == "and" ? "AND" : name == "or" ? "OR" : name;
        return child_text(*children[0], own) + " " + op + " " + child_text(*children[1], own + 1);
    }
    case ExprKind::Function:
        return name + "(" + (distinct ? "DISTINCT " : "") + join(children, 0) + ")";
    case ExprKind::Case: {
        std::string out = "CASE";
        size_t i = 0;
        if (has_operand) out += " " + children[i++]->to_string();
        size_t when_end = children.size() - (has_else ? 1 : 0);
        for (; i + 1 < when_end; i += 2) {
            out += " WHEN " + children[i]->to_string() + " THEN " + children[i + 1]->to_string();
        }
        if (has_else) out += " ELSE " + children.back()->to_string();
        return out + " END";
    }
    case ExprKind::Cast:
        return std::string(try_cast ? "TRY_CAST(" : "CAST(") + children[0]->to_string() + " AS " +
               type_name(cast_type) + ")";
    case ExprKind::Between:
        return child_text(*children[0], 5) + (negated ? " NOT BETWEEN " : " BETWEEN ") + child_text(*children[1], 5) +
               " AND " + child_text(*children[2], 5);
    case ExprKind::In:
        return child_text(*children[0], 5) + (negated ? " NOT IN (" : " IN (") + join(children, 1) + ")";
    case ExprKind::Like:
        return child_text(*children[0], 5) + (negated ? " NOT LIKE " : " LIKE ") + child_text(*children[1], 5);
    case ExprKind::IsNull: return child_text(*children[0], 5) + (negated ? " IS NOT NULL" : " IS NULL");
    }
    return "?";
}

}  // namespace weir

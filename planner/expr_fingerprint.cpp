// Canonical text of a syntax tree for structural comparison.
#include "planner/expr_fingerprint.h"

#include "common/schema.h"

namespace weir {

std::string ExprFingerprint::of(const Expr &expr) {
    std::string out = std::to_string(static_cast<int>(expr.kind)) + "{";
    switch (expr.kind) {
    case ExprKind::Literal:
        out += std::to_string(static_cast<int>(expr.literal.type())) + ":" + expr.literal.to_string();
        break;
    case ExprKind::ColumnRef:
    case ExprKind::Unary:
    case ExprKind::Binary:
    case ExprKind::Function: out += to_lower(expr.name); break;
    case ExprKind::Cast: out += std::to_string(static_cast<int>(expr.cast_type)); break;
    default: break;
    }
    out += expr.distinct ? "|d" : "";
    out += expr.negated ? "|n" : "";
    out += expr.has_operand ? "|o" : "";
    out += expr.has_else ? "|e" : "";
    out += expr.try_cast ? "|t" : "";
    for (const auto &child : expr.children) out += "," + of(*child);
    return out + "}";
}

}  // namespace weir

// Default and de-duplicated output column names.
#include "planner/column_namer.h"

#include "common/schema.h"

namespace weir {

std::string ColumnNamer::name(const Expr &expr, const std::string &alias) {
    if (!alias.empty()) return unique(alias);
    if (expr.kind == ExprKind::ColumnRef) return unique(expr.name);
    return unique(expr.to_string());
}

std::string ColumnNamer::unique(const std::string &wanted) {
    auto taken = [this](const std::string &candidate) {
        for (const auto &name : used_) {
            if (iequals(name, candidate)) return true;
        }
        return false;
    };
    std::string result = wanted;
    for (size_t suffix = 1; taken(result); ++suffix) result = wanted + "_" + std::to_string(suffix);
    used_.push_back(result);
    return result;
}

}  // namespace weir

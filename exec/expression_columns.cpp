// Column-ref fast path and scratch evaluation of ExpressionColumns.
#include "exec/expression_columns.h"

namespace weir {

ExpressionColumns::ExpressionColumns(const std::vector<const BoundExpr *> &expressions) {
    entries_.resize(expressions.size());
    for (size_t i = 0; i < expressions.size(); i++) {
        const BoundExpr *expr = expressions[i];
        Entry &entry = entries_[i];
        if (!expr) continue;
        entry.present = true;
        entry.type = expr->type;
        if (expr->kind == BoundExprKind::ColumnRef) {
            entry.is_column = true;
            entry.column = expr->column_index;
            continue;
        }
        entry.executor = std::make_unique<ExpressionExecutor>(*expr);
    }
    resolved_.resize(entries_.size(), nullptr);
}

std::vector<const BoundExpr *> ExpressionColumns::group_keys_of(const PlanNode &node) {
    std::vector<const BoundExpr *> out;
    for (const auto &key : node.group_keys) out.push_back(key.get());
    return out;
}

std::vector<const BoundExpr *> ExpressionColumns::arguments_of(const PlanNode &node) {
    std::vector<const BoundExpr *> out;
    for (const auto &call : node.aggregates) out.push_back(call.argument.get());
    return out;
}

const std::vector<const ColumnVector *> &ExpressionColumns::resolve(Batch &batch) {
    for (size_t i = 0; i < entries_.size(); i++) {
        Entry &entry = entries_[i];
        if (!entry.present) {
            resolved_[i] = nullptr;
        } else if (entry.is_column) {
            resolved_[i] = &batch.columns[entry.column];
        } else {
            entry.executor->evaluate(batch, entry.scratch);
            resolved_[i] = &entry.scratch;
        }
    }
    return resolved_;
}

}  // namespace weir

// Expression evaluation into an aligned output batch.
#include "exec/project_operator.h"

#include <map>

namespace weir {

ProjectOperator::ProjectOperator(const std::vector<std::unique_ptr<BoundExpr>> &expressions) {
    std::map<size_t, int> references;
    for (const auto &expr : expressions) {
        if (expr->kind == BoundExprKind::ColumnRef) references[expr->column_index]++;
    }
    for (const auto &expr : expressions) {
        Output output;
        if (expr->kind == BoundExprKind::ColumnRef) {
            output.is_column = true;
            output.column = expr->column_index;
            output.move_column = references[expr->column_index] == 1;
        } else {
            output.executor = std::make_unique<ExpressionExecutor>(*expr);
        }
        outputs_.push_back(std::move(output));
    }
}

void ProjectOperator::push(Batch &batch) {
    if (batch.live_count() == 0) return;
    out_.columns.resize(outputs_.size());
    // Computed columns first: they may read input columns that are moved out below.
    for (size_t i = 0; i < outputs_.size(); i++) {
        if (!outputs_[i].is_column) outputs_[i].executor->evaluate(batch, out_.columns[i]);
    }
    for (size_t i = 0; i < outputs_.size(); i++) {
        const Output &output = outputs_[i];
        if (!output.is_column) continue;
        if (output.move_column) {
            std::swap(out_.columns[i], batch.columns[output.column]);
        } else {
            out_.columns[i] = batch.columns[output.column];
        }
    }
    size_t size = batch.size();
    out_.set_size(size);
    if (batch.has_selection()) out_.set_selection(batch.selection());
    out_.row_watermarks.swap(batch.row_watermarks);
    out_.row_kinds.swap(batch.row_kinds);
    out_.arenas = batch.arenas;  // after evaluation: text results may have added an arena
    if (next_) next_->push(out_);
    // Hand the borrowed buffers back so the source can reuse them.
    out_.row_watermarks.swap(batch.row_watermarks);
    out_.row_kinds.swap(batch.row_kinds);
    for (size_t i = 0; i < outputs_.size(); i++) {
        if (outputs_[i].is_column && outputs_[i].move_column) std::swap(out_.columns[i], batch.columns[outputs_[i].column]);
    }
    out_.arenas.clear();
}

}  // namespace weir

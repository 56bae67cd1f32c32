// ExpressionExecutor: compiles a BoundExpr once, then evaluates or filters batch after batch.
#include "exec/expression_executor.h"

#include "exec/expression_state.h"

namespace weir {

ExpressionExecutor::ExpressionExecutor(const BoundExpr &expr)
    : expr_(expr.clone()), state_(std::make_unique<ExpressionState>(*expr_, true)) {}

ExpressionExecutor::~ExpressionExecutor() = default;
ExpressionExecutor::ExpressionExecutor(ExpressionExecutor &&) noexcept = default;
ExpressionExecutor &ExpressionExecutor::operator=(ExpressionExecutor &&) noexcept = default;

TypeId ExpressionExecutor::type() const { return expr_->type; }

void ExpressionExecutor::evaluate(Batch &input, ColumnVector &out) {
    const uint32_t *selection = input.has_selection() ? input.selection().data() : nullptr;
    state_->evaluate(input, selection, input.live_count(), out);
}

void ExpressionExecutor::select(Batch &input) {
    ColumnVector &result = state_->scratch();
    const uint32_t *selection = input.has_selection() ? input.selection().data() : nullptr;
    size_t count = input.live_count();
    state_->evaluate(input, selection, count, result);
    const uint8_t *truth = result.bools();
    std::vector<uint32_t> kept(count);
    size_t kept_count = 0;
    if (result.type() == TypeId::Null) {
        input.set_selection({});
        return;
    }
    for_each_live_row(selection, count, [&](uint32_t row) {
        kept[kept_count] = row;
        kept_count += truth[row] & static_cast<uint8_t>(result.is_valid(row));
    });
    kept.resize(kept_count);
    input.set_selection(std::move(kept));
}

}  // namespace weir

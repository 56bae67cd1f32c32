// Compilation (kernel lookup, constant folding) and column-at-a-time evaluation of expression nodes.
#include "exec/expression_state.h"

#include "common/weir_error.h"
#include "exec/cast_function.h"

namespace weir {

namespace {

bool reads_no_column(const BoundExpr &expr) {
    if (expr.kind == BoundExprKind::ColumnRef) return false;
    if (expr.kind == BoundExprKind::Call && expr.function == "proctime") return false;
    for (const auto &child : expr.children) {
        if (!reads_no_column(*child)) return false;
    }
    return true;
}

std::string signature_text(const BoundExpr &expr) {
    std::string out = expr.function + "(";
    for (size_t i = 0; i < expr.children.size(); i++) {
        if (i > 0) out += ", ";
        out += type_name(expr.children[i]->type);
    }
    return out + ")";
}

// dst[row] = src[row] (value and validity) for the live rows (nullptr = rows 0..count-1).
void copy_rows(const Operand &src, const uint32_t *rows, size_t count, ColumnVector &dst) {
    auto copy = [&](auto *to, const auto *from) {
        for_each_live_row(rows, count, [&](uint32_t row) {
            to[row] = from[row & src.mask];
            dst.set_valid(row, !src.is_null(row));
        });
    };
    switch (dst.type()) {
    case TypeId::Boolean: return copy(dst.bools(), src.column->bools());
    case TypeId::BigInt:
    case TypeId::Timestamp:
    case TypeId::Interval: return copy(dst.ints(), src.column->ints());
    case TypeId::Double: return copy(dst.doubles(), src.column->doubles());
    case TypeId::Text: return copy(dst.strings(), src.column->strings());
    case TypeId::Null: for_each_live_row(rows, count, [&](uint32_t row) { dst.set_null(row); }); return;
    }
}

void set_null_rows(const uint32_t *rows, size_t count, ColumnVector &dst) {
    for_each_live_row(rows, count, [&](uint32_t row) { dst.set_null(row); });
}

template <typename T>
void in_list(const std::vector<Operand> &operands, const uint32_t *selection, size_t count, ColumnVector &out) {
    const Operand &value = operands[0];
    const T *values = column_values<T>(*value.column);
    uint8_t *result = out.bools();
    for_each_live_row(selection, count, [&](uint32_t row) {
        if (value.is_null(row)) {
            out.set_null(row);
            return;
        }
        const T &needle = values[row & value.mask];
        bool saw_null = false;
        for (size_t i = 1; i < operands.size(); i++) {
            const Operand &item = operands[i];
            if (item.is_null(row)) {
                saw_null = true;
            } else if (column_values<T>(*item.column)[row & item.mask] == needle) {
                result[row] = 1;
                return;
            }
        }
        result[row] = 0;
        if (saw_null) out.set_null(row);
    });
}

}  // namespace

ExpressionState::ExpressionState(const BoundExpr &expr, bool materialize_text)
    : expr_(expr), materialize_text_(materialize_text) {
    if (expr.kind == BoundExprKind::Constant) {
        constant_value_ = expr.constant;
        constant_.reset(expr.constant.type(), 1);
        if (expr.constant.is_null()) {
            constant_.set_null(0);
        } else {
            switch (expr.constant.type()) {
            case TypeId::Boolean: constant_.bools()[0] = expr.constant.as_bool(); break;
            case TypeId::Double: constant_.doubles()[0] = expr.constant.as_double(); break;
            case TypeId::Text: constant_.strings()[0] = constant_value_.as_text(); break;
            case TypeId::Null: break;
            default: constant_.ints()[0] = expr.constant.as_int(); break;
            }
        }
        folded_ = true;
        return;
    }
    bool children_escape = expr.kind == BoundExprKind::Case || expr.kind == BoundExprKind::Coalesce ||
                           (expr.kind == BoundExprKind::Cast && expr.type == expr.children[0]->type);
    if (expr.kind == BoundExprKind::Call) {
        std::vector<TypeId> types;
        for (const auto &child : expr.children) types.push_back(child->type);
        kernel_ = FunctionRegistry::instance().find(expr.function, types);
        if (kernel_ == nullptr) {
            throw WeirError(ErrorKind::Internal, "no kernel implements the function " + signature_text(expr));
        }
        children_escape = kernel_->returns_argument_views;
    }
    if (expr.kind == BoundExprKind::Cast) CastFunction::check_supported(expr.children[0]->type, expr.type);
    for (const auto &child : expr.children) {
        children_.push_back(std::make_unique<ExpressionState>(*child, children_escape));
    }
    operands_.resize(children_.size());
    if (kernel_ != nullptr && kernel_->prepare != nullptr) {
        std::vector<const Value *> constants;
        for (const auto &child : children_) constants.push_back(child->folded_ ? &child->constant_value_ : nullptr);
        kernel_state_ = kernel_->prepare(constants);
    }
    if (reads_no_column(expr)) fold();
}

ExpressionState::~ExpressionState() = default;

void ExpressionState::fold() {
    Batch batch;
    batch.set_size(1);
    ColumnVector value;
    try {
        evaluate(batch, nullptr, 1, value);
    } catch (const WeirError &error) {
        if (error.kind() != ErrorKind::Data) throw;
        return;  // left to run time: the rows that reach it (if any) report the error
    }
    constant_value_ = Value::from_column(value, 0);
    constant_ = value;
    if (constant_value_.type() == TypeId::Text && !constant_value_.is_null()) {
        constant_.strings()[0] = constant_value_.as_text();
    }
    folded_ = true;
    children_.clear();
}

Operand ExpressionState::constant_operand(Batch &batch) {
    if (materialize_text_ && constant_.type() == TypeId::Text && constant_.is_valid(0)) {
        constant_.strings()[0] = batch.arena().add(constant_value_.as_text());
    }
    return Operand{&constant_, 0};
}

Operand ExpressionState::evaluate_child(size_t index, Batch &batch, const uint32_t *selection, size_t count) {
    ExpressionState &child = *children_[index];
    if (child.folded_) return child.constant_operand(batch);
    if (child.expr_.kind == BoundExprKind::ColumnRef) return Operand{&batch.columns[child.expr_.column_index]};
    child.evaluate(batch, selection, count, child.result_);
    return Operand{&child.result_};
}

void ExpressionState::evaluate(Batch &batch, const uint32_t *selection, size_t count, ColumnVector &out) {
    if (folded_) {
        Operand constant = constant_operand(batch);
        out.reset(type() == TypeId::Null ? constant_.type() : type(), batch.size());
        copy_rows(constant, selection, count, out);
        return;
    }
    switch (expr_.kind) {
    case BoundExprKind::ColumnRef: out = batch.columns[expr_.column_index]; return;
    case BoundExprKind::Call: return evaluate_call(batch, selection, count, out);
    case BoundExprKind::Cast: return evaluate_cast(batch, selection, count, out);
    case BoundExprKind::And:
    case BoundExprKind::Or: return evaluate_and_or(batch, selection, count, out);
    case BoundExprKind::Not: return evaluate_not(batch, selection, count, out);
    case BoundExprKind::IsNull:
    case BoundExprKind::IsNotNull: return evaluate_is_null(batch, selection, count, out);
    case BoundExprKind::In: return evaluate_in(batch, selection, count, out);
    case BoundExprKind::Case: return evaluate_case(batch, selection, count, out);
    case BoundExprKind::Coalesce: return evaluate_coalesce(batch, selection, count, out);
    case BoundExprKind::Constant: break;
    }
}

bool ExpressionState::propagate_nulls(const std::vector<Operand> &operands, ColumnVector &out) {
    uint64_t *validity = out.validity();
    size_t words = (out.size() + 63) / 64;
    for (const Operand &operand : operands) {
        if (operand.is_constant()) {
            if (operand.column->is_valid(0)) continue;
            for (size_t w = 0; w < words; w++) validity[w] = 0;
            return false;
        }
        const uint64_t *from = operand.column->validity();
        for (size_t w = 0; w < words; w++) validity[w] &= from[w];
    }
    return true;
}

void ExpressionState::evaluate_call(Batch &batch, const uint32_t *selection, size_t count, ColumnVector &out) {
    for (size_t i = 0; i < children_.size(); i++) operands_[i] = evaluate_child(i, batch, selection, count);
    out.reset(expr_.type, batch.size());
    if (kernel_->nulls == NullHandling::Propagate && !propagate_nulls(operands_, out)) return;
    KernelInput input;
    input.operands = operands_.data();
    input.operand_count = operands_.size();
    input.selection = selection;
    input.count = count;
    input.batch = &batch;
    input.state = kernel_state_.get();
    kernel_->kernel(input, out);
}

void ExpressionState::evaluate_cast(Batch &batch, const uint32_t *selection, size_t count, ColumnVector &out) {
    operands_[0] = evaluate_child(0, batch, selection, count);
    out.reset(expr_.type, batch.size());
    if (!propagate_nulls(operands_, out)) return;
    CastFunction::execute(operands_[0], selection, count, expr_.try_cast, batch, out);
}

std::vector<uint32_t> &ExpressionState::spare_rows(const uint32_t *in_use) {
    std::vector<uint32_t> &spare = in_use == rows_a_.data() ? rows_b_ : rows_a_;
    spare.clear();
    return spare;
}

void ExpressionState::evaluate_and_or(Batch &batch, const uint32_t *selection, size_t count, ColumnVector &out) {
    const uint8_t decisive = expr_.kind == BoundExprKind::Or ? 1 : 0;  // FALSE decides AND, TRUE decides OR
    out.reset(TypeId::Boolean, batch.size());
    uint8_t *result = out.bools();
    for_each_live_row(selection, count, [&](uint32_t row) { result[row] = !decisive; });
    rows_a_.reserve(batch.size());
    rows_b_.reserve(batch.size());
    const uint32_t *undecided = selection;
    size_t undecided_count = count;
    for (size_t i = 0; i < children_.size() && undecided_count > 0; i++) {
        Operand child = evaluate_child(i, batch, undecided, undecided_count);
        std::vector<uint32_t> &next = spare_rows(undecided);
        for_each_live_row(undecided, undecided_count, [&](uint32_t row) {
            if (child.is_null(row)) {
                out.set_null(row);
                next.push_back(row);
            } else if (child.bool_at(row) == static_cast<bool>(decisive)) {
                result[row] = decisive;
                out.set_valid(row);
            } else {
                next.push_back(row);
            }
        });
        undecided = next.data();
        undecided_count = next.size();
    }
}

void ExpressionState::evaluate_not(Batch &batch, const uint32_t *selection, size_t count, ColumnVector &out) {
    operands_[0] = evaluate_child(0, batch, selection, count);
    out.reset(TypeId::Boolean, batch.size());
    if (!propagate_nulls(operands_, out)) return;
    const Operand &child = operands_[0];
    uint8_t *result = out.bools();
    for_each_live_row(selection, count, [&](uint32_t row) { result[row] = !child.bool_at(row); });
}

void ExpressionState::evaluate_is_null(Batch &batch, const uint32_t *selection, size_t count, ColumnVector &out) {
    Operand child = evaluate_child(0, batch, selection, count);
    out.reset(TypeId::Boolean, batch.size());
    const bool want_null = expr_.kind == BoundExprKind::IsNull;
    uint8_t *result = out.bools();
    for_each_live_row(selection, count, [&](uint32_t row) { result[row] = child.is_null(row) == want_null; });
}

void ExpressionState::evaluate_in(Batch &batch, const uint32_t *selection, size_t count, ColumnVector &out) {
    for (size_t i = 0; i < children_.size(); i++) operands_[i] = evaluate_child(i, batch, selection, count);
    out.reset(TypeId::Boolean, batch.size());
    switch (children_[0]->type()) {
    case TypeId::Boolean: return in_list<uint8_t>(operands_, selection, count, out);
    case TypeId::BigInt:
    case TypeId::Timestamp:
    case TypeId::Interval: return in_list<int64_t>(operands_, selection, count, out);
    case TypeId::Double: return in_list<double>(operands_, selection, count, out);
    case TypeId::Text: return in_list<std::string_view>(operands_, selection, count, out);
    case TypeId::Null: set_null_rows(selection, count, out); return;
    }
}

void ExpressionState::evaluate_case(Batch &batch, const uint32_t *selection, size_t count, ColumnVector &out) {
    out.reset(expr_.type, batch.size());
    rows_a_.reserve(batch.size());
    rows_b_.reserve(batch.size());
    rows_matched_.reserve(batch.size());
    const uint32_t *remaining = selection;
    size_t remaining_count = count;
    size_t pairs = (children_.size() - (expr_.has_else ? 1 : 0)) / 2;
    for (size_t pair = 0; pair < pairs && remaining_count > 0; pair++) {
        Operand when = evaluate_child(2 * pair, batch, remaining, remaining_count);
        std::vector<uint32_t> &rest = spare_rows(remaining);
        rows_matched_.clear();
        for_each_live_row(remaining, remaining_count, [&](uint32_t row) {
            bool taken = !when.is_null(row) && when.bool_at(row);
            (taken ? rows_matched_ : rest).push_back(row);
        });
        if (!rows_matched_.empty()) {
            Operand then = evaluate_child(2 * pair + 1, batch, rows_matched_.data(), rows_matched_.size());
            copy_rows(then, rows_matched_.data(), rows_matched_.size(), out);
        }
        remaining = rest.data();
        remaining_count = rest.size();
    }
    if (remaining_count == 0) return;
    if (expr_.has_else) {
        Operand otherwise = evaluate_child(children_.size() - 1, batch, remaining, remaining_count);
        copy_rows(otherwise, remaining, remaining_count, out);
    } else {
        set_null_rows(remaining, remaining_count, out);
    }
}

void ExpressionState::evaluate_coalesce(Batch &batch, const uint32_t *selection, size_t count, ColumnVector &out) {
    out.reset(expr_.type, batch.size());
    rows_a_.reserve(batch.size());
    rows_b_.reserve(batch.size());
    rows_matched_.reserve(batch.size());
    const uint32_t *remaining = selection;
    size_t remaining_count = count;
    for (size_t i = 0; i < children_.size() && remaining_count > 0; i++) {
        Operand child = evaluate_child(i, batch, remaining, remaining_count);
        std::vector<uint32_t> &rest = spare_rows(remaining);
        rows_matched_.clear();
        for_each_live_row(remaining, remaining_count, [&](uint32_t row) {
            (child.is_null(row) ? rest : rows_matched_).push_back(row);
        });
        copy_rows(child, rows_matched_.data(), rows_matched_.size(), out);
        remaining = rest.data();
        remaining_count = rest.size();
    }
    set_null_rows(remaining, remaining_count, out);
}

}  // namespace weir

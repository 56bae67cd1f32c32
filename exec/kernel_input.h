// The calling convention of scalar function kernels: evaluated arguments, live rows, compiled state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "common/batch.h"
#include "common/column_vector.h"
#include "common/value.h"

namespace weir {

// One evaluated argument of a kernel. A constant argument is a one-row column broadcast to every
// row: its `mask` is 0, so `row & mask` reads row 0; a column argument has mask ~0.
struct Operand {
    const ColumnVector *column = nullptr;
    uint32_t mask = ~uint32_t(0);

    bool is_constant() const { return mask == 0; }
    bool is_null(uint32_t row) const { return column->is_null(row & mask); }
    int64_t int_at(uint32_t row) const { return column->ints()[row & mask]; }
    double double_at(uint32_t row) const { return column->doubles()[row & mask]; }
    bool bool_at(uint32_t row) const { return column->bools()[row & mask] != 0; }
    std::string_view text_at(uint32_t row) const { return column->strings()[row & mask]; }
};

// Compiled per-call state of a kernel (a LIKE matcher, a regex); built once from constant arguments.
class KernelState {
public:
    virtual ~KernelState() = default;
};

// What a kernel receives. Contract: `out` has the batch's physical size and its validity already
// holds the AND of the arguments' validity (for functions that propagate NULL; otherwise all valid).
// The kernel writes the values of the live rows, may clear validity bits (x / 0 → NULL), and puts
// text results into batch->arena().
struct KernelInput {
    const Operand *operands = nullptr;
    size_t operand_count = 0;
    const uint32_t *selection = nullptr;  // live rows; nullptr means rows 0..count-1
    size_t count = 0;
    Batch *batch = nullptr;
    const KernelState *state = nullptr;
};

using ScalarKernel = void (*)(const KernelInput &input, ColumnVector &out);

// Builds a kernel's compiled state from its arguments, of which the constant ones are given (others
// nullptr). Throws WeirError(Bind) for a bad constant argument (a regex that does not compile).
using KernelPrepare = std::unique_ptr<KernelState> (*)(const std::vector<const Value *> &constants);

// Calls f(row) for every live row, in ascending order.
template <typename F>
inline void for_each_live_row(const uint32_t *selection, size_t count, F &&f) {
    if (selection == nullptr) {
        for (uint32_t row = 0; row < count; row++) f(row);
    } else {
        for (size_t i = 0; i < count; i++) f(selection[i]);
    }
}

// Calls f(row) for every live row whose output is not NULL.
template <typename F>
inline void for_each_valid_row(const KernelInput &input, const ColumnVector &out, F &&f) {
    for_each_live_row(input.selection, input.count, [&](uint32_t row) {
        if (out.is_valid(row)) f(row);
    });
}

// Typed access to the value array of a column (uint8_t for BOOLEAN).
template <typename T> inline const T *column_values(const ColumnVector &column);
template <> inline const int64_t *column_values<int64_t>(const ColumnVector &c) { return c.ints(); }
template <> inline const double *column_values<double>(const ColumnVector &c) { return c.doubles(); }
template <> inline const uint8_t *column_values<uint8_t>(const ColumnVector &c) { return c.bools(); }
template <> inline const std::string_view *column_values<std::string_view>(const ColumnVector &c) {
    return c.strings();
}
template <typename T> inline T *column_values(ColumnVector &column);
template <> inline int64_t *column_values<int64_t>(ColumnVector &c) { return c.ints(); }
template <> inline double *column_values<double>(ColumnVector &c) { return c.doubles(); }
template <> inline uint8_t *column_values<uint8_t>(ColumnVector &c) { return c.bools(); }
template <> inline std::string_view *column_values<std::string_view>(ColumnVector &c) { return c.strings(); }

// out[row] = Op::apply(a[row], b[row]) over the live rows, with tight loops for a column against a
// constant and for no selection (the loops the compiler vectorizes).
template <typename L, typename R, typename O, typename Op>
void binary_kernel(const KernelInput &input, ColumnVector &out) {
    const Operand &a = input.operands[0];
    const Operand &b = input.operands[1];
    const L *x = column_values<L>(*a.column);
    const R *y = column_values<R>(*b.column);
    O *result = column_values<O>(out);
    const uint32_t *selection = input.selection;
    size_t count = input.count;
    if (!a.is_constant() && !b.is_constant()) {
        for_each_live_row(selection, count, [&](uint32_t row) { result[row] = Op::apply(x[row], y[row]); });
    } else if (!a.is_constant()) {
        const R constant = y[0];
        for_each_live_row(selection, count, [&](uint32_t row) { result[row] = Op::apply(x[row], constant); });
    } else if (!b.is_constant()) {
        const L constant = x[0];
        for_each_live_row(selection, count, [&](uint32_t row) { result[row] = Op::apply(constant, y[row]); });
    } else {
        const O value = Op::apply(x[0], y[0]);
        for_each_live_row(selection, count, [&](uint32_t row) { result[row] = value; });
    }
}

// out[row] = Op::apply(a[row]) over the live rows.
template <typename I, typename O, typename Op>
void unary_kernel(const KernelInput &input, ColumnVector &out) {
    const Operand &a = input.operands[0];
    const I *x = column_values<I>(*a.column);
    O *result = column_values<O>(out);
    if (a.is_constant()) {
        const O value = Op::apply(x[0]);
        for_each_live_row(input.selection, input.count, [&](uint32_t row) { result[row] = value; });
        return;
    }
    for_each_live_row(input.selection, input.count, [&](uint32_t row) { result[row] = Op::apply(x[row]); });
}

}  // namespace weir

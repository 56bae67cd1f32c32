// Comparison kernels: one template instantiated per operator and storage type.
#include "exec/comparison_functions.h"

#include <string_view>
#include <type_traits>

#include "exec/function_registry.h"

namespace weir {

namespace {

template <typename T> struct Equal {
    static uint8_t apply(const T &a, const T &b) { return a == b; }
};
template <typename T> struct NotEqual {
    static uint8_t apply(const T &a, const T &b) { return a != b; }
};
template <typename T> struct Less {
    static uint8_t apply(const T &a, const T &b) { return a < b; }
};
template <typename T> struct LessEqual {
    static uint8_t apply(const T &a, const T &b) { return a <= b; }
};
template <typename T> struct Greater {
    static uint8_t apply(const T &a, const T &b) { return a > b; }
};
template <typename T> struct GreaterEqual {
    static uint8_t apply(const T &a, const T &b) { return a >= b; }
};

// nullif(a, b): NULL when a = b, else a (a NULL b never matches).
template <typename T>
void nullif(const KernelInput &input, ColumnVector &out) {
    const Operand &a = input.operands[0];
    const Operand &b = input.operands[1];
    const T *x = column_values<T>(*a.column);
    const T *y = column_values<T>(*b.column);
    T *result = column_values<T>(out);
    for_each_live_row(input.selection, input.count, [&](uint32_t row) {
        if (a.is_null(row)) return out.set_null(row);
        result[row] = x[row & a.mask];
        if (!b.is_null(row) && y[row & b.mask] == result[row]) out.set_null(row);
    });
}

// Text slots of NULL rows may hold views into arenas that are gone, so text is compared only on
// rows that are not NULL (numbers are compared on every row, which lets the loops vectorize).
template <typename Op>
void text_comparison(const KernelInput &input, ColumnVector &out) {
    const Operand &a = input.operands[0];
    const Operand &b = input.operands[1];
    uint8_t *result = out.bools();
    for_each_valid_row(input, out, [&](uint32_t row) { result[row] = Op::apply(a.text_at(row), b.text_at(row)); });
}

template <typename T, template <typename> class Op>
constexpr ScalarKernel comparison_kernel() {
    if constexpr (std::is_same_v<T, std::string_view>) {
        return text_comparison<Op<T>>;
    } else {
        return binary_kernel<T, T, uint8_t, Op<T>>;
    }
}

template <typename T>
void register_type(FunctionRegistry &registry, TypeId type) {
    auto add = [&](const char *name, ScalarKernel kernel) {
        registry.add(name, {type, type}, KernelEntry{kernel, NullHandling::Propagate, nullptr, false});
    };
    add("=", comparison_kernel<T, Equal>());
    add("<>", comparison_kernel<T, NotEqual>());
    add("<", comparison_kernel<T, Less>());
    add("<=", comparison_kernel<T, LessEqual>());
    add(">", comparison_kernel<T, Greater>());
    add(">=", comparison_kernel<T, GreaterEqual>());
}

}  // namespace

void ComparisonFunctions::register_all(FunctionRegistry &registry) {
    register_type<uint8_t>(registry, TypeId::Boolean);
    register_type<int64_t>(registry, TypeId::BigInt);
    register_type<double>(registry, TypeId::Double);
    register_type<std::string_view>(registry, TypeId::Text);
    register_type<int64_t>(registry, TypeId::Timestamp);
    register_type<int64_t>(registry, TypeId::Interval);
    registry.add("nullif", {TypeId::BigInt, TypeId::BigInt}, KernelEntry{nullif<int64_t>, NullHandling::Custom, nullptr, false});
    registry.add("nullif", {TypeId::Double, TypeId::Double}, KernelEntry{nullif<double>, NullHandling::Custom, nullptr, false});
    registry.add("nullif", {TypeId::Text, TypeId::Text},
                 KernelEntry{nullif<std::string_view>, NullHandling::Custom, nullptr, true});
}

}  // namespace weir

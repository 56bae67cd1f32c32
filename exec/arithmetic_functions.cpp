// Arithmetic kernels: overflow-checked integer loops, plain double loops, NULL on a zero divisor.
#include "exec/arithmetic_functions.h"

#include <cmath>
#include <limits>
#include <string>

#include "common/timestamp.h"
#include "common/weir_error.h"
#include "exec/function_registry.h"

namespace weir {

namespace {

constexpr TypeId B = TypeId::BigInt;
constexpr TypeId D = TypeId::Double;
constexpr TypeId TS = TypeId::Timestamp;
constexpr TypeId IV = TypeId::Interval;
constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();

[[noreturn]] void throw_overflow(const char *symbol, int64_t a, int64_t b) {
    throw WeirError(ErrorKind::Data,
                    "integer overflow in " + std::to_string(a) + " " + symbol + " " + std::to_string(b));
}

struct CheckedAdd {
    static bool apply(int64_t a, int64_t b, int64_t &r) { return __builtin_add_overflow(a, b, &r); }
    [[noreturn]] static void fail(int64_t a, int64_t b) { throw_overflow("+", a, b); }
};
struct CheckedSubtract {
    static bool apply(int64_t a, int64_t b, int64_t &r) { return __builtin_sub_overflow(a, b, &r); }
    [[noreturn]] static void fail(int64_t a, int64_t b) { throw_overflow("-", a, b); }
};
struct CheckedMultiply {
    static bool apply(int64_t a, int64_t b, int64_t &r) { return __builtin_mul_overflow(a, b, &r); }
    [[noreturn]] static void fail(int64_t a, int64_t b) { throw_overflow("*", a, b); }
};

[[noreturn]] void throw_timestamp_range(int64_t timestamp, const char *symbol, int64_t interval) {
    throw WeirError(ErrorKind::Data, format_timestamp(timestamp) + " " + symbol + " " + format_interval(interval) +
                                         " is outside the TIMESTAMP range (years 0001 to 9999)");
}
// TIMESTAMP ± INTERVAL (operands in either order for +): the result must stay in the TIMESTAMP range.
template <bool kTimestampFirst>
struct TimestampPlusInterval {
    static bool apply(int64_t a, int64_t b, int64_t &r) { return !add_to_timestamp(a, b, r); }
    [[noreturn]] static void fail(int64_t a, int64_t b) {
        if (kTimestampFirst) throw_timestamp_range(a, "+", b);
        throw_timestamp_range(b, "+", a);
    }
};
struct TimestampMinusInterval {
    static bool apply(int64_t a, int64_t b, int64_t &r) {
        return __builtin_sub_overflow(a, b, &r) || !timestamp_in_range(r);
    }
    [[noreturn]] static void fail(int64_t a, int64_t b) { throw_timestamp_range(a, "-", b); }
};

// Computes every live row, remembering whether any overflowed; only then looks for a non-NULL
// overflowing row to report (a NULL row's slot may hold anything).
template <typename Op>
void checked_integer_kernel(const KernelInput &input, ColumnVector &out) {
    const Operand &a = input.operands[0];
    const Operand &b = input.operands[1];
    const int64_t *x = a.column->ints();
    const int64_t *y = b.column->ints();
    int64_t *result = out.ints();
    bool overflow = false;
    if (!a.is_constant() && !b.is_constant()) {
        for_each_live_row(input.selection, input.count,
                          [&](uint32_t row) { overflow |= Op::apply(x[row], y[row], result[row]); });
    } else if (!a.is_constant()) {
        const int64_t constant = y[0];
        for_each_live_row(input.selection, input.count,
                          [&](uint32_t row) { overflow |= Op::apply(x[row], constant, result[row]); });
    } else {
        const uint32_t mask = b.mask;
        const int64_t constant = x[0];
        for_each_live_row(input.selection, input.count,
                          [&](uint32_t row) { overflow |= Op::apply(constant, y[row & mask], result[row]); });
    }
    if (!overflow) return;
    for_each_valid_row(input, out, [&](uint32_t row) {
        int64_t ignored;
        if (Op::apply(a.int_at(row), b.int_at(row), ignored)) Op::fail(a.int_at(row), b.int_at(row));
    });
}

void integer_divide(const KernelInput &input, ColumnVector &out) {
    const Operand &a = input.operands[0];
    const Operand &b = input.operands[1];
    int64_t *result = out.ints();
    for_each_valid_row(input, out, [&](uint32_t row) {
        int64_t divisor = b.int_at(row);
        int64_t dividend = a.int_at(row);
        if (divisor == 0) {
            out.set_null(row);
        } else if (divisor == -1) {
            if (dividend == kInt64Min) throw_overflow("/", dividend, divisor);
            result[row] = -dividend;
        } else {
            result[row] = dividend / divisor;
        }
    });
}

void integer_modulo(const KernelInput &input, ColumnVector &out) {
    const Operand &a = input.operands[0];
    const Operand &b = input.operands[1];
    int64_t *result = out.ints();
    for_each_valid_row(input, out, [&](uint32_t row) {
        int64_t divisor = b.int_at(row);
        if (divisor == 0) {
            out.set_null(row);
        } else {
            result[row] = divisor == -1 ? 0 : a.int_at(row) % divisor;
        }
    });
}

template <bool kModulo>
void double_divide(const KernelInput &input, ColumnVector &out) {
    const Operand &a = input.operands[0];
    const Operand &b = input.operands[1];
    double *result = out.doubles();
    for_each_valid_row(input, out, [&](uint32_t row) {
        double divisor = b.double_at(row);
        if (divisor == 0) {
            out.set_null(row);
        } else {
            result[row] = kModulo ? std::fmod(a.double_at(row), divisor) : a.double_at(row) / divisor;
        }
    });
}

struct AddDouble {
    static double apply(double a, double b) { return a + b; }
};
struct SubtractDouble {
    static double apply(double a, double b) { return a - b; }
};
struct MultiplyDouble {
    static double apply(double a, double b) { return a * b; }
};
struct NegateDouble {
    static double apply(double a) { return -a; }
};

void negate_integer(const KernelInput &input, ColumnVector &out) {
    const Operand &a = input.operands[0];
    int64_t *result = out.ints();
    for_each_live_row(input.selection, input.count, [&](uint32_t row) { result[row] = 0 - static_cast<uint64_t>(a.int_at(row)); });
    for_each_valid_row(input, out, [&](uint32_t row) {
        if (a.int_at(row) == kInt64Min) throw_overflow("-", 0, kInt64Min);
    });
}

KernelEntry entry(ScalarKernel kernel) { return KernelEntry{kernel, NullHandling::Propagate, nullptr, false}; }

}  // namespace

void ArithmeticFunctions::register_all(FunctionRegistry &registry) {
    registry.add("+", {B, B}, entry(checked_integer_kernel<CheckedAdd>));
    registry.add("-", {B, B}, entry(checked_integer_kernel<CheckedSubtract>));
    registry.add("*", {B, B}, entry(checked_integer_kernel<CheckedMultiply>));
    registry.add("/", {B, B}, entry(integer_divide));
    registry.add("%", {B, B}, entry(integer_modulo));
    registry.add("+", {D, D}, entry(binary_kernel<double, double, double, AddDouble>));
    registry.add("-", {D, D}, entry(binary_kernel<double, double, double, SubtractDouble>));
    registry.add("*", {D, D}, entry(binary_kernel<double, double, double, MultiplyDouble>));
    registry.add("/", {D, D}, entry(double_divide<false>));
    registry.add("%", {D, D}, entry(double_divide<true>));
    registry.add("+", {TS, IV}, entry(checked_integer_kernel<TimestampPlusInterval<true>>));
    registry.add("+", {IV, TS}, entry(checked_integer_kernel<TimestampPlusInterval<false>>));
    registry.add("-", {TS, IV}, entry(checked_integer_kernel<TimestampMinusInterval>));
    registry.add("-", {TS, TS}, entry(checked_integer_kernel<CheckedSubtract>));
    registry.add("+", {IV, IV}, entry(checked_integer_kernel<CheckedAdd>));
    registry.add("-", {IV, IV}, entry(checked_integer_kernel<CheckedSubtract>));
    registry.add("*", {IV, B}, entry(checked_integer_kernel<CheckedMultiply>));
    registry.add("negate", {B}, entry(negate_integer));
    registry.add("negate", {D}, entry(unary_kernel<double, double, NegateDouble>));
    registry.add("negate", {IV}, entry(negate_integer));
}

}  // namespace weir

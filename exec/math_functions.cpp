// Math kernels: plain loops for total functions, a domain check for partial ones.
#include "exec/math_functions.h"

#include <cmath>
#include <limits>
#include <string>

#include "common/weir_error.h"
#include "exec/function_registry.h"

namespace weir {

namespace {

constexpr TypeId I = TypeId::BigInt;
constexpr TypeId D = TypeId::Double;

struct Fabs {
    static double apply(double x) { return std::fabs(x); }
};
struct Round {
    static double apply(double x) { return std::round(x); }
};
struct Floor {
    static double apply(double x) { return std::floor(x); }
};
struct Ceil {
    static double apply(double x) { return std::ceil(x); }
};
struct Exp {
    static double apply(double x) { return std::exp(x); }
};
struct Sign {
    static double apply(double x) { return x > 0 ? 1.0 : (x < 0 ? -1.0 : x); }
};
struct Sqrt {
    static bool defined(double x) { return x >= 0; }
    static double apply(double x) { return std::sqrt(x); }
};
struct Ln {
    static bool defined(double x) { return x > 0; }
    static double apply(double x) { return std::log(x); }
};
struct Log10 {
    static bool defined(double x) { return x > 0; }
    static double apply(double x) { return std::log10(x); }
};

// A function defined on part of the real line: NULL outside it.
template <typename Op>
void partial_kernel(const KernelInput &input, ColumnVector &out) {
    const Operand &a = input.operands[0];
    double *result = out.doubles();
    for_each_valid_row(input, out, [&](uint32_t row) {
        double x = a.double_at(row);
        if (Op::defined(x) || std::isnan(x)) result[row] = Op::apply(x);
        else out.set_null(row);
    });
}

void abs_integer(const KernelInput &input, ColumnVector &out) {
    const Operand &a = input.operands[0];
    int64_t *result = out.ints();
    for_each_valid_row(input, out, [&](uint32_t row) {
        int64_t x = a.int_at(row);
        if (x == std::numeric_limits<int64_t>::min()) {
            throw WeirError(ErrorKind::Data, "integer overflow in abs(" + std::to_string(x) + ")");
        }
        result[row] = x < 0 ? -x : x;
    });
}

void round_to_places(const KernelInput &input, ColumnVector &out) {
    const Operand &a = input.operands[0];
    const Operand &places = input.operands[1];
    double *result = out.doubles();
    for_each_valid_row(input, out, [&](uint32_t row) {
        double x = a.double_at(row);
        int64_t n = places.int_at(row);
        if (n > 300 || !std::isfinite(x)) {
            result[row] = x;
        } else if (n < -300) {
            result[row] = 0.0 * x;
        } else if (n >= 0) {
            double scale = std::pow(10.0, static_cast<double>(n));
            double scaled = x * scale;
            result[row] = std::isfinite(scaled) ? std::round(scaled) / scale : x;
        } else {
            double scale = std::pow(10.0, static_cast<double>(-n));
            result[row] = std::round(x / scale) * scale;
        }
    });
}

void power(const KernelInput &input, ColumnVector &out) {
    const Operand &a = input.operands[0];
    const Operand &b = input.operands[1];
    double *result = out.doubles();
    for_each_valid_row(input, out, [&](uint32_t row) {
        double x = a.double_at(row), y = b.double_at(row);
        double value = std::pow(x, y);
        if (std::isnan(value) && !std::isnan(x) && !std::isnan(y)) out.set_null(row);
        else result[row] = value;
    });
}

// greatest/least: the extreme of the non-NULL arguments; NULL if all are NULL.
template <typename T, bool kGreatest>
void extreme(const KernelInput &input, ColumnVector &out) {
    T *result = column_values<T>(out);
    for_each_live_row(input.selection, input.count, [&](uint32_t row) {
        bool found = false;
        T best{};
        for (size_t i = 0; i < input.operand_count; i++) {
            const Operand &operand = input.operands[i];
            if (operand.is_null(row)) continue;
            T value = column_values<T>(*operand.column)[row & operand.mask];
            if (!found || (kGreatest ? value > best : value < best)) best = value;
            found = true;
        }
        result[row] = best;
        out.set_valid(row, found);
    });
}

KernelEntry entry(ScalarKernel kernel, NullHandling nulls = NullHandling::Propagate) {
    return KernelEntry{kernel, nulls, nullptr, false};
}

}  // namespace

void MathFunctions::register_all(FunctionRegistry &registry) {
    registry.add("abs", {I}, entry(abs_integer));
    registry.add("abs", {D}, entry(unary_kernel<double, double, Fabs>));
    registry.add("round", {D}, entry(unary_kernel<double, double, Round>));
    registry.add("round", {D, I}, entry(round_to_places));
    registry.add("floor", {D}, entry(unary_kernel<double, double, Floor>));
    registry.add("ceil", {D}, entry(unary_kernel<double, double, Ceil>));
    registry.add("sqrt", {D}, entry(partial_kernel<Sqrt>));
    registry.add("ln", {D}, entry(partial_kernel<Ln>));
    registry.add("log10", {D}, entry(partial_kernel<Log10>));
    registry.add("exp", {D}, entry(unary_kernel<double, double, Exp>));
    registry.add("power", {D, D}, entry(power));
    registry.add("sign", {D}, entry(unary_kernel<double, double, Sign>));
    registry.add("greatest", {D, D}, entry(extreme<double, true>, NullHandling::Custom), true);
    registry.add("least", {D, D}, entry(extreme<double, false>, NullHandling::Custom), true);
    registry.add("greatest", {I, I}, entry(extreme<int64_t, true>, NullHandling::Custom), true);
    registry.add("least", {I, I}, entry(extreme<int64_t, false>, NullHandling::Custom), true);
}

}  // namespace weir

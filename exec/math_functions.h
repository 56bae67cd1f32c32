// Kernels of the math functions: abs, round, floor, ceil, sqrt, ln, log10, exp, power, sign,
// greatest, least.
#pragma once

namespace weir {

class FunctionRegistry;

// Semantics: round() rounds half away from zero; round(x, n) rounds to n decimal places (n may be
// negative: round(1234.5, -2) = 1200). sqrt of a negative number, ln/log10 of a non-positive
// number and power() without a real result (power(-8, 1/3)) give NULL rather than NaN or an error,
// so one bad reading does not stop a stream. abs(-9223372036854775808) throws an overflow error.
// greatest/least ignore NULL arguments and are NULL only when every argument is NULL.
class MathFunctions {
public:
    static void register_all(FunctionRegistry &registry);
};

}  // namespace weir

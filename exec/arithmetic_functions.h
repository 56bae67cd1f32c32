// Kernels of + - * / % and negate over BIGINT, DOUBLE, TIMESTAMP and INTERVAL.
#pragma once

namespace weir {

class FunctionRegistry;

// Semantics: BIGINT, TIMESTAMP and INTERVAL arithmetic never wraps: an overflow throws
// WeirError(Data) "integer overflow in 9223372036854775807 + 1". Integer division truncates toward
// zero. x / 0 and x % 0 give NULL for BIGINT and for DOUBLE alike (no inf/nan from a zero divisor).
// DOUBLE % is fmod (the sign follows the dividend).
class ArithmeticFunctions {
public:
    static void register_all(FunctionRegistry &registry);
};

}  // namespace weir

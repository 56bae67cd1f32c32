// Kernels of the math functions.
#pragma once

namespace weir {

class FunctionRegistry;

class MathFunctions {
public:
    static void register_all(FunctionRegistry &registry);
};

}  // namespace weir

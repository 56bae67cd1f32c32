// Kernels of the time functions.
#pragma once

namespace weir {

class FunctionRegistry;

class TimeFunctions {
public:
    static void register_all(FunctionRegistry &registry);
};

}  // namespace weir

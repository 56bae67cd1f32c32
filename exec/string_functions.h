// Kernels of the string functions.
#pragma once

namespace weir {

class FunctionRegistry;

class StringFunctions {
public:
    static void register_all(FunctionRegistry &registry);
};

}  // namespace weir

// Kernels of the regex functions.
#pragma once

namespace weir {

class FunctionRegistry;

class RegexFunctions {
public:
    static void register_all(FunctionRegistry &registry);
};

}  // namespace weir

// Kernels of = <> < <= > >= for every comparable type, and nullif.
#pragma once

namespace weir {

class FunctionRegistry;

// TEXT compares by bytes (memcmp order, so UTF-8 sorts by code point); BOOLEAN false < true;
// DOUBLE follows IEEE (NaN is unequal to everything, itself included).
class ComparisonFunctions {
public:
    static void register_all(FunctionRegistry &registry);
};

}  // namespace weir

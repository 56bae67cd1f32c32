// Kernels of the math functions.
#include "exec/math_functions.h"

#include "exec/function_registry.h"

namespace weir {

void MathFunctions::register_all(FunctionRegistry &registry) {}

}  // namespace weir

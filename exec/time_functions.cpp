// Kernels of the time functions.
#include "exec/time_functions.h"

#include "exec/function_registry.h"

namespace weir {

void TimeFunctions::register_all(FunctionRegistry &registry) {}

}  // namespace weir

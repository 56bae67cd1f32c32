// Kernels of the string functions.
#include "exec/string_functions.h"

#include "exec/function_registry.h"

namespace weir {

void StringFunctions::register_all(FunctionRegistry &registry) {}

}  // namespace weir

// Kernels of the regex functions.
#include "exec/regex_functions.h"

#include "exec/function_registry.h"

namespace weir {

void RegexFunctions::register_all(FunctionRegistry &registry) {}

}  // namespace weir

// Builds the kernel table from every function family and answers signature lookups.
#include "exec/function_registry.h"

#include "exec/arithmetic_functions.h"
#include "exec/comparison_functions.h"
#include "exec/math_functions.h"
#include "exec/regex_functions.h"
#include "exec/string_functions.h"
#include "exec/time_functions.h"

namespace weir {

FunctionRegistry::FunctionRegistry() {
    ArithmeticFunctions::register_all(*this);
    ComparisonFunctions::register_all(*this);
    MathFunctions::register_all(*this);
    StringFunctions::register_all(*this);
    RegexFunctions::register_all(*this);
    TimeFunctions::register_all(*this);
}

const FunctionRegistry &FunctionRegistry::instance() {
    static const FunctionRegistry registry;
    return registry;
}

std::string FunctionRegistry::key(const std::string &name, const std::vector<TypeId> &arguments) {
    std::string out = name;
    out += '(';
    for (TypeId type : arguments) out += static_cast<char>('a' + static_cast<int>(type));
    out += ')';
    return out;
}

void FunctionRegistry::add(const std::string &name, std::vector<TypeId> arguments, KernelEntry entry,
                           bool variadic) {
    (variadic ? variadic_ : exact_)[key(name, arguments)] = entry;
}

const KernelEntry *FunctionRegistry::find(const std::string &name, const std::vector<TypeId> &arguments) const {
    auto exact = exact_.find(key(name, arguments));
    if (exact != exact_.end()) return &exact->second;
    // Variadic: strip trailing repetitions of the last type until a registered fixed part matches.
    std::vector<TypeId> prefix = arguments;
    while (!prefix.empty()) {
        auto found = variadic_.find(key(name, prefix));
        if (found != variadic_.end()) return &found->second;
        if (prefix.size() < 2 || prefix[prefix.size() - 2] != prefix.back()) break;
        prefix.pop_back();
    }
    return nullptr;
}

}  // namespace weir

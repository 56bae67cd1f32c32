// The scalar functions and operators of the dialect: names and signatures (planner ↔ exec contract).
#pragma once

#include <string>
#include <vector>

#include "common/type_id.h"

namespace weir {

// One overload. `variadic`: the last argument type may repeat zero or more times (concat).
struct FunctionSignature {
    std::string name;
    std::vector<TypeId> arguments;
    TypeId result = TypeId::Null;
    bool variadic = false;
};

// The binder resolves calls against this list; exec must implement a kernel for every entry
// (a unit test in exec checks that). Adding a function = one entry here + one kernel in exec.
class FunctionCatalog {
public:
    static const FunctionCatalog &instance();

    // Every overload named `name` (lower-case); empty if unknown.
    std::vector<const FunctionSignature *> overloads(const std::string &name) const;
    bool exists(const std::string &name) const;
    // Every distinct function name (for "did you mean" and REPL completion), sorted.
    std::vector<std::string> names() const;
    const std::vector<FunctionSignature> &all() const { return signatures_; }

private:
    FunctionCatalog();
    std::vector<FunctionSignature> signatures_;
};

}  // namespace weir

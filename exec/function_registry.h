// Maps each function signature of FunctionCatalog to the kernel that computes it.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "common/type_id.h"
#include "exec/kernel_input.h"

namespace weir {

// How a function handles NULL arguments.
enum class NullHandling {
    Propagate,  // any NULL argument gives NULL (the executor sets validity before the kernel runs)
    Custom,     // the kernel decides (concat, greatest, least, nullif): `out` starts all valid
};

struct KernelEntry {
    ScalarKernel kernel = nullptr;
    NullHandling nulls = NullHandling::Propagate;
    KernelPrepare prepare = nullptr;  // optional: compiles constant arguments once per call site
    // The result may be a view into a text argument (trim, substr): constant text arguments are then
    // copied into the batch's arena so results never point into the executor.
    bool returns_argument_views = false;
};

// Contract: one entry per (name, argument types); a variadic signature is registered with its
// fixed arguments and matches any repetition of the last type. Lookups happen when an executor is
// built, never per row or per batch. Immutable after construction, so safe to share across threads.
class FunctionRegistry {
public:
    static const FunctionRegistry &instance();

    // The kernel for `name` applied to `arguments`, or nullptr if there is none.
    const KernelEntry *find(const std::string &name, const std::vector<TypeId> &arguments) const;

    // Used by the function families while the registry is built.
    void add(const std::string &name, std::vector<TypeId> arguments, KernelEntry entry, bool variadic = false);

private:
    FunctionRegistry();
    static std::string key(const std::string &name, const std::vector<TypeId> &arguments);
    std::unordered_map<std::string, KernelEntry> exact_;
    std::unordered_map<std::string, KernelEntry> variadic_;  // key of the fixed part
};

}  // namespace weir

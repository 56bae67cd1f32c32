// Reaches the connector modules with dlopen: libweir.so loads libweir_<name>.so on first use of its connectors.
#include <dlfcn.h>

#include <cstdlib>

#include "common/weir_error.h"
#include "connectors/connector_module_loader.h"

namespace weir {
namespace {

// An object inside libweir.so, to ask dladdr where libweir.so is.
const char kInsideLibweir = 0;

// The folder the modules are looked for in: $WEIR_MODULE_DIR when set, else the one holding libweir.so (empty when
// unknown: dlopen then searches the usual library path).
std::string module_dir() {
    const char *configured = std::getenv("WEIR_MODULE_DIR");
    if (configured && *configured) return configured;
    Dl_info info;
    if (dladdr(&kInsideLibweir, &info) == 0 || !info.dli_fname) return "";
    std::string library = info.dli_fname;
    size_t slash = library.rfind('/');
    return slash == std::string::npos ? "" : library.substr(0, slash);
}

}  // namespace

void load_connector_module(const std::string &name, ConnectorTable &table) {
    std::string file = "libweir_" + name + ".so";
    std::string dir = module_dir();
    std::string path = dir.empty() ? file : dir + "/" + file;
    std::string failure = "cannot load the " + name + " connector: ";
    void *module = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!module) {
        throw WeirError(ErrorKind::Bind,
                        failure + dlerror() + " (set WEIR_MODULE_DIR to the folder holding " + file + ")");
    }
    std::string entry_name = "weir_register_" + name + "_connectors";
    auto entry = reinterpret_cast<ConnectorModuleEntry>(dlsym(module, entry_name.c_str()));
    if (!entry) {
        throw WeirError(ErrorKind::Bind, failure + path + " has no function " + entry_name +
                                             " (is it from another build of weir?)");
    }
    entry(table);
}

}  // namespace weir

// The address file a service fixture wrote: ${WEIR_SERVICES_DIR}/<service>.env (KEY=value lines).
#pragma once

#include <map>
#include <string>

namespace weir {

class ServiceEnv {
public:
    // Reads <service>.env; throws std::runtime_error if the fixture did not write it.
    explicit ServiceEnv(const std::string &service);
    // The value of `key`, or "" if the file does not have it.
    std::string get(const std::string &key) const;

private:
    std::map<std::string, std::string> values_;
};

}  // namespace weir

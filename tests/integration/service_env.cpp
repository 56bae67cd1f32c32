// Parsing of a service fixture's .env file.
#include "service_env.h"

#include <fstream>
#include <stdexcept>

namespace weir {

ServiceEnv::ServiceEnv(const std::string &service) {
    std::ifstream env(std::string(WEIR_SERVICES_DIR) + "/" + service + ".env");
    if (!env) throw std::runtime_error("no " + service + ".env: the " + service + " service fixture did not start");
    std::string line;
    while (std::getline(env, line)) {
        size_t equals = line.find('=');
        if (equals != std::string::npos) values_[line.substr(0, equals)] = line.substr(equals + 1);
    }
}

std::string ServiceEnv::get(const std::string &key) const {
    auto found = values_.find(key);
    return found == values_.end() ? "" : found->second;
}

}  // namespace weir

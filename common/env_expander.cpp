// Expanding ${NAME} and ${NAME:-default} from the environment.
#include "common/env_expander.h"

#include <cctype>
#include <cstdlib>

#include "common/weir_error.h"

namespace weir {
namespace {

bool valid_name(const std::string &name) {
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
    for (char c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
    }
    return true;
}

}  // namespace

std::string EnvExpander::expand(const std::string &text, const std::string &what) {
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
        if (text.compare(i, 3, "$${") == 0) {
            out += "${";
            i += 3;
            continue;
        }
        if (text.compare(i, 2, "${") != 0) {
            out += text[i++];
            continue;
        }
        size_t close = text.find('}', i + 2);
        std::string inside = close == std::string::npos ? "" : text.substr(i + 2, close - i - 2);
        size_t dash = inside.find(":-");
        std::string name = inside.substr(0, dash);
        if (close == std::string::npos || !valid_name(name)) {
            throw WeirError(ErrorKind::Bind, what + " has a ${ that is not a variable such as ${PG_URL} or "
                                                    "${PG_URL:-default}; write $${ for a literal ${");
        }
        const char *value = std::getenv(name.c_str());
        if (dash != std::string::npos) {
            out += value && *value ? std::string(value) : inside.substr(dash + 2);
        } else if (value) {
            out += value;
        } else {
            throw WeirError(ErrorKind::Bind, what + " uses ${" + name + "}, but the environment variable " + name +
                                                 " is not set; set it or give a default as ${" + name + ":-value}");
        }
        i = close + 1;
    }
    return out;
}

}  // namespace weir

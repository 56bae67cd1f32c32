// The rule for secret option names.
#include "common/secret_option.h"

#include "common/schema.h"

namespace weir {

bool is_secret_option(const std::string &key) {
    std::string lower = to_lower(key);
    if (lower == "key" || lower == "key_column" || lower == "partition_key") return false;
    for (const char *word : {"password", "secret", "token", "sasl", "ssl", "credential", "access_key", "api_key",
                             "private_key"}) {
        if (lower.find(word) != std::string::npos) return true;
    }
    return false;
}

std::string printable_option_value(const std::string &key, const std::string &value) {
    return is_secret_option(key) ? "***" : value;
}

}  // namespace weir

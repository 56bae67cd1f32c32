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
    return is_secret_option(key) ? "***" : mask_url_passwords(value);
}

std::string mask_url_passwords(const std::string &text) {
    std::string out = text;
    size_t search = 0;
    while ((search = out.find("://", search)) != std::string::npos) {
        size_t authority = search + 3;
        size_t end = out.find_first_of("/?# ", authority);
        if (end == std::string::npos) end = out.size();
        size_t at = out.rfind('@', end);
        if (at != std::string::npos && at >= authority) {
            size_t colon = out.find(':', authority);
            if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
        }
        search = authority;
    }
    return out;
}

}  // namespace weir

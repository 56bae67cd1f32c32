// Column lookup by case-insensitive name.
#include "common/schema.h"

#include <cctype>

namespace weir {

bool iequals(const std::string &a, const std::string &b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); i++) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

std::string to_lower(std::string text) {
    for (auto &c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::optional<size_t> Schema::find(const std::string &name) const {
    for (size_t i = 0; i < columns_.size(); i++) {
        if (iequals(columns_[i].name, name)) return i;
    }
    return std::nullopt;
}

}  // namespace weir

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

std::optional<size_t> Schema::resolve(const std::string &qualifier, const std::string &name, bool *ambiguous) const {
    std::optional<size_t> found;
    if (ambiguous) *ambiguous = false;
    for (size_t i = 0; i < columns_.size(); i++) {
        const Column &column = columns_[i];
        if (!iequals(column.name, name)) continue;
        if (!qualifier.empty() && !iequals(column.qualifier, qualifier)) continue;
        if (!found) {
            found = i;
        } else if (ambiguous && !iequals(columns_[*found].qualifier, column.qualifier)) {
            *ambiguous = true;
        }
    }
    return found;
}

Schema Schema::qualified(const std::string &qualifier) const {
    Schema out;
    for (const auto &column : columns_) out.add(column.name, column.type, qualifier);
    return out;
}

}  // namespace weir

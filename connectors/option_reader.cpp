// Parsing and range checks of connector option values.
#include "connectors/option_reader.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "common/number_format.h"
#include "common/schema.h"
#include "common/secret_option.h"
#include "common/timestamp.h"
#include "common/weir_error.h"

namespace weir {

std::string OptionReader::shown(const std::string &key, const std::string &value) const {
    return "'" + printable_option_value(key, value) + "'";
}

std::string OptionReader::text(const std::string &key, const std::string &fallback) const {
    auto it = options_.find(key);
    return it == options_.end() ? fallback : it->second;
}

std::string OptionReader::required(const std::string &key) const {
    auto it = options_.find(key);
    if (it == options_.end() || it->second.empty()) {
        throw WeirError(ErrorKind::Bind, "connector '" + connector_ + "' needs option `" + key + "`");
    }
    return it->second;
}

std::string OptionReader::choice(const std::string &key, const std::vector<std::string> &allowed,
                                 const std::string &fallback) const {
    auto it = options_.find(key);
    if (it == options_.end()) return fallback;
    for (const auto &candidate : allowed) {
        if (iequals(candidate, it->second)) return candidate;
    }
    std::string list;
    for (size_t i = 0; i < allowed.size(); i++) {
        if (i > 0) list += i + 1 == allowed.size() ? (allowed.size() > 2 ? ", or " : " or ") : ", ";
        list += "'" + allowed[i] + "'";
    }
    throw WeirError(ErrorKind::Bind, key + " must be " + list + ", got " + shown(key, it->second));
}

int64_t OptionReader::integer(const std::string &key, int64_t fallback, int64_t min, int64_t max) const {
    auto it = options_.find(key);
    if (it == options_.end()) return fallback;
    const std::string &value = it->second;
    errno = 0;
    char *end = nullptr;
    long long parsed = std::strtoll(value.c_str(), &end, 10);
    bool ok = !value.empty() && end == value.c_str() + value.size() && errno == 0 && parsed >= min &&
              parsed <= max;
    if (!ok) {
        throw WeirError(ErrorKind::Bind, key + " must be an integer from " + std::to_string(min) + " to " +
                                             std::to_string(max) + ", got " + shown(key, value));
    }
    return parsed;
}

double OptionReader::number(const std::string &key, double fallback, double min, double max) const {
    auto it = options_.find(key);
    if (it == options_.end()) return fallback;
    const std::string &value = it->second;
    char *end = nullptr;
    double parsed = std::strtod(value.c_str(), &end);
    bool ok = !value.empty() && end == value.c_str() + value.size() && std::isfinite(parsed) &&
              parsed >= min && parsed <= max;
    if (!ok) {
        throw WeirError(ErrorKind::Bind, key + " must be a number from " + format_double(min) + " to " +
                                             format_double(max) + ", got " + shown(key, value));
    }
    return parsed;
}

bool OptionReader::boolean(const std::string &key, bool fallback) const {
    auto it = options_.find(key);
    if (it == options_.end()) return fallback;
    if (iequals(it->second, "true")) return true;
    if (iequals(it->second, "false")) return false;
    throw WeirError(ErrorKind::Bind, key + " must be 'true' or 'false', got " + shown(key, it->second));
}

int64_t OptionReader::duration(const std::string &key, int64_t fallback) const {
    auto it = options_.find(key);
    if (it == options_.end()) return fallback;
    if (it->second == "0") return 0;
    auto parsed = parse_duration(it->second);
    if (!parsed) {
        throw WeirError(ErrorKind::Bind,
                        key + " must be a duration such as '500ms', '10s' or '5m', got " + shown(key, it->second));
    }
    return *parsed;
}

std::optional<int64_t> OptionReader::timestamp(const std::string &key) const {
    auto it = options_.find(key);
    if (it == options_.end()) return std::nullopt;
    auto parsed = parse_timestamp(it->second);
    if (!parsed) {
        throw WeirError(ErrorKind::Bind,
                        key + " must be a timestamp such as '2025-01-15 14:00:00', got " + shown(key, it->second));
    }
    return parsed;
}

std::vector<std::string> OptionReader::list(const std::string &key) const {
    std::vector<std::string> names;
    std::string value = text(key);
    size_t start = 0;
    while (start <= value.size()) {
        size_t comma = value.find(',', start);
        if (comma == std::string::npos) comma = value.size();
        std::string item = value.substr(start, comma - start);
        size_t first = item.find_first_not_of(" \t");
        size_t last = item.find_last_not_of(" \t");
        if (first != std::string::npos) names.push_back(item.substr(first, last - first + 1));
        start = comma + 1;
    }
    return names;
}

}  // namespace weir

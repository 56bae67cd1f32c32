// Typed, validated access to the WITH (...) options of one connector, with user-facing errors.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace weir {

// Reads option values (strings) as typed settings. Every accessor throws WeirError(ErrorKind::Bind)
// with one sentence naming the option and the offending value at the end when the value is invalid
// ("batch_size must be an integer from 1 to 1000000, got 'abc'"). Secret options are never echoed.
class OptionReader {
public:
    OptionReader(std::string connector, const std::map<std::string, std::string> &options)
        : connector_(std::move(connector)), options_(options) {}

    const std::string &connector() const { return connector_; }
    bool has(const std::string &key) const { return options_.count(key) != 0; }
    // The raw value, or `fallback` when the option is absent.
    std::string text(const std::string &key, const std::string &fallback = "") const;
    // The raw value; throws "connector 'file' needs option `path`" when absent or empty.
    std::string required(const std::string &key) const;
    // One of `allowed` (compared case-insensitively, returned lower-case), else
    // "format must be 'json' or 'csv', got 'xml'".
    std::string choice(const std::string &key, const std::vector<std::string> &allowed,
                       const std::string &fallback) const;
    // An integer in [min, max].
    int64_t integer(const std::string &key, int64_t fallback, int64_t min, int64_t max) const;
    // A finite number in [min, max].
    double number(const std::string &key, double fallback, double min, double max) const;
    // 'true' or 'false' (any case).
    bool boolean(const std::string &key, bool fallback) const;
    // A duration such as '500ms', '10s', '5m' in microseconds (also plain '0').
    int64_t duration(const std::string &key, int64_t fallback) const;
    // A timestamp such as '2025-01-15 14:00:00' in microseconds; nullopt when absent.
    std::optional<int64_t> timestamp(const std::string &key) const;
    // A comma-separated list of names, trimmed, empty entries dropped ("city, year" → {city, year}).
    std::vector<std::string> list(const std::string &key) const;

private:
    std::string shown(const std::string &key, const std::string &value) const;

    std::string connector_;
    const std::map<std::string, std::string> &options_;
};

}  // namespace weir

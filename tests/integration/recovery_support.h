// Helpers shared by the kill -9 recovery tests: figures from the environment, event text, files.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace weir::recovery {

// The cities of the generated weather events (12: 4 per partition of a 3-partition topic).
extern const std::vector<std::string> kCities;
// The integer in environment variable `name`, or `fallback` when it is unset or empty.
int env_int(const char *name, int fallback);
// Seconds since the epoch as ISO-8601 UTC ("2025-01-15T00:00:00Z").
std::string iso(int64_t seconds);
// The whole content of a file ("" if it cannot be read).
std::string read_text(const std::string &path);
// A new directory /tmp/weir-recovery-<stem>-XXXXXX (a gtest failure if it cannot be made).
std::string temporary_dir(const std::string &stem);

}  // namespace weir::recovery

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

// Runs `weir --state state --checkpoint-interval 200ms -f sql_path` (output to `log`) `kills` times,
// each killed with SIGKILL after a random delay in [min_ms, max_ms] drawn from `seed` (a run that
// ends before must exit 0), then once more to its end. Prints each start; *landed counts the kills
// that hit a running process. Failures are gtest failures (the caller checks HasFatalFailure()).
void kill_loop(const std::string &state, const std::string &sql_path, const std::string &log, int kills,
               unsigned seed, int min_ms, int max_ms, int *landed);

}  // namespace weir::recovery

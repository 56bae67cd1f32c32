// The _delta_log folder of a Delta table on a local file system: versions, a job's txn, put-if-absent commits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace weir {

// Reads commits `_delta_log/<20-digit version>.json` (newline-delimited JSON actions). Delta checkpoint
// files (.checkpoint.parquet) are not read, so a table whose older JSON commits were removed after a
// checkpoint by another writer is not supported. Errors are WeirError(Io / Data) naming the table.
class DeltaLog {
public:
    explicit DeltaLog(std::string table);

    // The newest version, nullopt for a table without commits. Creates _delta_log when missing.
    std::optional<int64_t> latest_version() const;
    // The `version` of the latest txn action with appId `app_id` (log replay order), nullopt when none.
    std::optional<int64_t> transaction_version(const std::string &app_id) const;
    // The table's data files after replaying every commit in order (add, then remove actions), as
    // "<table>/<path>" with %XX escapes decoded, sorted. Empty for a table without commits.
    std::vector<std::string> active_files() const;
    // Writes `actions` (JSON lines) as `version` atomically and only if that version does not exist yet
    // (a temporary file, then link(2), which fails when the name exists). False when it existed.
    bool commit(int64_t version, const std::string &actions) const;

    // "<table>/_delta_log/00000000000000000007.json".
    std::string commit_path(int64_t version) const;

private:
    std::string table_;
    std::string log_;
};

}  // namespace weir

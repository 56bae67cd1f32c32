// The list, kept beside the state file, of the jobs that have stored checkpoints.
#pragma once

#include <set>
#include <string>

namespace weir {

// <directory>/weir_checkpointed_jobs holds one job name per line (newline and backslash escaped).
// It lives outside weir_state.db so that a state file emptied, replaced or left without its tables
// is recognised: a job listed here whose checkpoints are gone is an error, not a fresh start
// (CheckpointStore::load_latest). Rewritten whole (temporary file, fsync, rename) on each change;
// changes are serialized within the process (the state directory lock keeps other processes out).
// A file that cannot be read counts as empty; one that cannot be written → WeirError(Io).
class CheckpointedJobs {
public:
    static constexpr const char *kFileName = "weir_checkpointed_jobs";

    explicit CheckpointedJobs(std::string directory);

    bool contains(const std::string &job) const;
    void add(const std::string &job);
    // Removes `job`, compared ignoring case (job names are identifiers).
    void remove(const std::string &job);

private:
    std::set<std::string> read() const;
    void write(const std::set<std::string> &jobs) const;

    std::string path_;
};

}  // namespace weir

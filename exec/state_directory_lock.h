// An exclusive lock on a state directory, held by one process (one engine) for its lifetime.
#pragma once

#include <string>

namespace weir {

// Creates `directory` if missing and takes flock(LOCK_EX | LOCK_NB) on <directory>/weir.lock, then
// writes this process's pid into it. Another holder (another process, or another engine of this
// process) → WeirError(Io): "state directory '<dir>' is in use by weir process <pid>; stop it or use
// another state directory." at once, without waiting. The lock ends with the object (or the
// process: the kernel releases it, so a killed process leaves no stale lock; the file stays).
class StateDirectoryLock {
public:
    static constexpr const char *kFileName = "weir.lock";

    explicit StateDirectoryLock(const std::string &directory);
    ~StateDirectoryLock();
    StateDirectoryLock(const StateDirectoryLock &) = delete;
    StateDirectoryLock &operator=(const StateDirectoryLock &) = delete;

private:
    int fd_ = -1;
};

}  // namespace weir

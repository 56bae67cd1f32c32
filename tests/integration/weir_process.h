// The weir binary under test as a child process that recovery tests start, kill with SIGKILL and restart.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace weir {

// Starts WEIR_BINARY with `args` (stdin and stdout /dev/null, stderr appended to `log_path`) and the
// test's environment plus `env` (NAME, value). The destructor kills (SIGKILL) and reaps a child that
// is still running, so a failing test never leaves a weir behind. Not thread-safe.
class WeirProcess {
public:
    WeirProcess(const std::vector<std::string> &args, const std::string &log_path,
                const std::vector<std::pair<std::string, std::string>> &env = {});
    ~WeirProcess();
    WeirProcess(const WeirProcess &) = delete;
    WeirProcess &operator=(const WeirProcess &) = delete;

    pid_t pid() const { return pid_; }
    // True until the child has ended (reaps it when it has).
    bool running();
    // Waits until the child ends or `timeout` passes; true when it ended.
    bool wait_for(std::chrono::milliseconds timeout);
    // kill -9 and reap.
    void kill_hard();
    // SIGTERM (a graceful stop: weir checkpoints, flushes its sinks and exits 0); wait_for() reaps.
    void terminate();

    // After the child ended: exited normally with `code` / was ended by `signal`.
    bool exited_with(int code) const;
    bool killed_by(int signal) const;
    // "exit 1", "signal 9" or "running", for messages.
    std::string outcome() const;

private:
    pid_t pid_ = -1;
    bool ended_ = false;
    int status_ = 0;
};

}  // namespace weir

// fork/execve of the weir binary with redirected output, polling waits and SIGKILL.
#include "weir_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <thread>

extern char **environ;

namespace weir {

WeirProcess::WeirProcess(const std::vector<std::string> &args, const std::string &log_path,
                         const std::vector<std::pair<std::string, std::string>> &env) {
    // Everything the child needs is built before fork(): the child only calls async-signal-safe functions.
    std::vector<std::string> arguments = {WEIR_BINARY};
    arguments.insert(arguments.end(), args.begin(), args.end());
    std::vector<char *> argv;
    for (auto &argument : arguments) argv.push_back(argument.data());
    argv.push_back(nullptr);
    std::vector<std::string> variables;
    for (char **entry = environ; *entry != nullptr; entry++) {
        bool replaced = false;
        for (const auto &extra : env) {
            if (std::strncmp(*entry, (extra.first + "=").c_str(), extra.first.size() + 1) == 0) replaced = true;
        }
        if (!replaced) variables.emplace_back(*entry);
    }
    for (const auto &extra : env) variables.push_back(extra.first + "=" + extra.second);
    std::vector<char *> envp;
    for (auto &variable : variables) envp.push_back(variable.data());
    envp.push_back(nullptr);

    int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (log < 0 || null < 0) throw std::runtime_error("cannot open " + log_path + " or /dev/null");
    pid_ = ::fork();
    if (pid_ == 0) {
        ::dup2(null, 0);
        ::dup2(null, 1);
        ::dup2(log, 2);
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    ::close(log);
    ::close(null);
    if (pid_ < 0) throw std::runtime_error("fork failed");
}

WeirProcess::~WeirProcess() {
    if (!ended_ && pid_ > 0) kill_hard();
}

bool WeirProcess::running() {
    if (ended_) return false;
    pid_t done = ::waitpid(pid_, &status_, WNOHANG);
    if (done == pid_) ended_ = true;
    return !ended_;
}

bool WeirProcess::wait_for(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (running()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

void WeirProcess::kill_hard() {
    if (ended_) return;
    ::kill(pid_, SIGKILL);
    if (::waitpid(pid_, &status_, 0) == pid_) ended_ = true;
}

void WeirProcess::terminate() {
    if (!ended_) ::kill(pid_, SIGTERM);
}

bool WeirProcess::exited_with(int code) const { return ended_ && WIFEXITED(status_) && WEXITSTATUS(status_) == code; }

bool WeirProcess::killed_by(int signal) const { return ended_ && WIFSIGNALED(status_) && WTERMSIG(status_) == signal; }

std::string WeirProcess::outcome() const {
    if (!ended_) return "running";
    if (WIFEXITED(status_)) return "exit " + std::to_string(WEXITSTATUS(status_));
    if (WIFSIGNALED(status_)) return "signal " + std::to_string(WTERMSIG(status_));
    return "status " + std::to_string(status_);
}

}  // namespace weir

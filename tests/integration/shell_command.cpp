// popen-based command running with separate stderr capture.
#include "shell_command.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace weir {

CommandResult ShellCommand::run(const std::string &command) {
    static int calls = 0;
    std::string err_path = "/tmp/weir-integration-" + std::to_string(::getpid()) + "-" + std::to_string(++calls) + ".err";
    CommandResult result;
    FILE *pipe = ::popen((command + " 2>" + err_path).c_str(), "r");
    if (pipe == nullptr) return result;
    char buffer[4096];
    size_t got;
    while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, got);
    int status = ::pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream err(err_path);
    std::stringstream text;
    text << err.rdbuf();
    result.err = text.str();
    std::remove(err_path.c_str());
    return result;
}

std::string ShellCommand::quote(const std::string &text) {
    std::string quoted = "'";
    for (char c : text) {
        if (c == '\'') quoted += "'\\''";
        else quoted += c;
    }
    return quoted + "'";
}

std::string ShellCommand::unique(const std::string &base) {
    static int counter = 0;
    return base + "_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
}

CommandResult ShellCommand::weir(const std::string &sql) { return run(std::string(WEIR_BINARY) + " --format csv -c " + quote(sql)); }

}  // namespace weir

// Runs shell command lines for integration tests and captures what they print.
#pragma once

#include <string>

namespace weir {

// What a finished command printed and returned.
struct CommandResult {
    int status = -1;
    std::string out;
    std::string err;
};

class ShellCommand {
public:
    // Runs `command` through /bin/sh; stdout and stderr captured separately.
    static CommandResult run(const std::string &command);
    // `text` single-quoted for /bin/sh.
    static std::string quote(const std::string &text);
    // A name unique to this process and call, made of letters, digits and underscores (valid as a
    // table, stream, topic or object prefix).
    static std::string unique(const std::string &base);
    // The weir binary under test with --format csv -c SQL.
    static CommandResult weir(const std::string &sql);
};

}  // namespace weir

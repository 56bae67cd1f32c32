// Access to the test Redis servers for integration tests: addresses, redis-cli and the weir command.
#pragma once

#include <string>

#include "shell_command.h"
#include <vector>

namespace weir {


// Reads ${WEIR_SERVICES_DIR}/redis.env (written by tests/support/services/redis.sh start). Runs
// commands through /bin/sh with arguments single-quoted. Not thread-safe.
class RedisTestServer {
public:
    RedisTestServer();

    const std::string &url() const { return url_; }
    const std::string &auth_url() const { return auth_url_; }  // contains the password
    const std::string &password() const { return password_; }
    int port() const { return port_; }

    // redis-cli -p PORT ARGS... (the open server); its stdout without the final newline.
    std::string cli(const std::vector<std::string> &args) const;
    // The weir command with --format csv -c SQL.
    CommandResult weir(const std::string &sql) const;
    // A name unique to this process and call, for streams, groups and keys.
    static std::string unique(const std::string &base);
    // Runs a shell command line.
    static CommandResult run(const std::string &command);
    static std::string quote(const std::string &text);

private:
    std::string url_;
    std::string auth_url_;
    std::string password_;
    int port_ = 0;
};

}  // namespace weir

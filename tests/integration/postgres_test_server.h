// Access to the test PostgreSQL server for integration tests: psql as the superuser, outages, the weir command.
#pragma once

#include <string>

#include "shell_command.h"

namespace weir {

using PostgresCommandResult = CommandResult;

// Reads ${WEIR_SERVICES_DIR}/postgres.env (written by tests/support/services/postgres.sh start).
// psql() connects as the superuser over the Unix socket (no password), with TimeZone UTC, unaligned
// output, '|' between columns. Not thread-safe except run(), which only touches its own files.
class PostgresTestServer {
public:
    PostgresTestServer();

    const std::string &url() const { return url_; }  // role weir, contains the password
    const std::string &password() const { return password_; }
    int port() const { return port_; }

    // Runs SQL in database weir; its stdout without the final newline.
    std::string psql(const std::string &sql) const;
    // The weir command with --format csv -c SQL.
    PostgresCommandResult weir(const std::string &sql) const;
    // postgres.sh stop-server / start-server: a real outage of the same server.
    void stop_server() const;
    void start_server() const;
    // A table name unique to this process and call.
    static std::string unique(const std::string &base);
    static PostgresCommandResult run(const std::string &command);
    static std::string quote(const std::string &text);

private:
    std::string url_;
    std::string password_;
    std::string socket_dir_;
    int port_ = 0;
};

}  // namespace weir

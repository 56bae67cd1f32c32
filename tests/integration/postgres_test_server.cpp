// Reading postgres.env and running psql, the service script and weir for the PostgreSQL integration tests.
#include "postgres_test_server.h"

#include "service_env.h"

#include <atomic>
#include <stdexcept>

namespace weir {
namespace {

std::string service_script() { return std::string(WEIR_SOURCE_DIR) + "/tests/support/services/postgres.sh"; }

}  // namespace

PostgresTestServer::PostgresTestServer() {
    ServiceEnv env("postgres");
    url_ = env.get("PG_URL");
    port_ = std::stoi(env.get("PG_PORT"));
    password_ = env.get("PG_PASSWORD");
    socket_dir_ = env.get("PG_SOCKET_DIR");
}

std::string PostgresTestServer::quote(const std::string &text) { return ShellCommand::quote(text); }

std::string PostgresTestServer::unique(const std::string &base) { return ShellCommand::unique(base); }

PostgresCommandResult PostgresTestServer::run(const std::string &command) { return ShellCommand::run(command); }

std::string PostgresTestServer::psql(const std::string &sql) const {
    PostgresCommandResult result = run("PGTZ=UTC psql -X -A -t -q -F '|' -v ON_ERROR_STOP=1 -h " + quote(socket_dir_) +
                                       " -p " + std::to_string(port_) + " -U postgres -d weir -c " + quote(sql));
    if (result.status != 0) throw std::runtime_error("psql failed: " + result.err);
    std::string out = result.out;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

PostgresCommandResult PostgresTestServer::weir(const std::string &sql) const { return ShellCommand::weir(sql); }

void PostgresTestServer::stop_server() const {
    auto result = run("bash " + quote(service_script()) + " stop-server " + quote(WEIR_SERVICES_DIR));
    if (result.status != 0) throw std::runtime_error("stop-server failed: " + result.err);
}

void PostgresTestServer::start_server() const {
    auto result = run("bash " + quote(service_script()) + " start-server " + quote(WEIR_SERVICES_DIR));
    if (result.status != 0) throw std::runtime_error("start-server failed: " + result.err);
}

}  // namespace weir

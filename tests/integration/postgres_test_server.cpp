// Reading postgres.env and running psql, the service script and weir for the PostgreSQL integration tests.
#include "postgres_test_server.h"

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace weir {
namespace {

std::string slurp(const std::string &path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string service_script() { return std::string(WEIR_SOURCE_DIR) + "/tests/support/services/postgres.sh"; }

}  // namespace

PostgresTestServer::PostgresTestServer() {
    std::ifstream env(std::string(WEIR_SERVICES_DIR) + "/postgres.env");
    if (!env) throw std::runtime_error("no postgres.env: the postgres service fixture did not start");
    std::string line;
    while (std::getline(env, line)) {
        size_t equals = line.find('=');
        if (equals == std::string::npos) continue;
        std::string key = line.substr(0, equals);
        std::string value = line.substr(equals + 1);
        if (key == "PG_URL") url_ = value;
        if (key == "PG_PORT") port_ = std::stoi(value);
        if (key == "PG_PASSWORD") password_ = value;
        if (key == "PG_SOCKET_DIR") socket_dir_ = value;
    }
}

std::string PostgresTestServer::quote(const std::string &text) {
    std::string quoted = "'";
    for (char c : text) {
        if (c == '\'') quoted += "'\\''";
        else quoted += c;
    }
    return quoted + "'";
}

std::string PostgresTestServer::unique(const std::string &base) {
    static int counter = 0;
    return base + "_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
}

PostgresCommandResult PostgresTestServer::run(const std::string &command) {
    static std::atomic<int> calls{0};
    std::string err_path =
        "/tmp/weir-pg-test-" + std::to_string(::getpid()) + "-" + std::to_string(calls.fetch_add(1)) + ".err";
    PostgresCommandResult result;
    FILE *pipe = ::popen((command + " 2>" + err_path).c_str(), "r");
    if (pipe == nullptr) return result;
    char buffer[4096];
    size_t got;
    while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, got);
    int status = ::pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.err = slurp(err_path);
    std::remove(err_path.c_str());
    return result;
}

std::string PostgresTestServer::psql(const std::string &sql) const {
    PostgresCommandResult result = run("PGTZ=UTC psql -X -A -t -q -F '|' -v ON_ERROR_STOP=1 -h " + quote(socket_dir_) +
                                       " -p " + std::to_string(port_) + " -U postgres -d weir -c " + quote(sql));
    if (result.status != 0) throw std::runtime_error("psql failed: " + result.err);
    std::string out = result.out;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

PostgresCommandResult PostgresTestServer::weir(const std::string &sql) const {
    return run(std::string(WEIR_BINARY) + " --format csv -c " + quote(sql));
}

void PostgresTestServer::stop_server() const {
    auto result = run("bash " + quote(service_script()) + " stop-server " + quote(WEIR_SERVICES_DIR));
    if (result.status != 0) throw std::runtime_error("stop-server failed: " + result.err);
}

void PostgresTestServer::start_server() const {
    auto result = run("bash " + quote(service_script()) + " start-server " + quote(WEIR_SERVICES_DIR));
    if (result.status != 0) throw std::runtime_error("start-server failed: " + result.err);
}

}  // namespace weir

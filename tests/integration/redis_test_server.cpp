// Reading redis.env and running redis-cli and weir for the Redis integration tests.
#include "redis_test_server.h"

#include <sys/wait.h>
#include <unistd.h>

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

}  // namespace

RedisTestServer::RedisTestServer() {
    std::ifstream env(std::string(WEIR_SERVICES_DIR) + "/redis.env");
    if (!env) throw std::runtime_error("no redis.env: the redis service fixture did not start");
    std::string line;
    while (std::getline(env, line)) {
        size_t equals = line.find('=');
        if (equals == std::string::npos) continue;
        std::string key = line.substr(0, equals);
        std::string value = line.substr(equals + 1);
        if (key == "REDIS_URL") url_ = value;
        if (key == "REDIS_PORT") port_ = std::stoi(value);
        if (key == "REDIS_AUTH_URL") auth_url_ = value;
        if (key == "REDIS_AUTH_PASSWORD") password_ = value;
    }
}

std::string RedisTestServer::quote(const std::string &text) {
    std::string quoted = "'";
    for (char c : text) {
        if (c == '\'') quoted += "'\\''";
        else quoted += c;
    }
    return quoted + "'";
}

std::string RedisTestServer::unique(const std::string &base) {
    static int counter = 0;
    return base + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

CommandResult RedisTestServer::run(const std::string &command) {
    std::string err_path = "/tmp/weir-redis-test-" + std::to_string(::getpid()) + ".err";
    CommandResult result;
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

std::string RedisTestServer::cli(const std::vector<std::string> &args) const {
    std::string command = "redis-cli -p " + std::to_string(port_);
    for (const auto &arg : args) command += " " + quote(arg);
    std::string out = run(command).out;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

CommandResult RedisTestServer::weir(const std::string &sql) const {
    return run(std::string(WEIR_BINARY) + " --format csv -c " + quote(sql));
}

}  // namespace weir

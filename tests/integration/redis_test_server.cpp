// Reading redis.env and running redis-cli and weir for the Redis integration tests.
#include "redis_test_server.h"

#include "service_env.h"

#include <stdexcept>

namespace weir {
RedisTestServer::RedisTestServer() {
    ServiceEnv env("redis");
    url_ = env.get("REDIS_URL");
    port_ = std::stoi(env.get("REDIS_PORT"));
    auth_url_ = env.get("REDIS_AUTH_URL");
    password_ = env.get("REDIS_AUTH_PASSWORD");
}

std::string RedisTestServer::quote(const std::string &text) { return ShellCommand::quote(text); }

std::string RedisTestServer::unique(const std::string &base) { return ShellCommand::unique(base); }

CommandResult RedisTestServer::run(const std::string &command) { return ShellCommand::run(command); }

std::string RedisTestServer::cli(const std::vector<std::string> &args) const {
    std::string command = "redis-cli -p " + std::to_string(port_);
    for (const auto &arg : args) command += " " + quote(arg);
    std::string out = run(command).out;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

CommandResult RedisTestServer::weir(const std::string &sql) const { return ShellCommand::weir(sql); }

}  // namespace weir

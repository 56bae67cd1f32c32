// Reading s3.env and running weir for the S3 integration tests.
#include "s3_test_server.h"

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

S3TestServer::S3TestServer() {
    std::ifstream env(std::string(WEIR_SERVICES_DIR) + "/s3.env");
    if (!env) throw std::runtime_error("no s3.env: the s3 service fixture did not start");
    std::string line;
    while (std::getline(env, line)) {
        size_t equals = line.find('=');
        if (equals == std::string::npos) continue;
        std::string key = line.substr(0, equals);
        std::string value = line.substr(equals + 1);
        if (key == "S3_ENDPOINT") endpoint_ = value;
        if (key == "S3_VERIFYING_ENDPOINT") verifying_endpoint_ = value;
        if (key == "S3_BUCKET") bucket_ = value;
        if (key == "S3_ACCESS_KEY") access_key_ = value;
        if (key == "S3_SECRET_KEY") secret_key_ = value;
    }
}

std::unique_ptr<S3Client> S3TestServer::client(const std::string &endpoint) const {
    S3ClientConfig config;
    config.endpoint = endpoint;
    config.bucket = bucket_;
    config.access_key = access_key_;
    config.secret_key = secret_key_;
    config.context = "the test's S3 client";
    return std::make_unique<S3Client>(config);
}

std::string S3TestServer::quote(const std::string &text) {
    std::string quoted = "'";
    for (char c : text) {
        if (c == '\'') quoted += "'\\''";
        else quoted += c;
    }
    return quoted + "'";
}

std::string S3TestServer::unique(const std::string &base) {
    static int counter = 0;
    return base + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

S3CommandResult S3TestServer::run(const std::string &command) {
    std::string err_path = "/tmp/weir-s3-test-" + std::to_string(::getpid()) + ".err";
    S3CommandResult result;
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

S3CommandResult S3TestServer::weir(const std::string &sql) const {
    return run(std::string(WEIR_BINARY) + " --format csv -c " + quote(sql));
}

}  // namespace weir

// Reading s3.env and running weir for the S3 integration tests.
#include "s3_test_server.h"

#include "service_env.h"

#include <stdexcept>

namespace weir {
S3TestServer::S3TestServer() {
    ServiceEnv env("s3");
    endpoint_ = env.get("S3_ENDPOINT");
    verifying_endpoint_ = env.get("S3_VERIFYING_ENDPOINT");
    bucket_ = env.get("S3_BUCKET");
    access_key_ = env.get("S3_ACCESS_KEY");
    secret_key_ = env.get("S3_SECRET_KEY");
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

std::string S3TestServer::quote(const std::string &text) { return ShellCommand::quote(text); }

std::string S3TestServer::unique(const std::string &base) { return ShellCommand::unique(base); }

S3CommandResult S3TestServer::run(const std::string &command) { return ShellCommand::run(command); }

S3CommandResult S3TestServer::weir(const std::string &sql) const { return ShellCommand::weir(sql); }

}  // namespace weir

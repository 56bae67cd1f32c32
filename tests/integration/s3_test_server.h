// Access to the test S3 servers for integration tests: addresses, keys, a client and the weir command.
#pragma once

#include <memory>
#include <string>

#include "shell_command.h"

#include "connectors/s3/s3_client.h"

namespace weir {

using S3CommandResult = CommandResult;

// Reads ${WEIR_SERVICES_DIR}/s3.env (written by tests/support/services/s3.sh start): S3_ENDPOINT
// (s3rver 3.7.1, no signature checks), S3_VERIFYING_ENDPOINT (the @20minutes fork, checks SigV4),
// S3_BUCKET (exists on both), S3_ACCESS_KEY, S3_SECRET_KEY. Not thread-safe.
class S3TestServer {
public:
    S3TestServer();

    const std::string &endpoint() const { return endpoint_; }
    const std::string &verifying_endpoint() const { return verifying_endpoint_; }
    const std::string &bucket() const { return bucket_; }
    const std::string &access_key() const { return access_key_; }
    const std::string &secret_key() const { return secret_key_; }

    // A client of `endpoint` for reading back what a sink wrote.
    std::unique_ptr<S3Client> client(const std::string &endpoint) const;
    // The weir command with --format csv -c SQL.
    S3CommandResult weir(const std::string &sql) const;
    // A name unique to this process and call, for prefixes.
    static std::string unique(const std::string &base);
    // Runs a shell command line.
    static S3CommandResult run(const std::string &command);
    static std::string quote(const std::string &text);

private:
    std::string endpoint_;
    std::string verifying_endpoint_;
    std::string bucket_;
    std::string access_key_;
    std::string secret_key_;
};

}  // namespace weir

// A small S3 REST client over libcurl: signed PUT (single or multipart), GET, DELETE and ListObjectsV2, with retries.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "connectors/s3/sig_v4_signer.h"

namespace weir {

struct S3ClientConfig {
    std::string endpoint;  // "http://127.0.0.1:9000" or "https://s3.eu-central-1.amazonaws.com": scheme://host[:port]
    std::string bucket;
    std::string region = "us-east-1";
    std::string access_key;
    std::string secret_key;
    bool path_style = true;  // http://host/bucket/key; else http://bucket.host/key
    std::string context;     // who is writing, for messages ("sink `raw`")
    int max_attempts = 6;
    std::chrono::milliseconds base_delay{100};
    std::chrono::milliseconds max_delay{5000};
    size_t multipart_threshold = size_t{16} << 20;  // bodies above this go up in parts
    size_t part_size = size_t{8} << 20;             // S3 needs >= 5 MiB for every part but the last
    int list_page_size = 1000;                      // max-keys of one ListObjectsV2 page (S3's maximum)
};

// Every request is signed with SigV4 (headers host, x-amz-content-sha256, x-amz-date; the payload hash
// is always sent). Keys are raw object keys ("raw/city=Warsaw/job-0-0.json"): the client encodes them.
// Retries with RetryBackoff (bounded by max_attempts) on connection failures (refused, reset, timeouts,
// empty replies), HTTP 5xx and SlowDown; other 4xx answers fail at once. Failures throw
// WeirError(ErrorKind::Io) with one sentence that starts with the context and never contains the
// secret key or a signature: SignatureDoesNotMatch, InvalidAccessKeyId, RequestTimeTooSkewed,
// AccessDenied and NoSuchBucket each get a sentence saying what to fix. Not thread-safe (one curl handle).
class S3Client {
public:
    explicit S3Client(S3ClientConfig config);
    ~S3Client();
    S3Client(const S3Client &) = delete;
    S3Client &operator=(const S3Client &) = delete;

    // Writes the whole object; a multipart upload above multipart_threshold (aborted on failure), so
    // the object appears complete or not at all.
    void put_object(const std::string &key, const std::string &body, const std::string &content_type);
    // The object's bytes.
    std::string get_object(const std::string &key);
    // Every key under `prefix`, in the server's (lexicographic) order, following continuation tokens
    // (ListObjectsV2 without a delimiter: the keys of every folder below `prefix`).
    std::vector<std::string> list_keys(const std::string &prefix);
    // Removes the object (DELETE); removing a key that does not exist succeeds, as in S3.
    void delete_object(const std::string &key);

private:
    struct Response {
        long status = 0;
        std::string body;
        std::string etag;
    };
    using Query = std::vector<std::pair<std::string, std::string>>;

    // One signed request with retries; returns a 2xx response, throws otherwise.
    Response send(const std::string &method, const std::string &key, const Query &query, const std::string &body,
                  const std::string &content_type, const std::string &what);
    // One attempt; false with `curl_error` set when no HTTP answer arrived.
    bool attempt(const std::string &method, const std::string &key, const Query &query, const std::string &body,
                 const std::string &content_type, Response &response, std::string &curl_error);
    [[noreturn]] void fail_with(const Response &response, const std::string &what) const;
    void put_multipart(const std::string &key, const std::string &body, const std::string &content_type);

    S3ClientConfig config_;
    SigV4Signer signer_;
    std::string scheme_;
    std::string authority_;  // host[:port] of the endpoint
    void *curl_ = nullptr;   // CURL*, kept for connection reuse
};

}  // namespace weir

// AWS Signature Version 4 for S3 requests: canonical request, string to sign, signing key, Authorization.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace weir {

// What is signed of one HTTP request. `path` is the raw (not yet encoded) absolute path, e.g.
// "/bucket/sensor_type=air/x.json"; `query` holds raw names and values; `headers` are every header to
// sign (names in any case; the client must send exactly these values). `payload_hash` is the hex
// SHA-256 of the body (also sent as x-amz-content-sha256).
struct SigV4Request {
    std::string method;
    std::string path;
    std::vector<std::pair<std::string, std::string>> query;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string payload_hash;
};

// Signs requests for one credential, region and service, following AWS's published description of
// SigV4 for S3: paths are encoded once (not normalised), every byte outside A-Z a-z 0-9 - _ . ~ is
// percent-encoded with upper-case hex ('=' → %3D, '%' → %25), '/' separators are kept. The secret
// never leaves this object: no accessor returns it, and nothing here prints it. Immutable: thread-safe.
class SigV4Signer {
public:
    SigV4Signer(std::string access_key, std::string secret_key, std::string region, std::string service = "s3");

    // The value of the Authorization header for `request` at `amz_date` ("20130524T000000Z").
    std::string authorization(const SigV4Request &request, const std::string &amz_date) const;
    // The hex signature alone (what authorization() ends with).
    std::string signature(const SigV4Request &request, const std::string &amz_date) const;

    // "AWS4-HMAC-SHA256\n<date>\n<scope>\n<hex sha256 of the canonical request>".
    std::string string_to_sign(const SigV4Request &request, const std::string &amz_date) const;
    // "<yyyymmdd>/<region>/<service>/aws4_request".
    std::string scope(const std::string &amz_date) const;

    // Method, canonical URI, canonical query, canonical headers, signed headers and payload hash,
    // one per line as AWS defines them.
    static std::string canonical_request(const SigV4Request &request);
    // Header names lower-cased and sorted, joined with ';'.
    static std::string signed_headers(const SigV4Request &request);
    // The path with every segment percent-encoded (slashes kept).
    static std::string canonical_uri(std::string_view path);
    // Names and values encoded, sorted by name then value, "a=1&b=" (a name without a value gets '=').
    static std::string canonical_query(const std::vector<std::pair<std::string, std::string>> &query);
    // Percent-encodes every byte except unreserved ones (and '/' when `keep_slash`).
    static std::string uri_encode(std::string_view text, bool keep_slash);
    // ISO-8601 basic UTC ("20130524T000000Z") of `when`.
    static std::string amz_date(std::chrono::system_clock::time_point when);

private:
    std::string signing_key(const std::string &date) const;

    std::string access_key_;
    std::string secret_key_;
    std::string region_;
    std::string service_;
};

}  // namespace weir

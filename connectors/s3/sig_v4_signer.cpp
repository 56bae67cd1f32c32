// SigV4 signing, step by step as in AWS's description of the algorithm.
#include "connectors/s3/sig_v4_signer.h"

#include <algorithm>
#include <cctype>
#include <ctime>

#include "connectors/s3/sha256.h"

namespace weir {
namespace {

constexpr const char *kAlgorithm = "AWS4-HMAC-SHA256";

std::string lower(std::string_view text) {
    std::string out(text);
    for (char &c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Trims the value and collapses runs of spaces to one, as the canonical header form requires.
std::string canonical_header_value(std::string_view value) {
    std::string out;
    bool in_space = false;
    for (char c : value) {
        if (c == ' ' || c == '\t') {
            in_space = true;
            continue;
        }
        if (in_space && !out.empty()) out += ' ';
        in_space = false;
        out += c;
    }
    return out;
}

bool unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == '~';
}

std::vector<std::pair<std::string, std::string>> sorted_headers(const SigV4Request &request) {
    std::vector<std::pair<std::string, std::string>> headers;
    for (const auto &header : request.headers) {
        headers.emplace_back(lower(header.first), canonical_header_value(header.second));
    }
    std::sort(headers.begin(), headers.end());
    return headers;
}

}  // namespace

SigV4Signer::SigV4Signer(std::string access_key, std::string secret_key, std::string region, std::string service)
    : access_key_(std::move(access_key)), secret_key_(std::move(secret_key)), region_(std::move(region)),
      service_(std::move(service)) {}

std::string SigV4Signer::uri_encode(std::string_view text, bool keep_slash) {
    static const char *hex = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        auto c = static_cast<unsigned char>(ch);
        if (unreserved(c) || (keep_slash && c == '/')) {
            out += ch;
            continue;
        }
        out += '%';
        out += hex[c >> 4];
        out += hex[c & 15];
    }
    return out;
}

std::string SigV4Signer::canonical_uri(std::string_view path) {
    if (path.empty()) return "/";
    return uri_encode(path, true);
}

std::string SigV4Signer::canonical_query(const std::vector<std::pair<std::string, std::string>> &query) {
    std::vector<std::pair<std::string, std::string>> encoded;
    for (const auto &parameter : query) {
        encoded.emplace_back(uri_encode(parameter.first, false), uri_encode(parameter.second, false));
    }
    std::sort(encoded.begin(), encoded.end());
    std::string out;
    for (const auto &parameter : encoded) {
        if (!out.empty()) out += '&';
        out += parameter.first + "=" + parameter.second;
    }
    return out;
}

std::string SigV4Signer::signed_headers(const SigV4Request &request) {
    std::string out;
    for (const auto &header : sorted_headers(request)) {
        if (!out.empty()) out += ';';
        out += header.first;
    }
    return out;
}

std::string SigV4Signer::canonical_request(const SigV4Request &request) {
    std::string out = request.method + "\n" + canonical_uri(request.path) + "\n" + canonical_query(request.query) + "\n";
    for (const auto &header : sorted_headers(request)) out += header.first + ":" + header.second + "\n";
    out += "\n" + signed_headers(request) + "\n" + request.payload_hash;
    return out;
}

std::string SigV4Signer::scope(const std::string &amz_date) const {
    return amz_date.substr(0, 8) + "/" + region_ + "/" + service_ + "/aws4_request";
}

std::string SigV4Signer::string_to_sign(const SigV4Request &request, const std::string &amz_date) const {
    return std::string(kAlgorithm) + "\n" + amz_date + "\n" + scope(amz_date) + "\n" +
           Sha256::hex_digest(canonical_request(request));
}

std::string SigV4Signer::signing_key(const std::string &date) const {
    std::string key = Sha256::hmac("AWS4" + secret_key_, date);
    key = Sha256::hmac(key, region_);
    key = Sha256::hmac(key, service_);
    return Sha256::hmac(key, "aws4_request");
}

std::string SigV4Signer::signature(const SigV4Request &request, const std::string &amz_date) const {
    return Sha256::to_hex(Sha256::hmac(signing_key(amz_date.substr(0, 8)), string_to_sign(request, amz_date)));
}

std::string SigV4Signer::authorization(const SigV4Request &request, const std::string &amz_date) const {
    return std::string(kAlgorithm) + " Credential=" + access_key_ + "/" + scope(amz_date) +
           ",SignedHeaders=" + signed_headers(request) + ",Signature=" + signature(request, amz_date);
}

std::string SigV4Signer::amz_date(std::chrono::system_clock::time_point when) {
    std::time_t seconds = std::chrono::system_clock::to_time_t(when);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[20];
    std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
    return text;
}

}  // namespace weir

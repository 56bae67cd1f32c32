// SHA-256 and HMAC-SHA256 through OpenSSL's one-shot calls.
#include "connectors/s3/sha256.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "common/weir_error.h"

namespace weir {

std::string Sha256::digest(std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), out, &length, EVP_sha256(), nullptr) != 1) {
        throw WeirError(ErrorKind::Internal, "OpenSSL could not compute a SHA-256 digest");
    }
    return std::string(reinterpret_cast<const char *>(out), length);
}

std::string Sha256::hex_digest(std::string_view data) { return to_hex(digest(data)); }

std::string Sha256::hmac(std::string_view key, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char *>(data.data()),
             data.size(), out, &length) == nullptr) {
        throw WeirError(ErrorKind::Internal, "OpenSSL could not compute an HMAC-SHA256");
    }
    return std::string(reinterpret_cast<const char *>(out), length);
}

std::string Sha256::to_hex(std::string_view bytes) {
    static const char *digits = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (char ch : bytes) {
        auto c = static_cast<unsigned char>(ch);
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

}  // namespace weir

// SHA-256 digests and HMAC-SHA256 (OpenSSL libcrypto) in the forms SigV4 signing needs.
#pragma once

#include <string>
#include <string_view>

namespace weir {

// Stateless; thread-safe.
class Sha256 {
public:
    // The 32-byte digest of `data`.
    static std::string digest(std::string_view data);
    // The digest as 64 lower-case hex characters ("e3b0c442..." for "").
    static std::string hex_digest(std::string_view data);
    // The 32-byte HMAC-SHA256 of `data` under `key`.
    static std::string hmac(std::string_view key, std::string_view data);
    // Lower-case hex of arbitrary bytes.
    static std::string to_hex(std::string_view bytes);
};

}  // namespace weir

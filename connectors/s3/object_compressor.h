// Whole-object gzip or zstd compression for objects written to S3 (and decompression, for reading back).
#pragma once

#include <string>
#include <string_view>

namespace weir {

enum class Compression { None, Gzip, Zstd };

// Stateless; thread-safe. Errors are WeirError(Io) sentences.
class ObjectCompressor {
public:
    // Parses 'none' | 'gzip' | 'zstd' (already validated lower-case).
    static Compression parse(const std::string &name);
    // "" / ".gz" / ".zst": appended to the object name.
    static const char *extension(Compression compression);
    // A complete gzip member (RFC 1952) or zstd frame holding `data`; `data` itself for None.
    static std::string compress(Compression compression, std::string_view data);
    // The inverse of compress(); throws on corrupt input.
    static std::string decompress(Compression compression, std::string_view data);
};

}  // namespace weir

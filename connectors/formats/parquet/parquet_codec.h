// Compression of Parquet pages: none, snappy, gzip or zstd (through libsnappy, zlib and libzstd).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace weir {

// The values are Parquet's CompressionCodec numbers.
enum class ParquetCompression : int32_t { None = 0, Snappy = 1, Gzip = 2, Zstd = 6 };

// Stateless; thread-safe.
class ParquetCodec {
public:
    // 'none' | 'snappy' | 'gzip' | 'zstd' (lower-case, validated by the caller).
    static ParquetCompression parse(const std::string &name);
    // Appends `data` compressed (snappy raw block, gzip member, zstd frame) to `out`.
    static void compress(ParquetCompression codec, std::string_view data, std::string &out);
    // Decompresses into exactly `size` bytes at `out`; corrupt input or another size throws
    // WeirError(Data) "corrupt Parquet page: ...". An unsupported codec number also throws.
    static void decompress(int32_t codec, std::string_view data, char *out, size_t size);
    // A name for messages ("LZ4").
    static std::string name_of(int32_t codec);
};

}  // namespace weir

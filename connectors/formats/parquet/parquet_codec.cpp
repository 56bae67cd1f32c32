// Page compression through libsnappy's C API, zlib (gzip wrapper) and libzstd's one-shot API.
#include "connectors/formats/parquet/parquet_codec.h"

#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#include <cstring>

#include "common/weir_error.h"

namespace weir {
namespace {

constexpr int kZstdLevel = 3;
constexpr int kGzipWindowBits = 15 + 16;       // deflate with a gzip wrapper
constexpr int kGzipOrZlibWindowBits = 15 + 32;  // inflate: either wrapper

[[noreturn]] void corrupt(const std::string &what) { throw WeirError(ErrorKind::Data, "corrupt Parquet page: " + what); }

void gzip(std::string_view data, std::string &out) {
    z_stream stream{};
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw WeirError(ErrorKind::Internal, "cannot start gzip compression");
    }
    size_t start = out.size();
    out.resize(start + deflateBound(&stream, static_cast<uLong>(data.size())));
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(&out[start]);
    stream.avail_out = static_cast<uInt>(out.size() - start);
    int result = deflate(&stream, Z_FINISH);
    out.resize(start + stream.total_out);
    deflateEnd(&stream);
    if (result != Z_STREAM_END) throw WeirError(ErrorKind::Internal, "gzip compression failed");
}

void gunzip(std::string_view data, char *out, size_t size) {
    z_stream stream{};
    if (inflateInit2(&stream, kGzipOrZlibWindowBits) != Z_OK) corrupt("cannot start gzip decompression");
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(out);
    stream.avail_out = static_cast<uInt>(size);
    int result = inflate(&stream, Z_FINISH);
    size_t produced = stream.total_out;
    inflateEnd(&stream);
    if (result != Z_STREAM_END || produced != size) corrupt("gzip data does not decompress to its page size");
}

}  // namespace

ParquetCompression ParquetCodec::parse(const std::string &name) {
    if (name == "snappy") return ParquetCompression::Snappy;
    if (name == "gzip") return ParquetCompression::Gzip;
    if (name == "zstd") return ParquetCompression::Zstd;
    return ParquetCompression::None;
}

std::string ParquetCodec::name_of(int32_t codec) {
    static const char *names[] = {"UNCOMPRESSED", "SNAPPY", "GZIP", "LZO", "BROTLI", "LZ4", "ZSTD", "LZ4_RAW"};
    if (codec >= 0 && codec < 8) return names[codec];
    return "codec " + std::to_string(codec);
}

void ParquetCodec::compress(ParquetCompression codec, std::string_view data, std::string &out) {
    switch (codec) {
    case ParquetCompression::None:
        out.append(data.data(), data.size());
        return;
    case ParquetCompression::Snappy: {
        size_t start = out.size();
        size_t length = snappy_max_compressed_length(data.size());
        out.resize(start + length);
        if (snappy_compress(data.data(), data.size(), &out[start], &length) != SNAPPY_OK) {
            throw WeirError(ErrorKind::Internal, "snappy compression failed");
        }
        out.resize(start + length);
        return;
    }
    case ParquetCompression::Gzip:
        gzip(data, out);
        return;
    case ParquetCompression::Zstd: {
        size_t start = out.size();
        out.resize(start + ZSTD_compressBound(data.size()));
        size_t length = ZSTD_compress(&out[start], out.size() - start, data.data(), data.size(), kZstdLevel);
        if (ZSTD_isError(length)) throw WeirError(ErrorKind::Internal, "zstd compression failed");
        out.resize(start + length);
        return;
    }
    }
}

void ParquetCodec::decompress(int32_t codec, std::string_view data, char *out, size_t size) {
    switch (codec) {
    case static_cast<int32_t>(ParquetCompression::None):
        if (data.size() != size) corrupt("uncompressed page of " + std::to_string(data.size()) + " bytes where " +
                                         std::to_string(size) + " were announced");
        if (size) std::memcpy(out, data.data(), size);
        return;
    case static_cast<int32_t>(ParquetCompression::Snappy): {
        size_t length = 0;
        if (snappy_uncompressed_length(data.data(), data.size(), &length) != SNAPPY_OK || length != size) {
            corrupt("snappy data does not decompress to its page size");
        }
        if (snappy_uncompress(data.data(), data.size(), out, &length) != SNAPPY_OK) corrupt("bad snappy data");
        return;
    }
    case static_cast<int32_t>(ParquetCompression::Gzip):
        gunzip(data, out, size);
        return;
    case static_cast<int32_t>(ParquetCompression::Zstd): {
        size_t length = ZSTD_decompress(out, size, data.data(), data.size());
        if (ZSTD_isError(length) || length != size) corrupt("zstd data does not decompress to its page size");
        return;
    }
    default:
        throw WeirError(ErrorKind::Data, "Parquet compression " + name_of(codec) +
                                             " is not supported (weir reads none, snappy, gzip and zstd)");
    }
}

}  // namespace weir

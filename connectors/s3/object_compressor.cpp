// gzip through zlib's deflate with a gzip wrapper, zstd through libzstd's streaming API.
#include "connectors/s3/object_compressor.h"

#include <zlib.h>
#include <zstd.h>

#include "common/weir_error.h"

namespace weir {
namespace {

constexpr int kGzipWindowBits = 15 + 16;       // deflate window 2^15, gzip wrapper
constexpr int kGzipOrZlibWindowBits = 15 + 32;  // inflate: detect the wrapper
constexpr int kZstdLevel = 3;

std::string gzip(std::string_view data) {
    z_stream stream{};
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw WeirError(ErrorKind::Io, "zlib could not start a gzip stream");
    }
    std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(&out[0]);
    stream.avail_out = static_cast<uInt>(out.size());
    int result = deflate(&stream, Z_FINISH);
    size_t written = stream.total_out;
    deflateEnd(&stream);
    if (result != Z_STREAM_END) throw WeirError(ErrorKind::Io, "zlib could not gzip an object");
    out.resize(written);
    return out;
}

std::string gunzip(std::string_view data) {
    z_stream stream{};
    if (inflateInit2(&stream, kGzipOrZlibWindowBits) != Z_OK) {
        throw WeirError(ErrorKind::Io, "zlib could not start a gunzip stream");
    }
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    std::string out;
    char buffer[65536];
    int result = Z_OK;
    while (result != Z_STREAM_END) {
        stream.next_out = reinterpret_cast<Bytef *>(buffer);
        stream.avail_out = sizeof buffer;
        result = inflate(&stream, Z_NO_FLUSH);
        if (result != Z_OK && result != Z_STREAM_END) {
            inflateEnd(&stream);
            throw WeirError(ErrorKind::Io, "the object is not valid gzip data");
        }
        out.append(buffer, sizeof buffer - stream.avail_out);
        if (result == Z_OK && stream.avail_in == 0 && stream.avail_out != 0) {
            inflateEnd(&stream);
            throw WeirError(ErrorKind::Io, "the gzip object is truncated");
        }
    }
    inflateEnd(&stream);
    return out;
}

std::string zstd_compress(std::string_view data) {
    std::string out(ZSTD_compressBound(data.size()), '\0');
    size_t written = ZSTD_compress(&out[0], out.size(), data.data(), data.size(), kZstdLevel);
    if (ZSTD_isError(written)) {
        throw WeirError(ErrorKind::Io, std::string("zstd could not compress an object: ") + ZSTD_getErrorName(written));
    }
    out.resize(written);
    return out;
}

std::string zstd_decompress(std::string_view data) {
    ZSTD_DStream *stream = ZSTD_createDStream();
    ZSTD_initDStream(stream);
    ZSTD_inBuffer input{data.data(), data.size(), 0};
    std::string out;
    char buffer[65536];
    size_t result = 1;
    while (input.pos < input.size) {
        ZSTD_outBuffer output{buffer, sizeof buffer, 0};
        result = ZSTD_decompressStream(stream, &output, &input);
        if (ZSTD_isError(result)) {
            ZSTD_freeDStream(stream);
            throw WeirError(ErrorKind::Io, "the object is not valid zstd data");
        }
        out.append(buffer, output.pos);
    }
    ZSTD_freeDStream(stream);
    if (result != 0) throw WeirError(ErrorKind::Io, "the zstd object is truncated");
    return out;
}

}  // namespace

Compression ObjectCompressor::parse(const std::string &name) {
    if (name == "gzip") return Compression::Gzip;
    if (name == "zstd") return Compression::Zstd;
    return Compression::None;
}

const char *ObjectCompressor::extension(Compression compression) {
    switch (compression) {
    case Compression::Gzip: return ".gz";
    case Compression::Zstd: return ".zst";
    default: return "";
    }
}

std::string ObjectCompressor::compress(Compression compression, std::string_view data) {
    switch (compression) {
    case Compression::Gzip: return gzip(data);
    case Compression::Zstd: return zstd_compress(data);
    default: return std::string(data);
    }
}

std::string ObjectCompressor::decompress(Compression compression, std::string_view data) {
    switch (compression) {
    case Compression::Gzip: return gunzip(data);
    case Compression::Zstd: return zstd_decompress(data);
    default: return std::string(data);
    }
}

}  // namespace weir

// Decodes the pages of one Parquet column chunk into weir column vectors, a few rows at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/batch.h"
#include "connectors/formats/parquet/parquet_file_metadata.h"
#include "connectors/formats/parquet/rle_hybrid_decoder.h"

namespace weir {

// Reads data pages v1 and v2 and dictionary pages, encodings PLAIN, PLAIN_DICTIONARY / RLE_DICTIONARY
// and (BOOLEAN) RLE, codecs none, snappy, gzip and zstd. Conversions to the target type: INT64/INT32 →
// BIGINT or DOUBLE; DOUBLE/FLOAT → DOUBLE; INT64 with a Timestamp logical type (or TIMESTAMP_MILLIS /
// _MICROS) → TIMESTAMP in microseconds (milliseconds multiplied, nanoseconds divided rounding down);
// INT64 → INTERVAL (microseconds); BYTE_ARRAY → TEXT; BOOLEAN → BOOLEAN. check_type() says which
// conversions exist. Every length and index is checked against the bytes: corrupt input throws
// WeirError(Data) "corrupt Parquet page: ...", never reads out of bounds. Not thread-safe.
class ParquetColumnReader {
public:
    // `chunk` holds the column chunk's bytes (from its first page), `rows` the row group's row count.
    ParquetColumnReader(std::string chunk, const ParquetLeaf &leaf, int32_t codec, TypeId target, int64_t rows);

    // Fills rows [0, count) of `out` (already reset to the target type and at least `count` rows) with
    // the chunk's next `count` rows. Strings are copied into batch.arena(), or (dictionary pages)
    // point into an arena this reader adds to batch.arenas.
    void read(size_t count, ColumnVector &out, Batch &batch);

    // nullopt when a leaf can be read as `target`, else the leaf's type as a user reads it ("INT64").
    static std::optional<std::string> check_type(const ParquetLeaf &leaf, TypeId target);
    // The weir type a leaf reads as by default (for messages and schema inference).
    static TypeId natural_type(const ParquetLeaf &leaf);

private:
    bool load_page();
    void load_dictionary(std::string_view data, int64_t count);
    // Decodes `count` non-NULL values of the current page into the value buffers.
    void decode_values(size_t count);
    std::string_view take_bytes(size_t size);
    [[noreturn]] void corrupt(const std::string &what) const;

    std::string chunk_;
    size_t pos_ = 0;
    ParquetLeaf leaf_;
    int32_t codec_;
    TypeId target_;
    int64_t rows_left_;
    bool optional_;
    int64_t scale_up_ = 1, scale_down_ = 1;  // timestamp unit → microseconds

    // Dictionary.
    bool has_dictionary_ = false;
    std::vector<int64_t> dict_ints_;
    std::vector<double> dict_doubles_;
    std::vector<std::string_view> dict_strings_;
    std::shared_ptr<StringArena> dict_arena_;

    // The current page.
    std::string page_;
    size_t page_left_ = 0;  // rows (level entries) not yet read
    std::unique_ptr<RleHybridDecoder> levels_;
    std::unique_ptr<RleHybridDecoder> indexes_;  // dictionary pages / RLE booleans
    std::string_view values_;                    // PLAIN values not yet read
    size_t bool_bit_ = 0;

    // Scratch buffers of one read() step.
    std::vector<uint32_t> level_buffer_;
    std::vector<uint32_t> index_buffer_;
    std::vector<int64_t> ints_;
    std::vector<double> doubles_;
    std::vector<std::string_view> strings_;
    std::vector<uint8_t> bools_;
    bool strings_in_dictionary_ = false;
};

}  // namespace weir

// Encodes one column of one row group into Parquet pages (dictionary or PLAIN, optional levels, stats).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/column_vector.h"
#include "common/string_arena.h"
#include "connectors/formats/parquet/parquet_writer_options.h"

namespace weir {

// What ParquetWriter puts in the footer's ColumnMetaData for a finished chunk.
struct ParquetChunkInfo {
    int64_t dictionary_offset = -1;  // file offset of the dictionary page, -1 without one
    int64_t data_offset = 0;         // file offset of the first data page
    int64_t num_values = 0;
    int64_t uncompressed_bytes = 0;  // page headers included
    int64_t compressed_bytes = 0;
    std::vector<int32_t> encodings;
    int64_t null_count = 0;
    bool has_min_max = false;
    std::string min, max;            // PLAIN bytes of the smallest / largest value (BYTE_ARRAY without length)
};

// Every column is OPTIONAL (one definition level, bit width 1). Values are dictionary-encoded
// (RLE_DICTIONARY pages, one PLAIN dictionary page per chunk) until the chunk's dictionary exceeds
// options.dictionary_bytes, or holds more than half as many entries as the chunk has values once it
// has 4096 (mostly distinct values); later pages of the chunk are PLAIN. BOOLEAN (and NULL-typed columns,
// written as all-NULL BOOLEAN) is always PLAIN. Statistics: null count, and min/max of the non-NULL
// values (doubles: NaN ignored; TEXT: unsigned byte order). Not thread-safe.
class ParquetColumnWriter {
public:
    ParquetColumnWriter(TypeId type, const ParquetWriterOptions &options);

    // Appends rows `rows[0..count)` of `column` (whose type is the writer's).
    void append(const ColumnVector &column, const uint32_t *rows, size_t count);
    // Bytes encoded so far (pages, dictionary, open page): an estimate of the chunk's size.
    size_t buffered_bytes() const;
    // Writes the chunk's pages at the end of `out` (the file so far) and starts a new chunk.
    ParquetChunkInfo finish(std::string &out);

    // The Parquet physical type of a weir type.
    static int32_t physical_type(TypeId type);

private:
    void append_ints(const ColumnVector &column, const uint32_t *rows, size_t count);
    void append_doubles(const ColumnVector &column, const uint32_t *rows, size_t count);
    void append_strings(const ColumnVector &column, const uint32_t *rows, size_t count);
    void append_bools(const ColumnVector &column, const uint32_t *rows, size_t count);
    size_t page_bytes() const;
    void flush_page();
    void write_page_header(int32_t page_type, size_t uncompressed, size_t compressed, size_t values,
                           int32_t encoding, size_t nulls, size_t levels_bytes, std::string &out) const;
    void add_encoding(int32_t encoding);
    void reset_chunk();

    TypeId type_;
    int32_t physical_;
    ParquetWriterOptions options_;
    bool use_dictionary_;

    // The open page.
    std::vector<uint32_t> levels_;   // 1 = value present, 0 = NULL
    std::vector<uint32_t> indexes_;  // dictionary mode
    std::string plain_;              // PLAIN mode (BOOLEAN: one byte per value until the page is packed)
    size_t page_nulls_ = 0;

    // The chunk.
    std::string pages_;
    std::string dictionary_plain_;
    size_t dictionary_size_ = 0;
    std::unordered_map<int64_t, uint32_t> int_index_;  // doubles by bit pattern
    std::unordered_map<std::string_view, uint32_t> string_index_;
    StringArena arena_;
    ParquetChunkInfo info_;
    bool dictionary_pages_ = false;
    size_t indexed_ = 0;  // values of the chunk's closed pages encoded through the dictionary
    // Statistics.
    bool has_value_ = false;
    int64_t min_int_ = 0, max_int_ = 0;
    double min_double_ = 0, max_double_ = 0;
    std::string min_text_, max_text_;
    std::string scratch_;
};

}  // namespace weir

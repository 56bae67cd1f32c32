// How a ParquetWriter lays out and compresses a file.
#pragma once

#include <cstddef>

#include "connectors/formats/parquet/parquet_codec.h"

namespace weir {

struct ParquetWriterOptions {
    ParquetCompression compression = ParquetCompression::Zstd;
    size_t row_group_rows = 131072;     // rows per row group (the unit of statistics and skipping)
    size_t page_bytes = 1 << 20;        // a data page is closed once its encoded values reach this size
    bool dictionary = true;             // dictionary-encode BIGINT, DOUBLE, TEXT and TIMESTAMP columns
    size_t dictionary_bytes = 1 << 20;  // a column chunk whose dictionary grows past this falls back to PLAIN
    bool data_page_v2 = false;          // write DATA_PAGE_V2 pages instead of v1 (tests of readers)
};

}  // namespace weir

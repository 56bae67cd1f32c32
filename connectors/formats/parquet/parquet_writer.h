// Builds a whole Parquet file in memory from batches of a flat schema.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/batch.h"
#include "common/schema.h"
#include "connectors/formats/parquet/parquet_column_writer.h"
#include "connectors/formats/parquet/parquet_writer_options.h"

namespace weir {

// Type mapping: BOOLEAN → BOOLEAN; BIGINT → INT64; DOUBLE → DOUBLE; TEXT → BYTE_ARRAY (String
// logical type, UTF8 converted type); TIMESTAMP → INT64 (Timestamp logical type, microseconds,
// isAdjustedToUTC = true; TIMESTAMP_MICROS); INTERVAL → INT64 microseconds (no logical type); a
// NULL-typed column → an all-NULL BOOLEAN column. Every column is OPTIONAL. Rows are encoded as they
// arrive (a row group is closed every options.row_group_rows rows), so the memory held is about the
// compressed file plus one row group's open pages. finish() returns the file (PAR1, row groups, footer
// with statistics and column orders, footer length, PAR1) and empties the writer for the next file.
class ParquetWriter {
public:
    ParquetWriter(Schema schema, ParquetWriterOptions options);

    // Appends rows `rows[0..count)` (physical indexes) of `batch`, whose columns follow the schema.
    void append(const Batch &batch, const uint32_t *rows, size_t count);
    // Appends the live rows of `batch`.
    void append(const Batch &batch);
    // Rows appended since the last finish().
    int64_t rows() const { return total_rows_; }
    // About the size the file would have now.
    size_t estimated_bytes() const;
    std::string finish();

private:
    struct RowGroup {
        int64_t rows = 0;
        int64_t offset = 0;
        std::vector<ParquetChunkInfo> chunks;
    };
    void close_row_group();
    void write_footer();

    Schema schema_;
    ParquetWriterOptions options_;
    std::vector<std::unique_ptr<ParquetColumnWriter>> columns_;
    std::string out_;
    std::vector<RowGroup> row_groups_;
    int64_t group_rows_ = 0;
    int64_t total_rows_ = 0;
    std::vector<uint32_t> live_;
};

}  // namespace weir

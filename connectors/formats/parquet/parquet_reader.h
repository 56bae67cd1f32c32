// Reads the rows of a Parquet file (flat schema) as batches of chosen columns, row group by row group.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/batch.h"
#include "common/schema.h"
#include "connectors/formats/parquet/parquet_column_reader.h"
#include "connectors/formats/parquet/parquet_file_metadata.h"

namespace weir {

// Usage: open() (reads and checks the footer), select(columns), then next() until it returns false.
// Only the selected columns' chunks are read (`read_range` is called once per column chunk of a row
// group, and twice for the footer). Columns are matched by name case-insensitively; a missing column or
// one whose type does not convert (ParquetColumnReader::check_type) is a WeirError(Bind) sentence
// naming the file. Row groups for which skip_row_group (when set) returns true are not read at all.
// Corrupt bytes throw WeirError(Data) "<name>: corrupt Parquet ...". Not thread-safe.
class ParquetReader {
public:
    // Returns `size` bytes from `offset` (the caller guarantees offset + size <= file size).
    using ReadRange = std::function<std::string(uint64_t offset, size_t size)>;

    ParquetReader(std::string name, uint64_t file_size, ReadRange read_range);

    void open();
    const ParquetFileMetadata &metadata() const { return metadata_; }
    void select(const Schema &columns);
    // Called with each row group's metadata and the indexes of the selected columns' leaves.
    std::function<bool(const ParquetRowGroupMeta &, const std::vector<size_t> &)> skip_row_group;

    // Replaces `out` with up to `max_rows` next rows; false when the file has no more.
    bool next(Batch &out, size_t max_rows);
    // Skips the file's first `rows` rows (whole row groups are not decoded).
    void skip_rows(int64_t rows);
    // Rows of the file before the next row next() returns (skipped row groups included).
    int64_t row() const { return row_; }

private:
    bool start_row_group();
    [[noreturn]] void rethrow(const std::exception &error) const;

    std::string name_;
    uint64_t file_size_;
    ReadRange read_range_;
    ParquetFileMetadata metadata_;
    Schema columns_;
    std::vector<size_t> leaf_of_;  // selected column → leaf index
    size_t next_group_ = 0;
    int64_t group_left_ = 0;
    int64_t row_ = 0;
    std::vector<std::unique_ptr<ParquetColumnReader>> readers_;
};

}  // namespace weir

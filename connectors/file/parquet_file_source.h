// Source connector 'file' with format = 'parquet': the rows of Parquet files named by a path or glob.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connectors/file/file_position.h"
#include "connectors/formats/bad_record_reporter.h"
#include "connectors/formats/parquet/parquet_reader.h"
#include "connectors/source.h"
#include "connectors/source_options.h"

namespace weir {

// Bounded (follow is refused). Reads the matched files in byte-wise order, each with a ParquetReader
// over pread(2): only the columns the query uses (SourceSpec::projection) are read and decoded,
// batch_size rows per poll. A row whose event-time value is NULL is malformed ("<path>:row <n>",
// n counted from 1). A file that is not Parquet, is corrupt, lacks a column or holds it in a type
// that does not convert stops the job with one sentence naming the file. Row groups are not skipped
// by statistics: the source is not given the query's WHERE (README "The lake").
// Checkpoints: position() is a FilePosition whose offset is the number of rows of `file` already
// returned; restore_position() skips the files before it and those rows (whole row groups unread).
class ParquetFileSource : public Source {
public:
    explicit ParquetFileSource(SourceSpec spec);
    // Reads `files` (in this order) instead of the files option `path` names: the active files of a
    // Delta table (connector 'delta'). An empty list is an empty, ended source.
    ParquetFileSource(SourceSpec spec, std::vector<std::string> files);
    ~ParquetFileSource() override;

    void open() override;
    PollResult poll(Batch &out) override;
    void wait_for_data(int /*timeout_ms*/) override {}
    void close() override;

    std::optional<std::string> position() const override;
    void restore_position(const std::string &position) override;

private:
    bool open_next_file();
    void close_file();

    SourceSpec spec_;
    SourceOptions options_;
    BadRecordReporter reporter_;
    Schema output_;
    std::vector<std::string> files_;
    bool listed_ = false;  // files_ came from the constructor
    size_t next_file_ = 0;
    int fd_ = -1;
    std::string current_path_;
    std::unique_ptr<ParquetReader> reader_;
    int64_t returned_ = 0;  // rows of the current file returned (or skipped as malformed)
    bool ended_ = false;
    std::optional<FilePosition> restored_;
    std::vector<uint32_t> selection_;
};

}  // namespace weir

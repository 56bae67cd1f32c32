// Source connector 's3' (alias 'minio'): the objects under a prefix of a bucket, as JSON lines, CSV or Parquet.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connectors/file/file_position.h"
#include "connectors/formats/bad_record_reporter.h"
#include "connectors/formats/csv_decoder.h"
#include "connectors/formats/json_line_decoder.h"
#include "connectors/formats/parquet/parquet_reader.h"
#include "connectors/option_reader.h"
#include "connectors/s3/s3_client.h"
#include "connectors/source.h"
#include "connectors/source_options.h"

namespace weir {

// Options: endpoint, bucket, region, access_key, secret_key, path_style as for the s3 sink; prefix (a
// folder, default the whole bucket); glob (fnmatch(3) pattern the key after the prefix must match,
// e.g. '*.parquet' or 'city=*/*.json'; '*' also crosses '/'; default every object); format 'json'
// (default) | 'csv' (every object starts with a header) | 'parquet'; delimiter (CSV). Bounded: the keys
// are listed once at open() and read in key order, each object fetched whole (GET); objects ending
// .gz / .zst are decompressed (json, csv). Folder names such as city=Warsaw are not turned into columns.
// Malformed records are positioned "s3://bucket/key:line" (Parquet: ":row n").
// Checkpoints: position() is a FilePosition of the object key and the byte offset (Parquet: rows) of
// the first record not yet returned; restore_position() skips the keys sorting before it and that much
// of its object (which must still be listed).
class S3Source : public Source {
public:
    explicit S3Source(SourceSpec spec);
    ~S3Source() override;

    static const std::vector<std::string> &option_names();
    static void validate(const OptionReader &options);

    void open() override;
    PollResult poll(Batch &out) override;
    void wait_for_data(int /*timeout_ms*/) override {}
    void close() override;

    std::optional<std::string> position() const override;
    void restore_position(const std::string &position) override;

private:
    bool open_next_object();
    std::string where(uint64_t line) const;
    PollResult poll_text(Batch &out);
    PollResult poll_parquet(Batch &out);

    SourceSpec spec_;
    SourceOptions options_;
    BadRecordReporter reporter_;
    S3ClientConfig config_;
    std::unique_ptr<S3Client> client_;
    std::string prefix_;
    std::string glob_;
    char delimiter_ = ',';
    Schema output_;
    std::unique_ptr<JsonLineDecoder> json_;
    std::unique_ptr<CsvDecoder> csv_;

    std::vector<std::string> keys_;
    size_t next_key_ = 0;
    std::string key_;
    std::shared_ptr<std::string> body_;
    size_t offset_ = 0;     // text: byte offset of the next record
    uint64_t line_ = 1;     // text: its line number
    std::unique_ptr<ParquetReader> parquet_;
    int64_t rows_ = 0;      // parquet: rows of the object returned
    bool ended_ = false;
    std::optional<FilePosition> restored_;
    std::vector<uint32_t> selection_;
    std::string reason_;
};

}  // namespace weir

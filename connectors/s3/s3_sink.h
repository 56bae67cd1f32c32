// Sink connector 's3' (alias 'minio'): rows as whole JSON-lines or CSV objects, Hive-partitioned, in a bucket.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "connectors/formats/csv_encoder.h"
#include "connectors/formats/json_line_encoder.h"
#include "connectors/formats/parquet/parquet_writer.h"
#include "connectors/option_reader.h"
#include "connectors/partitioning/hive_partitioner.h"
#include "connectors/s3/object_compressor.h"
#include "connectors/s3/s3_object_name.h"
#include "connectors/s3/s3_client.h"
#include "connectors/sink.h"

namespace weir {

// Options: endpoint (required, scheme://host[:port]), bucket (required; it must exist), prefix
// (folder inside the bucket, default none), region (default us-east-1), access_key and secret_key
// (default: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from the environment; one of the two is
// required), format 'json' (default) | 'csv' (every object starts with a header) | 'parquet' (one
// Parquet file per object; compression, row_group_rows, page_size, dictionary as ParquetSinkOptions;
// roll_bytes counts encoded bytes), partition_by and
// time_column (HivePartitioner: 'city, year, month, day, hour'), roll_rows (0 = no limit, default),
// roll_bytes (uncompressed, default 64 MiB), roll_interval (0 = off, default), path_style 'true'
// (default; 'false' = virtual-host addressing bucket.host), compression 'none' | 'gzip' | 'zstd'.
//
// Rows are buffered in memory per partition folder; an object is uploaded whole (one PUT, multipart
// above 16 MiB) when its folder reaches roll_rows or roll_bytes, when roll_interval has passed since its
// first row (checked on every write() and flush(), so also while the input is idle), at a checkpoint,
// and — without checkpoints — for every non-empty folder at close(). Never because the input is idle:
// flush() (the driver calls it whenever its input is idle) uploads only folders whose roll_interval has
// passed. Nothing is visible before its upload completes. Object keys are deterministic:
// <prefix>/<folders><job>-<k>-<n>.<json|csv>[.gz|.zst] where k is the checkpoint number and n counts
// the objects of that folder within k (from 0), so a replay of checkpoint k overwrites the same keys
// instead of adding new ones (S3ObjectName). Without checkpoints k is 0 for the whole run (a rerun of
// the same bounded job rewrites the same keys); set_checkpoint() sets it. Insert and Upsert rows are
// appended; Delete rows are not written (objects are immutable). After a failed upload close() uploads
// nothing more.
//
// Checkpoints (Sink contract; guarantee Idempotent). After enable_checkpoints() the first objects
// belong to checkpoint 1; objects are uploaded only when a folder reaches roll_rows, roll_bytes or
// roll_interval, named with the checkpoint in progress, and at prepare_checkpoint(k), which uploads
// every non-empty folder under k; later objects belong to k + 1 (n from 0). close()
// drops the rows not yet uploaded (the driver takes a checkpoint before a graceful close; after a
// failure the restarted job replays them). restore_checkpoint(k) lists every object under the prefix
// (all folders), deletes this job's objects of checkpoints > k — objects written after the
// checkpoint the job resumes from, which the replay writes again — and numbers new objects from
// k + 1. Other jobs' objects are never touched, even when their name starts with this job's.
// Objects of k uploaded before a crash in the middle of checkpoint k are deleted by the restart
// (it resumes from k - 1) and written again by the replay.
class S3Sink : public Sink {
public:
    explicit S3Sink(SinkSpec spec);
    ~S3Sink() override;

    static const std::vector<std::string> &option_names();
    // Option checks at CREATE SINK time (also that credentials are available).
    static void validate(const OptionReader &options);
    // The endpoint, bucket, region, path_style and credential options, shared with S3Source: checks and
    // the client configuration they give (`context` names the user, e.g. "source `lake`").
    static void validate_connection(const OptionReader &options);
    static S3ClientConfig client_config_of(const OptionReader &options, const std::string &context);
    // `prefix` without slashes at either end.
    static std::string trimmed_prefix(const std::string &prefix);

    void open() override;
    void write(const Batch &batch, ChangeKind kind) override;
    void flush() override;
    void close() override;

    SinkGuarantee guarantee() const override { return SinkGuarantee::Idempotent; }
    void enable_checkpoints() override;
    void prepare_checkpoint(int64_t k) override;
    void restore_checkpoint(int64_t k) override;

    // Objects uploaded from now on belong to checkpoint `k` (their n restarts at 0).
    void set_checkpoint(int64_t k);
    int64_t checkpoint() const { return checkpoint_; }
    // The key of object n of `folder` ("city=Warsaw/" or "") in checkpoint k.
    std::string object_key(const std::string &folder, int64_t k, int64_t n) const;

private:
    struct Pending {
        std::string text;
        std::unique_ptr<ParquetWriter> parquet;  // format 'parquet': the object's rows, encoded
        size_t rows = 0;
        int64_t next_n = 0;
        std::chrono::steady_clock::time_point first_row;
    };
    // Appends rows[begin..] until the object is full; returns the index of the first row not appended.
    size_t append_rows(Pending &pending, const Batch &batch, const std::vector<uint32_t> &rows, size_t begin);
    void roll_if_due(const std::string &folder, Pending &pending);
    // roll_if_due() for every folder (roll_interval may have passed for folders that got no rows).
    void roll_due_folders();
    void upload(const std::string &folder, Pending &pending);
    // ".json", ".csv.gz", ...
    std::string extension() const;

    SinkSpec spec_;
    S3ClientConfig client_config_;
    std::unique_ptr<S3Client> client_;
    std::string prefix_;  // without slashes at either end
    std::string job_;     // escaped for a key
    bool csv_ = false;
    bool parquet_ = false;
    ParquetWriterOptions parquet_options_;
    Compression compression_ = Compression::None;
    int64_t roll_rows_ = 0;
    int64_t roll_bytes_ = 0;
    std::chrono::microseconds roll_interval_{0};
    std::unique_ptr<HivePartitioner> partitioner_;
    JsonLineEncoder json_;
    CsvEncoder csv_encoder_;
    std::map<std::string, Pending> pending_;
    int64_t checkpoint_ = 0;
    bool failed_ = false;
    bool checkpoints_ = false;
};

}  // namespace weir

// Sink connector 'file' with format = 'parquet': whole Parquet files in a folder, one per roll.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connectors/formats/parquet/parquet_writer.h"
#include "connectors/option_reader.h"
#include "connectors/partitioning/hive_partitioner.h"
#include "connectors/sink.h"

namespace weir {

// `path` is a folder (created when missing). Rows are encoded as they arrive, per partition folder
// (partition_by, time_column as for the other formats), and a file is written whole — to
// `<name>.tmp`, then renamed, so a reader never sees half a file — when its folder reaches roll_rows
// (default 0: no limit) or roll_bytes (default 64 MiB of encoded data), at every checkpoint, and
// without checkpoints at close(). Files are named `<folder><job>-<k>-<n>.parquet`: k is the
// checkpoint the rows belong to (0 without checkpoints), n counts the files of a folder within k.
// Without checkpoints n starts after the highest n already in the folder for (job, 0), so a rerun
// adds files (mode 'append', the default) — mode 'overwrite' first deletes the job's files.
// Checkpoints (guarantee Idempotent): prepare_checkpoint(k) writes every folder's rows under k;
// restore_checkpoint(k) deletes this job's files of checkpoints > k in every folder (a replay writes
// them again), and with 'overwrite' and k = 0 all of the job's files. Delete rows are not written.
class ParquetFileSink : public Sink {
public:
    explicit ParquetFileSink(SinkSpec spec);
    ~ParquetFileSink() override;

    static const std::vector<std::string> &option_names();
    static void validate(const OptionReader &options);

    void open() override;
    void write(const Batch &batch, ChangeKind kind) override;
    void close() override;

    SinkGuarantee guarantee() const override { return SinkGuarantee::Idempotent; }
    void enable_checkpoints() override;
    void prepare_checkpoint(int64_t k) override;
    void restore_checkpoint(int64_t k) override;

    // (k, n) of a file name `<job>-<k>-<n>.parquet` of job `job`; nullopt for other names.
    static std::optional<std::pair<int64_t, int64_t>> parse_name(const std::string &name, const std::string &job);

private:
    struct Pending {
        std::unique_ptr<ParquetWriter> writer;
        int64_t next_n = 0;
        bool numbered = false;  // next_n was set from the folder's existing files
    };
    Pending &pending_for(const std::string &folder);
    void roll(const std::string &folder, Pending &pending);
    // Deletes this job's files with checkpoint > k (every checkpoint when k < 0).
    void delete_files_after(int64_t k);

    SinkSpec spec_;
    std::string path_;
    std::string job_;
    bool overwrite_ = false;
    bool checkpoints_ = false;
    int64_t checkpoint_ = 0;
    int64_t roll_rows_ = 0;
    int64_t roll_bytes_ = 0;
    ParquetWriterOptions writer_options_;
    std::unique_ptr<HivePartitioner> partitioner_;
    std::map<std::string, Pending> pending_;
    std::vector<uint32_t> rows_;
};

}  // namespace weir

// Sink connector 'delta': a Delta Lake table in a local folder — Parquet data files and a JSON commit log.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connectors/delta/delta_log.h"
#include "connectors/formats/parquet/parquet_writer.h"
#include "connectors/option_reader.h"
#include "connectors/sink.h"

namespace weir {

// Options: path (the table's folder, created when missing), roll_rows (default 0: no limit), roll_bytes
// (default 64 MiB of encoded data), and the Parquet options (compression, row_group_rows, page_size,
// dictionary). Rows are encoded into Parquet data files `part-<job>-<k>-<n>-<random>.parquet` in the
// table's folder, written whole when they reach roll_rows / roll_bytes and at every checkpoint; they
// become part of the table only when a commit names them: version 0 carries protocol (reader 1, writer
// 2) and metaData (the schema: string, long, double, boolean, timestamp; no partition columns), every
// commit one add action per file (size, modificationTime, dataChange, stats with numRecords).
// Without checkpoints one commit at close(). With checkpoints (guarantee Transactional): the files of
// checkpoint k are committed by commit_checkpoint(k) as one version with a txn action (appId = the job
// name, version = k), so committed_checkpoint() is that txn's version from the log and a restarted job
// resumes exactly there; files written after it and never committed are orphans no reader sees (remove
// them with Delta's VACUUM). A version is created with put-if-absent (link(2)); when another writer took
// it, the commit goes to the next free version. reset_job() commits a txn of version 0.
// Delete rows are not written.
class DeltaSink : public Sink {
public:
    explicit DeltaSink(SinkSpec spec);
    ~DeltaSink() override;

    static const std::vector<std::string> &option_names();
    static void validate(const OptionReader &options);

    void open() override;
    void write(const Batch &batch, ChangeKind kind) override;
    void close() override;

    SinkGuarantee guarantee() const override { return SinkGuarantee::Transactional; }
    void enable_checkpoints() override { checkpoints_ = true; }
    void prepare_checkpoint(int64_t k) override;
    void commit_checkpoint(int64_t k, const std::string &positions) override;
    std::optional<int64_t> committed_checkpoint() override;
    void restore_checkpoint(int64_t k) override;
    void reset_job() override;

    // The table schema as Delta's schemaString JSON.
    static std::string schema_string(const Schema &schema);

private:
    struct DataFile {
        std::string name;
        int64_t size = 0;
        int64_t rows = 0;
    };
    void roll();
    // Commits the pending files (and a txn of `k` when set) as the next free version.
    void commit(std::optional<int64_t> k);

    SinkSpec spec_;
    std::string path_;
    std::string job_;
    bool checkpoints_ = false;
    int64_t checkpoint_ = 0;
    int64_t next_n_ = 0;
    int64_t roll_rows_ = 0;
    int64_t roll_bytes_ = 0;
    ParquetWriterOptions writer_options_;
    std::unique_ptr<ParquetWriter> writer_;
    std::unique_ptr<DeltaLog> log_;
    std::vector<DataFile> pending_;
    std::vector<uint32_t> rows_;
};

}  // namespace weir

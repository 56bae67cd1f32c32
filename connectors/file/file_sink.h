// Sink connector 'file': JSON lines or CSV into one file, or into Hive-partitioned folders.
#pragma once

#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "connectors/formats/csv_encoder.h"
#include "connectors/formats/json_line_encoder.h"
#include "connectors/option_reader.h"
#include "connectors/partitioning/hive_partitioner.h"
#include "connectors/sink.h"

namespace weir {

// Options: path (required), format 'json' (default) | 'csv' (a header starts every new file) | 'parquet'
// (ParquetFileSink, made by the registry instead of this class),
// mode 'append' (default: rows are added to what the file holds; a run never deletes rows an
// earlier run wrote) | 'overwrite' (the single file is emptied when a job starts afresh: without a
// state directory at open(), with one at restore_checkpoint(0)), partition_by (then path is a
// directory and rows go to <path>/<Hive folders>/part-<n>.<ext>, n being the first number not yet
// used in that folder when this sink first writes there), time_column (see HivePartitioner).
// Insert and Upsert rows are appended; Delete rows are not written (files are append-only).
// flush() flushes every open file; at most 64 files stay open (older ones are closed and reopened).
//
// Checkpoints (guarantee Idempotent for a single file): open() never truncates; prepare_checkpoint(k)
// flushes and fsyncs, and checkpoint_data() records every file's path and length. A job resuming from
// k (restore_checkpoint_data, then restore_checkpoint(k > 0)) cuts each recorded file back to its
// recorded length — the rows after it are written again by the replay, so the file holds every row
// once — and partitioned folders continue in their recorded part files. Part files a crashed run
// created after k are not known to k and stay (partitioned output is at least once). Without recorded
// data (a checkpoint of an older weir) nothing is cut: rows are only appended.
class FileSink : public Sink {
public:
    explicit FileSink(SinkSpec spec);
    ~FileSink() override;

    static const std::vector<std::string> &option_names();
    static void validate(const OptionReader &options);
    // format = 'parquet': the registry makes a ParquetFileSink instead.
    static bool is_parquet(const OptionReader &options);

    void open() override;
    void write(const Batch &batch, ChangeKind kind) override;
    void flush() override;
    void close() override;

    SinkGuarantee guarantee() const override;
    void enable_checkpoints() override { checkpoints_ = true; }
    void prepare_checkpoint(int64_t k) override;
    std::string checkpoint_data() override;
    void restore_checkpoint_data(const std::string &data) override;
    void restore_checkpoint(int64_t k) override;

private:
    struct OpenFile {
        std::string path;
        FILE *file = nullptr;
        bool needs_header = false;
    };
    OpenFile &file_for_folder(const std::string &folder);
    void open_file(OpenFile &target, bool truncate);
    void write_text(OpenFile &target, const std::string &text);
    void close_all();
    // Cuts `target` (open or not) back to `length` bytes when it is longer; never extends it.
    void cut_to(OpenFile &target, int64_t length);
    // The current length of `target` (its buffered bytes flushed).
    int64_t length_of(OpenFile &target);

    SinkSpec spec_;
    std::string path_;
    bool csv_ = false;
    bool overwrite_ = false;
    bool checkpoints_ = false;
    struct Recorded {
        std::string folder;  // "" for the single file
        std::string path;
        int64_t length = 0;
    };
    std::vector<Recorded> recorded_;  // from restore_checkpoint_data()
    std::unique_ptr<HivePartitioner> partitioner_;
    JsonLineEncoder json_;
    CsvEncoder csv_encoder_;
    OpenFile single_;
    std::map<std::string, OpenFile> folders_;
    size_t open_count_ = 0;
    std::string text_;
};

}  // namespace weir

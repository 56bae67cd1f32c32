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

// Options: path (required), format 'json' (default) | 'csv' (a header starts every new file),
// mode 'overwrite' (default: a single file is truncated at open) | 'append', partition_by (then path
// is a directory and rows go to <path>/<Hive folders>/part-<n>.<ext>, n being the first number not
// yet used in that folder when this sink first writes there), time_column (see HivePartitioner).
// Insert and Upsert rows are appended; Delete rows are not written (files are append-only).
// flush() flushes every open file; at most 64 files stay open (older ones are closed and reopened).
class FileSink : public Sink {
public:
    explicit FileSink(SinkSpec spec);
    ~FileSink() override;

    static const std::vector<std::string> &option_names();
    static void validate(const OptionReader &options);

    void open() override;
    void write(const Batch &batch, ChangeKind kind) override;
    void flush() override;
    void close() override;

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

    SinkSpec spec_;
    std::string path_;
    bool csv_ = false;
    bool append_ = false;
    std::unique_ptr<HivePartitioner> partitioner_;
    JsonLineEncoder json_;
    CsvEncoder csv_encoder_;
    OpenFile single_;
    std::map<std::string, OpenFile> folders_;
    size_t open_count_ = 0;
    std::string text_;
};

}  // namespace weir

// Source connector 'file': JSON-lines or CSV files named by a path or a glob, optionally tailed.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/file/file_position.h"
#include "connectors/formats/bad_record_reporter.h"
#include "connectors/formats/csv_decoder.h"
#include "connectors/formats/json_line_decoder.h"
#include "connectors/option_reader.h"
#include "connectors/source.h"
#include "connectors/source_options.h"

namespace weir {

// Options (besides SourceOptions): path (required; a file or a glob(3) pattern, relative to the
// working directory, matches read in byte-wise sorted order), follow ('true' tails the last file like
// tail -f; default 'false' = bounded), delimiter (CSV, one character, default ','). Reads in large
// blocks, splits records at newlines (CSV: newlines outside quotes), skips blank lines, and decodes up
// to batch_size rows per poll (JSON: the read buffer goes to JsonLineDecoder::decode_in_block, which
// parses runs of whole lines at once). Bad records are positioned "path:line" (1-based line of the
// record's start). With follow, an incomplete last line waits for its newline.
// Checkpoints: position() is a FilePosition text: the exact byte offset of the first record not yet
// returned (records after the last returned row that were skipped as blank, header or malformed count
// as consumed). restore_position() makes open() skip the matches sorting before the named file, read
// a CSV header from that file's start, and seek to the offset; the named file must still exist and be
// matched by `path`, and be at least that long (else WeirError(Data)).
class FileSource : public Source {
public:
    explicit FileSource(SourceSpec spec);
    ~FileSource() override;

    // Connector-specific option names (sorted).
    static const std::vector<std::string> &option_names();
    // Checks option values without touching the file system.
    static void validate(const OptionReader &options);
    static bool is_bounded(const OptionReader &options) { return !options.boolean("follow", false); }

    void open() override;
    PollResult poll(Batch &out) override;
    void wait_for_data(int timeout_ms) override;
    void close() override;

    std::optional<std::string> position() const override;
    void restore_position(const std::string &position) override;

private:
    enum class Next { Record, Idle, End };
    Next next_record(std::string_view &record, uint64_t &line);
    bool open_next_file();
    void read_more();
    void close_file();
    // open(): makes files_[next_file_..] start at the restored position (see the class comment).
    void seek_to_restored();
    void read_csv_header_before(uint64_t offset);

    SourceSpec spec_;
    SourceOptions options_;
    bool follow_ = false;
    char delimiter_ = ',';
    std::unique_ptr<JsonLineDecoder> json_;
    std::unique_ptr<CsvDecoder> csv_;
    BadRecordReporter reporter_;

    std::vector<std::string> files_;
    size_t next_file_ = 0;
    int fd_ = -1;
    std::string current_path_;
    std::string buffer_;
    uint64_t buffer_offset_ = 0;  // file offset of buffer_[0]
    size_t begin_ = 0;
    bool eof_ = false;
    uint64_t line_ = 1;
    bool ended_ = false;
    std::string reason_;
    bool opened_ = false;
    std::optional<FilePosition> restored_;
};

}  // namespace weir

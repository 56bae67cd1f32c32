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
#include "connectors/formats/csv_record_scanner.h"
#include "connectors/formats/json_line_decoder.h"
#include "connectors/option_reader.h"
#include "connectors/source.h"
#include "connectors/source_options.h"

namespace weir {

// Options (besides SourceOptions): path (required; a file or a glob(3) pattern, relative to the
// working directory, matches read in byte-wise sorted order), follow ('true' tails the last file like
// tail -F; default 'false' = bounded), delimiter (CSV, one character, default ','), max_record_size
// (bytes, default 64 MiB). Reads in large blocks, splits records at newlines (CSV: newlines outside
// quoted fields, CsvRecordScanner), skips blank lines and a UTF-8 BOM at a file's start, and decodes
// up to batch_size rows per poll (JSON: the read buffer goes to JsonLineDecoder::decode_in_block, which
// parses runs of whole lines at once). Bad records are positioned "path:line" (1-based line of the
// record's start). A record longer than max_record_size, and a CSV record whose quoted field is still
// open at the end of the file, is one malformed record: reading resumes after the first newline that
// follows its start (the next line), and a line longer than the limit is skipped without being held
// in memory. A poll reads at most kPollReadBudget bytes, so it returns after bounded work even on an
// endless line (/dev/zero); it then returns Idle and wait_for_data() returns at once.
// With follow, an incomplete last line waits for its newline, and at the end of the file the source
// checks, as tail -F does, whether the path now names another file (rotation by rename: the old file
// is read to its end, then the new one from its start, CSV with its own header) or the file became
// shorter than what was read (copytruncate: read again from the start, CSV keeping the header); each
// is said once through SourceSpec::notice.
// Checkpoints: position() is a FilePosition text: the exact byte offset of the first record not yet
// returned (records after the last returned row that were skipped as blank, header or malformed count
// as consumed; while a too-long line is being skipped, its start). restore_position() makes open() skip
// the matches sorting before the named file, read a CSV header from that file's start, and seek to the
// offset; the named file must still exist and be matched by `path`, and be at least that long (else
// WeirError(Data)).
class FileSource : public Source {
public:
    explicit FileSource(SourceSpec spec);
    ~FileSource() override;

    // Connector-specific option names (sorted).
    static const std::vector<std::string> &option_names();
    // Checks option values without touching the file system.
    static void validate(const OptionReader &options);
    static bool is_bounded(const OptionReader &options) { return !options.boolean("follow", false); }
    // The files `pattern` names: itself (it must exist), or a glob's matches in byte-wise order (at
    // least one); else WeirError(Io) naming `source`.
    static std::vector<std::string> matching_files(const std::string &pattern, const std::string &source);

    void open() override;
    PollResult poll(Batch &out) override;
    void wait_for_data(int timeout_ms) override;
    void close() override;

    std::optional<std::string> position() const override;
    void restore_position(const std::string &position) override;

    static constexpr int64_t kDefaultMaxRecordSize = int64_t(64) << 20;
    static constexpr size_t kPollReadBudget = size_t(16) << 20;

private:
    // Busy: the poll's read budget is spent before a record was found.
    enum class Next { Record, Idle, Busy, End };
    Next next_record(std::string_view &record, uint64_t &line);
    // The end of the record at the start of `rest` as CsvRecordScanner::find_end (JSON: the first
    // newline); both resume where the previous call for the same record stopped.
    size_t find_record_end(std::string_view rest);
    void start_next_record();
    // Reports the record at the start of `rest` as malformed and moves to the line after its first line
    // (when that line is not buffered yet, the rest of it is skipped as it is read).
    void skip_bad_record(std::string_view rest, const std::string &reason);
    // Follow mode at the end of the last file: true when the path was replaced (the old file is then
    // finished) or the file was truncated (reading starts again at its beginning).
    bool file_rotated();
    void skip_bom();
    bool open_next_file();
    // Opens `path` as the current file (its start); false with errno set when it cannot be opened.
    bool open_file(const std::string &path);
    // Forgets what was buffered and read of the current file: the next read starts at its byte 0.
    void read_from_start();
    void read_more();
    void close_file();
    void notice(const std::string &message) const;
    // open(): makes files_[next_file_..] start at the restored position (see the class comment).
    void seek_to_restored();
    void read_csv_header_before(uint64_t offset);

    SourceSpec spec_;
    SourceOptions options_;
    bool follow_ = false;
    char delimiter_ = ',';
    size_t max_record_size_ = kDefaultMaxRecordSize;
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
    CsvRecordScanner scanner_{','};
    size_t scanned_ = 0;        // JSON: bytes of the current record already searched for its newline
    bool bom_checked_ = false;  // the file's first bytes were checked for a UTF-8 BOM
    bool skipping_ = false;     // dropping the rest of a too-long line
    uint64_t skip_offset_ = 0;  // the start of that line and its number (position() while skipping)
    uint64_t skip_line_ = 1;
    bool replaced_ = false;  // follow: the path names a new file; the old one is read to its end first
    size_t read_in_poll_ = 0;
    bool busy_ = false;  // the last poll stopped at its read budget: more can be read at once
    bool ended_ = false;
    std::string reason_;
    bool opened_ = false;
    std::optional<FilePosition> restored_;
};

}  // namespace weir

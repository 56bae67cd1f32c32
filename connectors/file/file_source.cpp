// Reading, record splitting and decoding of the file source.
#include "connectors/file/file_source.h"

#include <fcntl.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "common/weir_error.h"

namespace weir {
namespace {

constexpr size_t kReadBlock = 1 << 20;
constexpr int64_t kMaxRecordSizeLimit = int64_t(1) << 30;

Schema projected(const SourceSpec &spec) {
    Schema schema;
    for (size_t index : spec.projection) schema.add(spec.declared[index].name, spec.declared[index].type);
    return schema;
}

bool is_blank(std::string_view record) {
    for (char c : record) {
        if (c != ' ' && c != '\t' && c != '\r') return false;
    }
    return true;
}

}  // namespace

FileSource::FileSource(SourceSpec spec)
    : spec_(std::move(spec)), options_(SourceOptions::from_spec(spec_, true)),
      reporter_(options_.fail_on_error, spec_.on_bad_record) {
    OptionReader reader(spec_.connector, spec_.options);
    validate(reader);
    follow_ = reader.boolean("follow", false);
    delimiter_ = reader.text("delimiter", ",")[0];
    scanner_ = CsvRecordScanner(delimiter_);
    max_record_size_ =
        static_cast<size_t>(reader.integer("max_record_size", kDefaultMaxRecordSize, 1, kMaxRecordSizeLimit));
    Schema output = projected(spec_);
    if (options_.format == RecordFormat::Csv) {
        csv_ = std::make_unique<CsvDecoder>(output, options_.timestamp_format, spec_.event_time, delimiter_);
    } else {
        json_ = std::make_unique<JsonLineDecoder>(output, options_.timestamp_format, spec_.event_time);
    }
}

FileSource::~FileSource() { close_file(); }

const std::vector<std::string> &FileSource::option_names() {
    static const std::vector<std::string> names = {"delimiter", "follow", "max_record_size", "path"};
    return names;
}

void FileSource::validate(const OptionReader &options) {
    options.required("path");
    options.boolean("follow", false);
    options.integer("max_record_size", kDefaultMaxRecordSize, 1, kMaxRecordSizeLimit);
    if (options.text("delimiter", ",").size() != 1) {
        throw WeirError(ErrorKind::Bind, "delimiter must be one character, got '" + options.text("delimiter") + "'");
    }
}

std::vector<std::string> FileSource::matching_files(const std::string &pattern, const std::string &source) {
    std::vector<std::string> files;
    bool is_glob = pattern.find_first_of("*?[") != std::string::npos;
    if (!is_glob) {
        struct stat info;
        if (::stat(pattern.c_str(), &info) != 0) {
            throw WeirError(ErrorKind::Io, "cannot open file for source `" + source + "`: " +
                                               std::strerror(errno) + ": " + pattern);
        }
        files.push_back(pattern);
    } else {
        glob_t matches;
        std::memset(&matches, 0, sizeof matches);
        int status = ::glob(pattern.c_str(), 0, nullptr, &matches);
        if (status == 0) {
            for (size_t i = 0; i < matches.gl_pathc; i++) files.emplace_back(matches.gl_pathv[i]);
        }
        ::globfree(&matches);
        if (files.empty()) {
            throw WeirError(ErrorKind::Io, "no file matches the path of source `" + source + "`: " + pattern);
        }
        std::sort(files.begin(), files.end());
    }
    return files;
}

void FileSource::open() {
    opened_ = true;
    std::string pattern = OptionReader(spec_.connector, spec_.options).required("path");
    if (restored_ && !restored_->file().empty()) {
        struct stat info;
        if (::stat(restored_->file().c_str(), &info) != 0) {
            throw WeirError(ErrorKind::Data, "cannot restore source `" + spec_.name + "`: the file of its checkpoint "
                                             "position no longer exists (" + std::strerror(errno) + "): " +
                                             restored_->file());
        }
    }
    files_ = matching_files(pattern, spec_.name);
    if (restored_ && !restored_->file().empty()) {
        seek_to_restored();
        return;
    }
    if (!open_next_file()) ended_ = true;
}

void FileSource::seek_to_restored() {
    const FilePosition &position = *restored_;
    auto found = std::find(files_.begin(), files_.end(), position.file());
    if (found == files_.end()) {
        throw WeirError(ErrorKind::Data, "cannot restore source `" + spec_.name + "`: the file of its checkpoint "
                                         "position is no longer matched by its path '" +
                                         OptionReader(spec_.connector, spec_.options).required("path") +
                                         "': " + position.file());
    }
    next_file_ = static_cast<size_t>(found - files_.begin());
    open_next_file();
    struct stat info;
    if (::fstat(fd_, &info) != 0 || static_cast<uint64_t>(info.st_size) < position.offset()) {
        throw WeirError(ErrorKind::Data, "cannot restore source `" + spec_.name + "`: the file of its checkpoint "
                                         "position is shorter than the position (" +
                                         std::to_string(position.offset()) + " bytes; truncated or replaced?): " +
                                         position.file());
    }
    if (csv_ && position.offset() > 0) read_csv_header_before(position.offset());
    if (::lseek(fd_, static_cast<off_t>(position.offset()), SEEK_SET) < 0) {
        throw WeirError(ErrorKind::Io, std::string("cannot seek in file: ") + std::strerror(errno) + ": " +
                                           current_path_);
    }
    if (json_) json_->forget_block();
    buffer_.clear();
    buffer_offset_ = position.offset();
    begin_ = 0;
    eof_ = false;
    line_ = position.line();
    bom_checked_ = position.offset() > 0;
    start_next_record();
}

void FileSource::read_csv_header_before(uint64_t offset) {
    std::string_view record;
    uint64_t line = 0;
    while (buffer_offset_ + begin_ < offset) {
        Next next = next_record(record, line);
        if (next == Next::Busy) {
            read_in_poll_ = 0;  // not a poll: the header lies within the first max_record_size bytes
            continue;
        }
        if (next != Next::Record) return;
        if (is_blank(record)) continue;
        // The first non-blank record is the header; it was read when it ends at or before the offset.
        if (buffer_offset_ + begin_ <= offset) csv_->set_header(record);
        return;
    }
}

std::optional<std::string> FileSource::position() const {
    if (!opened_) return restored_ ? restored_->to_text() : FilePosition().to_text();
    if (skipping_) return FilePosition(current_path_, skip_offset_, skip_line_).to_text();
    return FilePosition(current_path_, buffer_offset_ + begin_, line_).to_text();
}

void FileSource::restore_position(const std::string &position) {
    restored_ = FilePosition::parse(position, spec_.name);
}

bool FileSource::open_next_file() {
    if (next_file_ >= files_.size()) {
        close_file();
        return false;
    }
    std::string path = files_[next_file_++];
    if (!open_file(path)) {
        throw WeirError(ErrorKind::Io, "cannot open file for source `" + spec_.name + "`: " +
                                           std::strerror(errno) + ": " + path);
    }
    if (csv_) csv_->clear_header();
    return true;
}

void FileSource::read_from_start() {
    if (json_) json_->forget_block();
    buffer_.clear();
    buffer_offset_ = 0;
    begin_ = 0;
    eof_ = false;
    line_ = 1;
    bom_checked_ = false;
    skipping_ = false;
    start_next_record();
}

bool FileSource::open_file(const std::string &path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    close_file();
    fd_ = fd;
    current_path_ = path;
    read_from_start();
    return true;
}

void FileSource::close_file() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

void FileSource::read_more() {
    if (json_) json_->forget_block();
    if (begin_ > 0) {
        buffer_.erase(0, begin_);
        buffer_offset_ += begin_;
        begin_ = 0;
    }
    size_t old_size = buffer_.size();
    read_in_poll_ += kReadBlock;
    if (buffer_.capacity() < old_size + kReadBlock) {
        // Doubling, but never past what the longest record needs (the buffer then holds at most
        // max_record_size bytes of one record and one more block).
        buffer_.reserve(std::max(old_size + kReadBlock,
                                 std::min(2 * buffer_.capacity(), max_record_size_ + 2 * kReadBlock)));
    }
    buffer_.resize(old_size + kReadBlock);
    ssize_t got;
    do {
        got = ::read(fd_, buffer_.data() + old_size, kReadBlock);
    } while (got < 0 && errno == EINTR);
    if (got < 0) {
        int error = errno;
        buffer_.resize(old_size);
        throw WeirError(ErrorKind::Io, std::string("cannot read file: ") + std::strerror(error) + ": " + current_path_);
    }
    buffer_.resize(old_size + static_cast<size_t>(got));
    if (got == 0) eof_ = true;
}

void FileSource::start_next_record() {
    scanner_.reset();
    scanned_ = 0;
}

size_t FileSource::find_record_end(std::string_view rest) {
    if (csv_) return scanner_.find_end(rest);
    const void *newline = std::memchr(rest.data() + scanned_, '\n', rest.size() - scanned_);
    if (newline == nullptr) {
        scanned_ = rest.size();
        return std::string_view::npos;
    }
    return static_cast<size_t>(static_cast<const char *>(newline) - rest.data());
}

void FileSource::skip_bom() {
    bom_checked_ = true;
    if (buffer_offset_ == 0 && begin_ == 0 && buffer_.size() >= 3 &&
        std::memcmp(buffer_.data(), "\xEF\xBB\xBF", 3) == 0) {
        begin_ = 3;
        start_next_record();
    }
}

void FileSource::skip_bad_record(std::string_view rest, const std::string &reason) {
    reporter_.report(current_path_ + ":" + std::to_string(line_), reason, rest);
    if (json_) json_->forget_block();
    start_next_record();
    const void *newline = std::memchr(rest.data(), '\n', rest.size());
    if (newline != nullptr) {
        begin_ += static_cast<size_t>(static_cast<const char *>(newline) - rest.data()) + 1;
        line_++;
        return;
    }
    skip_offset_ = buffer_offset_ + begin_;
    skip_line_ = line_;
    skipping_ = true;
}

bool FileSource::file_rotated() {
    struct stat open_info;
    if (::fstat(fd_, &open_info) != 0) return false;
    struct stat path_info;
    if (::stat(current_path_.c_str(), &path_info) == 0 &&
        (path_info.st_ino != open_info.st_ino || path_info.st_dev != open_info.st_dev)) {
        replaced_ = true;  // the old file is read to its end first (a writer may have added to it)
        return true;
    }
    if (static_cast<uint64_t>(open_info.st_size) >= buffer_offset_ + buffer_.size()) return false;
    notice("file `" + current_path_ + "` was truncated; reading it again from the start");
    if (::lseek(fd_, 0, SEEK_SET) < 0) {
        throw WeirError(ErrorKind::Io, std::string("cannot seek in file: ") + std::strerror(errno) + ": " +
                                           current_path_);
    }
    read_from_start();
    return true;
}

FileSource::Next FileSource::next_record(std::string_view &record, uint64_t &line) {
    while (true) {
        if (fd_ < 0) return Next::End;
        if (!bom_checked_ && (buffer_.size() - begin_ >= 3 || eof_)) skip_bom();
        std::string_view rest(buffer_.data() + begin_, buffer_.size() - begin_);
        if (skipping_) {
            const void *newline = std::memchr(rest.data(), '\n', rest.size());
            if (newline != nullptr) {
                begin_ += static_cast<size_t>(static_cast<const char *>(newline) - rest.data()) + 1;
                line_++;
                skipping_ = false;
                continue;
            }
            buffer_offset_ += buffer_.size();
            buffer_.clear();
            begin_ = 0;
            rest = std::string_view();
        } else if (bom_checked_) {
            size_t end = find_record_end(rest);
            if (end != std::string_view::npos && end <= max_record_size_) {
                record = rest.substr(0, end);
                line = line_;
                line_ += 1 + (csv_ ? scanner_.newlines() : 0);
                begin_ += end + 1;
                start_next_record();
                return Next::Record;
            }
            if (end != std::string_view::npos || rest.size() > max_record_size_) {
                std::string reason = "record is longer than max_record_size (" + std::to_string(max_record_size_) +
                                     " bytes)";
                if (end == std::string_view::npos && csv_ && scanner_.in_quotes()) {
                    reason += ": a quoted field is not closed";
                }
                skip_bad_record(rest, reason);
                continue;
            }
        }
        if (!eof_) {
            if (read_in_poll_ >= kPollReadBudget) return Next::Busy;
            read_more();
            continue;
        }
        if (follow_ && next_file_ == files_.size() && !replaced_) {
            if (file_rotated()) {
                eof_ = false;
                continue;
            }
            eof_ = false;  // look again at the next poll: the file may grow
            return Next::Idle;
        }
        // The end of this file.
        if (skipping_) {
            skipping_ = false;
        } else if (!rest.empty()) {
            if (csv_ && scanner_.in_quotes()) {
                skip_bad_record(rest, "unterminated quoted field");
                continue;
            }
            record = rest;
            line = line_;
            begin_ = buffer_.size();
            start_next_record();
            return Next::Record;
        }
        if (replaced_) {
            replaced_ = false;
            if (!open_file(current_path_)) return Next::Idle;  // gone again: the next poll looks once more
            if (csv_) csv_->clear_header();
            notice("file `" + current_path_ + "` was replaced (rotated); reading the new file from its start");
            continue;
        }
        if (!open_next_file()) return Next::End;
    }
}

Source::PollResult FileSource::poll(Batch &out) {
    if (ended_) return PollResult::End;
    size_t capacity = options_.batch_size;
    read_in_poll_ = 0;
    busy_ = false;
    if (csv_) csv_->begin_batch(out, capacity);
    else json_->begin_batch(out, capacity);
    size_t rows = 0;
    std::string_view record;
    uint64_t line = 0;
    while (rows < capacity) {
        Next next = next_record(record, line);
        if (next == Next::Idle) break;
        if (next == Next::Busy) {
            busy_ = true;
            break;
        }
        if (next == Next::End) {
            ended_ = true;
            close_file();
            break;
        }
        if (is_blank(record)) continue;
        bool ok;
        if (csv_) {
            if (!csv_->has_header()) {
                csv_->set_header(record);
                continue;
            }
            ok = csv_->decode(record, out, rows, reason_);
        } else {
            // The read buffer holds the record and the lines after it: decoded a run of lines at a time
            // (the bytes after a record up to the end of the buffer are readable: no copy needed).
            ok = json_->decode_in_block(std::string_view(buffer_.data(), buffer_.size()), record, out, rows, reason_);
        }
        if (ok) {
            rows++;
            continue;
        }
        reporter_.report(current_path_ + ":" + std::to_string(line), reason_, record);
    }
    out.set_size(rows);
    if (rows > 0) return PollResult::Data;
    return ended_ ? PollResult::End : PollResult::Idle;
}

void FileSource::wait_for_data(int timeout_ms) {
    if (timeout_ms <= 0 || busy_) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(timeout_ms, 50)));
}

void FileSource::close() { close_file(); }

void FileSource::notice(const std::string &message) const {
    if (spec_.notice) spec_.notice("source `" + spec_.name + "`: " + message);
}

}  // namespace weir

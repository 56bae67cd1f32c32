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
    Schema output = projected(spec_);
    if (options_.format == RecordFormat::Csv) {
        csv_ = std::make_unique<CsvDecoder>(output, options_.timestamp_format, spec_.event_time, delimiter_);
    } else {
        json_ = std::make_unique<JsonLineDecoder>(output, options_.timestamp_format, spec_.event_time);
    }
}

FileSource::~FileSource() { close_file(); }

const std::vector<std::string> &FileSource::option_names() {
    static const std::vector<std::string> names = {"delimiter", "follow", "path"};
    return names;
}

void FileSource::validate(const OptionReader &options) {
    options.required("path");
    options.boolean("follow", false);
    if (options.text("delimiter", ",").size() != 1) {
        throw WeirError(ErrorKind::Bind, "delimiter must be one character, got '" + options.text("delimiter") + "'");
    }
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
    bool is_glob = pattern.find_first_of("*?[") != std::string::npos;
    if (!is_glob) {
        struct stat info;
        if (::stat(pattern.c_str(), &info) != 0) {
            throw WeirError(ErrorKind::Io, "cannot open file for source `" + spec_.name + "`: " +
                                               std::strerror(errno) + ": " + pattern);
        }
        files_.push_back(pattern);
    } else {
        glob_t matches;
        std::memset(&matches, 0, sizeof matches);
        int status = ::glob(pattern.c_str(), 0, nullptr, &matches);
        if (status == 0) {
            for (size_t i = 0; i < matches.gl_pathc; i++) files_.emplace_back(matches.gl_pathv[i]);
        }
        ::globfree(&matches);
        if (files_.empty()) {
            throw WeirError(ErrorKind::Io, "no file matches the path of source `" + spec_.name + "`: " + pattern);
        }
        std::sort(files_.begin(), files_.end());
    }
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
}

void FileSource::read_csv_header_before(uint64_t offset) {
    std::string_view record;
    uint64_t line = 0;
    while (buffer_offset_ + begin_ < offset) {
        if (next_record(record, line) != Next::Record) return;
        if (is_blank(record)) continue;
        // The first non-blank record is the header; it was read when it ends at or before the offset.
        if (buffer_offset_ + begin_ <= offset) csv_->set_header(record);
        return;
    }
}

std::optional<std::string> FileSource::position() const {
    if (!opened_) return restored_ ? restored_->to_text() : FilePosition().to_text();
    return FilePosition(current_path_, buffer_offset_ + begin_, line_).to_text();
}

void FileSource::restore_position(const std::string &position) {
    restored_ = FilePosition::parse(position, spec_.name);
}

bool FileSource::open_next_file() {
    close_file();
    if (next_file_ >= files_.size()) return false;
    current_path_ = files_[next_file_++];
    fd_ = ::open(current_path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
        throw WeirError(ErrorKind::Io, "cannot open file for source `" + spec_.name + "`: " +
                                           std::strerror(errno) + ": " + current_path_);
    }
    if (json_) json_->forget_block();
    buffer_.clear();
    buffer_offset_ = 0;
    begin_ = 0;
    eof_ = false;
    line_ = 1;
    if (csv_) csv_->clear_header();
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

FileSource::Next FileSource::next_record(std::string_view &record, uint64_t &line) {
    while (true) {
        if (fd_ < 0) return Next::End;
        std::string_view rest(buffer_.data() + begin_, buffer_.size() - begin_);
        // A JSON record ends at the first newline, so only a CSV record can span lines.
        size_t inner_newlines = 0;
        size_t end = csv_ ? CsvDecoder::find_record_end(rest, inner_newlines) : rest.find('\n');
        if (end != std::string_view::npos) {
            record = rest.substr(0, end);
            line = line_;
            line_ += 1 + inner_newlines;
            begin_ += end + 1;
            return Next::Record;
        }
        if (!eof_) {
            read_more();
            continue;
        }
        if (follow_ && next_file_ == files_.size()) {
            eof_ = false;  // look again at the next poll: the file may grow
            return Next::Idle;
        }
        if (!rest.empty()) {
            record = rest;
            line = line_;
            begin_ = buffer_.size();
            return Next::Record;
        }
        if (!open_next_file()) return Next::End;
    }
}

Source::PollResult FileSource::poll(Batch &out) {
    if (ended_) return PollResult::End;
    size_t capacity = options_.batch_size;
    if (csv_) csv_->begin_batch(out, capacity);
    else json_->begin_batch(out, capacity);
    size_t rows = 0;
    std::string_view record;
    uint64_t line = 0;
    while (rows < capacity) {
        Next next = next_record(record, line);
        if (next == Next::Idle) break;
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
    if (timeout_ms <= 0) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(timeout_ms, 50)));
}

void FileSource::close() { close_file(); }

}  // namespace weir

// Parquet files read through pread, batch by batch, with NULL event times reported as malformed.
#include "connectors/file/parquet_file_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/weir_error.h"
#include "connectors/file/file_source.h"

namespace weir {

ParquetFileSource::ParquetFileSource(SourceSpec spec)
    : spec_(std::move(spec)), options_(SourceOptions::from_spec(spec_, true, true)),
      reporter_(options_.fail_on_error, spec_.on_bad_record) {
    OptionReader reader(spec_.connector, spec_.options);
    if (reader.boolean("follow", false)) {
        throw WeirError(ErrorKind::Bind, "follow = 'true' is not supported with format 'parquet' (a Parquet file is "
                                         "complete only when written)");
    }
    for (size_t index : spec_.projection) output_.add(spec_.declared[index].name, spec_.declared[index].type);
}

ParquetFileSource::ParquetFileSource(SourceSpec spec, std::vector<std::string> files)
    : ParquetFileSource(std::move(spec)) {
    files_ = std::move(files);
    listed_ = true;
}

ParquetFileSource::~ParquetFileSource() { close_file(); }

void ParquetFileSource::close_file() {
    reader_.reset();
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

void ParquetFileSource::close() { close_file(); }

void ParquetFileSource::open() {
    if (!listed_) {
        files_ = FileSource::matching_files(OptionReader(spec_.connector, spec_.options).required("path"), spec_.name);
    }
    if (restored_ && !restored_->file().empty()) {
        auto found = std::find(files_.begin(), files_.end(), restored_->file());
        if (found == files_.end()) {
            throw WeirError(ErrorKind::Data, "cannot restore source `" + spec_.name + "`: the file of its checkpoint "
                                             "position is no longer matched by its path: " + restored_->file());
        }
        next_file_ = static_cast<size_t>(found - files_.begin());
        if (!open_next_file()) ended_ = true;
        reader_->skip_rows(static_cast<int64_t>(restored_->offset()));
        returned_ = static_cast<int64_t>(restored_->offset());
        return;
    }
    if (!open_next_file()) ended_ = true;
}

bool ParquetFileSource::open_next_file() {
    close_file();
    if (next_file_ >= files_.size()) return false;
    current_path_ = files_[next_file_++];
    fd_ = ::open(current_path_.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat info;
    if (fd_ < 0 || ::fstat(fd_, &info) != 0) {
        throw WeirError(ErrorKind::Io, "cannot open file for source `" + spec_.name + "`: " + std::strerror(errno) +
                                           ": " + current_path_);
    }
    int fd = fd_;
    std::string path = current_path_;
    std::string name = spec_.name;
    reader_ = std::make_unique<ParquetReader>(
        current_path_, static_cast<uint64_t>(info.st_size), [fd, path, name](uint64_t offset, size_t size) {
            std::string bytes(size, '\0');
            size_t done = 0;
            while (done < size) {
                ssize_t n = ::pread(fd, bytes.data() + done, size - done, static_cast<off_t>(offset + done));
                if (n < 0 && errno == EINTR) continue;
                if (n <= 0) {
                    throw WeirError(ErrorKind::Io, "cannot read file for source `" + name + "`: " +
                                                       (n < 0 ? std::strerror(errno) : "it became shorter") + ": " + path);
                }
                done += static_cast<size_t>(n);
            }
            return bytes;
        });
    reader_->open();
    reader_->select(output_);
    returned_ = 0;
    return true;
}

Source::PollResult ParquetFileSource::poll(Batch &out) {
    while (!ended_) {
        if (!reader_->next(out, options_.batch_size)) {
            if (!open_next_file()) {
                ended_ = true;
                break;
            }
            continue;
        }
        int64_t first = returned_;
        returned_ += static_cast<int64_t>(out.size());
        if (spec_.event_time) {
            const ColumnVector &time = out.columns[*spec_.event_time];
            if (!time.all_valid()) {
                selection_.clear();
                for (size_t r = 0; r < out.size(); r++) {
                    if (time.is_valid(r)) {
                        selection_.push_back(static_cast<uint32_t>(r));
                        continue;
                    }
                    reporter_.report(current_path_ + ":row " + std::to_string(first + static_cast<int64_t>(r) + 1),
                                     "the event-time column `" + output_[*spec_.event_time].name + "` is NULL", "");
                }
                if (selection_.empty()) continue;
                out.set_selection(selection_);
            }
        }
        return PollResult::Data;
    }
    out.clear();
    return PollResult::End;
}

std::optional<std::string> ParquetFileSource::position() const {
    if (!reader_ && !ended_) return restored_ ? restored_->to_text() : FilePosition().to_text();
    return FilePosition(current_path_, static_cast<uint64_t>(returned_), static_cast<uint64_t>(returned_) + 1).to_text();
}

void ParquetFileSource::restore_position(const std::string &position) { restored_ = FilePosition::parse(position, spec_.name); }

}  // namespace weir

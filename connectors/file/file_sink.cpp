// Writing encoded rows to plain or Hive-partitioned files.
#include "connectors/file/file_sink.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/state_reader.h"
#include "common/state_writer.h"
#include "common/weir_error.h"
#include "connectors/file/parquet_file_sink.h"

namespace weir {
namespace {

constexpr size_t kMaxOpenFiles = 64;
constexpr const char *kDataTag = "file-sink";

}  // namespace

FileSink::FileSink(SinkSpec spec) : spec_(std::move(spec)), json_(spec_.schema), csv_encoder_(spec_.schema) {
    OptionReader options(spec_.connector, spec_.options);
    validate(options);
    path_ = options.required("path");
    csv_ = options.choice("format", {"json", "csv"}, "json") == "csv";
    overwrite_ = options.choice("mode", {"append", "overwrite"}, "append") == "overwrite";
    if (options.has("partition_by")) {
        partitioner_ = std::make_unique<HivePartitioner>(spec_.schema, options.list("partition_by"),
                                                         options.text("time_column"));
    }
}

FileSink::~FileSink() { close_all(); }

const std::vector<std::string> &FileSink::option_names() {
    // The Parquet options too: one connector, one list of option names.
    return ParquetFileSink::option_names();
}

bool FileSink::is_parquet(const OptionReader &options) {
    return options.choice("format", {"json", "csv", "parquet"}, "json") == "parquet";
}

void FileSink::validate(const OptionReader &options) {
    if (is_parquet(options)) {
        ParquetFileSink::validate(options);
        return;
    }
    options.required("path");
    for (const char *name : {"compression", "dictionary", "page_size", "roll_bytes", "roll_rows", "row_group_rows"}) {
        if (options.has(name)) {
            throw WeirError(ErrorKind::Bind, std::string("option ") + name + " applies to format 'parquet' only");
        }
    }
    options.choice("mode", {"append", "overwrite"}, "append");
    if (options.has("partition_by") && options.list("partition_by").empty()) {
        throw WeirError(ErrorKind::Bind, "partition_by must name at least one column, got ''");
    }
}

void FileSink::open_file(OpenFile &target, bool truncate) {
    if (open_count_ >= kMaxOpenFiles) close_all();
    target.file = std::fopen(target.path.c_str(), truncate ? "wb" : "ab");
    if (!target.file) {
        throw WeirError(ErrorKind::Io, "cannot open file for sink `" + spec_.name + "`: " + std::strerror(errno) +
                                           ": " + target.path);
    }
    open_count_++;
    if (csv_) {
        struct stat info;
        target.needs_header = ::fstat(fileno(target.file), &info) == 0 && info.st_size == 0;
    }
}

void FileSink::open() {
    if (partitioner_) {
        std::error_code error;
        std::filesystem::create_directories(path_, error);
        if (error) {
            throw WeirError(ErrorKind::Io, "cannot create directory for sink `" + spec_.name + "`: " +
                                               error.message() + ": " + path_);
        }
        return;
    }
    single_.path = path_;
    // With checkpoints, whether to empty or cut the file is decided by restore_checkpoint().
    open_file(single_, overwrite_ && !checkpoints_);
}

FileSink::OpenFile &FileSink::file_for_folder(const std::string &folder) {
    auto found = folders_.find(folder);
    if (found != folders_.end()) {
        if (!found->second.file) open_file(found->second, false);
        return found->second;
    }
    std::string directory = path_ + "/" + folder;
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    if (error) {
        throw WeirError(ErrorKind::Io, "cannot create directory for sink `" + spec_.name + "`: " + error.message() +
                                           ": " + directory);
    }
    std::string extension = csv_ ? ".csv" : ".json";
    size_t n = 0;
    while (std::filesystem::exists(directory + "part-" + std::to_string(n) + extension)) n++;
    OpenFile &target = folders_[folder];
    target.path = directory + "part-" + std::to_string(n) + extension;
    open_file(target, true);
    return target;
}

void FileSink::write_text(OpenFile &target, const std::string &text) {
    if (text.empty()) return;
    if (std::fwrite(text.data(), 1, text.size(), target.file) != text.size()) {
        throw WeirError(ErrorKind::Io, "cannot write file for sink `" + spec_.name + "`: " + std::strerror(errno) +
                                           ": " + target.path);
    }
}

void FileSink::write(const Batch &batch, ChangeKind kind) {
    if (kind == ChangeKind::Delete || batch.live_count() == 0) return;
    if (!partitioner_) {
        if (!single_.file) open_file(single_, false);
        text_.clear();
        if (single_.needs_header) csv_encoder_.append_header(text_);
        single_.needs_header = false;
        if (csv_) csv_encoder_.append(batch, text_);
        else json_.append(batch, text_);
        write_text(single_, text_);
        return;
    }
    for (const auto &group : partitioner_->split(batch)) {
        OpenFile &target = file_for_folder(group.first);
        text_.clear();
        if (target.needs_header) csv_encoder_.append_header(text_);
        target.needs_header = false;
        for (uint32_t row : group.second) {
            if (csv_) {
                csv_encoder_.append_row(batch, row, text_);
            } else {
                json_.append_row(batch, row, text_);
                text_ += '\n';
            }
        }
        write_text(target, text_);
    }
}

void FileSink::flush() {
    if (single_.file) std::fflush(single_.file);
    for (auto &entry : folders_) {
        if (entry.second.file) std::fflush(entry.second.file);
    }
}

void FileSink::close_all() {
    if (single_.file) std::fclose(single_.file);
    single_.file = nullptr;
    for (auto &entry : folders_) {
        if (entry.second.file) std::fclose(entry.second.file);
        entry.second.file = nullptr;
    }
    open_count_ = 0;
}

void FileSink::close() { close_all(); }

SinkGuarantee FileSink::guarantee() const {
    return partitioner_ ? SinkGuarantee::AtLeastOnce : SinkGuarantee::Idempotent;
}

int64_t FileSink::length_of(OpenFile &target) {
    struct stat info;
    if (target.file) {
        std::fflush(target.file);
        if (::fstat(fileno(target.file), &info) == 0) return info.st_size;
    } else if (::stat(target.path.c_str(), &info) == 0) {
        return info.st_size;
    }
    throw WeirError(ErrorKind::Io, "cannot read the length of a file of sink `" + spec_.name + "`: " +
                                       std::strerror(errno) + ": " + target.path);
}

void FileSink::cut_to(OpenFile &target, int64_t length) {
    struct stat info;
    if (::stat(target.path.c_str(), &info) != 0 || info.st_size <= length) return;
    if (target.file) std::fflush(target.file);
    int status = target.file ? ::ftruncate(fileno(target.file), length) : ::truncate(target.path.c_str(), length);
    if (status != 0) {
        throw WeirError(ErrorKind::Io, "cannot cut a file of sink `" + spec_.name + "` back to its checkpoint: " +
                                           std::strerror(errno) + ": " + target.path);
    }
    target.needs_header = csv_ && length == 0;
}

void FileSink::prepare_checkpoint(int64_t) {
    flush();
    auto sync = [this](OpenFile &target) {
        if (target.file && ::fsync(fileno(target.file)) != 0) {
            throw WeirError(ErrorKind::Io, "cannot sync a file of sink `" + spec_.name + "`: " + std::strerror(errno) +
                                               ": " + target.path);
        }
    };
    sync(single_);
    for (auto &entry : folders_) sync(entry.second);
}

std::string FileSink::checkpoint_data() {
    StateWriter out;
    out.write_tag(kDataTag);
    size_t count = partitioner_ ? folders_.size() : (single_.path.empty() ? 0 : 1);
    out.write_u64(count);
    auto record = [&](const std::string &folder, OpenFile &target) {
        out.write_string(folder);
        out.write_string(target.path);
        out.write_i64(length_of(target));
    };
    if (!partitioner_ && count == 1) record("", single_);
    if (partitioner_) {
        for (auto &entry : folders_) record(entry.first, entry.second);
    }
    return out.take();
}

void FileSink::restore_checkpoint_data(const std::string &data) {
    recorded_.clear();
    if (data.empty()) return;
    try {
        StateReader in(data);
        in.expect_tag(kDataTag);
        size_t count = in.read_count(size_t(1) << 24);
        for (size_t i = 0; i < count; i++) {
            Recorded file;
            file.folder = in.read_string();
            file.path = in.read_string();
            file.length = in.read_i64();
            recorded_.push_back(std::move(file));
        }
    } catch (const WeirError &) {
        recorded_.clear();  // not this sink's data (the job's sinks changed): only append
    }
}

void FileSink::restore_checkpoint(int64_t k) {
    if (k == 0) {
        // A fresh start of the job: 'overwrite' empties the single file, 'append' keeps it.
        if (overwrite_ && !partitioner_ && single_.file) cut_to(single_, 0);
        recorded_.clear();
        return;
    }
    for (const Recorded &file : recorded_) {
        if (file.length < 0) continue;
        if (!partitioner_) {
            if (file.folder.empty() && file.path == single_.path) cut_to(single_, file.length);
            continue;
        }
        if (file.folder.empty()) continue;
        OpenFile &target = folders_[file.folder];
        if (target.file) continue;
        target.path = file.path;
        cut_to(target, file.length);
    }
    recorded_.clear();
}

}  // namespace weir

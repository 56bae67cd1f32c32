// Writing encoded rows to plain or Hive-partitioned files.
#include "connectors/file/file_sink.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/weir_error.h"

namespace weir {
namespace {

constexpr size_t kMaxOpenFiles = 64;

}  // namespace

FileSink::FileSink(SinkSpec spec) : spec_(std::move(spec)), json_(spec_.schema), csv_encoder_(spec_.schema) {
    OptionReader options(spec_.connector, spec_.options);
    validate(options);
    path_ = options.required("path");
    csv_ = options.choice("format", {"json", "csv"}, "json") == "csv";
    append_ = options.choice("mode", {"overwrite", "append"}, "overwrite") == "append";
    if (options.has("partition_by")) {
        partitioner_ = std::make_unique<HivePartitioner>(spec_.schema, options.list("partition_by"),
                                                         options.text("time_column"));
    }
}

FileSink::~FileSink() { close_all(); }

const std::vector<std::string> &FileSink::option_names() {
    static const std::vector<std::string> names = {"mode", "partition_by", "path", "time_column"};
    return names;
}

void FileSink::validate(const OptionReader &options) {
    options.required("path");
    options.choice("format", {"json", "csv"}, "json");
    options.choice("mode", {"overwrite", "append"}, "overwrite");
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
    open_file(single_, !append_);
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

}  // namespace weir

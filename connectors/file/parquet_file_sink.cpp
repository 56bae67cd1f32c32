// Parquet files written whole per folder and roll, named by job, checkpoint and sequence.
#include "connectors/file/parquet_file_sink.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <unistd.h>

#include "common/weir_error.h"
#include "connectors/formats/parquet/parquet_sink_options.h"

namespace weir {
namespace {

constexpr int64_t kDefaultRollBytes = int64_t{64} << 20;
constexpr const char *kExtension = ".parquet";

bool parse_number(const std::string &text, int64_t &value) {
    if (text.empty() || text.size() > 18) return false;
    value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    return true;
}

}  // namespace

ParquetFileSink::ParquetFileSink(SinkSpec spec) : spec_(std::move(spec)) {
    OptionReader options(spec_.connector, spec_.options);
    validate(options);
    path_ = options.required("path");
    while (path_.size() > 1 && path_.back() == '/') path_.pop_back();
    job_ = HivePartitioner::escape(spec_.job_name.empty() ? spec_.name : spec_.job_name);
    overwrite_ = options.choice("mode", {"append", "overwrite"}, "append") == "overwrite";
    roll_rows_ = options.integer("roll_rows", 0, 0, int64_t{1} << 40);
    roll_bytes_ = options.integer("roll_bytes", kDefaultRollBytes, 1, int64_t{1} << 32);
    writer_options_ = ParquetSinkOptions::parse(options);
    if (options.has("partition_by")) {
        partitioner_ = std::make_unique<HivePartitioner>(spec_.schema, options.list("partition_by"),
                                                         options.text("time_column"));
    }
}

ParquetFileSink::~ParquetFileSink() = default;

const std::vector<std::string> &ParquetFileSink::option_names() {
    static const std::vector<std::string> names = {"compression", "dictionary", "mode",      "page_size",
                                                   "partition_by", "path",      "roll_bytes", "roll_rows",
                                                   "row_group_rows", "time_column"};
    return names;
}

void ParquetFileSink::validate(const OptionReader &options) {
    options.required("path");
    options.choice("mode", {"append", "overwrite"}, "append");
    options.integer("roll_rows", 0, 0, int64_t{1} << 40);
    options.integer("roll_bytes", kDefaultRollBytes, 1, int64_t{1} << 32);
    ParquetSinkOptions::parse(options);
    if (options.has("partition_by") && options.list("partition_by").empty()) {
        throw WeirError(ErrorKind::Bind, "partition_by must name at least one column, got ''");
    }
}

std::optional<std::pair<int64_t, int64_t>> ParquetFileSink::parse_name(const std::string &name, const std::string &job) {
    size_t extension = std::strlen(kExtension);
    if (name.size() <= job.size() + 1 + extension || name.compare(0, job.size(), job) != 0 || name[job.size()] != '-' ||
        name.compare(name.size() - extension, extension, kExtension) != 0) {
        return std::nullopt;
    }
    std::string rest = name.substr(job.size() + 1, name.size() - job.size() - 1 - extension);
    size_t dash = rest.find('-');
    int64_t k = 0, n = 0;
    if (dash == std::string::npos || !parse_number(rest.substr(0, dash), k) || !parse_number(rest.substr(dash + 1), n)) {
        return std::nullopt;
    }
    return std::make_pair(k, n);
}

void ParquetFileSink::open() {
    std::error_code error;
    std::filesystem::create_directories(path_, error);
    if (error) {
        throw WeirError(ErrorKind::Io, "cannot create directory for sink `" + spec_.name + "`: " + error.message() +
                                           ": " + path_);
    }
    if (overwrite_ && !checkpoints_) delete_files_after(-1);
}

ParquetFileSink::Pending &ParquetFileSink::pending_for(const std::string &folder) {
    Pending &pending = pending_[folder];
    if (!pending.writer) pending.writer = std::make_unique<ParquetWriter>(spec_.schema, writer_options_);
    if (!pending.numbered && !checkpoints_) {
        // Without checkpoints a run adds files after those an earlier run left.
        std::error_code error;
        for (const auto &entry : std::filesystem::directory_iterator(path_ + "/" + folder, error)) {
            auto name = parse_name(entry.path().filename().string(), job_);
            if (name && name->first == 0 && name->second >= pending.next_n) pending.next_n = name->second + 1;
        }
    }
    pending.numbered = true;
    return pending;
}

void ParquetFileSink::write(const Batch &batch, ChangeKind kind) {
    if (kind == ChangeKind::Delete || batch.live_count() == 0) return;
    std::vector<std::pair<std::string, std::vector<uint32_t>>> groups;
    if (partitioner_) {
        groups = partitioner_->split(batch);
    } else {
        rows_.clear();
        for (size_t i = 0; i < batch.live_count(); i++) rows_.push_back(batch.live_row(i));
        groups.emplace_back("", std::move(rows_));
    }
    for (auto &group : groups) {
        Pending &pending = pending_for(group.first);
        const std::vector<uint32_t> &rows = group.second;
        size_t done = 0;
        while (done < rows.size()) {
            size_t take = rows.size() - done;
            if (roll_rows_ > 0) take = std::min<size_t>(take, static_cast<size_t>(roll_rows_ - pending.writer->rows()));
            pending.writer->append(batch, rows.data() + done, take);
            done += take;
            if ((roll_rows_ > 0 && pending.writer->rows() >= roll_rows_) ||
                static_cast<int64_t>(pending.writer->estimated_bytes()) >= roll_bytes_) {
                roll(group.first, pending);
            }
        }
    }
    if (!partitioner_) rows_ = std::move(groups.front().second);
}

void ParquetFileSink::roll(const std::string &folder, Pending &pending) {
    if (!pending.writer || pending.writer->rows() == 0) return;
    std::string directory = path_ + "/" + folder;
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    std::string name = directory + job_ + "-" + std::to_string(checkpoint_) + "-" + std::to_string(pending.next_n) + kExtension;
    std::string file = pending.writer->finish();
    std::string temporary = name + ".tmp";
    FILE *out = std::fopen(temporary.c_str(), "wb");
    bool ok = out != nullptr && std::fwrite(file.data(), 1, file.size(), out) == file.size();
    ok = out != nullptr && std::fflush(out) == 0 && ok && ::fsync(fileno(out)) == 0;
    if (out) std::fclose(out);
    if (!ok || std::rename(temporary.c_str(), name.c_str()) != 0) {
        std::string reason = std::strerror(errno);
        std::remove(temporary.c_str());
        throw WeirError(ErrorKind::Io, "cannot write file for sink `" + spec_.name + "`: " + reason + ": " + name);
    }
    pending.next_n++;
}

void ParquetFileSink::close() {
    if (!checkpoints_) {
        for (auto &entry : pending_) roll(entry.first, entry.second);
    }
    pending_.clear();
}

void ParquetFileSink::enable_checkpoints() {
    checkpoints_ = true;
    checkpoint_ = 1;
}

void ParquetFileSink::prepare_checkpoint(int64_t k) {
    if (k != checkpoint_) {
        checkpoint_ = k;
        for (auto &entry : pending_) entry.second.next_n = 0;
    }
    for (auto &entry : pending_) roll(entry.first, entry.second);
    pending_.clear();
    checkpoint_ = k + 1;
}

void ParquetFileSink::delete_files_after(int64_t k) {
    std::error_code error;
    std::filesystem::recursive_directory_iterator it(path_, error), end;
    std::vector<std::filesystem::path> doomed;
    for (; !error && it != end; it.increment(error)) {
        if (!it->is_regular_file()) continue;
        std::string name = it->path().filename().string();
        if (name.size() > 4 && name.compare(name.size() - 4, 4, ".tmp") == 0) name.resize(name.size() - 4);
        auto parsed = parse_name(name, job_);
        if (parsed && (k < 0 || parsed->first > k)) doomed.push_back(it->path());
    }
    for (const auto &file : doomed) std::filesystem::remove(file, error);
}

void ParquetFileSink::restore_checkpoint(int64_t k) {
    delete_files_after(k == 0 && overwrite_ ? -1 : k);
    pending_.clear();
    checkpoint_ = k + 1;
}

}  // namespace weir

// Parquet data files plus put-if-absent JSON commits carrying the job's checkpoint as a txn action.
#include "connectors/delta/delta_sink.h"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

#include "common/weir_error.h"
#include "connectors/formats/json_line_encoder.h"
#include "connectors/formats/parquet/parquet_sink_options.h"
#include "connectors/partitioning/hive_partitioner.h"

namespace weir {
namespace {

constexpr int64_t kDefaultRollBytes = int64_t{64} << 20;
constexpr int kCommitAttempts = 100;

std::string random_hex(size_t digits) {
    static thread_local std::mt19937_64 random{std::random_device{}()};
    static const char *hex = "0123456789abcdef";
    std::string out;
    for (size_t i = 0; i < digits; i++) out.push_back(hex[random() & 15]);
    return out;
}

int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

const char *delta_type(TypeId type) {
    switch (type) {
    case TypeId::Text: return "string";
    case TypeId::BigInt:
    case TypeId::Interval: return "long";
    case TypeId::Double: return "double";
    case TypeId::Timestamp: return "timestamp";
    default: return "boolean";
    }
}

std::string json_string(std::string_view text) {
    std::string out;
    JsonLineEncoder::append_string(text, out);
    return out;
}

}  // namespace

DeltaSink::DeltaSink(SinkSpec spec) : spec_(std::move(spec)) {
    OptionReader options(spec_.connector, spec_.options);
    validate(options);
    path_ = options.required("path");
    while (path_.size() > 1 && path_.back() == '/') path_.pop_back();
    job_ = spec_.job_name.empty() ? spec_.name : spec_.job_name;
    roll_rows_ = options.integer("roll_rows", 0, 0, int64_t{1} << 40);
    roll_bytes_ = options.integer("roll_bytes", kDefaultRollBytes, 1, int64_t{1} << 32);
    writer_options_ = ParquetSinkOptions::parse(options);
}

DeltaSink::~DeltaSink() = default;

const std::vector<std::string> &DeltaSink::option_names() {
    static const std::vector<std::string> names = {"compression", "dictionary", "page_size", "path",
                                                   "roll_bytes",  "roll_rows",  "row_group_rows"};
    return names;
}

void DeltaSink::validate(const OptionReader &options) {
    std::string path = options.required("path");
    if (path.rfind("s3://", 0) == 0) {
        throw WeirError(ErrorKind::Bind, "a delta sink writes to a local folder for now, got '" + path + "'");
    }
    options.choice("format", {"parquet"}, "parquet");
    options.integer("roll_rows", 0, 0, int64_t{1} << 40);
    options.integer("roll_bytes", kDefaultRollBytes, 1, int64_t{1} << 32);
    ParquetSinkOptions::parse(options);
}

std::string DeltaSink::schema_string(const Schema &schema) {
    std::string out = "{\"type\":\"struct\",\"fields\":[";
    for (size_t c = 0; c < schema.size(); c++) {
        if (c) out += ',';
        out += "{\"name\":" + json_string(schema[c].name) + ",\"type\":\"" + delta_type(schema[c].type) +
               "\",\"nullable\":true,\"metadata\":{}}";
    }
    return out + "]}";
}

void DeltaSink::open() {
    log_ = std::make_unique<DeltaLog>(path_);
    log_->latest_version();  // creates the folders, and fails early when it cannot
    writer_ = std::make_unique<ParquetWriter>(spec_.schema, writer_options_);
}

void DeltaSink::write(const Batch &batch, ChangeKind kind) {
    if (kind == ChangeKind::Delete || batch.live_count() == 0) return;
    rows_.clear();
    for (size_t i = 0; i < batch.live_count(); i++) rows_.push_back(batch.live_row(i));
    size_t done = 0;
    while (done < rows_.size()) {
        size_t take = rows_.size() - done;
        if (roll_rows_ > 0) take = std::min<size_t>(take, static_cast<size_t>(roll_rows_ - writer_->rows()));
        writer_->append(batch, rows_.data() + done, take);
        done += take;
        if ((roll_rows_ > 0 && writer_->rows() >= roll_rows_) ||
            static_cast<int64_t>(writer_->estimated_bytes()) >= roll_bytes_) {
            roll();
        }
    }
}

void DeltaSink::roll() {
    if (!writer_ || writer_->rows() == 0) return;
    DataFile file;
    file.rows = writer_->rows();
    file.name = "part-" + HivePartitioner::escape(job_) + "-" + std::to_string(checkpoint_) + "-" +
                std::to_string(next_n_++) + "-" + random_hex(12) + ".parquet";
    std::string bytes = writer_->finish();
    file.size = static_cast<int64_t>(bytes.size());
    std::string target = path_ + "/" + file.name;
    FILE *out = std::fopen(target.c_str(), "wb");
    bool ok = out != nullptr && std::fwrite(bytes.data(), 1, bytes.size(), out) == bytes.size();
    ok = out != nullptr && std::fflush(out) == 0 && ok && ::fsync(fileno(out)) == 0;
    if (out) std::fclose(out);
    if (!ok) {
        throw WeirError(ErrorKind::Io, "cannot write a data file of Delta sink `" + spec_.name + "`: " +
                                           std::strerror(errno) + ": " + target);
    }
    pending_.push_back(std::move(file));
}

void DeltaSink::commit(std::optional<int64_t> k) {
    if (pending_.empty() && !k) return;
    int64_t modified = now_ms();
    std::string adds;
    for (const DataFile &file : pending_) {
        adds += "{\"add\":{\"path\":" + json_string(file.name) + ",\"partitionValues\":{},\"size\":" +
                std::to_string(file.size) + ",\"modificationTime\":" + std::to_string(modified) +
                ",\"dataChange\":true,\"stats\":" + json_string("{\"numRecords\":" + std::to_string(file.rows) + "}") + "}}\n";
    }
    if (k) {
        adds += "{\"txn\":{\"appId\":" + json_string(job_) + ",\"version\":" + std::to_string(*k) +
                ",\"lastUpdated\":" + std::to_string(modified) + "}}\n";
    }
    std::string info = "{\"commitInfo\":{\"timestamp\":" + std::to_string(modified) +
                       ",\"operation\":\"STREAMING UPDATE\",\"engineInfo\":\"weir 0.1.0\",\"isBlindAppend\":true}}\n";
    for (int attempt = 0; attempt < kCommitAttempts; attempt++) {
        std::optional<int64_t> latest = log_->latest_version();
        int64_t version = latest ? *latest + 1 : 0;
        std::string actions = info;
        if (version == 0) {
            actions += "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":2}}\n";
            std::string id = random_hex(32);
            id = id.substr(0, 8) + "-" + id.substr(8, 4) + "-4" + id.substr(13, 3) + "-a" + id.substr(17, 3) + "-" +
                 id.substr(20, 12);
            actions += "{\"metaData\":{\"id\":\"" + id + "\",\"format\":{\"provider\":\"parquet\",\"options\":{}}," +
                       "\"schemaString\":" + json_string(schema_string(spec_.schema)) +
                       ",\"partitionColumns\":[],\"configuration\":{},\"createdTime\":" + std::to_string(modified) +
                       "}}\n";
        }
        actions += adds;
        if (log_->commit(version, actions)) {
            pending_.clear();
            return;
        }
    }
    throw WeirError(ErrorKind::Io, "Delta sink `" + spec_.name + "` could not commit after " +
                                       std::to_string(kCommitAttempts) + " attempts: other writers took every version");
}

void DeltaSink::close() {
    if (log_ && !checkpoints_) {
        roll();
        commit(std::nullopt);
    }
    pending_.clear();
    writer_.reset();
}

void DeltaSink::prepare_checkpoint(int64_t k) {
    checkpoint_ = k;
    roll();
}

void DeltaSink::commit_checkpoint(int64_t k, const std::string &) {
    commit(k);
    checkpoint_ = k + 1;
    next_n_ = 0;
}

std::optional<int64_t> DeltaSink::committed_checkpoint() { return log_->transaction_version(job_); }

void DeltaSink::restore_checkpoint(int64_t k) {
    pending_.clear();
    writer_ = std::make_unique<ParquetWriter>(spec_.schema, writer_options_);
    checkpoint_ = k + 1;
    next_n_ = 0;
}

void DeltaSink::reset_job() {
    if (log_->transaction_version(job_)) commit(int64_t{0});
}

}  // namespace weir

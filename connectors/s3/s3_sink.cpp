// Buffering rows per partition folder and uploading them as whole, deterministically named S3 objects.
#include "connectors/s3/s3_sink.h"

#include <cstdlib>
#include <string>

#include "common/secret_option.h"
#include "common/weir_error.h"
#include "connectors/formats/parquet/parquet_sink_options.h"

namespace weir {
namespace {

constexpr int64_t kDefaultRollBytes = int64_t{64} << 20;
constexpr int64_t kMaxRollBytes = int64_t{5} << 30;

std::string environment(const char *name) {
    const char *value = std::getenv(name);
    return value == nullptr ? "" : value;
}

std::string access_key_of(const OptionReader &options) {
    return options.has("access_key") ? options.text("access_key") : environment("AWS_ACCESS_KEY_ID");
}

std::string secret_key_of(const OptionReader &options) {
    return options.has("secret_key") ? options.text("secret_key") : environment("AWS_SECRET_ACCESS_KEY");
}

void check_endpoint(const std::string &endpoint) {
    size_t scheme_end = endpoint.find("://");
    std::string scheme = scheme_end == std::string::npos ? "" : to_lower(endpoint.substr(0, scheme_end));
    std::string rest = scheme_end == std::string::npos ? "" : endpoint.substr(scheme_end + 3);
    while (!rest.empty() && rest.back() == '/') rest.pop_back();
    if ((scheme != "http" && scheme != "https") || rest.empty() || rest.find('/') != std::string::npos ||
        rest.find('@') != std::string::npos) {
        throw WeirError(ErrorKind::Bind,
                        "endpoint must look like 'http://127.0.0.1:9000' or 'https://host' (no path), got '" +
                            mask_secrets(endpoint) + "'");
    }
}

void check_bucket(const std::string &bucket) {
    bool valid = bucket.size() >= 3 && bucket.size() <= 63;
    for (char c : bucket) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) valid = false;
    }
    if (valid && (bucket.front() == '-' || bucket.front() == '.' || bucket.back() == '-' || bucket.back() == '.')) {
        valid = false;
    }
    if (!valid) {
        throw WeirError(ErrorKind::Bind, "bucket must be 3 to 63 lower-case letters, digits, '-' or '.', got '" +
                                             bucket + "'");
    }
}

}  // namespace

S3Sink::S3Sink(SinkSpec spec) : spec_(std::move(spec)), json_(spec_.schema), csv_encoder_(spec_.schema) {
    OptionReader options(spec_.connector, spec_.options);
    validate(options);
    client_config_ = client_config_of(options, "sink `" + spec_.name + "`");
    prefix_ = trimmed_prefix(options.text("prefix"));
    job_ = HivePartitioner::escape(spec_.job_name.empty() ? spec_.name : spec_.job_name);
    std::string format = options.choice("format", {"json", "csv", "parquet"}, "json");
    csv_ = format == "csv";
    parquet_ = format == "parquet";
    if (parquet_) parquet_options_ = ParquetSinkOptions::parse(options);
    else compression_ = ObjectCompressor::parse(options.choice("compression", {"none", "gzip", "zstd"}, "none"));
    roll_rows_ = options.integer("roll_rows", 0, 0, int64_t{1} << 40);
    roll_bytes_ = options.integer("roll_bytes", kDefaultRollBytes, 1, kMaxRollBytes);
    roll_interval_ = std::chrono::microseconds(options.duration("roll_interval", 0));
    if (options.has("partition_by")) {
        partitioner_ = std::make_unique<HivePartitioner>(spec_.schema, options.list("partition_by"),
                                                         options.text("time_column"));
    }
}

S3Sink::~S3Sink() = default;

const std::vector<std::string> &S3Sink::option_names() {
    static const std::vector<std::string> names = {
        "access_key", "bucket",      "compression", "dictionary", "endpoint",   "page_size",
        "partition_by", "path_style", "prefix",     "region",     "roll_bytes", "roll_interval",
        "roll_rows",  "row_group_rows", "secret_key", "time_column"};
    return names;
}

S3ClientConfig S3Sink::client_config_of(const OptionReader &options, const std::string &context) {
    S3ClientConfig config;
    config.endpoint = options.required("endpoint");
    while (!config.endpoint.empty() && config.endpoint.back() == '/') config.endpoint.pop_back();
    config.bucket = options.required("bucket");
    config.region = options.text("region", "us-east-1");
    config.access_key = access_key_of(options);
    config.secret_key = secret_key_of(options);
    config.path_style = options.boolean("path_style", true);
    config.context = context;
    return config;
}

void S3Sink::validate_connection(const OptionReader &options) {
    check_endpoint(options.required("endpoint"));
    check_bucket(options.required("bucket"));
    if (options.has("region") && options.text("region").empty()) {
        throw WeirError(ErrorKind::Bind, "region must not be empty (default 'us-east-1'), got ''");
    }
    options.boolean("path_style", true);
    if (access_key_of(options).empty() || secret_key_of(options).empty()) {
        throw WeirError(ErrorKind::Bind, "connector '" + options.connector() +
                                             "' needs options access_key and secret_key, or AWS_ACCESS_KEY_ID and "
                                             "AWS_SECRET_ACCESS_KEY in the environment");
    }
}

std::string S3Sink::trimmed_prefix(const std::string &prefix) {
    size_t begin = prefix.find_first_not_of('/');
    if (begin == std::string::npos) return "";
    size_t end = prefix.find_last_not_of('/');
    return prefix.substr(begin, end - begin + 1);
}

void S3Sink::validate(const OptionReader &options) {
    check_endpoint(options.required("endpoint"));
    check_bucket(options.required("bucket"));
    if (options.has("region") && options.text("region").empty()) {
        throw WeirError(ErrorKind::Bind, "region must not be empty (default 'us-east-1'), got ''");
    }
    if (options.choice("format", {"json", "csv", "parquet"}, "json") == "parquet") {
        ParquetSinkOptions::parse(options);
    } else {
        options.choice("compression", {"none", "gzip", "zstd"}, "none");
        for (const char *name : {"dictionary", "page_size", "row_group_rows"}) {
            if (options.has(name)) {
                throw WeirError(ErrorKind::Bind, std::string("option ") + name + " applies to format 'parquet' only");
            }
        }
    }
    options.boolean("path_style", true);
    options.integer("roll_rows", 0, 0, int64_t{1} << 40);
    options.integer("roll_bytes", kDefaultRollBytes, 1, kMaxRollBytes);
    if (options.duration("roll_interval", 0) < 0) {
        throw WeirError(ErrorKind::Bind, "roll_interval must not be negative, got '" + options.text("roll_interval") + "'");
    }
    if (options.has("partition_by") && options.list("partition_by").empty()) {
        throw WeirError(ErrorKind::Bind, "partition_by must name at least one column, got ''");
    }
    validate_connection(options);
}

void S3Sink::open() { client_ = std::make_unique<S3Client>(client_config_); }

std::string S3Sink::extension() const {
    if (parquet_) return ".parquet";
    return std::string(csv_ ? ".csv" : ".json") + ObjectCompressor::extension(compression_);
}

std::string S3Sink::object_key(const std::string &folder, int64_t k, int64_t n) const {
    std::string key = prefix_.empty() ? "" : prefix_ + "/";
    return key + folder + S3ObjectName::format(job_, k, n, extension());
}

void S3Sink::set_checkpoint(int64_t k) {
    checkpoint_ = k;
    for (auto &entry : pending_) entry.second.next_n = 0;
}

size_t S3Sink::append_rows(Pending &pending, const Batch &batch, const std::vector<uint32_t> &rows, size_t begin) {
    if (pending.rows == 0) {
        pending.first_row = std::chrono::steady_clock::now();
        if (csv_) csv_encoder_.append_header(pending.text);
    }
    if (parquet_) {
        if (!pending.parquet) pending.parquet = std::make_unique<ParquetWriter>(spec_.schema, parquet_options_);
        size_t take = rows.size() - begin;
        if (roll_rows_ > 0) take = std::min<size_t>(take, static_cast<size_t>(roll_rows_ - static_cast<int64_t>(pending.rows)));
        pending.parquet->append(batch, rows.data() + begin, take);
        pending.rows += take;
        return begin + take;
    }
    for (size_t i = begin; i < rows.size(); i++) {
        if (csv_) {
            csv_encoder_.append_row(batch, rows[i], pending.text);
        } else {
            json_.append_row(batch, rows[i], pending.text);
            pending.text += '\n';
        }
        pending.rows++;
        if ((roll_rows_ > 0 && static_cast<int64_t>(pending.rows) >= roll_rows_) ||
            static_cast<int64_t>(pending.text.size()) >= roll_bytes_) {
            return i + 1;
        }
    }
    return rows.size();
}

void S3Sink::roll_if_due(const std::string &folder, Pending &pending) {
    if (pending.rows == 0) return;
    size_t bytes = pending.parquet ? pending.parquet->estimated_bytes() : pending.text.size();
    bool full = (roll_rows_ > 0 && static_cast<int64_t>(pending.rows) >= roll_rows_) ||
                static_cast<int64_t>(bytes) >= roll_bytes_;
    bool old = roll_interval_.count() > 0 && std::chrono::steady_clock::now() - pending.first_row >= roll_interval_;
    if (full || old) upload(folder, pending);
}

void S3Sink::roll_due_folders() {
    for (auto &entry : pending_) roll_if_due(entry.first, entry.second);
}

void S3Sink::write(const Batch &batch, ChangeKind kind) {
    if (kind == ChangeKind::Delete || batch.live_count() == 0) return;
    std::vector<std::pair<std::string, std::vector<uint32_t>>> groups;
    if (partitioner_) {
        groups = partitioner_->split(batch);
    } else {
        groups.emplace_back("", std::vector<uint32_t>());
        for (size_t i = 0; i < batch.live_count(); i++) groups.back().second.push_back(batch.live_row(i));
    }
    for (const auto &group : groups) {
        Pending &pending = pending_[group.first];
        size_t done = 0;
        while (done < group.second.size()) {
            done = append_rows(pending, batch, group.second, done);
            roll_if_due(group.first, pending);
        }
    }
    // A folder that receives nothing more still rolls when its roll_interval has passed.
    if (roll_interval_.count() > 0) roll_due_folders();
}

void S3Sink::upload(const std::string &folder, Pending &pending) {
    if (!client_) throw WeirError(ErrorKind::Misuse, "sink `" + spec_.name + "` was written to before open()");
    std::string key = object_key(folder, checkpoint_, pending.next_n);
    std::string content_type = parquet_ ? "application/vnd.apache.parquet" : csv_ ? "text/csv" : "application/x-ndjson";
    if (compression_ == Compression::Gzip) content_type = "application/gzip";
    if (compression_ == Compression::Zstd) content_type = "application/zstd";
    try {
        if (parquet_) client_->put_object(key, pending.parquet->finish(), content_type);
        else client_->put_object(key, ObjectCompressor::compress(compression_, pending.text), content_type);
    } catch (...) {
        failed_ = true;
        throw;
    }
    pending.next_n++;
    pending.rows = 0;
    pending.text.clear();
    pending.text.shrink_to_fit();
}

void S3Sink::flush() {
    if (failed_) return;
    roll_due_folders();
}

void S3Sink::close() {
    if (client_ && !failed_ && !checkpoints_) {
        for (auto &entry : pending_) {
            if (entry.second.rows > 0) upload(entry.first, entry.second);
        }
    }
    pending_.clear();
    client_.reset();
}

void S3Sink::enable_checkpoints() {
    checkpoints_ = true;
    set_checkpoint(1);
}

void S3Sink::prepare_checkpoint(int64_t k) {
    if (failed_) {
        throw WeirError(ErrorKind::Io, "sink `" + spec_.name + "` cannot complete checkpoint " + std::to_string(k) +
                                           " because an earlier upload failed; restart the job to replay from the "
                                           "last checkpoint");
    }
    if (k != checkpoint_) set_checkpoint(k);
    for (auto &entry : pending_) {
        if (entry.second.rows > 0) upload(entry.first, entry.second);
    }
    pending_.clear();
    set_checkpoint(k + 1);
}

void S3Sink::restore_checkpoint(int64_t k) {
    if (!client_) throw WeirError(ErrorKind::Misuse, "sink `" + spec_.name + "` was restored before open()");
    std::string listed = prefix_.empty() ? "" : prefix_ + "/";
    for (const auto &key : client_->list_keys(listed)) {
        if (key.compare(0, listed.size(), listed) != 0) continue;
        auto name = S3ObjectName::parse(S3ObjectName::file_name_of(key), job_);
        if (name && name->checkpoint > k) client_->delete_object(key);
    }
    pending_.clear();
    set_checkpoint(k + 1);
}

}  // namespace weir

// Pipelined XADD / HSET writes of the Redis sink.
#include "connectors/redis/redis_sink.h"

#include <hiredis/hiredis.h>

#include <cmath>

#include "common/number_format.h"
#include "common/timestamp.h"
#include "common/weir_error.h"
#include "connectors/formats/json_line_encoder.h"

namespace weir {
namespace {

int timeout_ms_of(const OptionReader &options) {
    int64_t timeout = options.duration("timeout", 5 * 1000 * 1000);
    if (timeout < 1000 || timeout > 600LL * 1000 * 1000) {
        throw WeirError(ErrorKind::Bind, "timeout must be from 1ms to 10m, got '" + options.text("timeout") + "'");
    }
    return static_cast<int>(timeout / 1000);
}

}  // namespace

const std::vector<std::string> &RedisSink::option_names() {
    static const std::vector<std::string> names = {"key_prefix", "maxlen", "mode", "retry_for", "stream", "timeout",
                                                   "url"};
    return names;
}

void RedisSink::validate(const OptionReader &options) {
    RedisUrl::parse(options.required("url"));
    std::string mode = options.choice("mode", {"stream", "hash"}, "stream");
    std::string format = options.choice("format", {"fields", "json"}, "fields");
    if (mode == "stream") {
        options.required("stream");
        if (options.has("key_prefix")) {
            throw WeirError(ErrorKind::Bind, "key_prefix applies to mode = 'hash' only; remove it or set mode = 'hash'");
        }
    } else {
        if (options.has("stream")) {
            throw WeirError(ErrorKind::Bind, "stream applies to mode = 'stream' only; remove it or set mode = 'stream'");
        }
        if (options.has("maxlen")) {
            throw WeirError(ErrorKind::Bind, "maxlen applies to mode = 'stream' only; remove it or set mode = 'stream'");
        }
        if (format == "json") throw WeirError(ErrorKind::Bind, "format = 'json' applies to mode = 'stream' only");
    }
    options.integer("maxlen", 1, 1, INT64_MAX);
    timeout_ms_of(options);
    if (options.duration("retry_for", 0) < 0) {
        throw WeirError(ErrorKind::Bind, "retry_for must not be negative, got '" + options.text("retry_for") + "'");
    }
}

RedisSink::RedisSink(SinkSpec spec) : spec_(std::move(spec)) {
    OptionReader options(spec_.connector, spec_.options);
    validate(options);
    url_ = RedisUrl::parse(options.required("url"));
    mode_ = options.choice("mode", {"stream", "hash"}, "stream") == "hash" ? Mode::Hash : Mode::Stream;
    json_ = options.choice("format", {"fields", "json"}, "fields") == "json";
    if (json_) encoder_ = std::make_unique<JsonLineEncoder>(spec_.schema);
    stream_ = options.text("stream");
    if (options.has("maxlen")) maxlen_ = options.integer("maxlen", 1, 1, INT64_MAX);
    key_prefix_ = options.text("key_prefix");
    timeout_ms_ = timeout_ms_of(options);
    retry_for_us_ = options.duration("retry_for", retry_for_us_);
    if (options.has("key")) {
        for (const auto &name : options.list("key")) {
            auto index = spec_.schema.find(name);
            if (!index) {
                throw WeirError(ErrorKind::Bind, "key of sink `" + spec_.name + "` names `" + name +
                                                     "`, which is not a column of the query's result");
            }
            key_.push_back(*index);
        }
    } else {
        key_ = spec_.key_columns;
    }
    if (mode_ == Mode::Hash && key_.empty()) {
        throw WeirError(ErrorKind::Bind, "sink `" + spec_.name + "` in mode = 'hash' needs key columns to name each "
                                         "hash; set an option such as key = 'city'");
    }
}

RedisSink::~RedisSink() { connection_.reset(); }

void RedisSink::open() {
    connection_ = RedisConnection::open(url_, timeout_ms_, retry_for_us_, "sink `" + spec_.name + "`");
}

bool RedisSink::cell_text(const ColumnVector &column, size_t row, std::string &out) {
    out.clear();
    if (column.is_null(row)) return false;
    switch (column.type()) {
    case TypeId::Boolean: out = column.bools()[row] ? "true" : "false"; return true;
    case TypeId::BigInt: out = std::to_string(column.ints()[row]); return true;
    case TypeId::Double:
        if (std::isnan(column.doubles()[row])) return false;
        out = format_double(column.doubles()[row]);
        return true;
    case TypeId::Text: out.assign(column.strings()[row]); return true;
    case TypeId::Timestamp: out = format_timestamp_iso(column.ints()[row]); return true;
    case TypeId::Interval: out = format_interval(column.ints()[row]); return true;
    default: return false;
    }
}

void RedisSink::append_stream_entry(const Batch &batch, size_t row) {
    args_.assign({"XADD", stream_});
    if (maxlen_) {
        args_.insert(args_.end(), {"MAXLEN", "~", std::to_string(*maxlen_)});
    }
    args_.push_back("*");
    size_t before_fields = args_.size();
    if (json_) {
        args_.push_back("payload");
        args_.emplace_back();
        encoder_->append_row(batch, row, args_.back());
    } else {
        for (size_t c = 0; c < spec_.schema.size(); c++) {
            if (!cell_text(batch.columns[c], row, cell_)) continue;
            args_.push_back(spec_.schema[c].name);
            args_.push_back(cell_);
        }
    }
    if (args_.size() == before_fields) {
        // Every column is NULL: an entry needs one field, so write the first column empty.
        args_.push_back(spec_.schema.size() > 0 ? spec_.schema[0].name : "_empty");
        args_.emplace_back();
    }
    connection_->append(args_);
    queued_++;
}

void RedisSink::append_hash(const Batch &batch, size_t row, ChangeKind kind) {
    std::string key = key_prefix_;
    for (size_t k = 0; k < key_.size(); k++) {
        cell_text(batch.columns[key_[k]], row, cell_);
        key += (k > 0 ? ":" : "") + cell_;
    }
    if (kind == ChangeKind::Delete) {
        connection_->append({"DEL", key});
        queued_++;
        return;
    }
    args_.assign({"HSET", key});
    nulls_.assign({"HDEL", key});
    for (size_t c = 0; c < spec_.schema.size(); c++) {
        if (cell_text(batch.columns[c], row, cell_)) {
            args_.push_back(spec_.schema[c].name);
            args_.push_back(cell_);
        } else {
            nulls_.push_back(spec_.schema[c].name);
        }
    }
    if (args_.size() > 2) {
        connection_->append(args_);
        queued_++;
    }
    if (nulls_.size() > 2) {
        connection_->append(nulls_);
        queued_++;
    }
}

void RedisSink::write(const Batch &batch, ChangeKind kind) {
    if (!connection_) throw WeirError(ErrorKind::Internal, "sink `" + spec_.name + "` was written before open()");
    queued_ = 0;
    for (size_t i = 0; i < batch.live_count(); i++) {
        size_t row = batch.live_row(i);
        if (mode_ == Mode::Stream) append_stream_entry(batch, row);
        else append_hash(batch, row, kind);
    }
    std::string first_error;
    for (size_t i = 0; i < queued_; i++) {
        auto reply = connection_->read_reply();
        if (reply->type == REDIS_REPLY_ERROR && first_error.empty()) first_error = RedisConnection::error_text(*reply);
    }
    queued_ = 0;
    if (!first_error.empty()) {
        throw WeirError(ErrorKind::Io, "Redis at " + connection_->address() + " refused rows of sink `" + spec_.name +
                                           "`: " + first_error);
    }
}

void RedisSink::close() { connection_.reset(); }

SinkGuarantee RedisSink::guarantee() const {
    return mode_ == Mode::Hash ? SinkGuarantee::Idempotent : SinkGuarantee::AtLeastOnce;
}

}  // namespace weir

// Producing, delivery tracking and flushing of the Kafka sink.
#include "connectors/kafka/kafka_sink.h"

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <thread>

#include "common/value.h"
#include "common/weir_error.h"
#include "connectors/kafka/kafka_metadata.h"

namespace weir {
namespace {

void on_delivery_report(rd_kafka_t *, const rd_kafka_message_t *message, void *opaque) {
    auto *events = static_cast<KafkaClientEvents *>(opaque);
    static_cast<KafkaSink *>(events->owner)->on_delivery(*message);
}

int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

KafkaSink::KafkaSink(SinkSpec spec)
    : spec_(std::move(spec)),
      topic_template_(OptionReader(spec_.connector, spec_.options).required("topic"), spec_.schema, spec_.name),
      config_("kafka", spec_.options), json_(spec_.schema), csv_encoder_(spec_.schema) {
    OptionReader reader(spec_.connector, spec_.options);
    validate(reader);
    KafkaClientConfig::validate(reader, spec_.options);
    topic_ = reader.required("topic");
    topic_text_ = topic_;
    csv_ = reader.choice("format", {"json", "csv"}, "json") == "csv";
    connect_timeout_ms_ = reader.duration("connect_timeout", 30 * 1000000LL) / 1000;
    flush_timeout_ms_ = reader.duration("flush_timeout", 60 * 1000000LL) / 1000;
    if (reader.has("key")) {
        for (const auto &name : reader.list("key")) {
            auto index = spec_.schema.find(name);
            if (!index) {
                throw WeirError(ErrorKind::Bind, "key column `" + name + "` of sink `" + spec_.name +
                                                     "` is not a column of the query");
            }
            key_columns_.push_back(*index);
        }
    } else {
        key_columns_ = spec_.key_columns;
    }
}

KafkaSink::~KafkaSink() { destroy(); }

const std::vector<std::string> &KafkaSink::option_names() {
    static const std::vector<std::string> names = {"brokers", "connect_timeout", "flush_timeout", "topic"};
    return names;
}

void KafkaSink::validate(const OptionReader &options) {
    options.required("brokers");
    std::string topic = options.required("topic");
    if (topic.find(',') != std::string::npos || KafkaMetadata::is_regex(topic)) {
        throw WeirError(ErrorKind::Bind, "a Kafka sink writes to one topic (which may name columns, "
                                         "'sensor-{device}'), got '" + topic + "'");
    }
    TopicTemplate::validate(topic);
    options.choice("format", {"json", "csv"}, "json");
    for (const char *name : {"connect_timeout", "flush_timeout"}) {
        if (options.duration(name, 1000000) < 1000) {
            throw WeirError(ErrorKind::Bind, std::string(name) + " must be at least 1ms, got '" + options.text(name) + "'");
        }
    }
}

void KafkaSink::open() {
    config_.set_default("partitioner", "murmur2_random");
    config_.set_default("linger.ms", "5");
    config_.set_default("message.timeout.ms", "30000");
    config_.set_forced("enable.idempotence", "true");
    events_.owner = this;
    rd_kafka_conf_t *conf = config_.build(&events_);
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery_report);
    char error[512];
    handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
    if (!handle_) {
        rd_kafka_conf_destroy(conf);
        throw WeirError(ErrorKind::Bind, "cannot create the Kafka producer of sink `" + spec_.name + "`: " +
                                             config_.mask(error));
    }
    std::string what = "sink `" + spec_.name + "`";
    auto cluster = KafkaMetadata::fetch(handle_, connect_timeout_ms_, what, config_, events_);
    // A templated topic names its topics row by row: a missing one fails its deliveries.
    if (topic_template_.is_constant()) KafkaMetadata::resolve(cluster, topic_, what, config_.brokers());
}

void KafkaSink::on_delivery(const rd_kafka_message_t &message) {
    if (message.err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        delivered_.fetch_add(1);
        return;
    }
    if (failed_.fetch_add(1) == 0) delivery_errors_.set_last_error(rd_kafka_err2str(message.err));
}

void KafkaSink::throw_if_failed() {
    uint64_t failed = failed_.load();
    std::string cause = events_.fatal() ? events_.last_error() : delivery_errors_.last_error();
    if (failed == 0 && !events_.fatal()) return;
    throw WeirError(ErrorKind::Io, "Kafka sink `" + spec_.name + "` could not deliver " + std::to_string(failed) +
                                       " row(s) to topic `" + topic_ + "` at " + config_.brokers() + " (" +
                                       config_.mask(cause) + "); the rows are lost for this run, check the brokers");
}

void KafkaSink::serve(int timeout_ms) {
    rd_kafka_poll(handle_, timeout_ms);
    throw_if_failed();
}

std::string KafkaSink::key_of(const Batch &batch, size_t row, bool &has_key) {
    has_key = false;
    key_.clear();
    for (size_t i = 0; i < key_columns_.size(); i++) {
        const ColumnVector &column = batch.columns[key_columns_[i]];
        if (column.is_null(row)) {
            if (key_columns_.size() == 1) return key_;
        } else {
            has_key = true;
        }
        std::string text = column.is_null(row) ? "" : Value::from_column(column, row).to_string();
        if (key_columns_.size() == 1) {
            key_ = text;
            return key_;
        }
        if (i > 0) key_ += ",";
        csv_encoder_.append_field(text, key_);
    }
    return key_;
}

bool KafkaSink::topic_of(const Batch &batch, size_t row) {
    if (topic_template_.is_constant()) return true;  // topic_text_ is topic_
    if (!topic_template_.resolve(batch, row, topic_text_, null_column_)) {
        report_bad_row(BadRecord{"sink `" + spec_.name + "`",
                                 "column `" + null_column_ + "` is NULL, so the row has no topic '" + topic_ + "'", ""});
        return false;
    }
    bool valid = !topic_text_.empty() && topic_text_.size() <= 249 && topic_text_ != "." && topic_text_ != "..";
    for (char c : topic_text_) {
        valid = valid && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                          c == '_' || c == '-');
    }
    if (!valid) {
        report_bad_row(BadRecord{"sink `" + spec_.name + "`",
                                 "the row's topic '" + topic_text_ + "' is not a valid Kafka topic name (1 to 249 of "
                                 "a-z A-Z 0-9 . _ -)", ""});
    }
    return valid;
}

void KafkaSink::produce(const std::string &topic, const std::string *value, const std::string *key) {
    int64_t deadline = now_ms() + flush_timeout_ms_;
    while (true) {
        rd_kafka_resp_err_t error = rd_kafka_producev(
            handle_, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
            RD_KAFKA_V_VALUE(value ? const_cast<char *>(value->data()) : nullptr, value ? value->size() : 0),
            RD_KAFKA_V_KEY(key ? key->data() : nullptr, key ? key->size() : 0), RD_KAFKA_V_END);
        if (error == RD_KAFKA_RESP_ERR_NO_ERROR) return;
        if (error == RD_KAFKA_RESP_ERR__QUEUE_FULL && now_ms() < deadline) {
            serve(100);  // wait for deliveries to make room
            continue;
        }
        throw WeirError(ErrorKind::Io, "Kafka sink `" + spec_.name + "` cannot send a row to topic `" + topic +
                                           "`: " + config_.mask(rd_kafka_err2str(error)));
    }
}

void KafkaSink::write(const Batch &batch, ChangeKind kind) {
    for (size_t i = 0; i < batch.live_count(); i++) {
        size_t row = batch.live_row(i);
        if (!topic_of(batch, row)) continue;
        bool has_key = false;
        if (!key_columns_.empty()) key_of(batch, row, has_key);
        if (kind == ChangeKind::Delete) {
            if (has_key) produce(topic_text_, nullptr, &key_);  // a tombstone
            continue;
        }
        value_.clear();
        if (csv_) {
            csv_encoder_.append_row(batch, row, value_);
            if (!value_.empty() && value_.back() == '\n') value_.pop_back();
        } else {
            json_.append_row(batch, row, value_);
        }
        produce(topic_text_, &value_, has_key ? &key_ : nullptr);
    }
    serve(0);
}

void KafkaSink::flush() {
    if (!handle_) return;
    int64_t deadline = now_ms() + flush_timeout_ms_;
    while (rd_kafka_outq_len(handle_) > 0 && now_ms() < deadline) {
        rd_kafka_flush(handle_, 100);
        throw_if_failed();
    }
    throw_if_failed();
    int waiting = rd_kafka_outq_len(handle_);
    if (waiting > 0) {
        throw WeirError(ErrorKind::Io, "Kafka sink `" + spec_.name + "` has " + std::to_string(waiting) +
                                           " message(s) still unacknowledged by the brokers at " + config_.brokers() +
                                           " after flush_timeout; check that the brokers are running");
    }
}

void KafkaSink::close() {
    if (!handle_) return;
    try {
        flush();
    } catch (...) {
        destroy();
        throw;
    }
    destroy();
}

void KafkaSink::destroy() {
    if (!handle_) return;
    rd_kafka_purge(handle_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_poll(handle_, 0);
    rd_kafka_destroy(handle_);
    handle_ = nullptr;
}

}  // namespace weir

// Forming topics, encoding rows and publishing them through the MQTT client.
#include "connectors/mqtt/mqtt_sink.h"

#include <mosquitto.h>

#include "common/weir_error.h"

namespace weir {

MqttSink::MqttSink(SinkSpec spec)
    : spec_(std::move(spec)),
      topic_(OptionReader(spec_.connector, spec_.options).required("topic"), spec_.schema, spec_.name),
      json_(spec_.schema), csv_encoder_(spec_.schema) {
    OptionReader reader(spec_.connector, spec_.options);
    validate(reader);
    qos_ = static_cast<int>(reader.integer("qos", 1, 0, 2));
    retain_ = reader.boolean("retain", false);
    csv_ = reader.choice("format", {"json", "csv"}, "json") == "csv";
    flush_timeout_ms_ = reader.duration("flush_timeout", 30 * 1000000LL) / 1000;
    client_ = std::make_unique<MqttClient>(MqttClientSettings::parse(reader, "sink `" + spec_.name + "`"), nullptr);
}

MqttSink::~MqttSink() {
    if (client_) client_->disconnect();
}

const std::vector<std::string> &MqttSink::option_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> all = MqttClientSettings::option_names();
        for (const char *name : {"flush_timeout", "qos", "retain", "topic"}) all.push_back(name);
        return all;
    }();
    return names;
}

void MqttSink::validate(const OptionReader &options) {
    MqttClientSettings::validate(options);
    std::string topic = options.required("topic");
    TopicTemplate::validate(topic);
    if (!TopicTemplate::is_templated(topic) && mosquitto_pub_topic_check(topic.c_str()) != MOSQ_ERR_SUCCESS) {
        throw WeirError(ErrorKind::Bind, "topic '" + topic + "' is not a valid MQTT topic to publish to (no + or #)");
    }
    options.integer("qos", 1, 0, 2);
    options.boolean("retain", false);
    options.choice("format", {"json", "csv"}, "json");
    if (options.duration("flush_timeout", 30 * 1000000LL) < 1000) {
        throw WeirError(ErrorKind::Bind, "flush_timeout must be at least 1ms, got '" + options.text("flush_timeout") + "'");
    }
}

void MqttSink::open() { client_->connect(); }

void MqttSink::write(const Batch &batch, ChangeKind kind) {
    if (kind == ChangeKind::Delete && !retain_) return;
    for (size_t i = 0; i < batch.live_count(); i++) {
        size_t row = batch.live_row(i);
        if (!topic_.resolve(batch, row, topic_text_, null_column_)) {
            report_bad_row(BadRecord{"sink `" + spec_.name + "`",
                                     "column `" + null_column_ + "` is NULL, so the row has no topic '" + topic_.text() + "'",
                                     ""});
            continue;
        }
        if (mosquitto_pub_topic_check(topic_text_.c_str()) != MOSQ_ERR_SUCCESS) {
            report_bad_row(BadRecord{"sink `" + spec_.name + "`",
                                     "the row's topic '" + topic_text_ + "' is not a valid MQTT topic (it holds + or #)", ""});
            continue;
        }
        payload_.clear();
        if (kind != ChangeKind::Delete) {
            if (csv_) {
                csv_encoder_.append_row(batch, row, payload_);
                if (!payload_.empty() && payload_.back() == '\n') payload_.pop_back();
            } else {
                json_.append_row(batch, row, payload_);
            }
        }
        client_->publish(topic_text_, payload_, qos_, retain_);
    }
    std::string failure = client_->failure();
    if (!failure.empty()) throw WeirError(ErrorKind::Io, failure);
}

void MqttSink::flush() { client_->flush(flush_timeout_ms_); }

void MqttSink::close() {
    try {
        flush();
    } catch (...) {
        client_->disconnect();
        throw;
    }
    client_->disconnect();
}

}  // namespace weir

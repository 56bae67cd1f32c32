// Sink connector 'mqtt': publishes each result row as one MQTT message (JSON or CSV).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "connectors/formats/csv_encoder.h"
#include "connectors/formats/json_line_encoder.h"
#include "connectors/mqtt/mqtt_client.h"
#include "connectors/option_reader.h"
#include "connectors/sink.h"
#include "connectors/topic_template.h"

namespace weir {

// Options (besides MqttClientSettings and format): topic (required; may name columns, 'alerts/{city}',
// TopicTemplate), qos 0, 1 (default) or 2, retain (default false), flush_timeout (default '30s': how
// long flush() waits for the broker's acknowledgements). format 'json' (default) or 'csv' (one record,
// no header, no newline) is the payload.
// A row whose topic cannot be formed (a named column is NULL, or its value holds + or #) is a bad row
// (Sink::report_bad_row), the others are published. A Delete write of a retained sink publishes an
// empty retained message to the row's topic (which clears the retained one); without retain, deletes
// are not published. Publishing is retried while the broker is unreachable for connect_timeout
// (MqttClient::publish); flush() (and so every checkpoint) waits until the broker acknowledged every
// message, else the job fails with one sentence. AtLeastOnce. Not thread-safe.
class MqttSink : public Sink {
public:
    explicit MqttSink(SinkSpec spec);
    ~MqttSink() override;

    static const std::vector<std::string> &option_names();
    static void validate(const OptionReader &options);

    void open() override;
    void write(const Batch &batch, ChangeKind kind) override;
    void flush() override;
    void close() override;

private:
    SinkSpec spec_;
    TopicTemplate topic_;
    int qos_ = 1;
    bool retain_ = false;
    bool csv_ = false;
    int64_t flush_timeout_ms_ = 30000;
    JsonLineEncoder json_;
    CsvEncoder csv_encoder_;
    std::unique_ptr<MqttClient> client_;
    std::string topic_text_;
    std::string payload_;
    std::string null_column_;
};

}  // namespace weir

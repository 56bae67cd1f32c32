// Sink connector 'kafka': writes each result row as one message through an idempotent producer.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "connectors/formats/csv_encoder.h"
#include "connectors/formats/json_line_encoder.h"
#include "connectors/kafka/kafka_client_config.h"
#include "connectors/kafka/kafka_client_events.h"
#include "connectors/option_reader.h"
#include "connectors/sink.h"
#include "connectors/topic_template.h"

typedef struct rd_kafka_s rd_kafka_t;
typedef struct rd_kafka_message_s rd_kafka_message_t;

namespace weir {

// Options (besides format and key): brokers (required), topic (required, one existing topic, or a
// TopicTemplate naming columns, 'sensor-{device}': each row goes to the topic its values name, which
// must exist or be auto-created by the brokers; a row whose topic cannot be formed, because a named
// column is NULL or the name is not a valid Kafka topic name, is a bad row),
// connect_timeout (default '30s': how long open() retries to reach the brokers), flush_timeout
// (default '60s': how long flush() waits for outstanding deliveries), kafka.<property>: any librdkafka
// producer property. format 'json' (default) or 'csv' (one record, no header, no newline) is the value.
// key ('col' or 'a, b', else SinkSpec::key_columns) is the message key: one column's text, or several
// as one CSV record; rows with the same key land on the same partition (murmur2, as Java clients;
// kafka.partitioner overrides). A NULL key column gives a message without key. Delete writes send a
// tombstone (the key with no value) and are skipped when there is no key.
// The producer is idempotent (enable.idempotence=true: no duplicates or reordering on retries).
// Delivery contract: flush() returns only when every message written so far is acknowledged by the
// brokers; a message that failed (or is still unacknowledged after flush_timeout) makes flush(),
// write() or close() throw WeirError(Io) naming how many rows were lost and why, so a job never
// reports success for undelivered rows. Checkpoints: AtLeastOnce; prepare_checkpoint() is flush()
// (the default), so checkpoint k completes only when every message before it is acknowledged, and a
// replay sends the messages written since the last checkpoint again. Not thread-safe (librdkafka's
// threads only touch counters).
class KafkaSink : public Sink {
public:
    explicit KafkaSink(SinkSpec spec);
    ~KafkaSink() override;

    static const std::vector<std::string> &option_names();
    // (kafka.<property> options are checked one by one with KafkaClientConfig::validate_property.)
    static void validate(const OptionReader &options);

    void open() override;
    void write(const Batch &batch, ChangeKind kind) override;
    void flush() override;
    void close() override;

    // Messages acknowledged by the brokers so far.
    uint64_t delivered() const { return delivered_.load(); }

    // librdkafka's delivery report lands here; not for other callers.
    void on_delivery(const rd_kafka_message_t &message);

private:
    void produce(const std::string &topic, const std::string *value, const std::string *key);
    // The topic of physical row `row` into topic_text_; false after reporting a bad row when it has none.
    bool topic_of(const Batch &batch, size_t row);
    void serve(int timeout_ms);
    void throw_if_failed();
    std::string key_of(const Batch &batch, size_t row, bool &has_key);
    void destroy();

    SinkSpec spec_;
    std::string topic_;
    TopicTemplate topic_template_;
    std::string topic_text_;
    std::string null_column_;
    bool csv_ = false;
    int64_t connect_timeout_ms_ = 30000;
    int64_t flush_timeout_ms_ = 60000;
    std::vector<size_t> key_columns_;
    KafkaClientConfig config_;
    KafkaClientEvents events_;
    JsonLineEncoder json_;
    CsvEncoder csv_encoder_;
    rd_kafka_t *handle_ = nullptr;
    std::string value_;
    std::string key_;

    std::atomic<uint64_t> delivered_{0};
    std::atomic<uint64_t> failed_{0};
    KafkaClientEvents delivery_errors_;  // the first delivery error text
};

}  // namespace weir

// Source connector 'mqtt': messages of MQTT topics (with + and # wildcards) read through libmosquitto.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "connectors/formats/bad_record_reporter.h"
#include "connectors/formats/csv_decoder.h"
#include "connectors/formats/json_line_decoder.h"
#include "connectors/mqtt/mqtt_client.h"
#include "connectors/mqtt/mqtt_topic_columns.h"
#include "connectors/option_reader.h"
#include "connectors/source.h"
#include "connectors/source_options.h"

namespace weir {

// Options (besides SourceOptions and MqttClientSettings; format may also be 'raw'):
//   topic (required): one filter or a comma-separated list, with + and # wildcards; qos 0, 1 (default)
//   or 2; clean_session (default true; 'false' keeps a persistent session on the broker, which then
//   queues QoS 1/2 messages while weir is down; needs client_id); topic_columns (MqttTopicColumns);
//   ts_source = 'payload' (default) | 'arrival' (the event-time column is the wall-clock time the
//   message arrived).
// Like a consumer group, the client id is spec.consumer_group(client_id), `<client_id>.<job>`, so every
// job reading the source has a session of its own; a SELECT always uses a clean session.
// format 'raw': the payload, as text, is the first declared TEXT column the message does not fill
// otherwise (MqttTopicColumns). format 'csv': a payload is one record of the declared payload columns
// in order (no header).
// Partitions: each distinct topic is a partition of the watermark, numbered in the order first seen; a
// Data batch holds messages of one topic (topics with messages waiting take turns). Malformed messages
// are positioned "<topic>#<n>" (n counts the messages of the run, from 1).
// The MQTT protocol has no replay, so position() is nullopt: what a crash can lose is in the README's
// guarantee table. libmosquitto's thread receives messages into a queue of at most kMaxQueued; when it
// is full that thread waits for poll() (the broker then queues, within its own limits).
class MqttSource : public Source {
public:
    enum class TimeSource { Payload, Arrival };

    explicit MqttSource(SourceSpec spec);
    ~MqttSource() override;

    static const std::vector<std::string> &option_names();
    static void validate(const OptionReader &reader, const Schema &declared);

    void open() override;
    PollResult poll(Batch &out) override;
    int partition() const override { return partition_; }
    void wait_for_data(int timeout_ms) override;
    void close() override;

    static constexpr size_t kMaxQueued = 65536;

private:
    struct Message {
        int partition = 0;
        int qos = 0;
        bool retain = false;
        int64_t arrival_us = 0;
        uint64_t number = 0;
        std::string payload;
    };
    // Network thread: queues one message (waiting while the queue is full).
    void receive(const struct mosquitto_message &message);
    void begin_batch(Batch &out, size_t capacity) const;
    bool decode(const Message &message, Batch &out, size_t row);

    SourceSpec spec_;
    SourceOptions options_;
    bool raw_ = false;
    TimeSource time_source_ = TimeSource::Payload;
    int qos_ = 1;
    std::vector<std::string> topics_;
    Schema output_;
    MqttTopicColumns filled_;
    std::optional<size_t> raw_column_;
    std::unique_ptr<JsonLineDecoder> json_;
    std::unique_ptr<CsvDecoder> csv_;
    BadRecordReporter reporter_;
    std::unique_ptr<MqttClient> client_;

    // Shared with the network thread.
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Message> incoming_;
    std::unordered_map<std::string, int> partitions_;  // topic → partition
    std::vector<std::string> topic_names_;              // partition → topic
    uint64_t received_ = 0;
    bool stopping_ = false;

    // Job thread only.
    std::vector<std::deque<Message>> waiting_;  // per partition
    std::vector<std::string> waiting_topics_;   // partition → topic
    size_t waiting_count_ = 0;
    size_t next_partition_ = 0;
    int partition_ = 0;
    std::string reason_;
};

}  // namespace weir

// Source connector 'kafka': reads topics through a librdkafka consumer into typed batches.
#pragma once

#include <cstdint>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "connectors/formats/bad_record_reporter.h"
#include "connectors/formats/csv_decoder.h"
#include "connectors/formats/json_line_decoder.h"
#include "connectors/kafka/kafka_client_config.h"
#include "connectors/kafka/kafka_client_events.h"
#include "connectors/kafka/kafka_metadata_columns.h"
#include "connectors/option_reader.h"
#include "connectors/source.h"
#include "connectors/source_options.h"

typedef struct rd_kafka_s rd_kafka_t;
typedef struct rd_kafka_message_s rd_kafka_message_t;
typedef struct rd_kafka_topic_s rd_kafka_topic_t;
typedef struct rd_kafka_topic_partition_list_s rd_kafka_topic_partition_list_t;

namespace weir {

// The next offset to read of one topic partition: what a checkpoint stores and a commit sends.
struct KafkaPosition {
    std::string topic;
    int32_t partition = 0;
    int64_t offset = 0;  // the next offset to read (last read + 1)
    bool operator==(const KafkaPosition &other) const {
        return topic == other.topic && partition == other.partition && offset == other.offset;
    }
};

// Options (besides SourceOptions; format may also be 'raw'):
//   brokers (required) host:port list; topic (required): a name, comma-separated names, or a regex
//   starting with '^' (ECMAScript, whole name); group_id: join the consumer group
//   spec.consumer_group(group_id), `<group_id>.<job>` (every job reads every message; processes
//   running the same job split the partitions, correct for aggregations only when the topic is keyed
//   by the GROUP BY key); without it the source reads every partition itself (no group join);
//   start = 'earliest' (default) | 'latest' | 'committed' (that group's committed offsets, else
//   earliest; needs group_id); stop = 'never' (default) | 'latest' (bounded: reads up to the end
//   offsets each partition had at open(), then End); ts_source = 'payload' (default) | 'kafka' (the
//   event-time column is the message timestamp); connect_timeout (default '30s': how long open()
//   retries to reach the brokers before failing); kafka.<property>: any librdkafka property.
// format 'raw': the message value, as text, is the first declared TEXT column that is not a metadata
// column (KafkaMetadataColumns); a message without a value is NULL there.
// Offsets are never committed automatically (enable.auto.commit=false, enable.auto.offset.store=false):
// positions() and commit() are for the checkpoint protocol (docs/semantics.md#checkpoints-and-recovery).
// Checkpoint hooks: position() is positions() as JSON, [{"topic":"t","partition":0,"offset":12},...];
// restore_position() reads it into restore_positions() (partitions it does not name start at `start`);
// with checkpoints enabled, start = 'latest' is pinned to each partition's end offset when it is
// assigned, so a position names every assigned partition, read from or not;
// position_durable() commits it to the group (commit()). Offsets are never committed elsewhere.
// A bounded source in a consumer group ends when the partitions assigned to it are read to their end;
// with checkpoints enabled it also waits (Idle) until every other partition of its topics has a
// committed offset at or past its end, checked at most every 500 ms: a member restarted right after a
// crash thus keeps going until the group hands it the dead member's partitions (after the group's
// session.timeout.ms) or another member has finished them, instead of ending with part of the topic;
// if that has not happened within 3 x session.timeout.ms (at least 30 s) after its own partitions
// were done, it fails with a sentence naming the partitions (never a silent partial result, never a hang).
// Each Data batch holds messages of one partition only; partition() numbers topic partitions densely
// in the order first seen. Bad records are positioned "topic/partition@offset". Not thread-safe.
class KafkaSource : public Source {
public:
    enum class Start { Earliest, Latest, Committed };
    enum class TimeSource { Payload, Kafka };

    explicit KafkaSource(SourceSpec spec);
    ~KafkaSource() override;

    // Connector-specific option names (sorted; kafka.<property> is accepted besides these).
    static const std::vector<std::string> &option_names();
    // Checks option values and the declared metadata columns without connecting.
    // (kafka.<property> options are checked one by one with KafkaClientConfig::validate_property.)
    static void validate(const OptionReader &reader, const Schema &declared);
    static bool is_bounded(const OptionReader &reader) { return reader.choice("stop", {"never", "latest"}, "never") == "latest"; }

    // Before open(): resume these partitions at these offsets (from a checkpoint) instead of `start`.
    void restore_positions(const std::vector<KafkaPosition> &positions);
    // The next offset to read of every partition read from or restored so far, sorted by topic and
    // partition (malformed messages count as read).
    std::vector<KafkaPosition> positions() const;
    // Commits offsets to the consumer group synchronously (after a durable checkpoint). Without
    // group_id it does nothing. Throws WeirError(Io) when the commit fails.
    void commit(const std::vector<KafkaPosition> &positions);

    void open() override;
    PollResult poll(Batch &out) override;
    int partition() const override { return partition_; }
    // The assigned partitions that are still being read (a bounded partition read to its end no
    // longer holds the watermark back).
    std::vector<int> partitions() const override;
    void wait_for_data(int timeout_ms) override;
    void close() override;

    std::optional<std::string> position() const override;
    void restore_position(const std::string &position) override;
    void enable_checkpoints() override { checkpoints_ = true; }
    void position_durable(const std::string &position) override;

    // librdkafka's rebalance callback lands here (consumer group mode); not for other callers.
    void rebalance(int error, rd_kafka_topic_partition_list_t *partitions);

private:
    struct PartitionState {
        int index = 0;
        int64_t next_offset = -1;  // unknown until read or restored
        int64_t end = -1;          // stop = 'latest': the end offset seen at open()
        bool assigned = false;
        bool done = false;         // bounded and read up to `end`
    };
    using Key = std::pair<std::string, int32_t>;

    PartitionState &state_of(const std::string &topic, int32_t partition);
    void set_start_offsets(rd_kafka_topic_partition_list_t *partitions);
    void mark_done(const Key &key, PartitionState &state);
    bool all_done() const;
    // Bounded, in a group, with checkpoints: true when every partition not assigned here is done
    // (marks those whose committed offset reached their end). Rate-limited; false in between.
    bool others_done();
    void handle_error(const rd_kafka_message_t &message);
    void begin_batch(Batch &out, size_t capacity) const;
    bool decode(const rd_kafka_message_t &message, Batch &out, size_t row);
    std::string position_text(const rd_kafka_message_t &message) const;
    // Reads a position() text; WeirError(Data) naming the source when it is not one.
    std::vector<KafkaPosition> parse_position(const std::string &text) const;

    SourceSpec spec_;
    SourceOptions options_;
    bool raw_ = false;
    std::string topic_;
    std::string group_id_;
    Start start_ = Start::Earliest;
    bool bounded_ = false;
    TimeSource time_source_ = TimeSource::Payload;
    int64_t connect_timeout_ms_ = 30000;
    KafkaClientConfig config_;
    KafkaClientEvents events_;
    Schema output_;
    KafkaMetadataColumns metadata_;
    std::optional<size_t> raw_column_;  // output index receiving the value (format raw)
    std::unique_ptr<JsonLineDecoder> json_;
    std::unique_ptr<CsvDecoder> csv_;
    BadRecordReporter reporter_;

    rd_kafka_t *handle_ = nullptr;
    // Handles of the resolved topics, from open() to close(): with them librdkafka applies the leaders
    // of a metadata reply to the partitions it is assigned (see open()).
    std::vector<rd_kafka_topic_t *> topic_handles_;
    std::map<Key, PartitionState> partitions_;
    bool assigned_once_ = false;
    bool checkpoints_ = false;
    std::map<Key, int64_t> restored_;  // restore_positions(), applied by open()
    std::chrono::steady_clock::time_point next_others_check_{};
    std::chrono::steady_clock::time_point others_deadline_{};  // set when this member's partitions are done
    rd_kafka_message_t *pending_ = nullptr;  // read ahead: belongs to the next batch
    int partition_ = 0;
    bool ended_ = false;
    std::string reason_;
};

}  // namespace weir

// The optional metadata columns of a Kafka source (kafka_key, kafka_partition, ...) and their filling.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "common/batch.h"
#include "common/schema.h"

typedef struct rd_kafka_message_s rd_kafka_message_t;

namespace weir {

// A declared column named like one of these receives the message's metadata instead of a payload field:
//   kafka_topic TEXT, kafka_partition BIGINT, kafka_offset BIGINT, kafka_key TEXT (NULL when the
//   message has none), kafka_timestamp TIMESTAMP (the message timestamp; NULL when absent),
//   kafka_headers TEXT (a JSON object {"name":"value",...}; NULL when the message has no headers).
// Names are compared case-insensitively; a declared type other than the one above is an error.
enum class KafkaField { Topic, Partition, Offset, Key, Timestamp, Headers };

class KafkaMetadataColumns {
public:
    static std::optional<KafkaField> field_named(const std::string &column);
    static TypeId type_of(KafkaField field);
    // Throws WeirError(Bind) "column `kafka_offset` must be BIGINT to hold the Kafka offset, got TEXT".
    static void validate(const Schema &declared);

    // Finds the metadata columns among `output` (the source's output columns).
    explicit KafkaMetadataColumns(const Schema &output);

    bool is_metadata(size_t column) const;
    bool empty() const { return columns_.empty(); }
    // Fills every metadata column of physical row `row` from `message` (strings into out.arena()).
    void fill(const rd_kafka_message_t &message, Batch &out, size_t row) const;

    // The message timestamp in microseconds, or nullopt when the message carries none.
    static std::optional<int64_t> timestamp_micros(const rd_kafka_message_t &message);

private:
    struct Entry {
        size_t column;
        KafkaField field;
    };
    std::vector<Entry> columns_;
};

}  // namespace weir

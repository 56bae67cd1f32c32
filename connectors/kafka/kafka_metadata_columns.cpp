// Recognising and filling the Kafka metadata columns of a source.
#include "connectors/kafka/kafka_metadata_columns.h"

#include <librdkafka/rdkafka.h>

#include <string_view>

#include "common/weir_error.h"
#include "connectors/formats/json_line_encoder.h"

namespace weir {
namespace {

struct Known {
    const char *name;
    KafkaField field;
    TypeId type;
    const char *meaning;
};

const Known kKnown[] = {
    {"kafka_topic", KafkaField::Topic, TypeId::Text, "the topic"},
    {"kafka_partition", KafkaField::Partition, TypeId::BigInt, "the partition"},
    {"kafka_offset", KafkaField::Offset, TypeId::BigInt, "the offset"},
    {"kafka_key", KafkaField::Key, TypeId::Text, "the message key"},
    {"kafka_timestamp", KafkaField::Timestamp, TypeId::Timestamp, "the message timestamp"},
    {"kafka_headers", KafkaField::Headers, TypeId::Text, "the headers"},
};

std::string headers_json(const rd_kafka_message_t &message) {
    rd_kafka_headers_t *headers = nullptr;
    if (rd_kafka_message_headers(&message, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR || !headers) return "";
    std::string json = "{";
    const char *name = nullptr;
    const void *value = nullptr;
    size_t size = 0;
    for (size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; i++) {
        if (i > 0) json += ",";
        JsonLineEncoder::append_string(name, json);
        json += ":";
        if (value) JsonLineEncoder::append_string(std::string_view(static_cast<const char *>(value), size), json);
        else json += "null";
    }
    return json + "}";
}

}  // namespace

std::optional<KafkaField> KafkaMetadataColumns::field_named(const std::string &column) {
    for (const auto &known : kKnown) {
        if (iequals(column, known.name)) return known.field;
    }
    return std::nullopt;
}

TypeId KafkaMetadataColumns::type_of(KafkaField field) {
    for (const auto &known : kKnown) {
        if (known.field == field) return known.type;
    }
    return TypeId::Null;
}

void KafkaMetadataColumns::validate(const Schema &declared) {
    for (const auto &column : declared.columns()) {
        for (const auto &known : kKnown) {
            if (!iequals(column.name, known.name) || column.type == known.type) continue;
            throw WeirError(ErrorKind::Bind, "column `" + column.name + "` must be " + type_name(known.type) +
                                                 " to hold " + known.meaning + " of each Kafka message, got " +
                                                 type_name(column.type));
        }
    }
}

KafkaMetadataColumns::KafkaMetadataColumns(const Schema &output) {
    for (size_t i = 0; i < output.size(); i++) {
        auto field = field_named(output[i].name);
        if (field) columns_.push_back(Entry{i, *field});
    }
}

bool KafkaMetadataColumns::is_metadata(size_t column) const {
    for (const auto &entry : columns_) {
        if (entry.column == column) return true;
    }
    return false;
}

std::optional<int64_t> KafkaMetadataColumns::timestamp_micros(const rd_kafka_message_t &message) {
    rd_kafka_timestamp_type_t type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
    int64_t millis = rd_kafka_message_timestamp(&message, &type);
    if (type == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE || millis < 0) return std::nullopt;
    return millis * 1000;
}

void KafkaMetadataColumns::fill(const rd_kafka_message_t &message, Batch &out, size_t row) const {
    for (const auto &entry : columns_) {
        ColumnVector &column = out.columns[entry.column];
        column.set_valid(row);
        switch (entry.field) {
        case KafkaField::Topic: column.strings()[row] = out.arena().add(rd_kafka_topic_name(message.rkt)); break;
        case KafkaField::Partition: column.ints()[row] = message.partition; break;
        case KafkaField::Offset: column.ints()[row] = message.offset; break;
        case KafkaField::Key:
            if (!message.key) {
                column.set_null(row);
                break;
            }
            column.strings()[row] =
                out.arena().add(std::string_view(static_cast<const char *>(message.key), message.key_len));
            break;
        case KafkaField::Timestamp: {
            auto micros = timestamp_micros(message);
            if (micros) column.ints()[row] = *micros;
            else column.set_null(row);
            break;
        }
        case KafkaField::Headers: {
            std::string json = headers_json(message);
            if (json.empty()) column.set_null(row);
            else column.strings()[row] = out.arena().add(json);
            break;
        }
        }
    }
}

}  // namespace weir

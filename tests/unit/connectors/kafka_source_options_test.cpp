// Tests of the Kafka source's option checks and messages (no broker needed).
#include <gtest/gtest.h>

#include <chrono>

#include "common/weir_error.h"
#include "connectors/connector_registry.h"
#include "connectors/kafka/kafka_source.h"

namespace weir {
namespace {

using Options = std::map<std::string, std::string>;

Options base(Options extra = {}) {
    Options options = {{"brokers", "127.0.0.1:9092"}, {"topic", "weather"}};
    for (const auto &entry : extra) options[entry.first] = entry.second;
    return options;
}

Schema weather_schema() {
    return Schema({{"city", TypeId::Text}, {"temp", TypeId::Double}, {"ts", TypeId::Timestamp}});
}

std::string source_error(const Options &options, const Schema &declared = weather_schema()) {
    try {
        ConnectorRegistry::instance().validate_source("kafka", options, declared);
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Bind);
        return error.what();
    }
    return "";
}

TEST(KafkaSourceOptionsTest, ValidOptionsPass) {
    EXPECT_EQ(source_error(base()), "");
    EXPECT_EQ(source_error(base({{"topic", "a, b,c"}, {"group_id", "g1"}, {"start", "committed"}, {"stop", "latest"},
                                 {"format", "csv"}, {"ts_source", "kafka"}, {"kafka.session.timeout.ms", "6000"},
                                 {"connect_timeout", "5s"}, {"batch_size", "7"}})),
              "");
    EXPECT_EQ(source_error(base({{"topic", "^weather-.*"}})), "");
    Schema metadata({{"line", TypeId::Text}, {"kafka_key", TypeId::Text}, {"kafka_partition", TypeId::BigInt},
                     {"kafka_offset", TypeId::BigInt}, {"kafka_timestamp", TypeId::Timestamp},
                     {"kafka_topic", TypeId::Text}, {"kafka_headers", TypeId::Text}});
    EXPECT_EQ(source_error(base({{"format", "raw"}}), metadata), "");
}

TEST(KafkaSourceOptionsTest, RequiredOptions) {
    EXPECT_EQ(source_error({{"topic", "t"}}), "connector 'kafka' needs option `brokers`");
    EXPECT_EQ(source_error({{"brokers", "h:1"}}), "connector 'kafka' needs option `topic`");
    EXPECT_EQ(source_error(base({{"topic", " , "}})), "topic must name at least one topic, got ' , '");
}

TEST(KafkaSourceOptionsTest, ChoicesAndDependencies) {
    EXPECT_EQ(source_error(base({{"start", "beginning"}})),
              "start must be 'earliest', 'latest', or 'committed', got 'beginning'");
    EXPECT_EQ(source_error(base({{"stop", "end"}})), "stop must be 'never' or 'latest', got 'end'");
    EXPECT_EQ(source_error(base({{"format", "avro"}})), "format must be 'json', 'csv', or 'raw', got 'avro'");
    EXPECT_EQ(source_error(base({{"ts_source", "broker"}})), "ts_source must be 'payload' or 'kafka', got 'broker'");
    EXPECT_EQ(source_error(base({{"start", "committed"}})),
              "start = 'committed' needs option `group_id` (whose committed offsets to resume from)");
    EXPECT_EQ(source_error(base({{"group_id", ""}})),
              "group_id must not be empty; leave it out to read without a consumer group");
    EXPECT_EQ(source_error(base({{"topic", "^(weather"}})),
              "topic starts with '^' but is not a valid regular expression, got '^(weather'");
}

TEST(KafkaSourceOptionsTest, UnknownOptionsAndProperties) {
    std::string message = source_error(base({{"grup_id", "g"}}));
    EXPECT_NE(message.find("unknown option `grup_id` for connector 'kafka'"), std::string::npos) << message;
    EXPECT_NE(message.find("did you mean `group_id`?"), std::string::npos) << message;
    EXPECT_EQ(source_error(base({{"kafka.no.such.property", "1"}})),
              "option `kafka.no.such.property` names no librdkafka property `no.such.property`; see librdkafka's "
              "CONFIGURATION.md for the valid names");
    EXPECT_EQ(source_error(base({{"kafka.enable.auto.commit", "true"}})),
              "option `kafka.enable.auto.commit` cannot be set on connector 'kafka': weir commits offsets itself, "
              "after the checkpoint that covers them");
    EXPECT_EQ(source_error(base({{"kafka.bootstrap.servers", "x:1"}})),
              "option `kafka.bootstrap.servers` cannot be set on connector 'kafka': use option `brokers`");
    std::string invalid = source_error(base({{"kafka.session.timeout.ms", "soon"}}));
    EXPECT_EQ(invalid.rfind("option `kafka.session.timeout.ms` is not valid (", 0), 0u) << invalid;
    EXPECT_NE(invalid.find("got 'soon'"), std::string::npos) << invalid;
}

TEST(KafkaSourceOptionsTest, SecretValuesAreNeverEchoed) {
    std::string message = source_error(base({{"kafka.ssl.endpoint.identification.algorithm", "TopSecretMechanism"}}));
    EXPECT_NE(message.find("kafka.ssl.endpoint.identification.algorithm"), std::string::npos) << message;
    EXPECT_EQ(message.find("TopSecretMechanism"), std::string::npos) << message;
    EXPECT_NE(message.find("'***'"), std::string::npos) << message;
}

TEST(KafkaSourceOptionsTest, MetadataColumnTypesAndRawFormat) {
    EXPECT_EQ(source_error(base(), Schema({{"kafka_offset", TypeId::Text}})),
              "column `kafka_offset` must be BIGINT to hold the offset of each Kafka message, got TEXT");
    EXPECT_EQ(source_error(base(), Schema({{"KAFKA_TIMESTAMP", TypeId::BigInt}})),
              "column `KAFKA_TIMESTAMP` must be TIMESTAMP to hold the message timestamp of each Kafka message, got BIGINT");
    EXPECT_EQ(source_error(base({{"format", "raw"}}), Schema({{"kafka_key", TypeId::Text}, {"n", TypeId::BigInt}})),
              "format 'raw' needs a TEXT column (other than the kafka_* metadata columns) to hold each message value");
    EXPECT_EQ(source_error(base({{"format", "raw"}, {"batch_size", "0"}}), Schema({{"line", TypeId::Text}})),
              "batch_size must be an integer from 1 to 1000000, got '0'");
}

TEST(KafkaSourceOptionsTest, BoundedOnlyWithStopLatest) {
    const auto &registry = ConnectorRegistry::instance();
    EXPECT_FALSE(registry.source_is_bounded("kafka", base()));
    EXPECT_FALSE(registry.source_is_bounded("kafka", base({{"stop", "never"}})));
    EXPECT_TRUE(registry.source_is_bounded("kafka", base({{"stop", "latest"}})));
}

TEST(KafkaSourceOptionsTest, OptionNamesIncludeCommonOnes) {
    auto names = ConnectorRegistry::instance().source_option_names("kafka");
    for (const char *name : {"brokers", "topic", "group_id", "start", "stop", "ts_source", "format", "batch_size"}) {
        EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
    }
}

SourceSpec unreachable_spec(Options extra) {
    SourceSpec spec;
    spec.name = "weather";
    spec.connector = "kafka";
    spec.options = {{"brokers", "127.0.0.1:1"}, {"topic", "weather"}, {"connect_timeout", "1s"}};
    for (const auto &entry : extra) spec.options[entry.first] = entry.second;
    spec.declared = weather_schema();
    spec.projection = {0, 1, 2};
    spec.event_time = 2;
    return spec;
}

TEST(KafkaSourceOptionsTest, UnreachableBrokerFailsWithinBoundedTimeWithoutSecrets) {
    auto spec = unreachable_spec({{"kafka.security.protocol", "sasl_plaintext"}, {"kafka.sasl.mechanisms", "PLAIN"},
                                  {"kafka.sasl.username", "alice"}, {"kafka.sasl.password", "hunter2-secret"}});
    auto source = ConnectorRegistry::instance().make_source(spec);
    auto started = std::chrono::steady_clock::now();
    std::string message;
    try {
        source->open();
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Io);
        message = error.what();
    }
    source->close();
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    EXPECT_EQ(message.rfind("cannot reach the Kafka brokers at 127.0.0.1:1 for source `weather` within 1s (", 0), 0u)
        << message;
    EXPECT_NE(message.find("check option `brokers` and that the brokers are running"), std::string::npos) << message;
    EXPECT_EQ(message.find("hunter2-secret"), std::string::npos) << message;
    EXPECT_EQ(message.find("alice"), std::string::npos) << message;
    EXPECT_GE(seconds, 0.9);
    EXPECT_LT(seconds, 5.0);
}

TEST(KafkaSourceOptionsTest, RawFormatNeedsKafkaTimestampForEventTime) {
    SourceSpec spec = unreachable_spec({{"format", "raw"}});
    spec.declared = Schema({{"line", TypeId::Text}, {"ts", TypeId::Timestamp}});
    spec.projection = {0, 1};
    spec.event_time = 1;
    try {
        KafkaSource source(spec);
        FAIL() << "expected an error";
    } catch (const WeirError &error) {
        EXPECT_EQ(std::string(error.what()), "source `weather` has format 'raw', which fills no event-time column from "
                                             "the payload; add ts_source = 'kafka'");
    }
    spec.options["ts_source"] = "kafka";
    EXPECT_NO_THROW(KafkaSource source(spec));
}

}  // namespace
}  // namespace weir

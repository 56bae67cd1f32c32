// Tests of the Kafka sink's option checks and its failure when no broker answers.
#include <gtest/gtest.h>

#include <chrono>

#include "common/weir_error.h"
#include "connectors/connector_registry.h"

namespace weir {
namespace {

std::string sink_error(const std::map<std::string, std::string> &options) {
    try {
        ConnectorRegistry::instance().validate_sink("kafka", options);
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Bind);
        return error.what();
    }
    return "";
}

TEST(KafkaSinkOptionsTest, Validation) {
    EXPECT_EQ(sink_error({{"brokers", "h:1"}, {"topic", "out"}, {"key", "city"}, {"format", "csv"},
                          {"kafka.linger.ms", "10"}, {"flush_timeout", "5s"}}),
              "");
    EXPECT_EQ(sink_error({{"topic", "out"}}), "connector 'kafka' needs option `brokers`");
    EXPECT_EQ(sink_error({{"brokers", "h:1"}}), "connector 'kafka' needs option `topic`");
    EXPECT_EQ(sink_error({{"brokers", "h:1"}, {"topic", "a,b"}}),
              "a Kafka sink writes to one topic (which may name columns, 'sensor-{device}'), got 'a,b'");
    EXPECT_EQ(sink_error({{"brokers", "h:1"}, {"topic", "sensor-{device"}}),
              "topic has an unclosed { in 'sensor-{device' (write {{ for a brace)");
    EXPECT_EQ(sink_error({{"brokers", "h:1"}, {"topic", "out"}, {"format", "table"}}),
              "format must be 'json' or 'csv', got 'table'");
    EXPECT_EQ(sink_error({{"brokers", "h:1"}, {"topic", "out"}, {"flush_timeout", "0"}}),
              "flush_timeout must be at least 1ms, got '0'");
    EXPECT_NE(sink_error({{"brokers", "h:1"}, {"topic", "out"}, {"kafka.dr_msg_cb", "x"}}).find("weir sets it itself"),
              std::string::npos);
}

TEST(KafkaSinkOptionsTest, UnknownKeyColumnIsAnError) {
    SinkSpec spec;
    spec.name = "out";
    spec.connector = "kafka";
    spec.options = {{"brokers", "127.0.0.1:1"}, {"topic", "out"}, {"key", "citty"}};
    spec.schema = Schema({{"city", TypeId::Text}});
    try {
        ConnectorRegistry::instance().make_sink(spec);
        FAIL();
    } catch (const WeirError &error) {
        EXPECT_EQ(std::string(error.what()), "key column `citty` of sink `out` is not a column of the query");
    }
}

TEST(KafkaSinkOptionsTest, UnreachableBrokerFailsOpenWithinBoundedTime) {
    SinkSpec spec;
    spec.name = "out";
    spec.connector = "kafka";
    spec.options = {{"brokers", "127.0.0.1:1"}, {"topic", "out"}, {"connect_timeout", "1s"},
                    {"kafka.sasl.password", "s3cr3t-value"}};
    spec.schema = Schema({{"city", TypeId::Text}});
    auto sink = ConnectorRegistry::instance().make_sink(spec);
    auto started = std::chrono::steady_clock::now();
    std::string message;
    try {
        sink->open();
    } catch (const WeirError &error) {
        message = error.what();
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    EXPECT_EQ(message.rfind("cannot reach the Kafka brokers at 127.0.0.1:1 for sink `out` within 1s (", 0), 0u) << message;
    EXPECT_EQ(message.find("s3cr3t-value"), std::string::npos);
    EXPECT_LT(seconds, 5.0);
}

}  // namespace
}  // namespace weir

// MQTT broker addresses, topic_columns patterns and column-templated sink topics (issue 18).
#include <gtest/gtest.h>

#include "batch_fixture.h"
#include "common/weir_error.h"
#include "connectors/connector_registry.h"
#include "connectors/mqtt/mqtt_topic_columns.h"
#include "connectors/mqtt/mqtt_url.h"
#include "connectors/topic_template.h"

namespace weir {
namespace {

std::string url_error(const std::string &text) {
    try {
        MqttUrl::parse(text);
    } catch (const WeirError &error) {
        return error.what();
    }
    return "";
}

TEST(MqttUrlTest, ParsesSchemesPortsAndCredentials) {
    MqttUrl plain = MqttUrl::parse("mqtt://broker.local");
    EXPECT_EQ(plain.host, "broker.local");
    EXPECT_EQ(plain.port, 1883);
    EXPECT_FALSE(plain.tls);
    MqttUrl secure = MqttUrl::parse("mqtts://app:p%40ss@[::1]:8884/");
    EXPECT_EQ(secure.user, "app");
    EXPECT_EQ(secure.password, "p@ss");
    EXPECT_EQ(secure.host, "::1");
    EXPECT_EQ(secure.port, 8884);
    EXPECT_TRUE(secure.tls);
    EXPECT_EQ(secure.redacted(), "mqtts://app:***@[::1]:8884");
    EXPECT_EQ(MqttUrl::parse("mqtts://h").port, 8883);
}

TEST(MqttUrlTest, ErrorsNeverShowThePassword) {
    EXPECT_EQ(url_error("tcp://u:hunter22@h"), "url must look like mqtt://[user:password@]host[:port] (or mqtts:// for TLS), "
                                               "got 'tcp://u:***@h'");
    EXPECT_EQ(url_error("mqtt://u:hunter22@h:99999"), "url needs a port from 1 to 65535, got 'mqtt://u:***@h:99999'");
    EXPECT_EQ(url_error("mqtt://u:hunter22@h/x"), "url must not have a path after the host, got 'mqtt://u:***@h/x'");
    EXPECT_EQ(url_error("mqtt://u:pw@"), "url needs a host, got 'mqtt://u:***@'");
}

TEST(MqttTopicColumnsTest, FillsLevelsAndRefusesTopicsThatDoNotMatch) {
    Schema output({{"device", TypeId::Text}, {"kind", TypeId::Text}, {"mqtt_topic", TypeId::Text}});
    MqttTopicColumns columns("sensors/{device}/+/{kind}/#", output);
    Batch batch;
    batch.columns.resize(3);
    for (size_t c = 0; c < 3; c++) batch.columns[c].reset(TypeId::Text, 4);
    batch.set_size(4);
    std::string reason;
    ASSERT_TRUE(columns.fill("sensors/d1/floor2/pir", 1, false, batch, 0, reason)) << reason;
    ASSERT_TRUE(columns.fill("sensors/d2/x/temp/a/b", 1, false, batch, 1, reason)) << reason;
    EXPECT_EQ(batch.columns[0].strings()[0], "d1");
    EXPECT_EQ(batch.columns[1].strings()[0], "pir");
    EXPECT_EQ(batch.columns[2].strings()[0], "sensors/d1/floor2/pir");
    EXPECT_EQ(batch.columns[1].strings()[1], "temp");
    EXPECT_FALSE(columns.fill("sensors/d1/floor2", 1, false, batch, 2, reason));
    EXPECT_EQ(reason, "topic 'sensors/d1/floor2' does not match topic_columns 'sensors/{device}/+/{kind}/#'");
    EXPECT_FALSE(columns.fill("actuators/d1/x/pir", 1, false, batch, 3, reason));

    MqttTopicColumns exact("a/{device}", output);
    EXPECT_FALSE(exact.fill("a/d1/extra", 0, false, batch, 0, reason));
    EXPECT_TRUE(exact.fill("a/d1", 0, false, batch, 0, reason));
}

TEST(MqttTopicColumnsTest, ValidatesPatternAndColumns) {
    Schema declared({{"device", TypeId::Text}, {"n", TypeId::BigInt}, {"mqtt_qos", TypeId::Text}});
    auto error_of = [&](const std::string &pattern, const Schema &schema) {
        try {
            MqttTopicColumns::validate(pattern, schema);
        } catch (const WeirError &error) {
            return std::string(error.what());
        }
        return std::string();
    };
    Schema good({{"device", TypeId::Text}});
    EXPECT_EQ(error_of("s/{device}", good), "");
    EXPECT_EQ(error_of("s/{n}", Schema({{"n", TypeId::BigInt}})), "topic_columns names `n`, which is not a declared TEXT column");
    EXPECT_EQ(error_of("s/#/{device}", good), "topic_columns may have '#' only as its last level, got 's/#/{device}'");
    EXPECT_EQ(error_of("s/{device}x", good), "each level of topic_columns is a literal, {column}, + or #, got '{device}x' in 's/{device}x'");
    EXPECT_EQ(error_of("", declared), "column `mqtt_qos` must be BIGINT to hold the MQTT message's QoS, got TEXT");
}

TEST(TopicTemplateTest, ResolvesColumnsPerRow) {
    TopicTemplate topic("alerts/{city}/{n}-{{x}}", fixture_schema(), "out");
    Batch batch = fixture_batch();
    std::string text;
    std::string null_column;
    ASSERT_TRUE(topic.resolve(batch, 0, text, null_column));
    EXPECT_EQ(text, "alerts/Warsaw/10-{x}");
    EXPECT_FALSE(topic.resolve(batch, 1, text, null_column));
    EXPECT_EQ(null_column, "n");
    EXPECT_FALSE(topic.is_constant());
    EXPECT_TRUE(TopicTemplate("plain", fixture_schema(), "out").is_constant());
    EXPECT_FALSE(TopicTemplate::is_templated("a-{{b}}"));
}

TEST(TopicTemplateTest, RefusesUnknownColumnsAndBrokenBraces) {
    auto error_of = [](const std::string &text) {
        try {
            TopicTemplate(text, fixture_schema(), "out");
        } catch (const WeirError &error) {
            return std::string(error.what());
        }
        return std::string();
    };
    EXPECT_EQ(error_of("a/{town}"), "topic 'a/{town}' names column `town`, which sink `out` does not receive from its query");
    EXPECT_EQ(error_of("a/{city"), "topic has an unclosed { in 'a/{city' (write {{ for a brace)");
    EXPECT_EQ(error_of("a/city}"), "topic has a } without { in 'a/city}' (write }} for a brace)");
    EXPECT_EQ(error_of("a/{}"), "topic has {} without a column name in 'a/{}'");
}

TEST(MqttOptionsTest, RegistryChecksMqttOptions) {
    Schema declared({{"city", TypeId::Text}, {"ts", TypeId::Timestamp}});
    auto source_error = [&](const std::map<std::string, std::string> &options) {
        try {
            ConnectorRegistry::instance().validate_source("mqtt", options, declared);
        } catch (const WeirError &error) {
            return std::string(error.what());
        }
        return std::string();
    };
    EXPECT_EQ(source_error({{"url", "mqtt://h"}, {"topic", "a/+"}}), "");
    EXPECT_EQ(source_error({{"url", "mqtt://h"}, {"topic", "a"}, {"ca_file", "/x.pem"}}),
              "ca_file, cert_file and key_file are for TLS; use an mqtts:// url");
    EXPECT_EQ(source_error({{"url", "mqtts://h"}, {"topic", "a"}, {"cert_file", "/x.pem"}}),
              "cert_file and key_file go together (a client certificate and its key)");
    EXPECT_EQ(source_error({{"url", "mqtt://h"}, {"topic", "a"}, {"keep_alive", "1s"}}),
              "keep_alive must be from 5s to 65535s, got '1s'");
    EXPECT_EQ(source_error({{"url", "mqtt://h"}, {"topic", "a"}, {"format", "xml"}}),
              "format must be 'json', 'csv', or 'raw', got 'xml'");
    auto sink_error = [&](const std::map<std::string, std::string> &options) {
        try {
            ConnectorRegistry::instance().validate_sink("mqtt", options);
        } catch (const WeirError &error) {
            return std::string(error.what());
        }
        return std::string();
    };
    EXPECT_EQ(sink_error({{"url", "mqtt://h"}, {"topic", "alerts/{city}"}, {"retain", "true"}}), "");
    EXPECT_EQ(sink_error({{"url", "mqtt://h"}, {"topic", "alerts/#"}}),
              "topic 'alerts/#' is not a valid MQTT topic to publish to (no + or #)");
}

}  // namespace
}  // namespace weir

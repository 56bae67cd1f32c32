// Tests of Kafka topic resolution, secret masking and metadata-column recognition (no broker needed).
#include <gtest/gtest.h>

#include "common/weir_error.h"
#include "connectors/kafka/kafka_client_config.h"
#include "connectors/kafka/kafka_metadata.h"
#include "connectors/kafka/kafka_metadata_columns.h"

namespace weir {
namespace {

const std::vector<KafkaTopicPartitions> kCluster = {{"orders", 4}, {"weather", 3}, {"weather-eu", 2}, {"weather-us", 1}};

std::vector<std::string> names(const std::vector<KafkaTopicPartitions> &topics) {
    std::vector<std::string> result;
    for (const auto &topic : topics) result.push_back(topic.topic + ":" + std::to_string(topic.partitions));
    return result;
}

TEST(KafkaMetadataTest, TopicNamesSplitTrimAndDeduplicate) {
    EXPECT_EQ(KafkaMetadata::topic_names("weather"), std::vector<std::string>({"weather"}));
    EXPECT_EQ(KafkaMetadata::topic_names(" a , b,,a "), std::vector<std::string>({"a", "b"}));
    EXPECT_EQ(KafkaMetadata::topic_names("^w.*,x"), std::vector<std::string>({"^w.*,x"}));
}

TEST(KafkaMetadataTest, ResolvesNamesAndRegexes) {
    EXPECT_EQ(names(KafkaMetadata::resolve(kCluster, "weather, orders", "source `s`", "b:1")),
              std::vector<std::string>({"weather:3", "orders:4"}));
    EXPECT_EQ(names(KafkaMetadata::resolve(kCluster, "^weather-.*", "source `s`", "b:1")),
              std::vector<std::string>({"weather-eu:2", "weather-us:1"}));
    // The regex matches whole names only.
    EXPECT_EQ(names(KafkaMetadata::resolve(kCluster, "^weather", "source `s`", "b:1")),
              std::vector<std::string>({"weather:3"}));
}

TEST(KafkaMetadataTest, MissingTopicsAreClearErrors) {
    try {
        KafkaMetadata::resolve(kCluster, "wether", "source `s`", "b:1");
        FAIL();
    } catch (const WeirError &error) {
        EXPECT_EQ(std::string(error.what()), "topic `wether` of source `s` does not exist on the Kafka brokers at b:1; "
                                             "create it first; did you mean `weather`?");
    }
    try {
        KafkaMetadata::resolve(kCluster, "^sensors.*", "source `s`", "b:1");
        FAIL();
    } catch (const WeirError &error) {
        EXPECT_EQ(std::string(error.what()),
                  "no topic on the Kafka brokers at b:1 matches the topic pattern of source `s`: ^sensors.*");
    }
}

TEST(KafkaMetadataTest, MaskHidesEverySecretValue) {
    KafkaClientConfig config("kafka", {{"brokers", "h:1"},
                                       {"kafka.sasl.password", "pa55"},
                                       {"kafka.ssl.key.password", "pa55word"},
                                       {"kafka.client.id", "weir"}});
    EXPECT_EQ(config.mask("auth failed for pa55word and pa55 as weir"), "auth failed for *** and *** as weir");
    EXPECT_EQ(config.brokers(), "h:1");
}

TEST(KafkaMetadataTest, PassthroughNames) {
    EXPECT_TRUE(KafkaClientConfig::is_passthrough("kafka.client.id"));
    EXPECT_FALSE(KafkaClientConfig::is_passthrough("kafka."));
    EXPECT_FALSE(KafkaClientConfig::is_passthrough("brokers"));
}

TEST(KafkaMetadataTest, MetadataColumnsByName) {
    EXPECT_EQ(KafkaMetadataColumns::field_named("KAFKA_KEY"), KafkaField::Key);
    EXPECT_EQ(KafkaMetadataColumns::field_named("kafka_offset"), KafkaField::Offset);
    EXPECT_FALSE(KafkaMetadataColumns::field_named("key").has_value());
    KafkaMetadataColumns columns(Schema({{"city", TypeId::Text}, {"kafka_partition", TypeId::BigInt}}));
    EXPECT_FALSE(columns.is_metadata(0));
    EXPECT_TRUE(columns.is_metadata(1));
}

}  // namespace
}  // namespace weir

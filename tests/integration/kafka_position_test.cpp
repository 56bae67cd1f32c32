// The Kafka source's checkpoint hooks against the mock broker: restore reads exactly the rest, and
// position_durable() commits exactly the position to the consumer group.
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "common/weir_error.h"
#include "connectors/kafka/kafka_source.h"
#include "kafka_test_cluster.h"

namespace weir {
namespace {

using weir_test::KafkaTestCluster;

SourceSpec kafka_spec(const std::string &topic, const std::string &group, bool bounded) {
    SourceSpec spec;
    spec.name = "weather";
    spec.connector = "kafka";
    spec.options = {{"brokers", KafkaTestCluster::bootstrap()}, {"topic", topic},
                    {"group_id", group}, {"batch_size", "1"}, {"kafka.session.timeout.ms", "6000"}};
    if (bounded) spec.options["stop"] = "latest";
    spec.declared = Schema({{"city", TypeId::Text}, {"temp", TypeId::Double}, {"ts", TypeId::Timestamp}});
    spec.projection = {0, 1, 2};
    spec.event_time = 2;
    return spec;
}

// Polls until `wanted` rows were read or End (or `how_long` passed); the city of each row.
std::vector<std::string> read_rows(Source &source, size_t wanted,
                                   std::chrono::milliseconds how_long = std::chrono::seconds(45)) {
    std::vector<std::string> cities;
    Batch batch;
    auto deadline = std::chrono::steady_clock::now() + how_long;
    while (cities.size() < wanted && std::chrono::steady_clock::now() < deadline) {
        Source::PollResult result = source.poll(batch);
        if (result == Source::PollResult::End) break;
        if (result == Source::PollResult::Idle) {
            source.wait_for_data(200);
            continue;
        }
        for (size_t i = 0; i < batch.size(); i++) cities.emplace_back(batch.columns[0].strings()[i]);
    }
    return cities;
}

// The group's committed offsets of partitions 0..partitions-1 of `topic` (-1001 when none).
std::vector<int64_t> committed_offsets(const std::string &topic, const std::string &group, int partitions) {
    char error[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", KafkaTestCluster::bootstrap().c_str(), error, sizeof error);
    rd_kafka_conf_set(conf, "group.id", group.c_str(), error, sizeof error);
    rd_kafka_t *handle = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
    std::vector<int64_t> offsets;
    if (!handle) {
        ADD_FAILURE() << error;
        return offsets;
    }
    rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(partitions);
    for (int p = 0; p < partitions; p++) rd_kafka_topic_partition_list_add(list, topic.c_str(), p);
    rd_kafka_resp_err_t status = rd_kafka_committed(handle, list, 15000);
    EXPECT_EQ(status, RD_KAFKA_RESP_ERR_NO_ERROR) << rd_kafka_err2str(status);
    for (int p = 0; p < list->cnt; p++) offsets.push_back(list->elems[p].offset);
    rd_kafka_topic_partition_list_destroy(list);
    rd_kafka_destroy(handle);
    return offsets;
}

std::string event(int partition, int i) {
    return "{\"city\":\"p" + std::to_string(partition) + "-" + std::to_string(i) + "\",\"temp\":" + std::to_string(i) +
           ",\"ts\":\"2025-01-15T14:00:" + (i < 10 ? "0" : "") + std::to_string(i) + "Z\"}";
}

TEST(KafkaPositionTest, RestoredSourceReadsExactlyTheRestAndDurablePositionIsCommitted) {
    std::string topic = KafkaTestCluster::fresh_topic("position");
    std::string group = KafkaTestCluster::fresh_topic("position-group");
    KafkaTestCluster::create_topic(topic, 3);
    std::set<std::string> all;
    for (int p = 0; p < 3; p++) {
        std::vector<std::string> lines;
        for (int i = 0; i < 10; i++) {
            lines.push_back(event(p, i));
            all.insert("p" + std::to_string(p) + "-" + std::to_string(i));
        }
        KafkaTestCluster::produce(topic, p, lines);
    }

    std::vector<std::string> first_rows;
    std::string position;
    {
        KafkaSource first(kafka_spec(topic, group, false));
        first.enable_checkpoints();
        first.open();
        first_rows = read_rows(first, 10);
        ASSERT_EQ(first_rows.size(), 10u);
        position = *first.position();
        // Destroyed without position_durable(): nothing is committed.
    }
    EXPECT_EQ(committed_offsets(topic, group, 3), (std::vector<int64_t>{-1001, -1001, -1001})) << position;

    KafkaSource second(kafka_spec(topic, group, true));
    second.enable_checkpoints();
    second.restore_position(position);
    second.open();
    std::vector<std::string> second_rows = read_rows(second, 100);
    EXPECT_EQ(second_rows.size(), 20u) << position;
    std::multiset<std::string> together(first_rows.begin(), first_rows.end());
    together.insert(second_rows.begin(), second_rows.end());
    EXPECT_EQ(together, std::multiset<std::string>(all.begin(), all.end())) << "lost or duplicated rows";

    std::string done = *second.position();
    EXPECT_EQ(done, "[{\"topic\":\"" + topic + "\",\"partition\":0,\"offset\":10},{\"topic\":\"" + topic +
                        "\",\"partition\":1,\"offset\":10},{\"topic\":\"" + topic + "\",\"partition\":2,\"offset\":10}]");
    second.position_durable(position);
    KafkaSource reader(kafka_spec(topic, group, true));
    reader.restore_position(position);
    std::vector<int64_t> expected(3, -1001);
    for (const auto &restored : reader.positions()) expected[static_cast<size_t>(restored.partition)] = restored.offset;
    EXPECT_EQ(committed_offsets(topic, group, 3), expected) << "the committed offsets equal the first position";
    second.position_durable(done);
    EXPECT_EQ(committed_offsets(topic, group, 3), (std::vector<int64_t>{10, 10, 10}));
    second.close();
}

// Watermarks are kept per partition number (partition()) and checkpointed by number: the numbers must
// not depend on which partitions a restored position names (it named partition 2 alone here).
TEST(KafkaPositionTest, PartitionNumbersFollowKafkaOrderAfterARestore) {
    std::string topic = KafkaTestCluster::fresh_topic("numbering");
    KafkaTestCluster::create_topic(topic, 3);
    for (int p = 0; p < 3; p++) KafkaTestCluster::produce(topic, p, {event(p, 1), event(p, 2)});
    KafkaSource source(kafka_spec(topic, KafkaTestCluster::fresh_topic("numbering-group"), true));
    source.enable_checkpoints();
    source.restore_position("[{\"topic\":\"" + topic + "\",\"partition\":2,\"offset\":1}]");
    source.open();
    Batch batch;
    size_t rows = 0;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(45);
    while (std::chrono::steady_clock::now() < deadline) {
        Source::PollResult result = source.poll(batch);
        if (result == Source::PollResult::End) break;
        if (result == Source::PollResult::Idle) {
            source.wait_for_data(200);
            continue;
        }
        for (size_t i = 0; i < batch.size(); i++) {
            std::string city(batch.columns[0].strings()[i]);  // "p<kafka partition>-<i>"
            EXPECT_EQ(city.substr(0, 2), "p" + std::to_string(source.partition())) << city;
            rows++;
        }
    }
    EXPECT_EQ(rows, 5u);  // 2 + 2 + the one after offset 1 of partition 2
    source.close();
}

// start = 'latest': a checkpoint taken before a partition delivered anything still names it (at the
// end offset it had when assigned), so what arrives between that checkpoint and the restore is read.
TEST(KafkaPositionTest, LatestStartIsPinnedSoARestoreReadsWhatArrivedMeanwhile) {
    std::string topic = KafkaTestCluster::fresh_topic("latest");
    KafkaTestCluster::create_topic(topic, 2);
    for (int p = 0; p < 2; p++) KafkaTestCluster::produce(topic, p, {event(p, 1), event(p, 2)});  // before: skipped
    SourceSpec spec = kafka_spec(topic, KafkaTestCluster::fresh_topic("latest-group"), false);
    spec.options["start"] = "latest";
    std::string position;
    {
        KafkaSource first(spec);
        first.enable_checkpoints();
        first.open();
        // The group assigns both partitions within a few seconds; nothing is read before or after.
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(45);
        while (first.partitions().size() < 2 && std::chrono::steady_clock::now() < deadline) {
            EXPECT_EQ(read_rows(first, SIZE_MAX, std::chrono::milliseconds(200)).size(), 0u);
        }
        ASSERT_EQ(first.partitions().size(), 2u);
        EXPECT_EQ(read_rows(first, SIZE_MAX, std::chrono::seconds(1)).size(), 0u);
        position = *first.position();
    }
    EXPECT_EQ(position, "[{\"topic\":\"" + topic + "\",\"partition\":0,\"offset\":2},{\"topic\":\"" + topic +
                            "\",\"partition\":1,\"offset\":2}]");
    // Arrives after the checkpoint, before the restart.
    KafkaTestCluster::produce(topic, 1, {event(1, 3), event(1, 4)});
    KafkaSource second(spec);
    second.enable_checkpoints();
    second.restore_position(position);
    second.open();
    std::vector<std::string> rows = read_rows(second, 2);
    std::sort(rows.begin(), rows.end());
    EXPECT_EQ(rows, (std::vector<std::string>{"p1-3", "p1-4"}));
    second.close();
}

TEST(KafkaPositionTest, GarbagePositionIsADataErrorNamingTheSource) {
    KafkaSource source(kafka_spec("unused", "unused-group", true));
    for (std::string text : {"", "{}", "[{\"topic\":\"t\",\"partition\":0}]", "[{\"topic\":\"t\",\"partition\":-1,\"offset\":0}]"}) {
        try {
            source.restore_position(text);
            ADD_FAILURE() << "expected an error for " << text;
        } catch (const WeirError &error) {
            EXPECT_EQ(error.kind(), ErrorKind::Data) << text;
            EXPECT_EQ(std::string(error.what()).rfind("cannot restore source `weather`: ", 0), 0u) << error.what();
        }
    }
}

}  // namespace
}  // namespace weir

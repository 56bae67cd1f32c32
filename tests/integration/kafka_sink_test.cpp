// The Kafka sink against the mock broker: rows read back with kcat, key partitioning, failed delivery.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>
#include <string>
#include <vector>

#include "kafka_test_cluster.h"
#include "weir.h"

namespace {

using weir_test::KafkaTestCluster;

class KafkaSinkTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_EQ(weir_open(nullptr, &db_), WEIR_OK);
        ASSERT_EQ(weir_exec(db_, "CREATE SOURCE readings (city TEXT, temp DOUBLE, ts TIMESTAMP) "
                                 "WITH (connector = 'memory');"),
                  WEIR_OK)
            << weir_errmsg(db_);
    }
    void TearDown() override { weir_close(db_); }

    void push(const std::string &lines) { ASSERT_EQ(weir_push_json(db_, "readings", lines.data(), lines.size()), WEIR_OK); }

    weir_db *db_ = nullptr;
};

TEST_F(KafkaSinkTest, RowsArriveKeyedAndReadableWithKcat) {
    std::string topic = KafkaTestCluster::fresh_topic("sink");
    KafkaTestCluster::create_topic(topic, 3);
    std::string sql = "CREATE SINK out WITH (connector = 'kafka', brokers = '" + KafkaTestCluster::bootstrap() +
                      "', topic = '" + topic + "', key = 'city');"
                      "INSERT INTO out SELECT city, temp, ts FROM readings;";
    ASSERT_EQ(weir_exec(db_, sql.c_str()), WEIR_OK) << weir_errmsg(db_);
    push("{\"city\":\"Warsaw\",\"temp\":3.5,\"ts\":\"2025-01-15T14:00:00Z\"}\n"
         "{\"city\":\"Oslo\",\"temp\":-1,\"ts\":\"2025-01-15T14:00:01Z\"}\n"
         "{\"city\":\"Warsaw\",\"temp\":4,\"ts\":\"2025-01-15T14:00:02Z\"}\n"
         "{\"city\":\"Rome\",\"temp\":12.25,\"ts\":\"2025-01-15T14:00:03Z\"}\n"
         "{\"city\":\"Oslo\",\"temp\":-2,\"ts\":\"2025-01-15T14:00:04Z\"}\n");
    ASSERT_EQ(weir_source_end(db_, "readings"), WEIR_OK);
    ASSERT_EQ(weir_wait_jobs(db_, 30000), WEIR_DONE) << weir_errmsg(db_);

    auto messages = KafkaTestCluster::consume(topic);
    std::vector<std::string> values;
    std::map<std::string, std::string> partition_of_key;
    for (const auto &message : messages) {
        size_t first = message.find('|');
        size_t second = message.find('|', first + 1);
        ASSERT_NE(second, std::string::npos) << message;
        std::string partition = message.substr(0, first);
        std::string key = message.substr(first + 1, second - first - 1);
        values.push_back(key + " " + message.substr(second + 1));
        auto known = partition_of_key.emplace(key, partition);
        EXPECT_EQ(known.first->second, partition) << "key " << key << " landed on two partitions";
    }
    std::sort(values.begin(), values.end());
    EXPECT_EQ(values, std::vector<std::string>({
                          "Oslo {\"city\":\"Oslo\",\"temp\":-1,\"ts\":\"2025-01-15T14:00:01Z\"}",
                          "Oslo {\"city\":\"Oslo\",\"temp\":-2,\"ts\":\"2025-01-15T14:00:04Z\"}",
                          "Rome {\"city\":\"Rome\",\"temp\":12.25,\"ts\":\"2025-01-15T14:00:03Z\"}",
                          "Warsaw {\"city\":\"Warsaw\",\"temp\":3.5,\"ts\":\"2025-01-15T14:00:00Z\"}",
                          "Warsaw {\"city\":\"Warsaw\",\"temp\":4,\"ts\":\"2025-01-15T14:00:02Z\"}",
                      }));
}

TEST_F(KafkaSinkTest, CsvValuesWithoutKey) {
    std::string topic = KafkaTestCluster::fresh_topic("sink-csv");
    KafkaTestCluster::create_topic(topic, 1);
    std::string sql = "CREATE SINK out WITH (connector = 'kafka', brokers = '" + KafkaTestCluster::bootstrap() +
                      "', topic = '" + topic + "', format = 'csv');"
                      "INSERT INTO out SELECT city, temp FROM readings;";
    ASSERT_EQ(weir_exec(db_, sql.c_str()), WEIR_OK) << weir_errmsg(db_);
    push("{\"city\":\"Say, \\\"hi\\\"\",\"temp\":1.5,\"ts\":\"2025-01-15T14:00:00Z\"}\n");
    ASSERT_EQ(weir_source_end(db_, "readings"), WEIR_OK);
    ASSERT_EQ(weir_wait_jobs(db_, 30000), WEIR_DONE) << weir_errmsg(db_);
    EXPECT_EQ(KafkaTestCluster::consume(topic), std::vector<std::string>({"0||\"Say, \"\"hi\"\"\",1.5"}));
}

// issue 18: `topic = 'sensor-{device}'` sends each row to the topic its device names; a row whose
// device is NULL or not valid in a topic name is a bad row, the job goes on.
TEST_F(KafkaSinkTest, ColumnTemplatedTopicSendsEachRowToItsTopic) {
    std::string stem = KafkaTestCluster::fresh_topic("sensor");
    KafkaTestCluster::create_topic(stem + "-d1", 1);
    KafkaTestCluster::create_topic(stem + "-d2", 1);
    ASSERT_EQ(weir_exec(db_, "CREATE SOURCE pir (device TEXT, motion BIGINT, ts TIMESTAMP) WITH (connector = 'memory');"),
              WEIR_OK) << weir_errmsg(db_);
    std::string sql = "CREATE SINK out WITH (connector = 'kafka', brokers = '" + KafkaTestCluster::bootstrap() +
                      "', topic = '" + stem + "-{device}', key = 'device');"
                      "INSERT INTO out SELECT device, motion FROM pir;";
    ASSERT_EQ(weir_exec(db_, sql.c_str()), WEIR_OK) << weir_errmsg(db_);
    std::string lines = "{\"device\":\"d1\",\"motion\":1,\"ts\":\"2025-01-15T14:00:00Z\"}\n"
                        "{\"device\":\"d2\",\"motion\":0,\"ts\":\"2025-01-15T14:00:01Z\"}\n"
                        "{\"motion\":1,\"ts\":\"2025-01-15T14:00:02Z\"}\n"
                        "{\"device\":\"a/b\",\"motion\":1,\"ts\":\"2025-01-15T14:00:03Z\"}\n"
                        "{\"device\":\"d1\",\"motion\":0,\"ts\":\"2025-01-15T14:00:04Z\"}\n";
    ASSERT_EQ(weir_push_json(db_, "pir", lines.data(), lines.size()), WEIR_OK);
    ASSERT_EQ(weir_source_end(db_, "pir"), WEIR_OK);
    ASSERT_EQ(weir_wait_jobs(db_, 30000), WEIR_DONE) << weir_errmsg(db_);
    EXPECT_EQ(KafkaTestCluster::consume(stem + "-d1"), std::vector<std::string>({"0|d1|{\"device\":\"d1\",\"motion\":1}",
                                                                                  "0|d1|{\"device\":\"d1\",\"motion\":0}"}));
    EXPECT_EQ(KafkaTestCluster::consume(stem + "-d2"), std::vector<std::string>({"0|d2|{\"device\":\"d2\",\"motion\":0}"}));
    weir_metrics metrics;
    ASSERT_EQ(weir_job_metrics(db_, "out", &metrics), WEIR_OK);
    EXPECT_EQ(metrics.bad_records, 2);
}

TEST_F(KafkaSinkTest, UndeliveredRowsFailTheJob) {
    std::string topic = KafkaTestCluster::fresh_topic("sink-down");
    KafkaTestCluster::create_topic(topic, 1);
    std::string sql = "CREATE SINK out WITH (connector = 'kafka', brokers = '" + KafkaTestCluster::bootstrap() +
                      "', topic = '" + topic + "', kafka.message.timeout.ms = '2000');"
                      "INSERT INTO out SELECT city, temp FROM readings;";
    ASSERT_EQ(weir_exec(db_, sql.c_str()), WEIR_OK) << weir_errmsg(db_);
    // Let the job open its producer while the brokers are up, then take them down and write.
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    KafkaTestCluster::set_brokers_down(true);
    push("{\"city\":\"Oslo\",\"temp\":1,\"ts\":\"2025-01-15T14:00:00Z\"}\n");
    ASSERT_EQ(weir_source_end(db_, "readings"), WEIR_OK);
    int rc = weir_wait_jobs(db_, 30000);
    std::string error = weir_errmsg(db_);
    KafkaTestCluster::set_brokers_down(false);
    EXPECT_EQ(rc, WEIR_ERROR);
    EXPECT_NE(error.find("Kafka sink `out` could not deliver 1 row(s) to topic `" + topic + "`"), std::string::npos)
        << error;
}

}  // namespace

// One Kafka source with group_id read by several jobs in one process, and a partition that never
// receives anything, against the mock broker through the C API (issue 12, items 1 and 4).
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "kafka_test_cluster.h"
#include "weir.h"

namespace {

using weir_test::KafkaTestCluster;
using Clock = std::chrono::steady_clock;

std::string reading(int i) {
    char text[160];
    std::snprintf(text, sizeof text, "{\"city\":\"c%d\",\"temp\":%d,\"ts\":\"2025-01-15T14:%02d:%02dZ\"}", i % 5, i,
                  (i / 60) % 60, i % 60);
    return text;
}

class KafkaJobsTest : public ::testing::Test {
protected:
    weir_db *db = nullptr;
    std::string dir;

    void SetUp() override {
        ASSERT_EQ(weir_open(nullptr, &db), WEIR_OK);
        char path[] = "/tmp/weir-kafka-jobs-XXXXXX";
        ASSERT_NE(::mkdtemp(path), nullptr);
        dir = path;
    }
    void TearDown() override {
        weir_close(db);
        std::system(("rm -rf '" + dir + "'").c_str());
    }
    void exec(const std::string &sql) { ASSERT_EQ(weir_exec(db, sql.c_str()), WEIR_OK) << weir_errmsg(db) << "\n" << sql; }

    static size_t lines_of(const std::string &path) {
        std::ifstream in(path);
        size_t count = 0;
        std::string line;
        while (std::getline(in, line)) count += line.empty() ? 0 : 1;
        return count;
    }
};

// Item 1: three jobs on one source with group_id each read all 600 messages of the 3 partitions (they
// used to join one group and split the partitions), and each reports the 2 malformed ones itself.
TEST_F(KafkaJobsTest, ThreeJobsOnOneGroupIdSourceEachReadEveryMessage) {
    std::string topic = KafkaTestCluster::fresh_topic("jobs");
    KafkaTestCluster::create_topic(topic, 3);
    for (int partition = 0; partition < 3; partition++) {
        std::vector<std::string> lines;
        for (int i = 0; i < 200; i++) lines.push_back(reading(partition * 200 + i));
        if (partition == 1) lines.insert(lines.begin() + 50, "{\"city\":\"broken\",\"temp\":");
        if (partition == 2) lines.push_back("{\"city\":\"x\",\"temp\":\"warm\",\"ts\":\"2025-01-15T14:00:00Z\"}");
        KafkaTestCluster::produce(topic, partition, lines);
    }
    exec("CREATE SOURCE readings (city TEXT, temp DOUBLE, ts TIMESTAMP) WITH (connector = 'kafka', brokers = '" +
         KafkaTestCluster::bootstrap() + "', topic = '" + topic + "', group_id = 'weather', stop = 'latest');");
    for (const char *job : {"metrics", "alerts", "archive"}) {
        exec("CREATE SINK " + std::string(job) + "_out WITH (connector = 'file', path = '" + dir + "/" + job +
             ".jsonl', format = 'json');");
        exec("CREATE JOB " + std::string(job) + " AS INSERT INTO " + job + "_out SELECT city, temp FROM readings;");
    }
    EXPECT_EQ(weir_wait_jobs(db, 60000), WEIR_DONE) << weir_errmsg(db);
    for (const char *job : {"metrics", "alerts", "archive"}) {
        weir_metrics metrics;
        ASSERT_EQ(weir_job_metrics(db, job, &metrics), WEIR_OK);
        EXPECT_EQ(metrics.records_in, 600) << job;
        EXPECT_EQ(metrics.bad_records, 2) << job;
        EXPECT_EQ(lines_of(dir + "/" + job + ".jsonl"), 600u) << job;
    }
}

// Item 4: partition 1 never receives anything; after idle_timeout it stops holding the windows,
// although partition 0 delivered its backlog at once and is quiet too.
TEST_F(KafkaJobsTest, PartitionThatNeverReceivesAnythingGoesIdle) {
    std::string topic = KafkaTestCluster::fresh_topic("idle");
    KafkaTestCluster::create_topic(topic, 2);
    KafkaTestCluster::produce(topic, 0, {"{\"city\":\"Oslo\",\"temp\":1,\"ts\":\"2025-01-15T14:00:10Z\"}",
                                         "{\"city\":\"Oslo\",\"temp\":3,\"ts\":\"2025-01-15T14:00:50Z\"}",
                                         "{\"city\":\"Oslo\",\"temp\":5,\"ts\":\"2025-01-15T14:01:30Z\"}"});
    exec("CREATE SOURCE readings (city TEXT, temp DOUBLE, ts TIMESTAMP) WITH (connector = 'kafka', brokers = '" +
         KafkaTestCluster::bootstrap() + "', topic = '" + topic + "', idle_timeout = '1s');");
    weir_stmt *stmt = nullptr;
    ASSERT_EQ(weir_prepare(db, "SELECT city, window_start, count(*), sum(temp) FROM readings "
                               "GROUP BY city, TUMBLE(ts, 1m);", &stmt), WEIR_OK) << weir_errmsg(db);
    auto deadline = Clock::now() + std::chrono::seconds(10);
    std::string row;
    while (row.empty() && Clock::now() < deadline) {
        int rc = weir_step(stmt, 200);
        if (rc == WEIR_TIMEOUT) continue;
        ASSERT_EQ(rc, WEIR_ROW) << weir_errmsg(db);
        for (int c = 0; c < weir_column_count(stmt); c++) row += (c ? "|" : "") + std::string(weir_column_text(stmt, c));
    }
    EXPECT_EQ(row, "Oslo|2025-01-15 14:00:00|2|4");
    weir_finalize(stmt);
}

}  // namespace

// The Kafka source against the mock broker: windowed results, malformed messages, metadata, errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "kafka_test_cluster.h"
#include "shell_command.h"
#include "weir.h"

namespace {

using weir_test::KafkaTestCluster;

struct Notices {
    std::mutex mutex;
    std::vector<std::string> lines;
};

void collect_notice(void *context, const char *message) {
    auto *notices = static_cast<Notices *>(context);
    std::lock_guard<std::mutex> lock(notices->mutex);
    notices->lines.push_back(message);
}

// Runs a SELECT to its end; each row as its columns' text joined by '|' (NULL as "NULL"), sorted.
std::vector<std::string> run_query(weir_db *db, const std::string &sql, weir_metrics *metrics = nullptr,
                                   std::string *error = nullptr) {
    std::vector<std::string> rows;
    weir_stmt *stmt = nullptr;
    if (weir_prepare(db, sql.c_str(), &stmt) != WEIR_OK) {
        if (error) *error = weir_errmsg(db);
        else ADD_FAILURE() << weir_errmsg(db);
        return rows;
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(45);
    int rc;
    while ((rc = weir_step(stmt, 1000)) == WEIR_ROW || rc == WEIR_TIMEOUT) {
        if (std::chrono::steady_clock::now() > deadline) {
            ADD_FAILURE() << "query did not end within 45 s: " << sql;
            break;
        }
        if (rc == WEIR_TIMEOUT) continue;
        std::string row;
        for (int c = 0; c < weir_column_count(stmt); c++) {
            const char *text = weir_column_text(stmt, c);
            row += (c ? "|" : "") + std::string(text ? text : "NULL");
        }
        rows.push_back(row);
    }
    if (rc == WEIR_ERROR) {
        if (error) *error = weir_errmsg(db);
        else ADD_FAILURE() << weir_errmsg(db);
    }
    if (metrics) weir_stmt_metrics(stmt, metrics);
    weir_finalize(stmt);
    std::sort(rows.begin(), rows.end());
    return rows;
}

std::string event(const std::string &city, double temp, const std::string &time) {
    char text[160];
    std::snprintf(text, sizeof text, "{\"city\":\"%s\",\"temp\":%g,\"ts\":\"2025-01-15T%sZ\"}", city.c_str(), temp,
                  time.c_str());
    return text;
}

class KafkaSourceTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_EQ(weir_open(nullptr, &db_), WEIR_OK);
        weir_set_notice(db_, collect_notice, &notices_);
    }
    void TearDown() override { weir_close(db_); }

    void create_source(const std::string &name, const std::string &topic, const std::string &extra) {
        std::string sql = "CREATE SOURCE " + name +
                          " (city TEXT, temp DOUBLE, ts TIMESTAMP, WATERMARK FOR ts AS ts - 10s) WITH (connector = "
                          "'kafka', brokers = '" + KafkaTestCluster::bootstrap() + "', topic = '" + topic +
                          "', stop = 'latest', format = 'json'" + extra + ");";
        ASSERT_EQ(weir_exec(db_, sql.c_str()), WEIR_OK) << weir_errmsg(db_);
    }

    weir_db *db_ = nullptr;
    Notices notices_;
};

// Hand-made events over 3 partitions and two malformed messages. Across partitions they are far out
// of order (partition 2 reaches 14:14:59 while partition 1 still has 14:01): whichever partition is
// read first, the others' rows are not late, because every partition is declared before data flows.
// Within a partition they are out of order only inside a still-open window: with the 10 s watermark
// delay, 14:06:30 after 14:09:59 (window [14:05, 14:10) closes at W >= 14:10) and 14:00:00 after
// 14:03:00 still join their windows.
void produce_hand_made(const std::string &topic) {
    KafkaTestCluster::create_topic(topic, 3);
    KafkaTestCluster::produce(topic, 0, {event("Warsaw", 1.0, "14:00:10"), event("Warsaw", 3.0, "14:04:59"),
                                         event("Warsaw", 5.0, "14:05:00"), event("Oslo", -2.0, "14:11:00")});
    KafkaTestCluster::produce(topic, 1, {event("Oslo", -1.0, "14:01:00"), event("Oslo", -3.0, "14:02:00"),
                                         event("Warsaw", 7.0, "14:09:59"), "{\"city\":\"Oslo\",\"temp\":",
                                         event("Oslo", 0.5, "14:06:30")});
    KafkaTestCluster::produce(topic, 2, {event("Warsaw", 2.0, "14:03:00"), event("Warsaw", 4.0, "14:00:00"),
                                         "{\"city\":\"Oslo\",\"temp\":\"warm\",\"ts\":\"2025-01-15T14:01:00Z\"}",
                                         event("Oslo", -5.0, "14:14:59")});
}

// Worked out by hand from produce_hand_made: city|window_start|n|avg|min|max.
const std::vector<std::string> kHandMadeWindows = {
    "Oslo|2025-01-15 14:00:00|2|-2|-3|-1",
    "Oslo|2025-01-15 14:05:00|1|0.5|0.5|0.5",
    "Oslo|2025-01-15 14:10:00|2|-3.5|-5|-2",
    "Warsaw|2025-01-15 14:00:00|4|2.5|1|4",
    "Warsaw|2025-01-15 14:05:00|2|6|5|7",
};

const char *kWindowQuery =
    "SELECT city, window_start, count(*) AS n, avg(temp), min(temp), max(temp) FROM weather "
    "GROUP BY city, TUMBLE(ts, 5m);";

TEST_F(KafkaSourceTest, TumblingWindowsAcrossThreePartitionsEqualHandComputedAnswer) {
    std::string topic = KafkaTestCluster::fresh_topic("weather");
    produce_hand_made(topic);
    create_source("weather", topic, "");
    weir_metrics metrics{};
    EXPECT_EQ(run_query(db_, kWindowQuery, &metrics), kHandMadeWindows);
    EXPECT_EQ(metrics.records_in, 11);
    EXPECT_EQ(metrics.bad_records, 2);
    EXPECT_EQ(metrics.late_records, 0);
    std::vector<std::string> bad;
    for (const auto &line : notices_.lines) {
        if (line.find("malformed") != std::string::npos) bad.push_back(line);
    }
    std::sort(bad.begin(), bad.end());
    ASSERT_EQ(bad.size(), 2u);
    EXPECT_NE(bad[0].find("at " + topic + "/1@3: "), std::string::npos) << bad[0];
    EXPECT_NE(bad[1].find("at " + topic + "/2@2: "), std::string::npos) << bad[1];
    EXPECT_NE(bad[1].find("temp"), std::string::npos) << bad[1];
}

TEST_F(KafkaSourceTest, ConsumerGroupSubscriptionGivesTheSameAnswer) {
    std::string topic = KafkaTestCluster::fresh_topic("weather-group");
    produce_hand_made(topic);
    create_source("weather", topic, ", group_id = '" + KafkaTestCluster::fresh_topic("group") +
                                        "', kafka.session.timeout.ms = '6000', batch_size = '2'");
    EXPECT_EQ(run_query(db_, kWindowQuery), kHandMadeWindows);
}

TEST_F(KafkaSourceTest, ManyEventsMatchAnIndependentAggregation) {
    std::string topic = KafkaTestCluster::fresh_topic("weather-many");
    KafkaTestCluster::create_topic(topic, 3);
    const char *cities[] = {"Warsaw", "Oslo", "Lisbon", "Rome"};
    std::map<std::string, std::pair<long, long>> expected;  // city|window_start -> (count, sum of temp)
    std::vector<std::string> partitions[3];
    // Partition p covers 12:00 + 10p minutes onwards for 50 minutes (so the partitions are 10 and 20
    // minutes apart: reading one ahead must not make the others late), each in time order up to a
    // jitter of at most 5 s, within the 10 s watermark delay: no row is late.
    for (int i = 0; i < 3000; i++) {
        int p = i % 3;
        int j = i / 3;
        std::string city = cities[(i * 7) % 4];
        int temp = (i * 13) % 41 - 10;  // whole degrees keep the sums exact
        int second = 600 * p + 3 * j + (j * 5) % 9;  // 3 s apart, jitter 0..8 s: disorder at most 5 s
        char time[16];
        std::snprintf(time, sizeof time, "%02d:%02d:%02d", 12 + second / 3600, second / 60 % 60, second % 60);
        partitions[p].push_back(event(city, temp, time));
        int window_minute = (second / 300) * 5;
        char start[32];
        std::snprintf(start, sizeof start, "2025-01-15 %02d:%02d:00", 12 + window_minute / 60, window_minute % 60);
        auto &cell = expected[city + "|" + start];
        cell.first += 1;
        cell.second += temp;
    }
    for (int p = 0; p < 3; p++) KafkaTestCluster::produce(topic, p, partitions[p]);
    create_source("weather", topic, ", batch_size = '100'");
    std::vector<std::string> want;
    for (const auto &entry : expected) {
        want.push_back(entry.first + "|" + std::to_string(entry.second.first) + "|" + std::to_string(entry.second.second));
    }
    std::sort(want.begin(), want.end());
    weir_metrics metrics{};
    EXPECT_EQ(run_query(db_, "SELECT city, window_start, count(*), CAST(sum(temp) AS BIGINT) FROM weather "
                             "GROUP BY city, TUMBLE(ts, 5m);", &metrics),
              want);
    EXPECT_EQ(metrics.records_in, 3000);
    EXPECT_EQ(metrics.late_records, 0);
}

TEST_F(KafkaSourceTest, MetadataColumnsRawFormatAndKafkaTimestamps) {
    std::string topic = KafkaTestCluster::fresh_topic("raw");
    KafkaTestCluster::create_topic(topic, 2);
    KafkaTestCluster::produce(topic, 0, {"k1:first line", "k2:second line"}, ":");
    KafkaTestCluster::produce(topic, 1, {"k3:third"}, ":");
    std::string sql = "CREATE SOURCE lines (line TEXT, kafka_key TEXT, kafka_partition BIGINT, kafka_offset BIGINT, "
                      "kafka_topic TEXT, kafka_timestamp TIMESTAMP) WITH (connector = 'kafka', brokers = '" +
                      KafkaTestCluster::bootstrap() + "', topic = '" + topic +
                      "', stop = 'latest', format = 'raw', ts_source = 'kafka');";
    ASSERT_EQ(weir_exec(db_, sql.c_str()), WEIR_OK) << weir_errmsg(db_);
    EXPECT_EQ(run_query(db_, "SELECT kafka_key, kafka_partition, kafka_offset, line, kafka_topic = '" + topic +
                                 "' FROM lines;"),
              std::vector<std::string>({"k1|0|0|first line|true", "k2|0|1|second line|true", "k3|1|0|third|true"}));
    // kcat lets the producer stamp each message: every timestamp is set.
    EXPECT_EQ(run_query(db_, "SELECT count(*) FROM lines WHERE kafka_timestamp IS NOT NULL;"),
              std::vector<std::string>({"3"}));
}

TEST_F(KafkaSourceTest, StartLatestWithStopLatestReadsNothingAndEnds) {
    std::string topic = KafkaTestCluster::fresh_topic("latest");
    KafkaTestCluster::create_topic(topic, 3);
    KafkaTestCluster::produce(topic, 1, {event("Oslo", 1.0, "14:00:00")});
    create_source("weather", topic, ", start = 'latest'");
    EXPECT_EQ(run_query(db_, "SELECT city FROM weather;"), std::vector<std::string>());
}

TEST_F(KafkaSourceTest, MissingTopicIsAClearError) {
    create_source("weather", "no-such-topic-anywhere", ", connect_timeout = '5s'");
    std::string error;
    run_query(db_, "SELECT city FROM weather;", nullptr, &error);
    EXPECT_NE(error.find("topic `no-such-topic-anywhere` of source `weather` does not exist on the Kafka brokers at "),
              std::string::npos)
        << error;
}

TEST_F(KafkaSourceTest, BrokersDownAtStartFailWithinBoundedTimeWithoutSecrets) {
    std::string topic = KafkaTestCluster::fresh_topic("down");
    KafkaTestCluster::create_topic(topic, 1);
    KafkaTestCluster::set_brokers_down(true);
    create_source("weather", topic, ", connect_timeout = '2s', kafka.sasl.password = 'do-not-print-me'");
    auto started = std::chrono::steady_clock::now();
    std::string error;
    run_query(db_, "SELECT city FROM weather;", nullptr, &error);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    KafkaTestCluster::set_brokers_down(false);
    EXPECT_NE(error.find("cannot reach the Kafka brokers at " + KafkaTestCluster::bootstrap() +
                         " for source `weather` within 2s"),
              std::string::npos)
        << error;
    EXPECT_EQ(error.find("do-not-print-me"), std::string::npos) << error;
    EXPECT_GE(seconds, 1.5) << "gave up before connect_timeout: it does not retry";
    EXPECT_LT(seconds, 10.0);
}

// A loopback port nobody listens on (bound, then released).
int unused_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t size = sizeof address;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &size) != 0) {
        ADD_FAILURE() << "cannot find a free loopback port";
    }
    int port = ntohs(address.sin_port);
    ::close(fd);
    return port;
}

// The `weir` binary with an INSERT job whose brokers address has no listener: it keeps retrying for
// connect_timeout (not failing on the first refused connection, not hanging), then exits 1 with a
// clear message; the SASL password appears in neither stdout nor stderr.
TEST(KafkaSourceCli, NoBrokerListeningIsAClearErrorAfterRetryingAndNeverPrintsThePassword) {
    std::string brokers = "127.0.0.1:" + std::to_string(unused_port());
    std::string password = "s3cret-Kafka-Passw0rd";
    std::string sink_path = "/tmp/" + weir::ShellCommand::unique("weir_nobody") + ".json";
    std::string sql = "CREATE SOURCE weather (city TEXT, temp DOUBLE, ts TIMESTAMP, WATERMARK FOR ts AS ts - 10s) "
                      "WITH (connector = 'kafka', brokers = '" + brokers + "', topic = 'weather', group_id = '" +
                      KafkaTestCluster::fresh_topic("nobody") + "', connect_timeout = '3s', "
                      "kafka.security.protocol = 'sasl_plaintext', kafka.sasl.mechanisms = 'PLAIN', "
                      "kafka.sasl.username = 'weir', kafka.sasl.password = '" + password + "');"
                      "CREATE SINK out WITH (connector = 'file', path = '" + sink_path + "');"
                      "INSERT INTO out SELECT city, avg(temp) FROM weather GROUP BY city, TUMBLE(ts, 5m);";
    auto started = std::chrono::steady_clock::now();
    weir::CommandResult result = weir::ShellCommand::run("timeout -s KILL 60 " + std::string(WEIR_BINARY) + " -c " +
                                                         weir::ShellCommand::quote(sql));
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::fprintf(stderr, "weir exited %d after %.1f s: %s", result.status, seconds, result.err.c_str());
    EXPECT_EQ(result.status, 1) << "a failed job exits 1 (not a crash, not killed by the timeout)\n" << result.err;
    EXPECT_NE(result.err.find("cannot reach the Kafka brokers at " + brokers + " for source `weather` within 3s"),
              std::string::npos)
        << result.err;
    EXPECT_GE(seconds, 2.5) << "gave up before connect_timeout: it does not retry";
    EXPECT_LT(seconds, 20.0) << "no bounded failure";
    EXPECT_EQ(result.out.find(password), std::string::npos) << result.out;
    EXPECT_EQ(result.err.find(password), std::string::npos) << result.err;
    std::remove(sink_path.c_str());
}

// Brokers that come up while the source is still within connect_timeout are used: open() retries
// (with backoff) instead of failing on the first attempt.
TEST_F(KafkaSourceTest, BrokersComingUpWithinConnectTimeoutAreUsed) {
    std::string topic = KafkaTestCluster::fresh_topic("late-brokers");
    KafkaTestCluster::create_topic(topic, 1);
    KafkaTestCluster::produce(topic, 0, {event("Oslo", 1.0, "14:00:00"), event("Oslo", 3.0, "14:01:00")});
    KafkaTestCluster::set_brokers_down(true);
    create_source("weather", topic, ", connect_timeout = '30s'");
    std::thread bring_up([] {
        std::this_thread::sleep_for(std::chrono::seconds(3));
        KafkaTestCluster::set_brokers_down(false);
    });
    auto started = std::chrono::steady_clock::now();
    std::string error;
    auto rows = run_query(db_, "SELECT city, count(*), avg(temp) FROM weather GROUP BY city, TUMBLE(ts, 5m);", nullptr,
                          &error);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    bring_up.join();
    EXPECT_EQ(error, "");
    EXPECT_EQ(rows, std::vector<std::string>({"Oslo|2|2"}));
    EXPECT_GE(seconds, 2.5) << "the brokers were down for the first 3 s";
    std::fprintf(stderr, "read after %.1f s\n", seconds);
}

}  // namespace

// One Redis source read by several jobs and queries, streams that never receive anything, and stream
// patterns, against a real redis-server through the C API (issue 12, items 1, 4 and 5).
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "redis_test_server.h"
#include "weir.h"

namespace weir {
namespace {

using Clock = std::chrono::steady_clock;

class RedisJobsTest : public ::testing::Test {
protected:
    RedisTestServer redis;
    weir_db *db = nullptr;
    std::string dir;

    void SetUp() override {
        ASSERT_EQ(weir_open(nullptr, &db), WEIR_OK);
        char path[] = "/tmp/weir-redis-jobs-XXXXXX";
        ASSERT_NE(::mkdtemp(path), nullptr);
        dir = path;
    }
    void TearDown() override {
        weir_close(db);
        std::system(("rm -rf " + RedisTestServer::quote(dir)).c_str());
    }

    void exec(const std::string &sql) { ASSERT_EQ(weir_exec(db, sql.c_str()), WEIR_OK) << weir_errmsg(db) << "\n" << sql; }

    // CREATE SOURCE readings over `streams` with the given extra options.
    void create_source(const std::string &streams, const std::string &extra) {
        exec("CREATE SOURCE readings (city TEXT, temp DOUBLE, ts TIMESTAMP) WITH (connector = 'redis', url = '" +
             redis.url() + "', stream = '" + streams + "'" + extra + ");");
    }

    // XADDs every entry in one redis-cli run: each entry is (city, temp, ts).
    void add(const std::string &stream, const std::vector<std::vector<std::string>> &entries) const {
        std::string path = dir + "/commands.txt";
        {
            std::ofstream out(path);
            for (const auto &entry : entries) {
                out << "XADD " << stream << " * city " << entry[0] << " temp " << entry[1] << " ts " << entry[2] << "\n";
            }
        }
        RedisTestServer::run("redis-cli -p " + std::to_string(redis.port()) + " < " + RedisTestServer::quote(path) +
                             " > /dev/null");
    }

    // The count XPENDING reports for `group` on `stream`.
    std::string pending(const std::string &stream, const std::string &group) const {
        std::string summary = redis.cli({"XPENDING", stream, group});
        return summary.substr(0, summary.find('\n'));
    }

    static size_t lines_of(const std::string &path) {
        std::ifstream in(path);
        size_t count = 0;
        std::string line;
        while (std::getline(in, line)) count += line.empty() ? 0 : 1;
        return count;
    }
};

// Entries c<i> with temp i and ts 14:00:00 + i seconds, plus `bad` entries whose temp is not a number.
std::vector<std::vector<std::string>> readings(int good, int bad) {
    std::vector<std::vector<std::string>> entries;
    for (int i = 0; i < good; i++) {
        char ts[40];
        std::snprintf(ts, sizeof ts, "2025-01-15T%02d:%02d:%02dZ", 14 + i / 3600, (i / 60) % 60, i % 60);
        entries.push_back({"c" + std::to_string(i % 7), std::to_string(i), ts});
        if (bad > 0 && i % 500 == 250) {
            entries.push_back({"broken", "warm", ts});
            bad--;
        }
    }
    return entries;
}

// Steps `stmt` until a row arrives or `seconds` pass; the row's columns joined by '|', or "" on timeout.
std::string next_row(weir_stmt *stmt, int seconds) {
    auto deadline = Clock::now() + std::chrono::seconds(seconds);
    while (Clock::now() < deadline) {
        int rc = weir_step(stmt, 200);
        if (rc == WEIR_TIMEOUT) continue;
        if (rc != WEIR_ROW) return "<step returned " + std::to_string(rc) + ">";
        std::string row;
        for (int c = 0; c < weir_column_count(stmt); c++) {
            const char *text = weir_column_text(stmt, c);
            row += (c ? "|" : "") + std::string(text ? text : "NULL");
        }
        return row;
    }
    return "";
}

// Item 1: three INSERT jobs on one source each read all 3000 entries (they used to share the group
// and split them), each reports the 3 malformed entries itself, and each acknowledges in its own group.
TEST_F(RedisJobsTest, ThreeJobsOnOneSourceEachReadEveryEntry) {
    std::string stream = RedisTestServer::unique("edge_metrics");
    add(stream, readings(3000, 3));
    create_source(stream, ", group = 'edge', start = '0', stop = 'latest', batch = '200'");
    for (const char *job : {"metrics", "alerts", "archive"}) {
        exec("CREATE SINK " + std::string(job) + "_out WITH (connector = 'file', path = '" + dir + "/" + job +
             ".jsonl', format = 'json');");
    }
    exec("CREATE JOB metrics AS INSERT INTO metrics_out SELECT city, temp FROM readings;");
    exec("CREATE JOB alerts AS INSERT INTO alerts_out SELECT city, temp, ts FROM readings;");
    exec("CREATE JOB archive AS INSERT INTO archive_out SELECT * FROM readings;");
    ASSERT_EQ(weir_wait_jobs(db, 60000), WEIR_DONE) << weir_errmsg(db);
    for (const char *job : {"metrics", "alerts", "archive"}) {
        weir_metrics metrics;
        ASSERT_EQ(weir_job_metrics(db, job, &metrics), WEIR_OK);
        EXPECT_EQ(metrics.records_in, 3000) << job;
        EXPECT_EQ(metrics.bad_records, 3) << job;
        EXPECT_EQ(lines_of(dir + "/" + job + ".jsonl"), 3000u) << job;
        // The job's own group `<group>.<job>` holds its acknowledgements: nothing left pending.
        EXPECT_EQ(pending(stream, std::string("edge.") + job), "0") << job;
    }
    // The plain group was never created.
    EXPECT_EQ(redis.cli({"XINFO", "GROUPS", stream}).find("edge\n"), std::string::npos);
}

// A SELECT is a job of its own too: two SELECTs at once each see every entry, and their groups are
// removed when they end.
TEST_F(RedisJobsTest, TwoSelectsAtOnceEachSeeEveryEntryAndLeaveNoGroup) {
    std::string stream = RedisTestServer::unique("edge_select");
    add(stream, readings(500, 0));
    create_source(stream, ", group = 'edge', start = '0', stop = 'latest', batch = '50'");
    weir_stmt *first = nullptr;
    weir_stmt *second = nullptr;
    ASSERT_EQ(weir_prepare(db, "SELECT count(*) FROM readings;", &first), WEIR_OK) << weir_errmsg(db);
    ASSERT_EQ(weir_prepare(db, "SELECT count(*) FROM readings;", &second), WEIR_OK) << weir_errmsg(db);
    EXPECT_EQ(next_row(first, 30), "500");
    EXPECT_EQ(next_row(second, 30), "500");
    weir_finalize(first);
    weir_finalize(second);
    EXPECT_EQ(redis.cli({"XINFO", "GROUPS", stream}), "");
}

// Item 4: a listed stream that never receives anything stops holding the windows after idle_timeout,
// also when the other stream has gone quiet too (its backlog was read at once).
TEST_F(RedisJobsTest, ListedStreamThatNeverReceivesAnythingGoesIdle) {
    std::string busy = RedisTestServer::unique("edge_busy");
    std::string silent = RedisTestServer::unique("edge_silent");
    add(busy, {{"Oslo", "1", "2025-01-15T14:00:10Z"}, {"Oslo", "3", "2025-01-15T14:00:50Z"},
               {"Oslo", "5", "2025-01-15T14:01:30Z"}});
    // The silent stream exists (another group made it) but never receives an entry.
    ASSERT_EQ(redis.cli({"XGROUP", "CREATE", silent, "other", "$", "MKSTREAM"}), "OK");
    create_source(busy + "," + silent, ", start = '0', idle_timeout = '1s'");
    weir_stmt *stmt = nullptr;
    ASSERT_EQ(weir_prepare(db, "SELECT city, window_start, count(*), sum(temp) FROM readings "
                               "GROUP BY city, TUMBLE(ts, 1m);", &stmt), WEIR_OK) << weir_errmsg(db);
    auto started = Clock::now();
    EXPECT_EQ(next_row(stmt, 10), "Oslo|2025-01-15 14:00:00|2|4");
    EXPECT_LT(Clock::now() - started, std::chrono::seconds(5));
    weir_finalize(stmt);
}

// Item 5: `stream = '<prefix>:*'` reads every stream the pattern matches, also ones that appear
// while the job runs (from their first entry), ignores keys of other types, and creates nothing.
TEST_F(RedisJobsTest, PatternReadsEveryMatchingStreamAndNewOnesAsTheyAppear) {
    std::string prefix = RedisTestServer::unique("edge");
    add(prefix + ":node1", {{"A", "1", "2025-01-15T14:00:01Z"}});
    add(prefix + ":node2", {{"B", "2", "2025-01-15T14:00:02Z"}});
    redis.cli({"SET", prefix + ":config", "not a stream"});
    create_source(prefix + ":*", ", start = '0', discovery_interval = '200ms'");
    weir_stmt *stmt = nullptr;
    ASSERT_EQ(weir_prepare(db, "SELECT city, temp FROM readings;", &stmt), WEIR_OK) << weir_errmsg(db);
    std::vector<std::string> rows = {next_row(stmt, 10), next_row(stmt, 10)};
    std::sort(rows.begin(), rows.end());
    EXPECT_EQ(rows, (std::vector<std::string>{"A|1", "B|2"}));
    // An edge node joins: its stream is found at the next scan and read from its first entry.
    add(prefix + ":node3", {{"C", "3", "2025-01-15T14:00:03Z"}, {"C", "4", "2025-01-15T14:00:04Z"}});
    EXPECT_EQ(next_row(stmt, 10), "C|3");
    EXPECT_EQ(next_row(stmt, 10), "C|4");
    add(prefix + ":node1", {{"A", "5", "2025-01-15T14:00:05Z"}});
    EXPECT_EQ(next_row(stmt, 10), "A|5");
    weir_finalize(stmt);
    EXPECT_EQ(redis.cli({"EXISTS", prefix + ":*"}), "0");
    EXPECT_EQ(redis.cli({"TYPE", prefix + ":config"}), "string");
}

// Item 5: a named stream that does not exist is waited for, never created; it is read once it appears.
TEST_F(RedisJobsTest, MissingNamedStreamIsWaitedForAndNeverCreated) {
    std::string stream = RedisTestServer::unique("edge_later");
    // A bounded run over it reads nothing and leaves no stream behind.
    create_source(stream, ", start = '0', stop = 'latest'");
    weir_stmt *bounded = nullptr;
    ASSERT_EQ(weir_prepare(db, "SELECT city, temp FROM readings;", &bounded), WEIR_OK) << weir_errmsg(db);
    EXPECT_EQ(weir_step(bounded, 10000), WEIR_DONE) << weir_errmsg(db);
    weir_finalize(bounded);
    EXPECT_EQ(redis.cli({"EXISTS", stream}), "0");

    exec("DROP SOURCE readings;");
    create_source(stream, ", discovery_interval = '200ms'");
    weir_stmt *stmt = nullptr;
    ASSERT_EQ(weir_prepare(db, "SELECT city, temp FROM readings;", &stmt), WEIR_OK) << weir_errmsg(db);
    EXPECT_EQ(next_row(stmt, 1), "");
    EXPECT_EQ(redis.cli({"EXISTS", stream}), "0");
    // The stream appears (start = '$' by default): its entries are all newer than the query, so read.
    add(stream, {{"Oslo", "7", "2025-01-15T14:00:00Z"}});
    EXPECT_EQ(next_row(stmt, 10), "Oslo|7");
    weir_finalize(stmt);
}

}  // namespace
}  // namespace weir

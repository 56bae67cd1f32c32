// Dead letters and weir_errors through the C API: invalid UTF-8 and 1 MB records in a JSON-lines
// dead-letter file, bad-record counts, weir_errors read while a job runs, and its bounded buffer.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "api/engine.h"
#include "statement_rows.h"
#include "weir.h"

namespace {

class DlqTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("weir-dlq-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
        std::filesystem::create_directories(dir_);
        ASSERT_EQ(weir_open(nullptr, &db_), WEIR_OK);
    }
    void TearDown() override {
        weir_close(db_);
        std::filesystem::remove_all(dir_);
    }
    std::string path(const std::string &name) const { return (dir_ / name).string(); }
    void exec(const std::string &sql) { ASSERT_EQ(weir_exec(db_, sql.c_str()), WEIR_OK) << weir_errmsg(db_) << "\n" << sql; }
    std::vector<std::string> rows(const std::string &sql) { return weir::test::statement_rows(db_, sql); }

    std::filesystem::path dir_;
    weir_db *db_ = nullptr;
};

TEST_F(DlqTest, InvalidUtf8AndHugeRecordsLandInAJsonDeadLetterFileThatReadsBack) {
    const std::string mega(1 << 20, 'x');
    {
        std::ofstream out(path("in.jsonl"), std::ios::binary);
        out << "{\"city\":\"Oslo\",\"temp\":1.5,\"ts\":\"2025-01-15T14:00:00Z\"}\n";           // 1 good
        out << "{\"city\":\"Z\xFF\xFErich\",\"temp\":2.5,\"ts\":\"2025-01-15T14:00:01Z\"}\n";  // 2 invalid UTF-8
        out << "{\"city\":\"Oslo\",\"temp\":\"" << mega << "\",\"ts\":\"2025-01-15T14:00:02Z\"}\n";  // 3 1 MB, not a number
        out << "{\"city\":\"" << mega << "\",\"temp\":3.5,\"ts\":\"2025-01-15T14:00:03Z\"}\n";  // 4 good, 1 MB city
        out << "{\"city\":\"Oslo\",\"temp\":1e400,\"ts\":\"2025-01-15T14:00:04Z\"}\n";          // 5 out of range
        out << "\xC3\x28\xA0\xA1\n";                                                            // 6 garbage bytes
        out << "{\"city\":\"Bergen\",\"temp\":4.5,\"ts\":\"2025-01-15T14:00:05Z\"}\n";          // 7 good
    }
    exec("CREATE SOURCE readings (city TEXT, temp DOUBLE, ts TIMESTAMP) WITH (connector = 'file', path = '" +
         path("in.jsonl") + "', on_error = 'dlq', dlq = 'dead')");
    exec("CREATE SINK dead WITH (connector = 'file', path = '" + path("dead.jsonl") + "', format = 'json')");
    exec("CREATE SINK out WITH (connector = 'sqlite', path = '" + path("out.db") + "', table = 'out')");
    exec("CREATE JOB clean AS INSERT INTO out SELECT length(city) AS city_length, temp FROM readings");
    ASSERT_EQ(weir_wait_jobs(db_, 30000), WEIR_DONE) << weir_errmsg(db_);
    weir_metrics metrics;
    ASSERT_EQ(weir_job_metrics(db_, "clean", &metrics), WEIR_OK);
    EXPECT_EQ(metrics.records_in, 3);
    EXPECT_EQ(metrics.bad_records, 4);

    // The dead-letter file holds only valid UTF-8 (a JSON parser accepts every line): weir reads it back.
    std::ifstream in(path("dead.jsonl"), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes.find('\xFF'), std::string::npos);
    EXPECT_LT(bytes.size(), 4000u);  // raw keeps a prefix of a 1 MB record, not all of it
    exec("CREATE SOURCE dead_back (source TEXT, location TEXT, reason TEXT, raw TEXT, job TEXT, at TIMESTAMP) "
         "WITH (connector = 'file', path = '" + path("dead.jsonl") + "', on_error = 'fail')");
    std::string file = path("in.jsonl");
    // length() counts characters: line 2 has 55 ASCII characters and two U+FFFD.
    EXPECT_EQ(rows("SELECT source, location, job, length(raw) FROM dead_back"),
              (std::vector<std::string>{"readings|" + file + ":2|clean|57", "readings|" + file + ":3|clean|200",
                                        "readings|" + file + ":5|clean|56", "readings|" + file + ":6|clean|4"}));
    // Each invalid byte became U+FFFD; the valid bytes around it are kept.
    EXPECT_EQ(rows("SELECT raw FROM dead_back WHERE location LIKE '%:6'"),
              (std::vector<std::string>{"\xEF\xBF\xBD(\xEF\xBF\xBD\xEF\xBF\xBD"}));
    EXPECT_EQ(rows("SELECT count(*) FROM dead_back WHERE reason = ''"), (std::vector<std::string>{"0"}));
    EXPECT_EQ(rows("SELECT count(*) FROM dead_back WHERE starts_with(raw, '{\"city\":\"Z\xEF\xBF\xBD\xEF\xBF\xBDrich\"')"),
              (std::vector<std::string>{"1"}));
}

TEST_F(DlqTest, WeirErrorsReceivesTheBadRecordsOfARunningJob) {
    exec("CREATE SOURCE events (id BIGINT, ts TIMESTAMP) WITH (connector = 'memory')");
    exec("CREATE SINK nowhere WITH (connector = 'blackhole')");
    weir_stmt *errors = nullptr;
    ASSERT_EQ(weir_prepare(db_, "SELECT source, location, reason, job FROM weir_errors", &errors), WEIR_OK);
    exec("CREATE JOB ingest AS INSERT INTO nowhere SELECT id FROM events");
    const std::string lines = "{\"id\":1,\"ts\":\"2025-01-15T14:00:00Z\"}\n{\"id\":\"two\",\"ts\":\"2025-01-15T14:00:01Z\"}\n"
                              "{\"id\":3,\"ts\":\"2025-01-15T14:00:02Z\"}\n{\"id\":4\n";
    ASSERT_EQ(weir_push_json(db_, "events", lines.data(), lines.size()), WEIR_OK);
    std::vector<std::string> seen;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (seen.size() < 2 && std::chrono::steady_clock::now() < deadline) {
        int rc = weir_step(errors, 100);
        if (rc == WEIR_TIMEOUT) continue;
        ASSERT_EQ(rc, WEIR_ROW) << weir_errmsg(db_);
        seen.push_back(std::string(weir_column_text(errors, 0)) + "|" + weir_column_text(errors, 1) + "|" +
                       weir_column_text(errors, 3));
        EXPECT_NE(std::string(weir_column_text(errors, 2)), "");
    }
    // The job is still running: weir_errors delivers while it runs, not at its end.
    weir_metrics metrics;
    ASSERT_EQ(weir_job_metrics(db_, "ingest", &metrics), WEIR_OK);
    EXPECT_EQ(metrics.bad_records, 2);
    EXPECT_EQ(seen, (std::vector<std::string>{"events|memory:2|ingest", "events|memory:4|ingest"}));
    weir_finalize(errors);
}

TEST_F(DlqTest, WeirErrorsCannotBeDroppedAndKeepsABoundedBufferWhileUnread) {
    EXPECT_EQ(weir_exec(db_, "DROP SOURCE weir_errors"), WEIR_ERROR);
    EXPECT_NE(std::string(weir_errmsg(db_)).find("cannot be dropped"), std::string::npos) << weir_errmsg(db_);
    exec("CREATE SOURCE noise (id BIGINT) WITH (connector = 'memory')");
    std::string lines;
    const size_t bad = weir::Engine::kErrorStreamBuffer + 50;
    for (size_t i = 0; i < bad; i++) lines += "{\"id\":\"x\"}\n";
    ASSERT_EQ(weir_push_json(db_, "noise", lines.data(), lines.size()), WEIR_OK);
    ASSERT_EQ(weir_source_end(db_, "noise"), WEIR_OK);
    EXPECT_EQ(rows("SELECT id FROM noise"), (std::vector<std::string>{}));
    // Nobody read weir_errors meanwhile: it kept kErrorStreamBuffer rows, the first ones.
    ASSERT_EQ(weir_source_end(db_, "weir_errors"), WEIR_OK);
    EXPECT_EQ(rows("SELECT count(*), min(location), max(location) FROM weir_errors"),
              (std::vector<std::string>{std::to_string(weir::Engine::kErrorStreamBuffer) + "|memory:1|memory:9999"}));
}

TEST_F(DlqTest, SinksARunningJobSendsBadOrLateRowsToCannotBeDropped) {
    exec("CREATE SINK out WITH (connector = 'file', path = '" + path("out.jsonl") + "')");
    exec("CREATE SINK bad WITH (connector = 'file', path = '" + path("bad.jsonl") + "')");
    exec("CREATE SINK late_rows WITH (connector = 'file', path = '" + path("late.jsonl") + "')");
    exec("CREATE SOURCE feed (city TEXT, ts TIMESTAMP) WITH (connector = 'memory', on_error = 'dlq', dlq = 'bad', "
         "late = 'late_rows')");
    exec("CREATE JOB counts AS INSERT INTO out SELECT city, window_start, count(*) AS n FROM feed "
         "GROUP BY city, TUMBLE(ts, 10s)");
    for (const char *sink : {"bad", "late_rows", "out"}) {
        EXPECT_EQ(weir_exec(db_, (std::string("DROP SINK ") + sink).c_str()), WEIR_ERROR) << sink;
        EXPECT_NE(std::string(weir_errmsg(db_)).find("in use by job `counts`"), std::string::npos) << weir_errmsg(db_);
    }
    exec("DROP JOB counts");
    exec("DROP SINK bad");
    exec("DROP SINK late_rows");
    exec("DROP SINK out");
}

}  // namespace

// A followed file glob whose newest match never receives anything does not hold windows open
// (issue 12, item 4; the Redis and Kafka cases are integration tests: redis_jobs_test, kafka_jobs_test).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "weir.h"

namespace {

using Clock = std::chrono::steady_clock;

TEST(IdleFileGlobTest, EmptyFileOfAFollowedGlobDoesNotHoldTheWindows) {
    auto dir = std::filesystem::temp_directory_path() /
               ("weir-idle-glob-" + std::to_string(Clock::now().time_since_epoch().count()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "a.jsonl") << "{\"city\":\"Oslo\",\"temp\":1,\"ts\":\"2025-01-15T14:00:10Z\"}\n"
                                      "{\"city\":\"Oslo\",\"temp\":3,\"ts\":\"2025-01-15T14:00:50Z\"}\n"
                                      "{\"city\":\"Oslo\",\"temp\":5,\"ts\":\"2025-01-15T14:01:30Z\"}\n";
    std::ofstream(dir / "b.jsonl");  // the newest match, followed, never written
    weir_db *db = nullptr;
    ASSERT_EQ(weir_open(nullptr, &db), WEIR_OK);
    std::string sql = "CREATE SOURCE readings (city TEXT, temp DOUBLE, ts TIMESTAMP) WITH (connector = 'file', "
                      "path = '" + (dir / "*.jsonl").string() + "', format = 'json', follow = 'true', "
                      "idle_timeout = '1s');";
    ASSERT_EQ(weir_exec(db, sql.c_str()), WEIR_OK) << weir_errmsg(db);
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
    weir_close(db);
    std::filesystem::remove_all(dir);
}

}  // namespace

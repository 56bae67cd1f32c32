// The C API's lifecycle, misuse handling and error messages (the C-compiled suite comes with the C API work).
#include <cstring>
#include <string>

#include <gtest/gtest.h>

#include "weir.h"

TEST(CApi, VersionAndErrorStrings) {
    EXPECT_STREQ(weir_libversion(), WEIR_VERSION);
    EXPECT_EQ(weir_libversion_number(), WEIR_VERSION_NUMBER);
    EXPECT_STREQ(weir_errstr(WEIR_DONE), "no more rows available");
    EXPECT_STREQ(weir_errstr(12345), "unknown error code");
}

TEST(CApi, NullHandlesAreSafe) {
    EXPECT_EQ(weir_close(nullptr), WEIR_OK);
    EXPECT_EQ(weir_finalize(nullptr), WEIR_OK);
    EXPECT_EQ(weir_step(nullptr, 0), WEIR_MISUSE);
    EXPECT_EQ(weir_exec(nullptr, "SHOW SOURCES;"), WEIR_MISUSE);
    EXPECT_EQ(weir_column_count(nullptr), 0);
    EXPECT_EQ(weir_column_text(nullptr, 0), nullptr);
    EXPECT_EQ(weir_open(nullptr, nullptr), WEIR_MISUSE);
}

TEST(CApi, SyntaxErrorIsOneSentenceWithPosition) {
    weir_db *db = nullptr;
    ASSERT_EQ(weir_open(nullptr, &db), WEIR_OK);
    EXPECT_EQ(weir_exec(db, "SELEC 1;"), WEIR_ERROR);
    std::string message = weir_errmsg(db);
    EXPECT_NE(message.find("line 1, column 1"), std::string::npos) << message;
    weir_stmt *stmt = reinterpret_cast<weir_stmt *>(0x1);
    EXPECT_EQ(weir_prepare(db, "SELECT FROM;", &stmt), WEIR_ERROR);
    EXPECT_EQ(stmt, nullptr);
    weir_close(db);
}

TEST(CApi, StepAfterFinalizeIsMisuseNotCrash) {
    weir_db *db = nullptr;
    ASSERT_EQ(weir_open(":memory:", &db), WEIR_OK);
    weir_stmt *stmt = nullptr;
    ASSERT_EQ(weir_prepare(db, "SHOW SOURCES;", &stmt), WEIR_OK);
    ASSERT_NE(stmt, nullptr);
    EXPECT_EQ(weir_step(stmt, 0), WEIR_ROW);  // the built-in weir_errors
    EXPECT_EQ(weir_step(stmt, 0), WEIR_DONE);
    EXPECT_EQ(weir_finalize(stmt), WEIR_OK);
    EXPECT_EQ(weir_step(stmt, 0), WEIR_MISUSE);
    EXPECT_EQ(weir_finalize(stmt), WEIR_MISUSE);
    weir_close(db);
}

TEST(CApi, PrepareTailWalksAScript) {
    weir_db *db = nullptr;
    ASSERT_EQ(weir_open(nullptr, &db), WEIR_OK);
    const char *sql = "CREATE SOURCE s (a BIGINT, ts TIMESTAMP) WITH (connector = 'memory');  SHOW SOURCES; ";
    const char *tail = nullptr;
    weir_stmt *stmt = nullptr;
    ASSERT_EQ(weir_prepare_tail(db, sql, &stmt, &tail), WEIR_OK) << weir_errmsg(db);
    EXPECT_EQ(weir_step(stmt, 0), WEIR_DONE);
    weir_finalize(stmt);
    std::string rest(tail);
    EXPECT_EQ(rest.substr(rest.find_first_not_of(' ')), "SHOW SOURCES; ") << tail;
    ASSERT_EQ(weir_prepare_tail(db, tail, &stmt, &tail), WEIR_OK);
    ASSERT_EQ(weir_step(stmt, 0), WEIR_ROW);
    EXPECT_STREQ(weir_column_name(stmt, 0), "name");
    EXPECT_STREQ(weir_column_text(stmt, 0), "s");
    ASSERT_EQ(weir_step(stmt, 0), WEIR_ROW);
    EXPECT_STREQ(weir_column_text(stmt, 0), "weir_errors");
    EXPECT_EQ(weir_step(stmt, 0), WEIR_DONE);
    weir_finalize(stmt);
    weir_close(db);
}

TEST(CApi, PushToMissingOrNonMemorySourceFails) {
    weir_db *db = nullptr;
    ASSERT_EQ(weir_open(nullptr, &db), WEIR_OK);
    const char *line = "{\"a\": 1}\n";
    EXPECT_EQ(weir_push_json(db, "nope", line, std::strlen(line)), WEIR_ERROR);
    EXPECT_NE(std::string(weir_errmsg(db)).find("no source named `nope`"), std::string::npos) << weir_errmsg(db);
    weir_close(db);
}

TEST(CApi, WindowedSelectOverPushedRows) {
    weir_db *db = nullptr;
    ASSERT_EQ(weir_open(nullptr, &db), WEIR_OK);
    ASSERT_EQ(weir_exec(db, "CREATE SOURCE r (city TEXT, temp DOUBLE, ts TIMESTAMP) WITH (connector = 'memory');"),
              WEIR_OK)
        << weir_errmsg(db);
    weir_stmt *stmt = nullptr;
    ASSERT_EQ(weir_prepare(db, "SELECT city, avg(temp) AS t FROM r GROUP BY city, TUMBLE(ts, 1m);", &stmt), WEIR_OK)
        << weir_errmsg(db);
    const char *rows = "{\"city\":\"Oslo\",\"temp\":3.5,\"ts\":\"2025-01-15T14:00:10Z\"}\n"
                       "not json at all\n"
                       "{\"city\":\"Oslo\",\"temp\":4.5,\"ts\":\"2025-01-15T14:00:50Z\"}\n";
    ASSERT_EQ(weir_push_json(db, "r", rows, std::strlen(rows)), WEIR_OK) << weir_errmsg(db);
    ASSERT_EQ(weir_source_end(db, "r"), WEIR_OK);
    ASSERT_EQ(weir_step(stmt, 10000), WEIR_ROW) << weir_errmsg(db);
    EXPECT_STREQ(weir_column_text(stmt, 0), "Oslo");
    EXPECT_DOUBLE_EQ(weir_column_double(stmt, 1), 4.0);
    EXPECT_EQ(weir_column_type(stmt, 1), WEIR_DOUBLE);
    EXPECT_EQ(weir_step(stmt, 10000), WEIR_DONE);
    weir_finalize(stmt);
    weir_close(db);
}

// docs/semantics.md#queries-jobs-and-memory-sources: each query gets every row pushed after it started, even when
// another query already reads the source (so nothing is buffered) and its job thread has not run yet.
TEST(CApi, SecondQuerySeesRowsPushedRightAfterItsPrepare) {
    weir_db *db = nullptr;
    ASSERT_EQ(weir_open(nullptr, &db), WEIR_OK);
    ASSERT_EQ(weir_exec(db, "CREATE SOURCE r (n BIGINT) WITH (connector = 'memory');"), WEIR_OK) << weir_errmsg(db);
    for (int round = 0; round < 20; round++) {
        weir_stmt *first = nullptr;
        weir_stmt *second = nullptr;
        ASSERT_EQ(weir_prepare(db, "SELECT n FROM r;", &first), WEIR_OK) << weir_errmsg(db);
        const char *one = "{\"n\": 1}\n";
        ASSERT_EQ(weir_push_json(db, "r", one, std::strlen(one)), WEIR_OK);
        ASSERT_EQ(weir_step(first, 10000), WEIR_ROW);
        ASSERT_EQ(weir_prepare(db, "SELECT n FROM r;", &second), WEIR_OK) << weir_errmsg(db);
        const char *two = "{\"n\": 2}\n";
        ASSERT_EQ(weir_push_json(db, "r", two, std::strlen(two)), WEIR_OK);
        ASSERT_EQ(weir_step(second, 10000), WEIR_ROW) << "round " << round;
        EXPECT_EQ(weir_column_int64(second, 0), 2);
        ASSERT_EQ(weir_step(first, 10000), WEIR_ROW);
        EXPECT_EQ(weir_column_int64(first, 0), 2);
        weir_finalize(first);
        weir_finalize(second);
    }
    weir_close(db);
}

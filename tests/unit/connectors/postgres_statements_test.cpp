// Tests of the PostgreSQL sink's SQL text, type mapping, value encoding and pending-change buffering (no server).
#include "connectors/postgres/postgres_statements.h"

#include <gtest/gtest.h>

#include <cmath>

#include "batch_fixture.h"
#include "common/weir_error.h"
#include "connectors/postgres/postgres_failure.h"
#include "connectors/postgres/postgres_pending_changes.h"
#include "connectors/postgres/postgres_value_encoder.h"

#include <pqxx/except>

namespace weir {
namespace {

PostgresStatements weather_rt() {
    Schema schema({{"city", TypeId::Text}, {"window_start", TypeId::Timestamp}, {"avg_temp", TypeId::Double},
                   {"n", TypeId::BigInt}});
    return PostgresStatements("public", "weather_rt", schema, {0, 1});
}

TEST(PostgresStatements, QuotesEveryIdentifier) {
    EXPECT_EQ(PostgresStatements::quote("City"), "\"City\"");
    EXPECT_EQ(PostgresStatements::quote("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(PostgresStatements::quote("x; DROP TABLE t"), "\"x; DROP TABLE t\"");
    EXPECT_EQ(PostgresStatements::quote(std::string(63, 'n')).size(), 65u);
    EXPECT_THROW(PostgresStatements::quote(std::string(64, 'n')), WeirError);
    EXPECT_THROW(PostgresStatements::quote(""), WeirError);
    EXPECT_EQ(weather_rt().qualified_table(), "\"public\".\"weather_rt\"");
}

TEST(PostgresStatements, TypeMapping) {
    EXPECT_STREQ(PostgresStatements::column_type(TypeId::BigInt), "bigint");
    EXPECT_STREQ(PostgresStatements::column_type(TypeId::Double), "double precision");
    EXPECT_STREQ(PostgresStatements::column_type(TypeId::Text), "text");
    EXPECT_STREQ(PostgresStatements::column_type(TypeId::Boolean), "boolean");
    EXPECT_STREQ(PostgresStatements::column_type(TypeId::Timestamp), "timestamptz");
    EXPECT_STREQ(PostgresStatements::column_type(TypeId::Interval), "interval");
}

TEST(PostgresStatements, CreateTable) {
    EXPECT_EQ(weather_rt().create_table(true),
              "CREATE TABLE IF NOT EXISTS \"public\".\"weather_rt\" (\"city\" text, \"window_start\" timestamptz, "
              "\"avg_temp\" double precision, \"n\" bigint, PRIMARY KEY (\"city\", \"window_start\"))");
    EXPECT_EQ(weather_rt().create_table(false),
              "CREATE TABLE IF NOT EXISTS \"public\".\"weather_rt\" (\"city\" text, \"window_start\" timestamptz, "
              "\"avg_temp\" double precision, \"n\" bigint)");
}

TEST(PostgresStatements, CopyUpsertAndDelete) {
    auto statements = weather_rt();
    EXPECT_EQ(statements.copy(),
              "COPY \"public\".\"weather_rt\" (\"city\", \"window_start\", \"avg_temp\", \"n\") FROM STDIN");
    EXPECT_EQ(statements.upsert(2),
              "INSERT INTO \"public\".\"weather_rt\" (\"city\", \"window_start\", \"avg_temp\", \"n\") VALUES "
              "($1, $2, $3, $4), ($5, $6, $7, $8) ON CONFLICT (\"city\", \"window_start\") DO UPDATE SET "
              "\"avg_temp\" = EXCLUDED.\"avg_temp\", \"n\" = EXCLUDED.\"n\"");
    EXPECT_EQ(statements.delete_keys(2),
              "DELETE FROM \"public\".\"weather_rt\" USING (VALUES ($1::text, $2::timestamptz), ($3::text, "
              "$4::timestamptz)) AS weir_deleted (\"city\", \"window_start\") WHERE \"public\".\"weather_rt\".\"city\" "
              "IS NOT DISTINCT FROM weir_deleted.\"city\" AND \"public\".\"weather_rt\".\"window_start\" IS NOT "
              "DISTINCT FROM weir_deleted.\"window_start\"");
    // Every column a key column: nothing to update.
    PostgresStatements keys_only("s", "t", Schema({{"a", TypeId::BigInt}}), {0});
    EXPECT_EQ(keys_only.upsert(1), "INSERT INTO \"s\".\"t\" (\"a\") VALUES ($1) ON CONFLICT (\"a\") DO NOTHING");
}

TEST(PostgresStatements, StatementsStayUnderTheParameterLimit) {
    EXPECT_EQ(PostgresStatements::rows_per_statement(4, 500), 500u);
    EXPECT_EQ(PostgresStatements::rows_per_statement(200, 500), 327u);  // 65535 / 200
    EXPECT_EQ(PostgresStatements::rows_per_statement(70000, 500), 1u);
}

TEST(PostgresStatements, BookkeepingTable) {
    auto statements = weather_rt();
    EXPECT_EQ(statements.create_commit_table(),
              "CREATE TABLE IF NOT EXISTS \"public\".\"weir_sink_commits\" (job text NOT NULL, sink text NOT NULL, "
              "checkpoint bigint NOT NULL, positions text, committed_at timestamptz NOT NULL DEFAULT now(), "
              "PRIMARY KEY (job, sink))");
    EXPECT_NE(statements.lock_commit_row().find("FOR UPDATE"), std::string::npos);
}

TEST(PostgresValueEncoder, CellTexts) {
    Batch batch = fixture_batch();
    std::string out;
    EXPECT_TRUE(PostgresValueEncoder::text(batch.columns[0], 1, out));
    EXPECT_EQ(out, "Say \"hi\", ok");
    EXPECT_TRUE(PostgresValueEncoder::text(batch.columns[1], 0, out));
    EXPECT_EQ(out, "3.5");
    EXPECT_FALSE(PostgresValueEncoder::text(batch.columns[1], 1, out));  // NULL
    EXPECT_FALSE(PostgresValueEncoder::text(batch.columns[1], 2, out));  // NaN
    EXPECT_TRUE(PostgresValueEncoder::text(batch.columns[2], 2, out));
    EXPECT_EQ(out, "-1");
    EXPECT_TRUE(PostgresValueEncoder::text(batch.columns[3], 0, out));
    EXPECT_EQ(out, "t");
    EXPECT_TRUE(PostgresValueEncoder::text(batch.columns[4], 1, out));
    EXPECT_EQ(out, "2025-01-15 14:30:00.25+00");

    ColumnVector special;
    special.reset(TypeId::Double, 2);
    special.doubles()[0] = -INFINITY;
    special.doubles()[1] = 0.1;
    EXPECT_TRUE(PostgresValueEncoder::text(special, 0, out));
    EXPECT_EQ(out, "-Infinity");
    EXPECT_TRUE(PostgresValueEncoder::text(special, 1, out));
    EXPECT_EQ(out, "0.1");
    ColumnVector interval;
    interval.reset(TypeId::Interval, 1);
    interval.ints()[0] = 5 * 60 * 1000000LL;
    EXPECT_TRUE(PostgresValueEncoder::text(interval, 0, out));
    EXPECT_EQ(out, "300000000 microseconds");
}

TEST(PostgresValueEncoder, CopyLinesEscapeAndMarkNulls) {
    Batch batch = fixture_batch();
    std::string lines;
    for (size_t row = 0; row < 3; row++) PostgresValueEncoder::append_copy_line(batch, row, lines);
    EXPECT_EQ(lines,
              "Warsaw\t3.5\t10\tt\t2025-01-15 14:00:00+00\n"
              "Say \"hi\", ok\t\\N\t\\N\tf\t2025-01-15 14:30:00.25+00\n"
              "\\N\t\\N\t-1\t\\N\t\\N\n");
    std::string escaped;
    PostgresValueEncoder::append_copy_escaped("a\\b\tc\nd\re", escaped);
    EXPECT_EQ(escaped, "a\\\\b\\tc\\nd\\re");
}

Batch cities(const std::vector<std::pair<std::string, int64_t>> &rows) {
    Batch batch;
    batch.columns.resize(2);
    batch.columns[0].reset(TypeId::Text, rows.size());
    batch.columns[1].reset(TypeId::BigInt, rows.size());
    batch.set_size(rows.size());
    for (size_t r = 0; r < rows.size(); r++) {
        batch.columns[0].strings()[r] = batch.arena().add(rows[r].first);
        batch.columns[1].ints()[r] = rows[r].second;
    }
    return batch;
}

TEST(PostgresPendingChanges, UpsertShapeKeepsTheLatestChangePerKey) {
    PostgresPendingChanges pending(true, {0});
    pending.add_rows(cities({{"Oslo", 1}, {"Rome", 2}, {"Oslo", 3}}));
    pending.add_deletions(cities({{"Rome", 0}}));
    pending.add_rows(cities({{"Kyiv", 4}}));
    ASSERT_EQ(pending.size(), 3u);
    const auto &latest = pending.latest();
    EXPECT_EQ(latest[0].cells, (std::vector<std::string>{"Oslo", "3"}));
    EXPECT_FALSE(latest[0].deleted);
    EXPECT_TRUE(latest[1].deleted);
    EXPECT_EQ(latest[1].cells, (std::vector<std::string>{"Rome"}));
    EXPECT_EQ(latest[2].cells, (std::vector<std::string>{"Kyiv", "4"}));
    pending.clear();
    EXPECT_TRUE(pending.empty());
}

TEST(PostgresPendingChanges, AppendShapeKeepsOrderOfCopiesAndDeletes) {
    PostgresPendingChanges pending(false, {0});
    pending.add_rows(cities({{"Oslo", 1}}));
    pending.add_rows(cities({{"Rome", 2}}));
    pending.add_deletions(cities({{"Oslo", 0}}));
    pending.add_rows(cities({{"Oslo", 5}}));
    ASSERT_EQ(pending.segments().size(), 3u);
    EXPECT_EQ(pending.segments()[0].copy_lines, "Oslo\t1\nRome\t2\n");
    EXPECT_EQ(pending.segments()[1].kind, PostgresPendingChanges::SegmentKind::Delete);
    EXPECT_EQ(pending.segments()[1].keys[0].cells, (std::vector<std::string>{"Oslo"}));
    EXPECT_EQ(pending.segments()[2].copy_lines, "Oslo\t5\n");
    EXPECT_EQ(pending.size(), 4u);
}

TEST(PostgresPendingChanges, KeysThatWouldCollideWhenJoinedStayApart) {
    PostgresPendingChanges pending(true, {0, 1});
    Batch batch;
    batch.columns.resize(2);
    batch.columns[0].reset(TypeId::Text, 3);
    batch.columns[1].reset(TypeId::Text, 3);
    batch.set_size(3);
    batch.columns[0].strings()[0] = batch.arena().add("a:b");
    batch.columns[1].strings()[0] = batch.arena().add("c");
    batch.columns[0].strings()[1] = batch.arena().add("a");
    batch.columns[1].strings()[1] = batch.arena().add("b:c");
    batch.columns[0].strings()[2] = batch.arena().add("");
    batch.columns[1].set_null(2);
    pending.add_rows(batch);
    EXPECT_EQ(pending.size(), 3u);
}

TEST(PostgresFailure, ClassifiesRetryableAndFatalErrors) {
    auto lost = PostgresFailure::classify(pqxx::broken_connection("Could not obtain client encoding: not connected"));
    EXPECT_TRUE(lost.transient());
    EXPECT_EQ(lost.reason(), "the connection to the server was lost");
    auto refused = PostgresFailure::classify(pqxx::broken_connection(
        "connection to server at \"127.0.0.1\", port 5 failed: Connection refused\n\tIs the server running?\n"));
    EXPECT_TRUE(refused.transient());
    EXPECT_EQ(refused.reason(), "connection to server at \"127.0.0.1\", port 5 failed: Connection refused");
    auto auth = PostgresFailure::classify(
        pqxx::broken_connection("FATAL:  password authentication failed for user \"weir\"\n"));
    EXPECT_FALSE(auth.transient());
    EXPECT_EQ(auth.reason(), "password authentication failed for user \"weir\"");
    EXPECT_NE(auth.advice().find("password"), std::string::npos);
    EXPECT_TRUE(PostgresFailure::classify(pqxx::sql_error("ERROR:  terminating connection", "", "57P01")).transient());
    auto dropped = PostgresFailure::classify(
        pqxx::sql_error("ERROR:  relation \"public.t\" does not exist\nLINE 1: ...", "COPY ...", "42P01"));
    EXPECT_FALSE(dropped.transient());
    EXPECT_EQ(dropped.reason(), "relation \"public.t\" does not exist");
    EXPECT_NE(dropped.advice().find("dropped"), std::string::npos);
    EXPECT_NE(PostgresFailure::classify(pqxx::sql_error("ERROR:  permission denied for table t", "", "42501"))
                  .advice()
                  .find("grant"),
              std::string::npos);
    EXPECT_NE(PostgresFailure::classify(pqxx::sql_error("ERROR:  invalid input syntax", "", "22P02")).advice().find("type"),
              std::string::npos);
    // libpqxx 6 throws this class without its SQLSTATE.
    auto privilege = PostgresFailure::classify(pqxx::insufficient_privilege("ERROR:  permission denied for table t"));
    EXPECT_EQ(privilege.sqlstate(), "42501");
    EXPECT_FALSE(privilege.transient());
    EXPECT_TRUE(PostgresFailure::classify(pqxx::too_many_connections("FATAL:  too many connections")).transient());
    EXPECT_FALSE(PostgresFailure::classify(std::runtime_error("other")).transient());
}

}  // namespace
}  // namespace weir

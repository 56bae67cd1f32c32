// Tests of SqliteSource: type mapping, malformed rows, projection, batch sizes, checkpoint positions,
// open errors and reading a database another connection is writing in WAL mode.
#include "connectors/sqlite/sqlite_source.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>

#include "common/value.h"
#include "common/weir_error.h"
#include "connectors/connector_registry.h"

namespace weir {
namespace {

std::string temp_db() {
    char pattern[] = "/tmp/weir-sqlite-source-XXXXXX";
    return std::string(::mkdtemp(pattern)) + "/in.db";
}

// Runs `sql` (several statements) on the file, creating it if needed.
void run(const std::string &path, const std::string &sql) {
    sqlite3 *db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char *error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
}

struct Read {
    std::vector<std::string> rows;  // "v1|v2|..." by Value::to_string, NULL as NULL
    std::vector<BadRecord> bad;
    std::vector<size_t> batch_sizes;
};

SourceSpec spec_for(const std::string &path, const std::string &table, Schema declared,
                    std::map<std::string, std::string> extra = {}) {
    SourceSpec spec;
    spec.name = "runs";
    spec.connector = "sqlite";
    spec.options = {{"path", path}, {"table", table}};
    for (auto &entry : extra) spec.options[entry.first] = entry.second;
    spec.declared = std::move(declared);
    for (size_t c = 0; c < spec.declared.size(); c++) spec.projection.push_back(c);
    return spec;
}

// Polls up to `max_polls` batches (stops at End) and appends their rows to `read`.
bool poll_into(Source &source, Read &read, size_t max_polls = SIZE_MAX) {
    Batch batch;
    for (size_t polls = 0; polls < max_polls; polls++) {
        Source::PollResult result = source.poll(batch);
        if (result == Source::PollResult::End) return true;
        EXPECT_EQ(result, Source::PollResult::Data);
        read.batch_sizes.push_back(batch.size());
        for (size_t r = 0; r < batch.size(); r++) {
            std::string row;
            for (size_t c = 0; c < batch.columns.size(); c++) {
                row += (c ? "|" : "") + Value::from_column(batch.columns[c], r).to_string();
            }
            read.rows.push_back(row);
        }
    }
    return false;
}

Read read_all(SourceSpec spec) {
    Read read;
    spec.on_bad_record = [&read](const BadRecord &record) { read.bad.push_back(record); };
    SqliteSource source(spec);
    source.open();
    poll_into(source, read);
    Batch batch;
    EXPECT_EQ(source.poll(batch), Source::PollResult::End);  // and forever after
    source.close();
    return read;
}

std::vector<std::string> wheres(const Read &read) {
    std::vector<std::string> out;
    for (const auto &record : read.bad) out.push_back(record.where);
    return out;
}

Schema all_types() {
    return Schema({{"b", TypeId::BigInt},
                   {"d", TypeId::Double},
                   {"s", TypeId::Text},
                   {"f", TypeId::Boolean},
                   {"ts", TypeId::Timestamp},
                   {"iv", TypeId::Interval}});
}

// Untyped columns keep every value in the storage class it was inserted with.
const char *kMixedTable = R"(
CREATE TABLE mixed (b, d, s, f, ts, iv);
INSERT INTO mixed VALUES (42, 2.5, 'x', 1, 1736949600000000, 300000000);
INSERT INTO mixed VALUES (7.0, 3, 12, 'true', '2025-01-15 14:00:00.25', '5m');
INSERT INTO mixed VALUES ('123', '4.5', 1.5, 0, '2025-01-15T15:00:00+01:00', 1500);
INSERT INTO mixed VALUES (NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO mixed VALUES (3.5, 1, 'a', 1, 0, 0);
INSERT INTO mixed VALUES ('abc', 1, 'a', 1, 0, 0);
INSERT INTO mixed VALUES (1, 'x1', 'a', 1, 0, 0);
INSERT INTO mixed VALUES (1, 1, X'00ff', 1, 0, 0);
INSERT INTO mixed VALUES (1, 1, 'a', 2, 0, 0);
INSERT INTO mixed VALUES (1, 1, 'a', 'maybe', 0, 0);
INSERT INTO mixed VALUES (1, 1, 'a', 1, 'yesterday', 0);
INSERT INTO mixed VALUES (1, 1, 'a', 1, 0, 2.5);
INSERT INTO mixed VALUES (-1, -0.5, 'last', 'false', '1970-01-01', '1s');
)";

TEST(SqliteSourceTest, MapsEveryTypeAndReportsBadValuesWithTheirRowid) {
    std::string path = temp_db();
    run(path, kMixedTable);
    Read read = read_all(spec_for(path, "mixed", all_types()));
    EXPECT_EQ(read.rows, (std::vector<std::string>{
                             "42|2.5|x|true|2025-01-15 14:00:00|5m",
                             "7|3|12|true|2025-01-15 14:00:00.25|5m",
                             "123|4.5|1.5|false|2025-01-15 14:00:00|1500us",
                             "NULL|NULL|NULL|NULL|NULL|NULL",
                             "-1|-0.5|last|false|1970-01-01 00:00:00|1s",
                         }));
    std::vector<std::string> expected_where;
    for (int rowid = 5; rowid <= 12; rowid++) expected_where.push_back(path + ":mixed:rowid " + std::to_string(rowid));
    EXPECT_EQ(wheres(read), expected_where);
    ASSERT_EQ(read.bad.size(), 8u);
    EXPECT_EQ(read.bad[0].reason, "column `b`: expected an integer but found 3.5");
    EXPECT_EQ(read.bad[1].reason, "column `b`: expected an integer but found 'abc'");
    EXPECT_EQ(read.bad[1].raw, "'abc'");
    EXPECT_EQ(read.bad[2].reason, "column `d`: expected a number but found 'x1'");
    EXPECT_EQ(read.bad[3].reason, "column `s`: expected TEXT but found a BLOB");
    EXPECT_EQ(read.bad[4].reason, "column `f`: expected 0 or 1 for a boolean but found 2");
    EXPECT_EQ(read.bad[5].reason, "column `f`: expected true or false but found 'maybe'");
    EXPECT_EQ(read.bad[6].reason, "column `ts`: expected an ISO-8601 timestamp but found 'yesterday'");
    EXPECT_EQ(read.bad[7].reason, "column `iv`: expected an integer but found 2.5");
}

TEST(SqliteSourceTest, TypedColumnsAsTheSqliteSinkWritesThem) {
    std::string path = temp_db();
    run(path, "CREATE TABLE t (n INTEGER, x REAL, name TEXT, ok INTEGER, at TEXT, took INTEGER);"
              "INSERT INTO t VALUES (1, 2.0, 'Warsaw', 1, '2025-01-15 14:30:00.25', 90000000);"
              "INSERT INTO t VALUES (9223372036854775807, 1e300, '', 0, '2025-01-15 14:00:00', -5);");
    Read read = read_all(spec_for(path, "t", Schema({{"n", TypeId::BigInt}, {"x", TypeId::Double},
                                                      {"name", TypeId::Text}, {"ok", TypeId::Boolean},
                                                      {"at", TypeId::Timestamp}, {"took", TypeId::Interval}})));
    EXPECT_EQ(read.rows, (std::vector<std::string>{"1|2|Warsaw|true|2025-01-15 14:30:00.25|90s",
                                                   "9223372036854775807|1e+300||false|2025-01-15 14:00:00|-5us"}));
    EXPECT_TRUE(read.bad.empty());
}

TEST(SqliteSourceTest, TimestampFormatGivesTheUnitOfNumbers) {
    std::string path = temp_db();
    run(path, "CREATE TABLE t (ts); INSERT INTO t VALUES (1736949600); INSERT INTO t VALUES (1736949600.5);"
              "INSERT INTO t VALUES ('1736949601');");
    Read read = read_all(spec_for(path, "t", Schema({{"ts", TypeId::Timestamp}}), {{"timestamp_format", "epoch_s"}}));
    EXPECT_EQ(read.rows, (std::vector<std::string>{"2025-01-15 14:00:00", "2025-01-15 14:00:00.5",
                                                   "2025-01-15 14:00:01"}));
}

TEST(SqliteSourceTest, FailModeThrowsNamingTheRowid) {
    std::string path = temp_db();
    run(path, kMixedTable);
    SqliteSource source(spec_for(path, "mixed", all_types(), {{"on_error", "fail"}}));
    source.open();
    Batch batch;
    try {
        while (source.poll(batch) != Source::PollResult::End) {
        }
        FAIL() << "expected an error";
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Data);
        EXPECT_EQ(std::string(error.what()),
                  "malformed record at " + path + ":mixed:rowid 5: column `b`: expected an integer but found 3.5");
    }
}

TEST(SqliteSourceTest, NullEventTimeIsMalformed) {
    std::string path = temp_db();
    run(path, "CREATE TABLE t (v INTEGER, ts TEXT); INSERT INTO t VALUES (1, '2025-01-15 14:00:00');"
              "INSERT INTO t VALUES (2, NULL); INSERT INTO t VALUES (3, '2025-01-15 14:01:00');");
    SourceSpec spec = spec_for(path, "t", Schema({{"v", TypeId::BigInt}, {"ts", TypeId::Timestamp}}));
    spec.projection = {1, 0};
    spec.event_time = 0;
    Read read = read_all(spec);
    EXPECT_EQ(read.rows, (std::vector<std::string>{"2025-01-15 14:00:00|1", "2025-01-15 14:01:00|3"}));
    ASSERT_EQ(read.bad.size(), 1u);
    EXPECT_EQ(read.bad[0].where, path + ":t:rowid 2");
    EXPECT_EQ(read.bad[0].reason, "event-time column `ts` is NULL");
}

TEST(SqliteSourceTest, ProjectsASubsetInAnotherOrderWithQuotedNames) {
    std::string path = temp_db();
    run(path, R"(CREATE TABLE "job ""runs""" ("Job Name" TEXT, extra BLOB, "records in" INTEGER, "select" REAL);
                 INSERT INTO "job ""runs""" VALUES ('a', X'01', 10, 0.5);
                 INSERT INTO "job ""runs""" VALUES ('b', X'02', 20, 1.5);)");
    SourceSpec spec = spec_for(path, "job \"runs\"", Schema({{"job name", TypeId::Text}, {"records in", TypeId::BigInt},
                                                             {"select", TypeId::Double}, {"unused", TypeId::Text}}));
    spec.projection = {2, 0};  // `unused` is declared but not read: it need not exist
    Read read = read_all(spec);
    EXPECT_EQ(read.rows, (std::vector<std::string>{"0.5|a", "1.5|b"}));
    EXPECT_TRUE(read.bad.empty());
}

TEST(SqliteSourceTest, EmptyProjectionCountsRows) {
    std::string path = temp_db();
    run(path, "CREATE TABLE t (v); INSERT INTO t VALUES (1), (2), (3);");
    SourceSpec spec = spec_for(path, "t", Schema({{"v", TypeId::BigInt}}), {{"batch_size", "2"}});
    spec.projection.clear();
    Read read = read_all(spec);
    EXPECT_EQ(read.batch_sizes, (std::vector<size_t>{2, 1}));
}

// 20 rows inserted out of rowid order, one malformed (rowid 11), grp with duplicates, NULLs and text.
std::string numbered_table() {
    std::string path = temp_db();
    std::string sql = "CREATE TABLE t (n INTEGER, grp);";
    for (int i = 20; i >= 1; i--) {
        std::string grp = i % 5 == 0 ? "NULL" : i % 4 == 0 ? "'k" + std::to_string(i % 3) + "'" : std::to_string(i % 3);
        std::string n = i == 11 ? "'eleven'" : std::to_string(i * 10);
        sql += "INSERT INTO t (rowid, n, grp) VALUES (" + std::to_string(i) + ", " + n + ", " + grp + ");";
    }
    run(path, sql);
    return path;
}

Schema numbered_schema() { return Schema({{"n", TypeId::BigInt}, {"grp", TypeId::Text}}); }

TEST(SqliteSourceTest, BatchSizesGiveTheSameRowsInRowidOrder) {
    std::string path = numbered_table();
    Read whole = read_all(spec_for(path, "t", numbered_schema()));
    ASSERT_EQ(whole.rows.size(), 19u);
    EXPECT_EQ(whole.rows.front(), "10|1");
    EXPECT_EQ(whole.rows.back(), "200|NULL");
    EXPECT_EQ(wheres(whole), (std::vector<std::string>{path + ":t:rowid 11"}));
    for (const char *size : {"1", "7"}) {
        Read read = read_all(spec_for(path, "t", numbered_schema(), {{"batch_size", size}}));
        EXPECT_EQ(read.rows, whole.rows) << size;
        EXPECT_EQ(wheres(read), wheres(whole)) << size;
        for (size_t rows : read.batch_sizes) EXPECT_LE(rows, static_cast<size_t>(std::stoi(size)));
    }
    Read seven = read_all(spec_for(path, "t", numbered_schema(), {{"batch_size", "7"}}));
    EXPECT_EQ(seven.batch_sizes, (std::vector<size_t>{7, 7, 5}));
}

TEST(SqliteSourceTest, OrderByAColumnBreaksTiesByRowid) {
    std::string path = numbered_table();
    Read read = read_all(spec_for(path, "t", numbered_schema(), {{"order_by", "GRP"}}));
    // NULLs first, then numbers, then text, each group in rowid order.
    EXPECT_EQ(read.rows, (std::vector<std::string>{
                             "50|NULL", "100|NULL", "150|NULL", "200|NULL",
                             "30|0", "60|0", "90|0", "180|0",
                             "10|1", "70|1", "130|1", "190|1",
                             "20|2", "140|2", "170|2",
                             "120|k0", "40|k1", "160|k1", "80|k2"}));
}

// Reads `polls` batches, then the rest with a new source restored from the first one's position;
// the rows and bad records of both parts together must equal an uninterrupted read.
void expect_every_cut_resumes(const std::string &path, std::map<std::string, std::string> options) {
    Read whole = read_all(spec_for(path, "t", numbered_schema(), options));
    for (size_t polls = 0;; polls++) {
        Read read;
        std::string position;
        bool finished;
        {
            SourceSpec spec = spec_for(path, "t", numbered_schema(), options);
            spec.on_bad_record = [&read](const BadRecord &record) { read.bad.push_back(record); };
            SqliteSource first(spec);
            first.open();
            finished = poll_into(first, read, polls);
            position = *first.position();
        }
        SourceSpec spec = spec_for(path, "t", numbered_schema(), options);
        spec.on_bad_record = [&read](const BadRecord &record) { read.bad.push_back(record); };
        SqliteSource second(spec);
        second.restore_position(position);
        EXPECT_EQ(*second.position(), position);
        second.open();
        poll_into(second, read);
        EXPECT_EQ(read.rows, whole.rows) << "cut after " << polls << " polls at " << position;
        EXPECT_EQ(wheres(read), wheres(whole)) << "cut after " << polls << " polls at " << position;
        if (finished) break;
    }
}

TEST(SqliteSourceTest, RestoreAtEveryCutReadsTheRemainder) {
    std::string path = numbered_table();
    for (const char *size : {"1", "3", "7"}) expect_every_cut_resumes(path, {{"batch_size", size}});
}

TEST(SqliteSourceTest, RestoreAtEveryCutWithOrderBy) {
    std::string path = numbered_table();
    for (const char *size : {"1", "4"}) expect_every_cut_resumes(path, {{"batch_size", size}, {"order_by", "grp"}});
}

TEST(SqliteSourceTest, PositionTexts) {
    std::string path = numbered_table();
    SqliteSource plain(spec_for(path, "t", numbered_schema(), {{"batch_size", "2"}}));
    EXPECT_EQ(*plain.position(), "{}");
    plain.open();
    Batch batch;
    plain.poll(batch);
    EXPECT_EQ(*plain.position(), "{\"rowid\":2}");

    SqliteSource ordered(spec_for(path, "t", numbered_schema(), {{"batch_size", "1"}, {"order_by", "grp"}}));
    ordered.open();
    ordered.poll(batch);
    EXPECT_EQ(*ordered.position(), "{\"order_by\":null,\"rowid\":5}");
    for (int i = 0; i < 17; i++) ordered.poll(batch);
    EXPECT_EQ(*ordered.position(), "{\"order_by\":\"k1\",\"rowid\":16}");

    // A restored "{}" starts at the beginning; a position of another shape is an error naming the source.
    SqliteSource fresh(spec_for(path, "t", numbered_schema()));
    fresh.restore_position("{}");
    EXPECT_EQ(*fresh.position(), "{}");
    EXPECT_THROW(fresh.restore_position("{\"order_by\":1,\"rowid\":2}"), WeirError);
    EXPECT_THROW(fresh.restore_position("{\"rowid\":\"x\"}"), WeirError);
    EXPECT_THROW(fresh.restore_position("nonsense"), WeirError);
    try {
        ordered.restore_position("{\"rowid\":2}");
        FAIL() << "expected an error";
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Data);
        EXPECT_NE(std::string(error.what()).find("source `runs`"), std::string::npos) << error.what();
    }
}

TEST(SqliteSourceTest, RealOrderValuesRoundTrip) {
    std::string path = temp_db();
    run(path, "CREATE TABLE t (n INTEGER, grp REAL); INSERT INTO t VALUES (1, 0.1), (2, 0.30000000000000004),"
              "(3, 0.1), (4, 1e-300), (5, 2.0);");
    expect_every_cut_resumes(path, {{"batch_size", "1"}, {"order_by", "grp"}});
}

std::string open_error(const SourceSpec &spec, ErrorKind *kind) {
    try {
        SqliteSource source(spec);
        source.open();
    } catch (const WeirError &error) {
        *kind = error.kind();
        return error.what();
    }
    return "";
}

TEST(SqliteSourceTest, MissingFileTableOrColumnFailsAtOpen) {
    std::string path = temp_db();
    run(path, "CREATE TABLE weir_job_runs (job TEXT, started_at INTEGER);");
    ErrorKind kind = ErrorKind::Internal;
    std::string missing = path + ".missing";
    EXPECT_EQ(open_error(spec_for(missing, "weir_job_runs", Schema({{"job", TypeId::Text}})), &kind),
              "cannot open SQLite file for source `runs`: unable to open database file: " + missing);
    EXPECT_EQ(kind, ErrorKind::Io);
    EXPECT_EQ(open_error(spec_for(path, "weir_job_run", Schema({{"job", TypeId::Text}})), &kind),
              "SQLite file " + path + " has no table `weir_job_run` for source `runs`; did you mean `weir_job_runs`?");
    EXPECT_EQ(kind, ErrorKind::Bind);
    EXPECT_EQ(open_error(spec_for(path, "weir_job_runs", Schema({{"job", TypeId::Text}, {"records_in", TypeId::BigInt}})),
                         &kind),
              "table `weir_job_runs` in " + path + " has no column `records_in` (a declared column of source "
              "`runs`; its columns: job, started_at)");
    EXPECT_EQ(kind, ErrorKind::Bind);
    EXPECT_EQ(open_error(spec_for(path, "weir_job_runs", Schema({{"job", TypeId::Text}}), {{"order_by", "run"}}), &kind),
              "table `weir_job_runs` in " + path + " has no column `run` (order_by of source `runs`; its columns: job, "
              "started_at)");
    EXPECT_EQ(kind, ErrorKind::Bind);
    // The read-only open never creates the missing file.
    EXPECT_NE(::access(missing.c_str(), F_OK), 0);
}

TEST(SqliteSourceTest, ReadsCommittedRowsWhileAnotherConnectionWritesInWalMode) {
    std::string path = temp_db();
    run(path, "PRAGMA journal_mode = WAL; CREATE TABLE t (n INTEGER, grp TEXT);"
              "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c');");
    sqlite3 *writer = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &writer), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(writer, "BEGIN IMMEDIATE; INSERT INTO t VALUES (4, 'd');", nullptr, nullptr, nullptr), SQLITE_OK);

    auto started = std::chrono::steady_clock::now();
    Read read;
    SqliteSource source(spec_for(path, "t", numbered_schema(), {{"batch_size", "1"}}));
    source.open();
    poll_into(source, read, 1);
    // The writer commits (and writes again) while the source is in the middle of its SELECT.
    EXPECT_EQ(sqlite3_exec(writer, "COMMIT; INSERT INTO t VALUES (5, 'e');", nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(writer);
    poll_into(source, read);
    source.close();
    auto elapsed = std::chrono::steady_clock::now() - started;
    EXPECT_LT(elapsed, std::chrono::seconds(2));  // never waited on the busy timeout
    // One snapshot: the rows committed when the SELECT started.
    EXPECT_EQ(read.rows, (std::vector<std::string>{"1|a", "2|b", "3|c"}));
    sqlite3_close(writer);
}

TEST(SqliteSourceTest, RegistryValidatesOptionsAndCallsItBounded) {
    const ConnectorRegistry &registry = ConnectorRegistry::instance();
    Schema schema({{"job", TypeId::Text}});
    EXPECT_TRUE(registry.source_is_bounded("sqlite", {{"path", "a.db"}, {"table", "t"}}));
    EXPECT_NO_THROW(registry.validate_source("sqlite", {{"path", "a.db"}, {"table", "t"}, {"order_by", "run"}}, schema));
    auto message = [&](const std::map<std::string, std::string> &options) {
        try {
            registry.validate_source("sqlite", options, schema);
        } catch (const WeirError &error) {
            return std::string(error.what());
        }
        return std::string();
    };
    EXPECT_EQ(message({{"path", "a.db"}}), "connector 'sqlite' needs option `table`");
    EXPECT_EQ(message({{"table", "t"}}), "connector 'sqlite' needs option `path`");
    EXPECT_NE(message({{"path", "a.db"}, {"table", "t"}, {"tabel", "t"}}).find("did you mean `table`?"), std::string::npos);
    EXPECT_EQ(message({{"path", "a.db"}, {"table", "t"}, {"format", "csv"}}),
              "connector 'sqlite' reads typed table columns and takes no option `format`");
    EXPECT_EQ(message({{"path", "a.db"}, {"table", "t"}, {"order_by", ""}}),
              "order_by must name a column of the table, got ''");
}

}  // namespace
}  // namespace weir

// The PostgreSQL source against a real PostgreSQL 15: a typed snapshot with bad rows, a large snapshot
// read through a cursor, and incremental polling by an increasing column across a kill -9 (issue 18).
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "postgres_test_server.h"
#include "weir.h"
#include "weir_process.h"

namespace weir {
namespace {

class PostgresSourceTest : public ::testing::Test {
protected:
    PostgresTestServer pg;
    std::string table = PostgresTestServer::unique("src");

    void TearDown() override { pg.psql("DROP TABLE IF EXISTS " + table); }
    // Runs `create` as the superuser and gives the table to role weir (the role weir connects as).
    void create(const std::string &create_sql) const {
        pg.psql(create_sql);
        pg.psql("ALTER TABLE " + table + " OWNER TO weir");
    }
};

// Every type mapping, NULLs, timestamp / timestamptz / date all as UTC, numeric into DOUBLE, jsonb as
// TEXT; a numeric with a fraction in a BIGINT column is a malformed row named by its position.
TEST_F(PostgresSourceTest, SnapshotMapsTypesAndReportsBadRows) {
    create("CREATE TABLE " + table + " (id int, city text, temp numeric(5,2), ok boolean, at timestamptz, "
            "local timestamp, day date, n numeric, note jsonb, wait interval)");
    pg.psql("INSERT INTO " + table + " VALUES "
            "(1, 'Warsaw', 3.50, true, '2025-01-15 15:00:00+01', '2025-01-15 14:00:01', '2025-01-15', 7, '{\"a\": 1}', '5 minutes'),"
            "(2, NULL, -2.25, false, NULL, NULL, NULL, NULL, NULL, NULL),"
            "(3, 'Oslo', 0, NULL, '2025-01-15 14:00:02+00', '2025-01-15 14:00:03.5', '2025-01-16', 1.5, '[]', '1 second')");
    CommandResult result = pg.weir(
        "CREATE SOURCE s (id BIGINT, city TEXT, temp DOUBLE, ok BOOLEAN, at TIMESTAMP, local TIMESTAMP, day TIMESTAMP, "
        "n BIGINT, note TEXT, wait INTERVAL) WITH (connector = 'postgres', url = '" + pg.url() + "', table = '" + table +
        "', fetch_rows = '2');"
        "SELECT * FROM s ORDER BY id;");
    EXPECT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(result.out,
              "id,city,temp,ok,at,local,day,n,note,wait\n"
              "1,Warsaw,3.5,true,2025-01-15 14:00:00,2025-01-15 14:00:01,2025-01-15 00:00:00,7,\"{\"\"a\"\": 1}\",5m\n"
              "2,,-2.25,false,,,,,,\n");
    EXPECT_NE(result.err.find("public." + table + ":row 3: field `n`: "), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find(pg.password()), std::string::npos);
}

// A 1,000,000-row snapshot (about 110 MB of row text) read through the cursor, 10,000 rows at a
// time (the default fetch_rows), in bounded memory: the weir process peaks far below the table's size
// (measured: 18 MB; 142 MB with fetch_rows = '1000000', the whole table in one fetch). Count and sums
// equal the formulas.
TEST_F(PostgresSourceTest, MillionRowSnapshotInBoundedMemory) {
    create("CREATE TABLE " + table + " AS SELECT g AS id, g % 7 AS k, repeat('x', 100) AS pad "
           "FROM generate_series(1, 1000000) AS g");
    std::string sql = "CREATE SOURCE s (id BIGINT, k BIGINT, pad TEXT) WITH (connector = 'postgres', url = '" + pg.url() +
                      "', table = '" + table + "');"
                      "SELECT count(*), sum(id), sum(k), sum(length(pad)) FROM s;";
    CommandResult result = ShellCommand::run("/usr/bin/time -f 'maxrss %M' " WEIR_BINARY " --format csv -c " +
                                             ShellCommand::quote(sql));
    EXPECT_EQ(result.status, 0) << result.err;
    // sum(1..n) = n(n+1)/2; g % 7 over 1..999999 is 142857 cycles of 1..6, 0 (sum 21 each) = 2999997,
    // plus 1000000 % 7 = 1.
    EXPECT_EQ(result.out, "count(*),sum(id),sum(k),sum(length(pad))\n1000000,500000500000,2999998,100000000\n");
    size_t at = result.err.rfind("maxrss ");
    ASSERT_NE(at, std::string::npos) << result.err;
    long max_rss_kb = std::stol(result.err.substr(at + 7));
    EXPECT_LT(max_rss_kb, 60 * 1024) << "peak resident set " << max_rss_kb << " KB";
}

// A query instead of a table, and the errors said in one sentence.
TEST_F(PostgresSourceTest, QueryAndErrors) {
    create("CREATE TABLE " + table + " (id int, city text)");
    pg.psql("INSERT INTO " + table + " VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    CommandResult result = pg.weir("CREATE SOURCE s (id BIGINT, upper_city TEXT) WITH (connector = 'postgres', url = '" +
                                   pg.url() + "', query = 'SELECT id, upper(city) AS upper_city FROM " + table +
                                   " WHERE id > 1');"
                                   "SELECT * FROM s ORDER BY id;");
    EXPECT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(result.out, "id,upper_city\n2,B\n3,C\n");
    result = pg.weir("CREATE SOURCE s (id BIGINT) WITH (connector = 'postgres', url = '" + pg.url() +
                     "', table = 'no_such_table');"
                     "SELECT * FROM s;");
    EXPECT_EQ(result.status, 1);
    EXPECT_NE(result.err.find("postgres source `s` could not read public.no_such_table at "), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("relation \"public.no_such_table\" does not exist"), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find(pg.password()), std::string::npos);
    result = pg.weir("CREATE SOURCE s (id BIGINT) WITH (connector = 'postgres', url = '" + pg.url() + "', table = 't', "
                     "mode = 'incremental');");
    EXPECT_EQ(result.status, 1);
    EXPECT_NE(result.err.find("connector 'postgres' needs option `cursor_column`"), std::string::npos) << result.err;
}

// Incremental: rows with a larger id are read as they are inserted; after a kill -9 the job resumes
// from the checkpointed id, so the single output file holds every row exactly once.
TEST_F(PostgresSourceTest, IncrementalPollingResumesFromTheCheckpointedCursor) {
    create("CREATE TABLE " + table + " (id bigserial PRIMARY KEY, city text, ts timestamptz)");
    pg.psql("INSERT INTO " + table + " (city, ts) VALUES ('a', '2025-01-15 14:00:00+00'), ('b', '2025-01-15 14:00:01+00')");
    char path[] = "/tmp/weir-pg-incremental-XXXXXX";
    ASSERT_NE(::mkdtemp(path), nullptr);
    std::string dir = path;
    std::string file = dir + "/pipeline.sql";
    std::ofstream(file) << "CREATE SOURCE s (id BIGINT, city TEXT, ts TIMESTAMP) WITH (connector = 'postgres', url = '"
                        << pg.url() << "', table = '" << table << "', mode = 'incremental', cursor_column = 'id', "
                        << "poll_interval = '100ms', fetch_rows = '2');\n"
                        << "CREATE SINK out WITH (connector = 'file', path = '" << dir << "/out.csv', format = 'csv');\n"
                        << "CREATE JOB copy WITH (checkpoint_interval = '200ms') AS INSERT INTO out SELECT id, city FROM s;\n";
    auto lines = [&]() {
        std::vector<std::string> result;
        std::ifstream in(dir + "/out.csv");
        std::string line;
        while (std::getline(in, line)) result.push_back(line);
        return result;
    };
    auto wait_lines = [&](size_t count) {
        for (int i = 0; i < 100 && lines().size() < count; i++) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        return lines().size() >= count;
    };
    {
        WeirProcess weir({"--state", dir + "/state", "-f", file}, dir + "/weir.log");
        ASSERT_TRUE(wait_lines(3)) << ShellCommand::run("cat " + dir + "/weir.log").out;  // header + 2 rows
        pg.psql("INSERT INTO " + table + " (city, ts) VALUES ('c', '2025-01-15 14:00:02+00')");
        ASSERT_TRUE(wait_lines(4));
        std::this_thread::sleep_for(std::chrono::milliseconds(600));  // a checkpoint covers id 3
        weir.kill_hard();
    }
    pg.psql("INSERT INTO " + table + " (city, ts) VALUES ('d', '2025-01-15 14:00:03+00'), ('e', '2025-01-15 14:00:04+00'), "
            "('f', '2025-01-15 14:00:05+00')");
    {
        WeirProcess weir({"--state", dir + "/state", "-f", file}, dir + "/weir.log");
        ASSERT_TRUE(wait_lines(7)) << ShellCommand::run("cat " + dir + "/weir.log").out;
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        weir.kill_hard();
    }
    EXPECT_EQ(lines(), (std::vector<std::string>{"id,city", "1,a", "2,b", "3,c", "4,d", "5,e", "6,f"}));
    ShellCommand::run("rm -rf " + ShellCommand::quote(dir));
}

// A timestamptz cursor column (updated_at) with microseconds: each poll reads what is newer than the
// last value read, to the microsecond, and rows stamped in the past are never seen (documented limit).
TEST_F(PostgresSourceTest, IncrementalByUpdatedAt) {
    create("CREATE TABLE " + table + " (city text, updated_at timestamptz)");
    pg.psql("INSERT INTO " + table + " VALUES ('a', '2025-01-15 14:00:00.000001+00'), ('b', '2025-01-15 15:00:00+01')");
    weir_db *db = nullptr;
    ASSERT_EQ(weir_open(nullptr, &db), WEIR_OK);
    std::string sql = "CREATE SOURCE s (city TEXT, updated_at TIMESTAMP) WITH (connector = 'postgres', url = '" + pg.url() +
                      "', table = '" + table + "', mode = 'incremental', cursor_column = 'updated_at', "
                      "poll_interval = '50ms');";
    ASSERT_EQ(weir_exec(db, sql.c_str()), WEIR_OK) << weir_errmsg(db);
    weir_stmt *stmt = nullptr;
    ASSERT_EQ(weir_prepare(db, "SELECT city, updated_at FROM s;", &stmt), WEIR_OK) << weir_errmsg(db);
    auto next = [&]() -> std::string {
        for (int i = 0; i < 50; i++) {
            int rc = weir_step(stmt, 200);
            if (rc == WEIR_TIMEOUT) continue;
            if (rc != WEIR_ROW) return "<" + std::to_string(rc) + ": " + weir_errmsg(db) + ">";
            return std::string(weir_column_text(stmt, 0)) + "|" + weir_column_text(stmt, 1);
        }
        return "";
    };
    EXPECT_EQ(next(), "b|2025-01-15 14:00:00");
    EXPECT_EQ(next(), "a|2025-01-15 14:00:00.000001");
    pg.psql("INSERT INTO " + table + " VALUES ('old', '2025-01-15 13:59:59+00'), ('c', '2025-01-15 14:00:00.000002+00')");
    EXPECT_EQ(next(), "c|2025-01-15 14:00:00.000002");
    weir_finalize(stmt);
    weir_close(db);
}

}  // namespace
}  // namespace weir

// Interval joins followed by windows, on random streams that arrive out of order within the
// watermark delay, equal SQLite's batch answer on the same rows at batch sizes 1, 7 and 2048.
#include <sqlite3.h>

#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "common/timestamp.h"
#include "weir.h"

namespace {

struct Row {
    int64_t key;
    int64_t ts;  // microseconds
};

constexpr int64_t kSecond = 1000000;
constexpr int64_t kStart = 1736949600LL * kSecond;  // 2025-01-15 14:00:00

// (window_start, key) → (rows, matched rows) of the query under test.
using Result = std::map<std::pair<int64_t, int64_t>, std::pair<int64_t, int64_t>>;

// Events every 0..400 ms, each stamped up to 3 s before its arrival (the watermark delay is 3 s).
std::vector<Row> random_stream(std::mt19937_64 &random, int count) {
    std::uniform_int_distribution<int64_t> step(0, 400000), jitter(0, 3 * kSecond - 1), key(0, 19);
    std::vector<Row> rows;
    int64_t clock = kStart + 5 * kSecond;
    for (int i = 0; i < count; i++) {
        clock += step(random);
        rows.push_back(Row{key(random), clock - jitter(random)});
    }
    return rows;
}

std::string json_lines(const std::vector<Row> &rows, size_t from, size_t to) {
    std::string out;
    for (size_t i = from; i < to && i < rows.size(); i++) {
        out += "{\"k\":" + std::to_string(rows[i].key) + ",\"ts\":\"" + weir::format_timestamp_iso(rows[i].ts) + "\"}\n";
    }
    return out;
}

const char *kJoin = "FROM orders o LEFT JOIN shipments s ON o.k = s.k AND "
                    "s.ts BETWEEN o.ts - INTERVAL '2' SECOND AND o.ts + INTERVAL '5' SECOND";

Result run_weir(const std::vector<Row> &orders, const std::vector<Row> &shipments, int batch_size) {
    setenv("WEIR_BATCH_SIZE", std::to_string(batch_size).c_str(), 1);
    weir_db *db = nullptr;
    EXPECT_EQ(weir_open(nullptr, &db), WEIR_OK);
    for (const char *name : {"orders", "shipments"}) {
        std::string create = std::string("CREATE SOURCE ") + name +
                             " (k BIGINT, ts TIMESTAMP, WATERMARK FOR ts AS ts - 3s) WITH (connector = 'memory');";
        EXPECT_EQ(weir_exec(db, create.c_str()), WEIR_OK) << weir_errmsg(db);
    }
    std::string query = std::string("SELECT window_start, o.k, count(*), count(s.k) ") + kJoin +
                        " GROUP BY o.k, TUMBLE(o.ts, 10s);";
    weir_stmt *stmt = nullptr;
    EXPECT_EQ(weir_prepare(db, query.c_str(), &stmt), WEIR_OK) << weir_errmsg(db);
    // Both streams arrive in interleaved pieces, as two live feeds would.
    for (size_t at = 0; at < std::max(orders.size(), shipments.size()); at += 97) {
        std::string a = json_lines(orders, at, at + 97);
        std::string b = json_lines(shipments, at, at + 97);
        if (!a.empty()) EXPECT_EQ(weir_push_json(db, "orders", a.data(), a.size()), WEIR_OK) << weir_errmsg(db);
        if (!b.empty()) EXPECT_EQ(weir_push_json(db, "shipments", b.data(), b.size()), WEIR_OK) << weir_errmsg(db);
    }
    EXPECT_EQ(weir_source_end(db, "orders"), WEIR_OK);
    EXPECT_EQ(weir_source_end(db, "shipments"), WEIR_OK);
    Result result;
    int rc;
    while ((rc = weir_step(stmt, 60000)) == WEIR_ROW) {
        auto key = std::make_pair(weir_column_int64(stmt, 0), weir_column_int64(stmt, 1));
        EXPECT_EQ(result.count(key), 0u) << "a window row came twice";
        result[key] = {weir_column_int64(stmt, 2), weir_column_int64(stmt, 3)};
    }
    EXPECT_EQ(rc, WEIR_DONE) << weir_errmsg(db);
    weir_metrics metrics{};
    EXPECT_EQ(weir_stmt_metrics(stmt, &metrics), WEIR_OK);
    EXPECT_EQ(metrics.late_records, 0) << "no row is out of order by more than the watermark delay";
    weir_finalize(stmt);
    weir_close(db);
    unsetenv("WEIR_BATCH_SIZE");
    return result;
}

Result run_sqlite(const std::vector<Row> &orders, const std::vector<Row> &shipments) {
    sqlite3 *db = nullptr;
    EXPECT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
    sqlite3_exec(db, "CREATE TABLE orders (k INTEGER, ts INTEGER); CREATE TABLE shipments (k INTEGER, ts INTEGER);",
                 nullptr, nullptr, nullptr);
    for (auto [table, rows] : {std::make_pair("orders", &orders), std::make_pair("shipments", &shipments)}) {
        sqlite3_stmt *insert = nullptr;
        std::string sql = std::string("INSERT INTO ") + table + " VALUES (?, ?)";
        sqlite3_prepare_v2(db, sql.c_str(), -1, &insert, nullptr);
        for (const Row &row : *rows) {
            sqlite3_bind_int64(insert, 1, row.key);
            sqlite3_bind_int64(insert, 2, row.ts);
            sqlite3_step(insert);
            sqlite3_reset(insert);
        }
        sqlite3_finalize(insert);
    }
    std::string window = std::to_string(10 * kSecond);
    std::string sql = "SELECT (o.ts / " + window + ") * " + window + " AS w, o.k, count(*), count(s.k) "
                      "FROM orders o LEFT JOIN shipments s ON o.k = s.k AND s.ts BETWEEN o.ts - 2000000 AND "
                      "o.ts + 5000000 GROUP BY w, o.k";
    sqlite3_stmt *query = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &query, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    Result result;
    while (sqlite3_step(query) == SQLITE_ROW) {
        result[{sqlite3_column_int64(query, 0), sqlite3_column_int64(query, 1)}] = {sqlite3_column_int64(query, 2),
                                                                                   sqlite3_column_int64(query, 3)};
    }
    sqlite3_finalize(query);
    sqlite3_close(db);
    return result;
}

TEST(JoinReference, IntervalLeftJoinThenWindowEqualsSqliteAtEveryBatchSize) {
    std::mt19937_64 random(20251203);
    std::vector<Row> orders = random_stream(random, 3000);
    std::vector<Row> shipments = random_stream(random, 3000);
    Result expected = run_sqlite(orders, shipments);
    ASSERT_GT(expected.size(), 100u);
    int64_t matched = 0;
    int64_t unmatched = 0;
    for (const auto &[key, counts] : expected) {
        matched += counts.second;
        unmatched += counts.first - counts.second;
    }
    ASSERT_GT(matched, 1000) << "the data must exercise matches";
    ASSERT_GT(unmatched, 100) << "and unmatched orders";
    for (int batch_size : {1, 7, 2048}) {
        EXPECT_EQ(run_weir(orders, shipments, batch_size), expected) << "batch size " << batch_size;
    }
}

}  // namespace

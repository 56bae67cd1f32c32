// A bounded streaming run of a windowed aggregation equals SQLite's GROUP BY over the same window
// buckets, whatever the batch size (1, 7, 2048): checked through the public C API.
#include <sqlite3.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "common/timestamp.h"
#include "weir.h"

namespace {

struct Event {
    std::string city;
    bool has_temp;
    double temp;
    int64_t ts;  // microseconds
};

// One result row: the key (city, window_start) and the aggregates as doubles (NAN = NULL).
using Key = std::pair<std::string, int64_t>;
using Aggregates = std::vector<double>;

class SqliteReference : public ::testing::Test {
protected:
    void SetUp() override {
        char dir_template[] = "/tmp/weir-reference-XXXXXX";
        dir_ = mkdtemp(dir_template);
        std::mt19937_64 random(20250115);
        const char *cities[] = {"Warsaw", "Krakow", "Gdansk", "Berlin", "Lisbon", "Oslo", "Rome"};
        int64_t clock = 1736949600LL * weir::kMicrosPerSecond;  // 2025-01-15 14:00:00
        std::uniform_int_distribution<int> city(0, 6), step(0, 400000), jitter(0, 3000000), missing(0, 19);
        std::normal_distribution<double> temp(12.0, 8.0);
        std::ofstream out(dir_ + "/events.jsonl");
        for (int i = 0; i < 6000; i++) {
            clock += step(random);
            Event event{cities[city(random)], missing(random) != 0, std::round(temp(random) * 100) / 100,
                        clock - jitter(random)};  // up to 3 s out of order: the watermark delay is 3 s
            events_.push_back(event);
            out << "{\"city\":\"" << event.city << "\",\"temp\":";
            if (event.has_temp) out << event.temp;
            else out << "null";
            out << ",\"ts\":\"" << weir::format_timestamp_iso(event.ts) << "\"}\n";
        }
    }

    void TearDown() override { std::system(("rm -rf '" + dir_ + "'").c_str()); }

    std::map<Key, Aggregates> run_weir(const std::string &window, int batch_size) {
        weir_db *db = nullptr;
        EXPECT_EQ(weir_open(nullptr, &db), WEIR_OK);
        std::string create = "CREATE SOURCE events (city TEXT, temp DOUBLE, ts TIMESTAMP, WATERMARK FOR ts AS ts - 3s) "
                             "WITH (connector = 'file', path = '" + dir_ + "/events.jsonl', batch_size = '" +
                             std::to_string(batch_size) + "');";
        EXPECT_EQ(weir_exec(db, create.c_str()), WEIR_OK) << weir_errmsg(db);
        std::string query = "SELECT city, window_start, count(*), count(temp), sum(temp), min(temp), max(temp), "
                            "avg(temp), stddev(temp) FROM events GROUP BY city, " + window + ";";
        weir_stmt *stmt = nullptr;
        EXPECT_EQ(weir_prepare(db, query.c_str(), &stmt), WEIR_OK) << weir_errmsg(db);
        std::map<Key, Aggregates> rows;
        int rc;
        while ((rc = weir_step(stmt, 30000)) == WEIR_ROW) {
            Key key{weir_column_text(stmt, 0), weir_column_int64(stmt, 1)};
            Aggregates values;
            for (int col = 2; col < 9; col++) {
                values.push_back(weir_column_is_null(stmt, col) ? NAN : weir_column_double(stmt, col));
            }
            EXPECT_EQ(rows.count(key), 0u) << "duplicate window row for " << key.first;
            rows[key] = values;
        }
        EXPECT_EQ(rc, WEIR_DONE) << weir_errmsg(db);
        // No record may be late: every one is at most 3 s out of order.
        weir_finalize(stmt);
        weir_close(db);
        return rows;
    }

    // SQLite computes the same windows: each row joins windows starting at floor(ts/slide)*slide - k*slide.
    std::map<Key, Aggregates> run_sqlite(int64_t slide, int64_t size) {
        sqlite3 *db = nullptr;
        EXPECT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
        sqlite3_exec(db, "CREATE TABLE events (city TEXT, temp REAL, ts INTEGER)", nullptr, nullptr, nullptr);
        sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
        sqlite3_stmt *insert = nullptr;
        sqlite3_prepare_v2(db, "INSERT INTO events VALUES (?, ?, ?)", -1, &insert, nullptr);
        for (const auto &event : events_) {
            sqlite3_bind_text(insert, 1, event.city.c_str(), -1, SQLITE_TRANSIENT);
            if (event.has_temp) sqlite3_bind_double(insert, 2, event.temp);
            else sqlite3_bind_null(insert, 2);
            sqlite3_bind_int64(insert, 3, event.ts);
            sqlite3_step(insert);
            sqlite3_reset(insert);
        }
        sqlite3_finalize(insert);
        sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
        std::string offsets = "WITH RECURSIVE k(v) AS (SELECT 0 UNION ALL SELECT v + 1 FROM k WHERE v + 1 < " +
                              std::to_string(size / slide) + ") ";
        std::string start = "(ts / " + std::to_string(slide) + ") * " + std::to_string(slide) + " - v * " +
                            std::to_string(slide);
        std::string sql = offsets + "SELECT city, " + start + " AS ws, count(*), count(temp), sum(temp), min(temp), "
                          "max(temp), avg(temp), "
                          "CASE WHEN count(temp) > 1 THEN sqrt((sum(temp * temp) - sum(temp) * sum(temp) / "
                          "count(temp)) / (count(temp) - 1)) END "
                          "FROM events, k GROUP BY city, ws";
        sqlite3_stmt *query = nullptr;
        EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &query, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
        std::map<Key, Aggregates> rows;
        while (sqlite3_step(query) == SQLITE_ROW) {
            Key key{reinterpret_cast<const char *>(sqlite3_column_text(query, 0)), sqlite3_column_int64(query, 1)};
            Aggregates values;
            for (int col = 2; col < 9; col++) {
                values.push_back(sqlite3_column_type(query, col) == SQLITE_NULL ? NAN : sqlite3_column_double(query, col));
            }
            rows[key] = values;
        }
        sqlite3_finalize(query);
        sqlite3_close(db);
        return rows;
    }

    static void expect_same(const std::map<Key, Aggregates> &weir_rows, const std::map<Key, Aggregates> &reference) {
        ASSERT_EQ(weir_rows.size(), reference.size());
        for (const auto &[key, expected] : reference) {
            auto found = weir_rows.find(key);
            ASSERT_NE(found, weir_rows.end()) << "missing window " << key.first << " " << key.second;
            for (size_t i = 0; i < expected.size(); i++) {
                if (std::isnan(expected[i])) {
                    EXPECT_TRUE(std::isnan(found->second[i])) << key.first << " aggregate " << i;
                } else {
                    EXPECT_NEAR(found->second[i], expected[i], 1e-6 * std::max(1.0, std::fabs(expected[i])))
                        << key.first << " " << key.second << " aggregate " << i;
                }
            }
        }
    }

    std::string dir_;
    std::vector<Event> events_;
};

TEST_F(SqliteReference, TumbleEqualsBatchAnswerForEveryBatchSize) {
    auto reference = run_sqlite(10 * weir::kMicrosPerSecond, 10 * weir::kMicrosPerSecond);
    ASSERT_GT(reference.size(), 500u);
    for (int batch_size : {1, 7, 2048}) {
        SCOPED_TRACE("batch size " + std::to_string(batch_size));
        expect_same(run_weir("TUMBLE(ts, 10s)", batch_size), reference);
    }
}

TEST_F(SqliteReference, HopEqualsBatchAnswerForEveryBatchSize) {
    auto reference = run_sqlite(5 * weir::kMicrosPerSecond, 20 * weir::kMicrosPerSecond);
    for (int batch_size : {1, 7, 2048}) {
        SCOPED_TRACE("batch size " + std::to_string(batch_size));
        expect_same(run_weir("HOP(ts, 5s, 20s)", batch_size), reference);
    }
}

}  // namespace

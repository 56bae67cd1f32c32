// Tests of SqliteSink: table creation, append, upsert and delete, read back with the sqlite3 API.
#include "connectors/sqlite/sqlite_sink.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "batch_fixture.h"
#include "common/weir_error.h"

namespace weir {
namespace {

std::string temp_db() {
    char pattern[] = "/tmp/weir-sqlite-sink-XXXXXX";
    return std::string(::mkdtemp(pattern)) + "/out.db";
}

// Every row of `sql` as "a|b|c" with NULL for NULL.
std::vector<std::string> query(const std::string &path, const std::string &sql) {
    sqlite3 *db = nullptr;
    EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_stmt *statement = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    std::vector<std::string> rows;
    while (sqlite3_step(statement) == SQLITE_ROW) {
        std::string row;
        for (int c = 0; c < sqlite3_column_count(statement); c++) {
            if (c) row += "|";
            auto text = sqlite3_column_text(statement, c);
            row += text ? reinterpret_cast<const char *>(text) : "NULL";
        }
        rows.push_back(row);
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return rows;
}

SinkSpec sqlite_spec(const std::string &path, std::map<std::string, std::string> extra = {}) {
    SinkSpec spec;
    spec.name = "rt";
    spec.connector = "sqlite";
    spec.schema = fixture_schema();
    spec.options = {{"path", path}, {"table", "weather rt"}};
    for (auto &entry : extra) spec.options[entry.first] = entry.second;
    return spec;
}

TEST(SqliteSinkTest, AppendCreatesTheTableWithMappedTypes) {
    std::string path = temp_db();
    SqliteSink sink(sqlite_spec(path));
    sink.open();
    Batch batch = fixture_batch();
    sink.write(batch, ChangeKind::Insert);
    sink.write(batch, ChangeKind::Insert);
    sink.close();
    EXPECT_EQ(query(path, "SELECT count(*) FROM \"weather rt\""), (std::vector<std::string>{"6"}));
    EXPECT_EQ(query(path, "SELECT city, temp, n, ok, ts, typeof(ok), typeof(ts) FROM \"weather rt\" LIMIT 3"),
              (std::vector<std::string>{"Warsaw|3.5|10|1|2025-01-15 14:00:00|integer|text",
                                        "Say \"hi\", ok|NULL|NULL|0|2025-01-15 14:30:00.25|integer|text",
                                        "NULL|NULL|-1|NULL|NULL|null|null"}));
    EXPECT_EQ(query(path, "SELECT name, type FROM pragma_table_info('weather rt')"),
              (std::vector<std::string>{"city|TEXT", "temp|REAL", "n|INTEGER", "ok|INTEGER", "ts|TEXT"}));
}

TEST(SqliteSinkTest, UpsertReplacesByKeyAndDeleteRemoves) {
    std::string path = temp_db();
    SqliteSink sink(sqlite_spec(path, {{"mode", "upsert"}, {"key", "city"}}));
    sink.open();
    Batch batch = fixture_batch();
    batch.set_selection({0, 1});
    sink.write(batch, ChangeKind::Upsert);
    batch.columns[2].ints()[0] = 99;  // Warsaw's n changes
    batch.set_selection({0});
    sink.write(batch, ChangeKind::Upsert);
    EXPECT_EQ(query(path, "SELECT city, n FROM \"weather rt\" ORDER BY city"),
              (std::vector<std::string>{"Say \"hi\", ok|NULL", "Warsaw|99"}));
    sink.write(batch, ChangeKind::Delete);
    EXPECT_EQ(query(path, "SELECT city FROM \"weather rt\""), (std::vector<std::string>{"Say \"hi\", ok"}));
    sink.close();
}

TEST(SqliteSinkTest, KeyFromSpecAndErrors) {
    std::string path = temp_db();
    SinkSpec spec = sqlite_spec(path);
    spec.key_columns = {0, 4};
    spec.updating = true;
    SqliteSink sink(spec);  // updating + key → upsert by default
    sink.open();
    Batch batch = fixture_batch();
    batch.set_selection({0});
    sink.write(batch, ChangeKind::Upsert);
    sink.write(batch, ChangeKind::Upsert);
    EXPECT_EQ(query(path, "SELECT count(*) FROM \"weather rt\""), (std::vector<std::string>{"1"}));
    sink.close();

    EXPECT_THROW(SqliteSink(sqlite_spec(path, {{"mode", "upsert"}})), WeirError);
    EXPECT_THROW(SqliteSink(sqlite_spec(path, {{"key", "country"}})), WeirError);
    SqliteSink no_key(sqlite_spec(temp_db()));
    no_key.open();
    EXPECT_THROW(no_key.write(batch, ChangeKind::Delete), WeirError);
    SqliteSink bad_path(sqlite_spec("/nonexistent/dir/out.db"));
    try {
        bad_path.open();
        FAIL();
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Io);
    }
}

}  // namespace
}  // namespace weir

// Sink connector 'sqlite': appends or upserts rows into a table of a SQLite database file.
#pragma once

#include <string>
#include <vector>

#include "connectors/option_reader.h"
#include "connectors/sink.h"

struct sqlite3;
struct sqlite3_stmt;

namespace weir {

// Options: path (database file, created if missing), table, mode 'append' | 'upsert' (default:
// 'upsert' when key columns are known and the query is updating, else 'append'), key (e.g.
// 'city, window_start'; else SinkSpec::key_columns). The table is created if missing with
// BIGINT→INTEGER, DOUBLE→REAL, TEXT→TEXT, BOOLEAN→INTEGER (0/1), TIMESTAMP→TEXT in UTC as
// 'YYYY-MM-DD HH:MM:SS[.ffffff]' (format_timestamp, so text order is time order), INTERVAL→INTEGER
// microseconds, and a PRIMARY KEY on the key columns in upsert mode (an existing table gets a unique
// index on them). Each write() is one transaction (BEGIN IMMEDIATE, so several jobs may write one table:
// each waits up to 5 s for the others' transactions) with prepared statements: INSERT for append,
// INSERT ... ON CONFLICT(key) DO UPDATE for upsert (and for Upsert writes whenever a key exists),
// DELETE by key for Delete writes. NaN doubles are stored as NULL. Identifiers are quoted.
// Checkpoints: every write() is committed when it returns, so there is nothing to prepare; upsert
// mode is Idempotent (a replay rewrites the same keys), append mode AtLeastOnce (a replay appends the
// rows written since the last checkpoint again).
class SqliteSink : public Sink {
public:
    explicit SqliteSink(SinkSpec spec);
    ~SqliteSink() override;

    static const std::vector<std::string> &option_names();
    static void validate(const OptionReader &options);

    void open() override;
    void write(const Batch &batch, ChangeKind kind) override;
    // Upserts and deletes by key need key columns (option `key` or the query's keys).
    bool applies_changes() const override { return !key_.empty(); }
    void close() override;
    SinkGuarantee guarantee() const override;

    // "name" with inner quotes doubled.
    static std::string quote_identifier(const std::string &name);
    // The SQLite column type used for a weir type.
    static const char *column_type(TypeId type);

private:
    void execute(const std::string &sql);
    sqlite3_stmt *prepare(const std::string &sql);
    void bind_row(sqlite3_stmt *statement, const Batch &batch, size_t row, const std::vector<size_t> &columns);
    [[noreturn]] void fail(const std::string &what);

    SinkSpec spec_;
    std::string path_;
    std::string table_;
    bool upsert_ = false;
    std::vector<size_t> key_;
    std::vector<size_t> all_columns_;
    sqlite3 *db_ = nullptr;
    sqlite3_stmt *insert_ = nullptr;
    sqlite3_stmt *upsert_statement_ = nullptr;
    sqlite3_stmt *delete_ = nullptr;
};

}  // namespace weir

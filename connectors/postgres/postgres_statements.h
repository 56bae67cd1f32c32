// The SQL text the PostgreSQL sink sends: quoted names, table creation, COPY, upsert, delete, bookkeeping.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/schema.h"

namespace weir {

// Builds statements for one target table `schema.table` holding the columns of `columns`, with
// `key` (indices into `columns`) as its conflict/delete key. Pure string building, no connection.
// Every identifier is double-quoted (inner quotes doubled), so names keep their case; a name longer
// than 63 bytes (PostgreSQL's NAMEDATALEN - 1, which it would silently truncate) or empty throws
// WeirError(ErrorKind::Bind) naming it. Values always travel as $n parameters or COPY data, never
// inside the SQL text.
class PostgresStatements {
public:
    static constexpr size_t kMaxIdentifierBytes = 63;
    // PostgreSQL accepts at most 65535 parameters per statement.
    static constexpr size_t kMaxParameters = 65535;
    // The bookkeeping table for exactly-once writes, in the target's schema.
    static constexpr const char *kCommitTable = "weir_sink_commits";

    PostgresStatements(std::string schema, std::string table, Schema columns, std::vector<size_t> key);

    // "name" with inner quotes doubled; throws for an empty name or one over 63 bytes. `what` says
    // what the name is for the message ("table", "column").
    static std::string quote(const std::string &name, const std::string &what = "name");
    // The PostgreSQL column type for a weir type: BIGINT→bigint, DOUBLE→double precision, TEXT→text,
    // BOOLEAN→boolean, TIMESTAMP→timestamptz, INTERVAL→interval.
    static const char *column_type(TypeId type);

    const std::string &qualified_table() const { return qualified_; }  // "schema"."table"
    // The table's name for messages: schema.table, unquoted.
    std::string display_table() const { return schema_ + "." + table_; }
    // CREATE SCHEMA IF NOT EXISTS "schema" (run only when schema_query() finds no such schema: the
    // statement needs CREATE on the database even when the schema exists).
    std::string create_schema() const;
    // One row when the schema $1 (unquoted name) exists.
    static std::string schema_query();
    // CREATE TABLE IF NOT EXISTS with every column, and PRIMARY KEY (key) when `with_key`.
    std::string create_table(bool with_key) const;
    // COPY "schema"."table" ("c1", "c2") FROM STDIN (text format).
    std::string copy() const;
    // The quoted column list without parentheses: "c1", "c2".
    std::string column_list() const;
    // INSERT ... VALUES ($1..$n), ... (`rows` tuples) ON CONFLICT (key) DO UPDATE SET every non-key
    // column = EXCLUDED.column (DO NOTHING when every column is a key column). Parameters row-major.
    std::string upsert(size_t rows) const;
    // DELETE ... USING (VALUES ($1::type, ...), ...) AS weir_deleted(k...) WHERE every key column IS
    // NOT DISTINCT FROM the given one (so a NULL key matches a NULL key). Parameters row-major.
    std::string delete_keys(size_t rows) const;
    // How many rows fit in one upsert/delete statement with `per_row` parameters, at most `limit`.
    static size_t rows_per_statement(size_t per_row, size_t limit);
    // Columns of the table as PostgreSQL sees them ($1 the quoted qualified table); no rows when the
    // table does not exist.
    static std::string table_columns_query();

    // The bookkeeping statements ($1 job, $2 sink, $3 checkpoint, $4 positions).
    std::string create_commit_table() const;
    std::string lock_commit_row() const;    // SELECT checkpoint ... FOR UPDATE ($1, $2)
    std::string upsert_commit_row() const;  // INSERT ... ON CONFLICT (job, sink) DO UPDATE ($1..$4)
    std::string read_commit_row() const;    // SELECT checkpoint, positions ($1, $2)
    std::string delete_commit_row() const;  // DELETE ... ($1, $2)

    const std::vector<size_t> &key() const { return key_; }
    const Schema &columns() const { return columns_; }

private:
    std::string schema_;
    std::string table_;
    Schema columns_;
    std::vector<size_t> key_;
    std::string qualified_;
    std::string commit_table_;
};

}  // namespace weir

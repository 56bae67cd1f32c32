// String building for the PostgreSQL sink's statements.
#include "connectors/postgres/postgres_statements.h"

#include <algorithm>

#include "common/weir_error.h"

namespace weir {

PostgresStatements::PostgresStatements(std::string schema, std::string table, Schema columns, std::vector<size_t> key)
    : schema_(std::move(schema)), table_(std::move(table)), columns_(std::move(columns)), key_(std::move(key)) {
    qualified_ = quote(schema_, "schema") + "." + quote(table_, "table");
    commit_table_ = quote(schema_, "schema") + "." + quote(kCommitTable, "table");
    for (const auto &column : columns_.columns()) quote(column.name, "column");
}

std::string PostgresStatements::quote(const std::string &name, const std::string &what) {
    if (name.empty()) throw WeirError(ErrorKind::Bind, "a PostgreSQL " + what + " name must not be empty");
    if (name.size() > kMaxIdentifierBytes) {
        throw WeirError(ErrorKind::Bind, "PostgreSQL " + what + " names are at most 63 bytes (longer ones would be "
                                         "truncated); shorten this one of " + std::to_string(name.size()) +
                                         " bytes: " + name);
    }
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

const char *PostgresStatements::column_type(TypeId type) {
    switch (type) {
    case TypeId::Boolean: return "boolean";
    case TypeId::BigInt: return "bigint";
    case TypeId::Double: return "double precision";
    case TypeId::Timestamp: return "timestamptz";
    case TypeId::Interval: return "interval";
    case TypeId::Text:
    case TypeId::Null: break;
    }
    return "text";
}

std::string PostgresStatements::column_list() const {
    std::string list;
    for (size_t c = 0; c < columns_.size(); c++) list += (c ? ", " : "") + quote(columns_[c].name);
    return list;
}

std::string PostgresStatements::create_schema() const { return "CREATE SCHEMA IF NOT EXISTS " + quote(schema_, "schema"); }

std::string PostgresStatements::schema_query() { return "SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1"; }

std::string PostgresStatements::create_table(bool with_key) const {
    std::string sql = "CREATE TABLE IF NOT EXISTS " + qualified_ + " (";
    for (size_t c = 0; c < columns_.size(); c++) {
        sql += (c ? ", " : "") + quote(columns_[c].name) + " " + column_type(columns_[c].type);
    }
    if (with_key && !key_.empty()) {
        sql += ", PRIMARY KEY (";
        for (size_t k = 0; k < key_.size(); k++) sql += (k ? ", " : "") + quote(columns_[key_[k]].name);
        sql += ")";
    }
    return sql + ")";
}

std::string PostgresStatements::copy() const {
    return "COPY " + qualified_ + " (" + column_list() + ") FROM STDIN";
}

std::string PostgresStatements::upsert(size_t rows) const {
    std::string sql = "INSERT INTO " + qualified_ + " (" + column_list() + ") VALUES ";
    size_t parameter = 1;
    for (size_t r = 0; r < rows; r++) {
        sql += r ? ", (" : "(";
        for (size_t c = 0; c < columns_.size(); c++) sql += (c ? ", $" : "$") + std::to_string(parameter++);
        sql += ")";
    }
    std::string keys, updates;
    for (size_t k = 0; k < key_.size(); k++) keys += (k ? ", " : "") + quote(columns_[key_[k]].name);
    for (size_t c = 0; c < columns_.size(); c++) {
        if (std::find(key_.begin(), key_.end(), c) != key_.end()) continue;
        std::string name = quote(columns_[c].name);
        updates += (updates.empty() ? "" : ", ") + name + " = EXCLUDED." + name;
    }
    return sql + " ON CONFLICT (" + keys + ") DO " + (updates.empty() ? "NOTHING" : "UPDATE SET " + updates);
}

std::string PostgresStatements::delete_keys(size_t rows) const {
    std::string values;
    size_t parameter = 1;
    for (size_t r = 0; r < rows; r++) {
        values += r ? ", (" : "(";
        for (size_t k = 0; k < key_.size(); k++) {
            values += (k ? ", $" : "$") + std::to_string(parameter++) + "::" + column_type(columns_[key_[k]].type);
        }
        values += ")";
    }
    std::string names, match;
    for (size_t k = 0; k < key_.size(); k++) {
        std::string name = quote(columns_[key_[k]].name);
        names += (k ? ", " : "") + name;
        match += (k ? " AND " : "") + qualified_ + "." + name + " IS NOT DISTINCT FROM weir_deleted." + name;
    }
    return "DELETE FROM " + qualified_ + " USING (VALUES " + values + ") AS weir_deleted (" + names + ") WHERE " + match;
}

size_t PostgresStatements::rows_per_statement(size_t per_row, size_t limit) {
    if (per_row == 0) return limit;
    return std::max<size_t>(1, std::min(limit, kMaxParameters / per_row));
}

std::string PostgresStatements::table_columns_query() {
    // pg_attribute sees every table, including ones the role may not write (that error comes later,
    // with its own advice); information_schema would hide them.
    return "SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT "
           "attisdropped";
}

std::string PostgresStatements::create_commit_table() const {
    return "CREATE TABLE IF NOT EXISTS " + commit_table_ +
           " (job text NOT NULL, sink text NOT NULL, checkpoint bigint NOT NULL, positions text, "
           "committed_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (job, sink))";
}

std::string PostgresStatements::lock_commit_row() const {
    return "SELECT checkpoint FROM " + commit_table_ + " WHERE job = $1 AND sink = $2 FOR UPDATE";
}

std::string PostgresStatements::upsert_commit_row() const {
    return "INSERT INTO " + commit_table_ + " (job, sink, checkpoint, positions, committed_at) "
           "VALUES ($1, $2, $3, $4, now()) ON CONFLICT (job, sink) DO UPDATE SET checkpoint = EXCLUDED.checkpoint, "
           "positions = EXCLUDED.positions, committed_at = EXCLUDED.committed_at";
}

std::string PostgresStatements::read_commit_row() const {
    return "SELECT checkpoint, positions FROM " + commit_table_ + " WHERE job = $1 AND sink = $2";
}

std::string PostgresStatements::delete_commit_row() const {
    return "DELETE FROM " + commit_table_ + " WHERE job = $1 AND sink = $2";
}

}  // namespace weir

// Table creation, prepared statements and transactional writes of the SQLite sink.
#include "connectors/sqlite/sqlite_sink.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>

#include "common/timestamp.h"
#include "common/weir_error.h"
#include "connectors/sqlite/sqlite_identifier.h"

namespace weir {

SqliteSink::SqliteSink(SinkSpec spec) : spec_(std::move(spec)) {
    OptionReader options(spec_.connector, spec_.options);
    validate(options);
    path_ = options.required("path");
    table_ = options.required("table");
    if (options.has("key")) {
        key_.clear();
        for (const auto &name : options.list("key")) {
            auto index = spec_.schema.find(name);
            if (!index) {
                throw WeirError(ErrorKind::Bind, "key of sink `" + spec_.name + "` names `" + name +
                                                     "`, which is not an output column");
            }
            key_.push_back(*index);
        }
    } else {
        key_ = spec_.key_columns;
    }
    std::string mode = options.choice("mode", {"append", "upsert"}, spec_.updating && !key_.empty() ? "upsert" : "append");
    upsert_ = mode == "upsert";
    if (upsert_ && key_.empty()) {
        throw WeirError(ErrorKind::Bind, "sqlite sink `" + spec_.name +
                                             "` in upsert mode needs key columns; set an option such as key = "
                                             "'city, window_start'");
    }
    for (size_t c = 0; c < spec_.schema.size(); c++) all_columns_.push_back(c);
}

SqliteSink::~SqliteSink() { close(); }

const std::vector<std::string> &SqliteSink::option_names() {
    static const std::vector<std::string> names = {"mode", "path", "table"};
    return names;
}

void SqliteSink::validate(const OptionReader &options) {
    options.required("path");
    options.required("table");
    options.choice("mode", {"append", "upsert"}, "append");
}

std::string SqliteSink::quote_identifier(const std::string &name) { return SqliteIdentifier::quote(name); }

const char *SqliteSink::column_type(TypeId type) {
    switch (type) {
    case TypeId::Double: return "REAL";
    case TypeId::Text:
    case TypeId::Timestamp: return "TEXT";
    default: return "INTEGER";
    }
}

void SqliteSink::fail(const std::string &what) {
    std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    throw WeirError(ErrorKind::Io, "sqlite sink `" + spec_.name + "` cannot " + what + ": " + message + ": " + path_);
}

void SqliteSink::execute(const std::string &sql) {
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail("run `" + sql.substr(0, 60) + "`");
}

sqlite3_stmt *SqliteSink::prepare(const std::string &sql) {
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) fail("prepare a statement");
    return statement;
}

void SqliteSink::open() {
    if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        fail("open the database");
    }
    sqlite3_busy_timeout(db_, 5000);
    std::string table = quote_identifier(table_);
    std::string columns, placeholders, key_list;
    for (size_t c = 0; c < spec_.schema.size(); c++) {
        if (c > 0) {
            columns += ", ";
            placeholders += ", ";
        }
        columns += quote_identifier(spec_.schema[c].name);
        placeholders += "?";
    }
    for (size_t k = 0; k < key_.size(); k++) key_list += (k ? ", " : "") + quote_identifier(spec_.schema[key_[k]].name);

    std::string create = "CREATE TABLE IF NOT EXISTS " + table + " (";
    for (size_t c = 0; c < spec_.schema.size(); c++) {
        create += (c ? ", " : "") + quote_identifier(spec_.schema[c].name) + " " + column_type(spec_.schema[c].type);
    }
    if (upsert_) create += ", PRIMARY KEY (" + key_list + ")";
    execute(create + ")");
    if (upsert_) execute("CREATE UNIQUE INDEX IF NOT EXISTS " + quote_identifier(table_ + "_weir_key") + " ON " + table + " (" + key_list + ")");

    std::string insert = "INSERT INTO " + table + " (" + columns + ") VALUES (" + placeholders + ")";
    insert_ = prepare(insert);
    if (!key_.empty()) {
        std::string updates;
        for (size_t c = 0; c < spec_.schema.size(); c++) {
            if (std::find(key_.begin(), key_.end(), c) != key_.end()) continue;
            std::string name = quote_identifier(spec_.schema[c].name);
            updates += (updates.empty() ? "" : ", ") + name + " = excluded." + name;
        }
        std::string conflict = " ON CONFLICT (" + key_list + ") DO " + (updates.empty() ? "NOTHING" : "UPDATE SET " + updates);
        if (!upsert_) {
            // An appended table has no unique key: an Upsert write replaces by key with delete + insert.
            conflict.clear();
        }
        upsert_statement_ = prepare(insert + conflict);
        std::string where;
        for (size_t k = 0; k < key_.size(); k++) {
            where += (k ? " AND " : "") + quote_identifier(spec_.schema[key_[k]].name) + " IS ?";
        }
        delete_ = prepare("DELETE FROM " + table + " WHERE " + where);
    }
}

void SqliteSink::bind_row(sqlite3_stmt *statement, const Batch &batch, size_t row, const std::vector<size_t> &columns) {
    for (size_t i = 0; i < columns.size(); i++) {
        int slot = static_cast<int>(i + 1);
        const ColumnVector &column = batch.columns[columns[i]];
        if (column.is_null(row)) {
            sqlite3_bind_null(statement, slot);
            continue;
        }
        switch (column.type()) {
        case TypeId::Boolean: sqlite3_bind_int64(statement, slot, column.bools()[row] ? 1 : 0); break;
        case TypeId::BigInt:
        case TypeId::Interval: sqlite3_bind_int64(statement, slot, column.ints()[row]); break;
        case TypeId::Double: {
            double value = column.doubles()[row];
            if (std::isnan(value)) sqlite3_bind_null(statement, slot);
            else sqlite3_bind_double(statement, slot, value);
            break;
        }
        case TypeId::Text: {
            std::string_view text = column.strings()[row];
            sqlite3_bind_text(statement, slot, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
            break;
        }
        case TypeId::Timestamp: {
            std::string text = format_timestamp(column.ints()[row]);
            sqlite3_bind_text(statement, slot, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
            break;
        }
        case TypeId::Null: sqlite3_bind_null(statement, slot); break;
        }
    }
}

void SqliteSink::write(const Batch &batch, ChangeKind kind) {
    if (!db_) throw WeirError(ErrorKind::Internal, "sqlite sink `" + spec_.name + "` was written before open()");
    size_t live = batch.live_count();
    if (live == 0) return;
    if (kind == ChangeKind::Delete && key_.empty()) {
        throw WeirError(ErrorKind::Bind, "sqlite sink `" + spec_.name +
                                             "` receives deletions but has no key columns; set an option such as "
                                             "key = 'city, window_start'");
    }
    bool by_key = kind == ChangeKind::Delete || (kind == ChangeKind::Upsert && !key_.empty()) || upsert_;
    bool replace_by_delete = kind == ChangeKind::Upsert && !upsert_ && !key_.empty();
    execute("BEGIN IMMEDIATE");  // the write lock first: jobs sharing the table wait for it, never deadlock
    try {
        for (size_t i = 0; i < live; i++) {
            uint32_t row = batch.live_row(i);
            if (kind == ChangeKind::Delete || replace_by_delete) {
                bind_row(delete_, batch, row, key_);
                int status = sqlite3_step(delete_);
                sqlite3_reset(delete_);
                if (status != SQLITE_DONE) fail("delete a row");
                if (kind == ChangeKind::Delete) continue;
            }
            sqlite3_stmt *statement = by_key && upsert_ ? upsert_statement_ : insert_;
            bind_row(statement, batch, row, all_columns_);
            int status = sqlite3_step(statement);
            sqlite3_reset(statement);
            if (status != SQLITE_DONE) fail("write a row");
        }
        execute("COMMIT");
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

void SqliteSink::close() {
    for (sqlite3_stmt **statement : {&insert_, &upsert_statement_, &delete_}) {
        sqlite3_finalize(*statement);
        *statement = nullptr;
    }
    if (db_) sqlite3_close(db_);
    db_ = nullptr;
}

SinkGuarantee SqliteSink::guarantee() const {
    return upsert_ ? SinkGuarantee::Idempotent : SinkGuarantee::AtLeastOnce;
}

}  // namespace weir

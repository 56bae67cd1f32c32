// Opening, the ordered SELECT, type conversion and checkpoint positions of the sqlite source.
#include "connectors/sqlite/sqlite_source.h"

#include <simdjson.h>
#include <sqlite3.h>

#include <cmath>
#include <cstdio>

#include "common/name_suggester.h"
#include "common/schema.h"
#include "common/timestamp.h"
#include "common/weir_error.h"
#include "connectors/formats/field_converter.h"
#include "connectors/sqlite/sqlite_identifier.h"

namespace weir {
namespace {

constexpr int kBusyTimeoutMs = 5000;

// The result columns before the projected ones: rowid, then (with order_by) the order value.
int first_data_column(bool ordered) { return ordered ? 2 : 1; }

std::string json_string(const std::string &text) {
    std::string out = "\"";
    for (unsigned char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
            out += escaped;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

std::string json_double(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", value);
    return text;
}

}  // namespace

SqliteSource::SqliteSource(SourceSpec spec)
    : spec_(std::move(spec)), options_(SourceOptions::from_spec(spec_, false)),
      reporter_(options_.fail_on_error, spec_.on_bad_record) {
    OptionReader reader(spec_.connector, spec_.options);
    validate(reader);
    path_ = reader.required("path");
    table_ = reader.required("table");
    order_by_ = reader.text("order_by");
}

SqliteSource::~SqliteSource() { close(); }

const std::vector<std::string> &SqliteSource::option_names() {
    static const std::vector<std::string> names = {"order_by", "path", "table"};
    return names;
}

void SqliteSource::validate(const OptionReader &options) {
    options.required("path");
    options.required("table");
    if (options.has("order_by") && options.text("order_by").empty()) {
        throw WeirError(ErrorKind::Bind, "order_by must name a column of the table, got ''");
    }
    if (options.has("format")) {
        throw WeirError(ErrorKind::Bind, "connector 'sqlite' reads typed table columns and takes no option `format`");
    }
}

void SqliteSource::fail(const std::string &what) const {
    std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    throw WeirError(ErrorKind::Io, "sqlite source `" + spec_.name + "` cannot " + what + ": " + message + ": " + path_);
}

void SqliteSource::open() {
    if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        throw WeirError(ErrorKind::Io, "cannot open SQLite file for source `" + spec_.name + "`: " + message + ": " + path_);
    }
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    std::vector<std::string> columns = table_columns();
    std::string select = build_select(columns);
    if (sqlite3_prepare_v2(db_, select.c_str(), -1, &select_, nullptr) != SQLITE_OK) {
        fail("read table `" + table_ + "`");
    }
    bind_restored();
}

std::vector<std::string> SqliteSource::table_columns() {
    std::vector<std::string> columns;
    sqlite3_stmt *statement = nullptr;
    std::string pragma = "PRAGMA table_info(" + SqliteIdentifier::quote(table_) + ")";
    if (sqlite3_prepare_v2(db_, pragma.c_str(), -1, &statement, nullptr) != SQLITE_OK) fail("read the schema");
    int status;
    while ((status = sqlite3_step(statement)) == SQLITE_ROW) {
        columns.emplace_back(reinterpret_cast<const char *>(sqlite3_column_text(statement, 1)));
    }
    sqlite3_finalize(statement);
    if (status != SQLITE_DONE) fail("read the schema");
    if (!columns.empty()) return columns;

    std::vector<std::string> tables;
    const char *list = "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name";
    if (sqlite3_prepare_v2(db_, list, -1, &statement, nullptr) == SQLITE_OK) {
        while (sqlite3_step(statement) == SQLITE_ROW) {
            tables.emplace_back(reinterpret_cast<const char *>(sqlite3_column_text(statement, 0)));
        }
    }
    sqlite3_finalize(statement);
    throw WeirError(ErrorKind::Bind, "SQLite file " + path_ + " has no table `" + table_ + "` for source `" +
                                         spec_.name + "`" + NameSuggester::did_you_mean(table_, tables));
}

std::string SqliteSource::find_column(const std::vector<std::string> &columns, const std::string &name,
                                      const std::string &role) const {
    for (const auto &column : columns) {
        if (to_lower(column) == to_lower(name)) return column;
    }
    std::string all;
    for (const auto &column : columns) all += (all.empty() ? "" : ", ") + column;
    throw WeirError(ErrorKind::Bind, "table `" + table_ + "` in " + path_ + " has no column `" + name + "` (" + role +
                                         " of source `" + spec_.name + "`; its columns: " + all + ")" +
                                         NameSuggester::did_you_mean(name, columns));
}

std::string SqliteSource::build_select(const std::vector<std::string> &columns) {
    // A column that happens to be called rowid hides the real one; SQLite has three names for it.
    for (const char *name : {"rowid", "_rowid_", "oid"}) {
        bool taken = false;
        for (const auto &column : columns) taken = taken || to_lower(column) == name;
        if (taken) continue;
        rowid_name_ = name;
        break;
    }
    std::string select = "SELECT " + rowid_name_;
    std::string order;
    if (!order_by_.empty()) {
        order = SqliteIdentifier::quote(find_column(columns, order_by_, "order_by"));
        select += ", " + order;
    }
    for (size_t index : spec_.projection) {
        const std::string &name = spec_.declared[index].name;
        select += ", " + SqliteIdentifier::quote(find_column(columns, name, "a declared column"));
    }
    select += " FROM " + SqliteIdentifier::quote(table_);
    if (restored_) {
        // ?1 is the order value of the restored row, ?2 its rowid.
        if (order_by_.empty()) select += " WHERE " + rowid_name_ + " > ?2";
        else if (restored_->order_type == SQLITE_NULL) {
            select += " WHERE (" + order + " IS NULL AND " + rowid_name_ + " > ?2) OR " + order + " IS NOT NULL";
        } else {
            select += " WHERE " + order + " > ?1 OR (" + order + " = ?1 AND " + rowid_name_ + " > ?2)";
        }
    }
    select += " ORDER BY " + (order.empty() ? "" : order + ", ") + rowid_name_;
    return select;
}

void SqliteSource::bind_restored() {
    if (!restored_) return;
    const Cursor &at = *restored_;
    switch (at.order_type) {
    case SQLITE_INTEGER: sqlite3_bind_int64(select_, 1, at.order_integer); break;
    case SQLITE_FLOAT: sqlite3_bind_double(select_, 1, at.order_real); break;
    case SQLITE_TEXT:
        sqlite3_bind_text(select_, 1, at.order_text.data(), static_cast<int>(at.order_text.size()), SQLITE_TRANSIENT);
        break;
    default: sqlite3_bind_null(select_, 1); break;
    }
    sqlite3_bind_int64(select_, 2, at.rowid);
}

std::string SqliteSource::describe_value(int c) const {
    switch (sqlite3_column_type(select_, c)) {
    case SQLITE_NULL: return "NULL";
    case SQLITE_BLOB: return "a BLOB";
    case SQLITE_TEXT: {
        const char *text = reinterpret_cast<const char *>(sqlite3_column_text(select_, c));
        return FieldConverter::quoted(std::string_view(text, static_cast<size_t>(sqlite3_column_bytes(select_, c))));
    }
    default: return reinterpret_cast<const char *>(sqlite3_column_text(select_, c));
    }
}

bool SqliteSource::convert(int c, ColumnVector &column, size_t row, StringArena &arena, std::string &reason) const {
    int type = sqlite3_column_type(select_, c);
    if (type == SQLITE_BLOB) {
        reason = "expected " + std::string(type_name(column.type())) + " but found a BLOB";
        return false;
    }
    if (type == SQLITE_TEXT) {
        const char *text = reinterpret_cast<const char *>(sqlite3_column_text(select_, c));
        std::string_view view(text, static_cast<size_t>(sqlite3_column_bytes(select_, c)));
        return FieldConverter::from_text(view, options_.timestamp_format, column, row, arena, reason);
    }
    bool integer = type == SQLITE_INTEGER;
    int64_t whole = sqlite3_column_int64(select_, c);
    double real = sqlite3_column_double(select_, c);
    bool integral = integer || (std::trunc(real) == real && std::fabs(real) < 9.2e18);
    if (!integer && integral) whole = static_cast<int64_t>(real);
    switch (column.type()) {
    case TypeId::Text: {
        const char *text = reinterpret_cast<const char *>(sqlite3_column_text(select_, c));
        column.strings()[row] = arena.add(std::string_view(text, static_cast<size_t>(sqlite3_column_bytes(select_, c))));
        return true;
    }
    case TypeId::Double: column.doubles()[row] = integer ? static_cast<double>(whole) : real; return true;
    case TypeId::BigInt:
    case TypeId::Interval:
        if (!integral) {
            reason = "expected an integer but found " + describe_value(c);
            return false;
        }
        column.ints()[row] = whole;
        return true;
    case TypeId::Boolean:
        if (!integral || (whole != 0 && whole != 1)) {
            reason = "expected 0 or 1 for a boolean but found " + describe_value(c);
            return false;
        }
        column.bools()[row] = whole == 1 ? 1 : 0;
        return true;
    case TypeId::Timestamp: {
        // Integers are microseconds (as weir's state file stores them) unless timestamp_format names a unit.
        TimestampFormat unit = options_.timestamp_format == TimestampFormat::Iso ? TimestampFormat::EpochMicros
                                                                                 : options_.timestamp_format;
        std::optional<int64_t> micros = integer ? FieldConverter::epoch_integer_to_micros(whole, unit)
                                                : FieldConverter::epoch_double_to_micros(real, unit);
        if (!micros) {
            reason = "epoch timestamp out of range: " + describe_value(c);
            return false;
        }
        column.ints()[row] = *micros;
        return true;
    }
    case TypeId::Null: return true;
    }
    return true;
}

void SqliteSource::remember_cursor() {
    Cursor at;
    at.rowid = sqlite3_column_int64(select_, 0);
    if (!order_by_.empty()) {
        at.order_type = sqlite3_column_type(select_, 1);
        switch (at.order_type) {
        case SQLITE_INTEGER: at.order_integer = sqlite3_column_int64(select_, 1); break;
        case SQLITE_FLOAT: at.order_real = sqlite3_column_double(select_, 1); break;
        case SQLITE_NULL: break;
        default:
            // A BLOB order value is kept as its bytes and compared as text.
            at.order_type = SQLITE_TEXT;
            at.order_text.assign(static_cast<const char *>(sqlite3_column_blob(select_, 1)),
                                 static_cast<size_t>(sqlite3_column_bytes(select_, 1)));
            break;
        }
    }
    cursor_ = std::move(at);
}

Source::PollResult SqliteSource::poll(Batch &out) {
    if (ended_) return PollResult::End;
    if (!select_) throw WeirError(ErrorKind::Internal, "sqlite source `" + spec_.name + "` was polled before open()");
    size_t capacity = options_.batch_size;
    size_t width = spec_.projection.size();
    out.clear_selection();
    out.row_watermarks.clear();
    out.arenas.clear();  // earlier arenas may live on downstream; never reuse them
    out.arenas.push_back(std::make_shared<StringArena>());
    StringArena &arena = *out.arenas.back();
    out.columns.resize(width);
    for (size_t c = 0; c < width; c++) out.columns[c].reset(spec_.declared[spec_.projection[c]].type, capacity);
    out.set_size(capacity);

    int first = first_data_column(!order_by_.empty());
    std::string reason;
    size_t rows = 0;
    while (rows < capacity) {
        int status = sqlite3_step(select_);
        if (status == SQLITE_DONE) {
            ended_ = true;
            sqlite3_finalize(select_);
            select_ = nullptr;
            break;
        }
        if (status != SQLITE_ROW) fail("read table `" + table_ + "`");
        remember_cursor();
        bool ok = true;
        int bad_column = 0;
        for (size_t c = 0; c < width && ok; c++) {
            int result_column = first + static_cast<int>(c);
            ColumnVector &column = out.columns[c];
            if (sqlite3_column_type(select_, result_column) == SQLITE_NULL) {
                column.set_null(rows);
                if (spec_.event_time && *spec_.event_time == c) {
                    ok = false;
                    bad_column = result_column;
                    reason = "event-time column `" + spec_.declared[spec_.projection[c]].name + "` is NULL";
                }
                continue;
            }
            column.set_valid(rows);
            if (convert(result_column, column, rows, arena, reason)) continue;
            ok = false;
            bad_column = result_column;
            reason = "column `" + spec_.declared[spec_.projection[c]].name + "`: " + reason;
        }
        if (ok) {
            rows++;
            continue;
        }
        std::string where = path_ + ":" + table_ + ":rowid " + std::to_string(cursor_->rowid);
        reporter_.report(where, reason, describe_value(bad_column));
    }
    out.set_size(rows);
    if (rows > 0) return PollResult::Data;
    return PollResult::End;
}

void SqliteSource::close() {
    sqlite3_finalize(select_);
    select_ = nullptr;
    if (db_) sqlite3_close(db_);
    db_ = nullptr;
}

std::optional<std::string> SqliteSource::position() const {
    const std::optional<Cursor> &at = cursor_ ? cursor_ : restored_;
    if (!at) return std::string("{}");
    std::string rowid = "\"rowid\":" + std::to_string(at->rowid) + "}";
    if (order_by_.empty()) return "{" + rowid;
    std::string value;
    switch (at->order_type) {
    case SQLITE_INTEGER: value = std::to_string(at->order_integer); break;
    case SQLITE_FLOAT: value = json_double(at->order_real); break;
    case SQLITE_TEXT: value = json_string(at->order_text); break;
    default: value = "null"; break;
    }
    return "{\"order_by\":" + value + "," + rowid;
}

void SqliteSource::restore_position(const std::string &position) {
    auto unreadable = [&]() {
        std::string shown = position.size() > 120 ? position.substr(0, 120) + "..." : position;
        std::string expected = order_by_.empty() ? "{\"rowid\":N}" : "{\"order_by\":value,\"rowid\":N}";
        return WeirError(ErrorKind::Data, "cannot restore source `" + spec_.name + "`: its checkpoint position is not "
                                          "a sqlite position (expected " + expected + "), got '" + shown + "'");
    };
    simdjson::dom::parser parser;
    simdjson::dom::element document;
    simdjson::dom::object object;
    if (parser.parse(simdjson::padded_string(position)).get(document)) throw unreadable();
    if (document.get_object().get(object)) throw unreadable();
    if (object.size() == 0) {
        restored_.reset();
        return;
    }
    Cursor at;
    if (object["rowid"].get_int64().get(at.rowid)) throw unreadable();
    simdjson::dom::element value;
    auto error = object["order_by"].get(value);
    if (order_by_.empty() != (error == simdjson::NO_SUCH_FIELD)) throw unreadable();
    if (error == simdjson::SUCCESS) {
        switch (value.type()) {
        case simdjson::dom::element_type::INT64:
            at.order_type = SQLITE_INTEGER;
            at.order_integer = value.get_int64().value();
            break;
        case simdjson::dom::element_type::DOUBLE:
        case simdjson::dom::element_type::UINT64:
            at.order_type = SQLITE_FLOAT;
            at.order_real = value.get_double().value();
            break;
        case simdjson::dom::element_type::STRING:
            at.order_type = SQLITE_TEXT;
            at.order_text = std::string(value.get_string().value());
            break;
        case simdjson::dom::element_type::NULL_VALUE: at.order_type = SQLITE_NULL; break;
        default: throw unreadable();
        }
    } else if (error != simdjson::NO_SUCH_FIELD) {
        throw unreadable();
    }
    restored_ = std::move(at);
}

}  // namespace weir

// Reading a PostgreSQL table or query through a cursor (snapshot) or by an increasing column (incremental).
#include "connectors/postgres/postgres_source.h"

#include <simdjson.h>

#include <pqxx/pqxx>

#include <thread>

#include "common/weir_error.h"
#include "connectors/formats/field_converter.h"
#include "connectors/formats/json_line_encoder.h"
#include "connectors/postgres/postgres_failure.h"
#include "connectors/postgres/postgres_statements.h"

namespace weir {
namespace {

Schema projected(const SourceSpec &spec) {
    Schema schema;
    for (size_t index : spec.projection) schema.add(spec.declared[index].name, spec.declared[index].type);
    return schema;
}

// The expression giving column `name` as text weir parses for `type`.
std::string text_of(const std::string &name, TypeId type) {
    std::string column = PostgresStatements::quote(name, "column");
    switch (type) {
    case TypeId::Timestamp: return "(extract(epoch from " + column + "::timestamptz) * 1000000)::int8";
    case TypeId::Interval: return "(extract(epoch from " + column + "::interval) * 1000000)::int8";
    case TypeId::Boolean: return column + "::boolean::text";
    default: return column;
    }
}

}  // namespace

struct PostgresSource::Connection {
    explicit Connection(const std::string &text) : connection(text) {}
    pqxx::connection connection;
    std::unique_ptr<pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>> snapshot;
    pqxx::result rows;
};

PostgresSource::PostgresSource(SourceSpec spec)
    : spec_(std::move(spec)), options_(SourceOptions::from_spec(spec_, false)),
      url_(PostgresConnectionString::parse(OptionReader(spec_.connector, spec_.options).required("url"))),
      output_(projected(spec_)), reporter_(options_.fail_on_error, spec_.on_bad_record) {
    OptionReader reader(spec_.connector, spec_.options);
    validate(reader);
    mode_ = is_bounded(reader) ? Mode::Snapshot : Mode::Incremental;
    schema_ = reader.text("schema", "public");
    table_ = reader.text("table");
    query_ = reader.text("query");
    cursor_column_ = reader.text("cursor_column");
    poll_interval_ms_ = reader.duration("poll_interval", 1000000) / 1000;
    fetch_rows_ = reader.integer("fetch_rows", 10000, 1, 1000000);
    display_ = table_.empty() ? "query" : schema_ + "." + table_;
}

PostgresSource::~PostgresSource() { close(); }

const std::vector<std::string> &PostgresSource::option_names() {
    static const std::vector<std::string> names = {"cursor_column", "fetch_rows", "mode", "poll_interval",
                                                   "query", "schema", "table", "url"};
    return names;
}

void PostgresSource::validate(const OptionReader &reader) {
    SourceOptions::parse(reader, 2048, false);
    PostgresConnectionString::parse(reader.required("url"));
    if (reader.has("table") == reader.has("query")) {
        throw WeirError(ErrorKind::Bind, "a postgres source reads either `table` or `query`; give exactly one");
    }
    if (reader.has("table")) PostgresStatements::quote(reader.required("table"), "table");
    if (reader.has("query")) reader.required("query");
    PostgresStatements::quote(reader.text("schema", "public"), "schema");
    bool incremental = !is_bounded(reader);
    if (incremental) PostgresStatements::quote(reader.required("cursor_column"), "cursor_column");
    else if (reader.has("cursor_column")) {
        throw WeirError(ErrorKind::Bind, "cursor_column is for mode = 'incremental' (a snapshot reads every row once)");
    }
    if (reader.duration("poll_interval", 1000000) < 1000) {
        throw WeirError(ErrorKind::Bind, "poll_interval must be at least 1ms, got '" + reader.text("poll_interval") + "'");
    }
    reader.integer("fetch_rows", 10000, 1, 1000000);
}

std::string PostgresSource::select_text() const {
    std::string list;
    for (size_t i = 0; i < output_.size(); i++) list += (i ? ", " : "") + text_of(output_[i].name, output_[i].type);
    std::string from = table_.empty() ? "(" + query_ + ") AS weir_query"
                                      : PostgresStatements::quote(schema_, "schema") + "." +
                                            PostgresStatements::quote(table_, "table");
    if (mode_ == Mode::Snapshot) return "SELECT " + list + " FROM " + from;
    std::string cursor = PostgresStatements::quote(cursor_column_, "cursor_column");
    return "SELECT " + list + (list.empty() ? "" : ", ") + cursor + "::text AS weir_cursor FROM " + from +
           (cursor_ ? " WHERE " + cursor + " > $1" : "") + " ORDER BY " + cursor + " LIMIT " + std::to_string(fetch_rows_);
}

void PostgresSource::fail(const std::string &what, const std::exception &error) const {
    PostgresFailure failure = PostgresFailure::classify(error);
    std::string message = "postgres source `" + spec_.name + "` could not " + what + " " + display_ + " at " +
                          url_.target() + ": " + failure.reason();
    if (failure.sqlstate() == "42501") message += "; grant the source's role SELECT on it";
    throw WeirError(ErrorKind::Io, url_.scrub(message));
}

void PostgresSource::open() {
    if (mode_ == Mode::Snapshot && done_) return;
    try {
        connection_ = std::make_unique<Connection>(url_.text());
        pqxx::nontransaction setup(connection_->connection);
        setup.exec0("SET TimeZone = 'UTC'");
        setup.commit();
    } catch (const std::exception &error) {
        connection_.reset();
        fail("connect to read", error);
    }
    if (mode_ != Mode::Snapshot) return;
    try {
        connection_->snapshot =
            std::make_unique<pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>>(connection_->connection);
        connection_->snapshot->exec0("DECLARE weir_snapshot NO SCROLL CURSOR FOR " + select_text());
    } catch (const std::exception &error) {
        fail("read", error);
    }
}

bool PostgresSource::fetch() {
    next_row_ = 0;
    connection_->rows = pqxx::result();
    try {
        if (mode_ == Mode::Snapshot) {
            connection_->rows = connection_->snapshot->exec("FETCH FORWARD " + std::to_string(fetch_rows_) + " FROM weir_snapshot");
            if (connection_->rows.empty()) {
                connection_->snapshot->commit();
                connection_->snapshot.reset();
                done_ = true;
            }
            return !connection_->rows.empty();
        }
        pqxx::nontransaction read(connection_->connection);
        connection_->rows = cursor_ ? read.exec_params(select_text(), *cursor_) : read.exec(select_text());
    } catch (const std::exception &error) {
        fail("read", error);
    }
    bool full = static_cast<int64_t>(connection_->rows.size()) >= fetch_rows_;
    next_poll_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(full ? 0 : poll_interval_ms_);
    return !connection_->rows.empty();
}

std::string PostgresSource::where_of(size_t index) const {
    if (mode_ == Mode::Snapshot) return display_ + ":row " + std::to_string(rows_read_);
    const auto &field = connection_->rows[static_cast<int>(index)][static_cast<int>(output_.size())];
    return display_ + ":" + cursor_column_ + "=" + (field.is_null() ? "NULL" : field.c_str());
}

bool PostgresSource::decode_row(size_t index, Batch &out, size_t row) {
    const pqxx::row values = connection_->rows[static_cast<int>(index)];
    for (size_t c = 0; c < output_.size(); c++) {
        const pqxx::field field = values[static_cast<int>(c)];
        ColumnVector &column = out.columns[c];
        if (field.is_null()) {
            column.set_null(row);
            if (spec_.event_time && *spec_.event_time == c) {
                reason_ = "the event-time column `" + output_[c].name + "` is NULL";
                return false;
            }
            continue;
        }
        std::string why;
        std::string_view text(field.c_str(), field.size());
        if (!FieldConverter::from_text(text, TimestampFormat::EpochMicros, column, row, out.arena(), why)) {
            reason_ = "field `" + output_[c].name + "`: " + why;
            return false;
        }
        column.set_valid(row);
    }
    return true;
}

Source::PollResult PostgresSource::poll(Batch &out) {
    if (mode_ == Mode::Snapshot && done_ && (!connection_ || next_row_ >= connection_->rows.size())) return PollResult::End;
    if (!connection_) throw WeirError(ErrorKind::Internal, "postgres source `" + spec_.name + "` polled before open()");
    if (next_row_ >= connection_->rows.size()) {
        if (mode_ == Mode::Incremental && std::chrono::steady_clock::now() < next_poll_) return PollResult::Idle;
        if (!fetch()) return mode_ == Mode::Snapshot ? PollResult::End : PollResult::Idle;
    }
    size_t capacity = options_.batch_size;
    out.clear();
    out.columns.resize(output_.size());
    for (size_t i = 0; i < output_.size(); i++) out.columns[i].reset(output_[i].type, capacity);
    out.set_size(capacity);
    out.arenas.push_back(std::make_shared<StringArena>());
    size_t rows = 0;
    while (rows < capacity && next_row_ < connection_->rows.size()) {
        size_t index = next_row_++;
        rows_read_++;
        if (decode_row(index, out, rows)) rows++;
        else reporter_.report(where_of(index), reason_, "");
        if (mode_ == Mode::Incremental) {
            const auto &field = connection_->rows[static_cast<int>(index)][static_cast<int>(output_.size())];
            if (!field.is_null()) cursor_ = field.c_str();
        }
    }
    out.set_size(rows);
    return rows > 0 ? PollResult::Data : PollResult::Idle;
}

void PostgresSource::wait_for_data(int timeout_ms) {
    if (mode_ != Mode::Incremental || (connection_ && next_row_ < connection_->rows.size())) return;
    auto until = std::min(next_poll_, std::chrono::steady_clock::now() + std::chrono::milliseconds(std::max(timeout_ms, 0)));
    std::this_thread::sleep_until(until);
}

void PostgresSource::close() {
    if (!connection_) return;
    try {
        connection_->snapshot.reset();
    } catch (...) {
    }
    connection_.reset();
}

std::optional<std::string> PostgresSource::position() const {
    if (mode_ == Mode::Snapshot) return std::string(done_ ? "{\"done\":true}" : "{\"done\":false}");
    if (!cursor_) return std::string("{\"cursor\":null}");
    std::string text = "{\"cursor\":";
    JsonLineEncoder::append_string(*cursor_, text);
    return text + "}";
}

void PostgresSource::restore_position(const std::string &position) {
    simdjson::dom::parser parser;
    simdjson::dom::element document;
    auto unreadable = [&]() {
        return WeirError(ErrorKind::Data, "cannot restore source `" + spec_.name + "`: its checkpoint position is not a "
                                          "postgres position ({\"cursor\":...} or {\"done\":...}), got '" +
                                          position.substr(0, 120) + "'");
    };
    if (parser.parse(simdjson::padded_string(position)).get(document)) throw unreadable();
    if (mode_ == Mode::Snapshot) {
        bool done = false;
        if (document["done"].get_bool().get(done)) throw unreadable();
        done_ = done;
        return;
    }
    simdjson::dom::element cursor;
    if (document["cursor"].get(cursor)) throw unreadable();
    if (cursor.is_null()) return;
    std::string_view text;
    if (cursor.get_string().get(text)) throw unreadable();
    cursor_ = std::string(text);
}

}  // namespace weir

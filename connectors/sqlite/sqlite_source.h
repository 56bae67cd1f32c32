// Source connector 'sqlite': reads the rows of one table of a SQLite database file, then ends.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "connectors/formats/bad_record_reporter.h"
#include "connectors/option_reader.h"
#include "connectors/source.h"
#include "connectors/source_options.h"

struct sqlite3;
struct sqlite3_stmt;

namespace weir {

// Options (besides SourceOptions; `format` is not taken): path (the database file, required), table
// (required), order_by (a column name; default: rowid order). Bounded and replayable.
// open() opens the file read-only with a busy timeout (a weir writing the same file in WAL mode is not
// disturbed), checks that the table and every projected column (and order_by) exist, else
// WeirError(Io) for the file and WeirError(Bind) for a table or column, one sentence naming it. Then
// one SELECT of the projected columns (quoted identifiers) ordered by rowid, or by (order_by, rowid),
// is stepped batch_size rows per poll(); End after the last row. The SELECT sees one snapshot.
// Type mapping by declared type (SQL NULL → NULL): BIGINT ← INTEGER, REAL with an integral value or
// integer text; DOUBLE ← REAL, INTEGER or number text; TEXT ← TEXT, INTEGER/REAL as SQLite renders
// them; BOOLEAN ← INTEGER 0/1 or text true/false (also 1/0, yes/no, t/f); TIMESTAMP ← INTEGER
// microseconds since the epoch (with timestamp_format epoch_s/ms/us: an INTEGER or REAL in that unit)
// or text parsed as other sources do (ISO-8601 such as '2025-01-15 14:00:00' in UTC, as the sqlite
// sink writes it); INTERVAL ← INTEGER microseconds or duration text ('5m'). A BLOB or a value that
// does not convert makes the row malformed, as does a NULL event time: it is reported through
// BadRecordReporter at "<path>:<table>:rowid <n>" (on_error = 'fail' throws) and the other rows are
// unaffected.
// Checkpoints: position() is JSON naming the last row consumed (returned or reported malformed):
// {"rowid":N}, with order_by {"order_by":<its value: number, string or null>,"rowid":N} (rowid
// breaks ties between equal values); "{}" before the first row. restore_position() makes open()
// select only the rows after it in the same order.
class SqliteSource : public Source {
public:
    explicit SqliteSource(SourceSpec spec);
    ~SqliteSource() override;

    // Connector-specific option names (sorted).
    static const std::vector<std::string> &option_names();
    // Checks option values without touching the file system.
    static void validate(const OptionReader &options);
    static bool is_bounded(const OptionReader &) { return true; }

    void open() override;
    PollResult poll(Batch &out) override;
    void wait_for_data(int) override {}
    void close() override;

    std::optional<std::string> position() const override;
    void restore_position(const std::string &position) override;

private:
    // The last consumed row: its rowid and (with order_by) the order_by value as a JSON value.
    struct Cursor {
        int64_t rowid = 0;
        std::string order_json;  // "null", a number or a JSON string
        int order_type = 0;      // SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT or SQLITE_NULL
        int64_t order_integer = 0;
        double order_real = 0;
        std::string order_text;
    };

    // Table columns as SQLite declares them (by PRAGMA table_info); throws when the table is missing.
    std::vector<std::string> table_columns();
    // The canonical spelling of `name` among `columns` (case-insensitive), else WeirError(Bind).
    std::string find_column(const std::vector<std::string> &columns, const std::string &name,
                            const std::string &role) const;
    std::string build_select(const std::vector<std::string> &columns);
    void bind_restored();
    // Converts result column `c` of the current row into output cell (`column`, `row`).
    bool convert(int c, ColumnVector &column, size_t row, StringArena &arena, std::string &reason) const;
    void remember_cursor();
    std::string describe_value(int c) const;
    [[noreturn]] void fail(const std::string &what) const;

    SourceSpec spec_;
    SourceOptions options_;
    BadRecordReporter reporter_;
    std::string path_;
    std::string table_;
    std::string order_by_;
    std::string rowid_name_ = "rowid";

    sqlite3 *db_ = nullptr;
    sqlite3_stmt *select_ = nullptr;
    bool ended_ = false;
    std::optional<Cursor> cursor_;    // the last consumed row
    std::optional<Cursor> restored_;  // where restore_position() said to resume
};

}  // namespace weir

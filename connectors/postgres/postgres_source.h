// Source connector 'postgres': a table or query read once (snapshot) or polled by an increasing column.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connectors/formats/bad_record_reporter.h"
#include "connectors/option_reader.h"
#include "connectors/postgres/postgres_connection_string.h"
#include "connectors/source.h"
#include "connectors/source_options.h"

namespace weir {

// Options (besides SourceOptions): url (required; PostgresConnectionString), table (with schema,
// default 'public') or query (any SELECT; its columns are the source's), mode = 'snapshot' (default)
// | 'incremental', cursor_column (incremental: an increasing column such as id or updated_at),
// poll_interval (incremental, default '1s'), fetch_rows (rows per round trip, default 10000).
// Columns are read by name; the server converts each to text weir parses: TIMESTAMP from timestamp,
// timestamptz, date or ISO text (`::timestamptz` in the session time zone UTC), INTERVAL from
// interval, BOOLEAN from boolean, BIGINT and DOUBLE from any number (numeric included; a fraction in a
// BIGINT column is malformed), TEXT from anything (json/jsonb as their text).
// snapshot: bounded. One REPEATABLE READ, READ ONLY transaction reads the rows through a cursor,
//   fetch_rows at a time, so the table is never held in memory and the rows are one consistent
//   snapshot. Bad rows are positioned "<table>:row <n>" (n from 1 in the order read).
// incremental: unbounded. Every poll_interval (at once again after a full page) it reads
//   `WHERE cursor_column > <last value> ORDER BY cursor_column LIMIT fetch_rows` in its own
//   statement; the last value read is the position. Rows are positioned "<table>:<cursor_column>=<v>".
//   Known limits (as in every cursor-column poller): a row committed later with a cursor value at or
//   below one already read is never read (use a sequence or commit-time stamp that only grows), an
//   update that does not raise the cursor column is not seen, and deletes are not seen (mode 'cdc'
//   would be needed).
// Checkpoints: position() is {"cursor":"<text of the last value>"} (incremental; nothing read yet:
// {"cursor":null}) or {"done":true|false} (snapshot: a restore of a finished snapshot ends at once;
// an unfinished one is read again from the start). Connection and query failures are WeirError(Io)
// sentences naming the source and the server with the password masked. Not thread-safe.
class PostgresSource : public Source {
public:
    enum class Mode { Snapshot, Incremental };

    explicit PostgresSource(SourceSpec spec);
    ~PostgresSource() override;

    static const std::vector<std::string> &option_names();
    static void validate(const OptionReader &reader);
    static bool is_bounded(const OptionReader &reader) { return reader.choice("mode", {"snapshot", "incremental"}, "snapshot") == "snapshot"; }

    void open() override;
    PollResult poll(Batch &out) override;
    void wait_for_data(int timeout_ms) override;
    void close() override;

    std::optional<std::string> position() const override;
    void restore_position(const std::string &position) override;

    // The SELECT the source runs (for tests and messages): the projected columns converted to text.
    std::string select_text() const;

private:
    struct Connection;
    // Fetches the next rows into rows_; false when there are none now (snapshot: the end).
    bool fetch();
    bool decode_row(size_t index, Batch &out, size_t row);
    [[noreturn]] void fail(const std::string &what, const std::exception &error) const;
    std::string where_of(size_t index) const;

    SourceSpec spec_;
    SourceOptions options_;
    PostgresConnectionString url_;
    Mode mode_ = Mode::Snapshot;
    std::string schema_ = "public";
    std::string table_;
    std::string query_;
    std::string cursor_column_;
    int64_t poll_interval_ms_ = 1000;
    int64_t fetch_rows_ = 10000;
    std::string display_;  // schema.table, or "query"
    Schema output_;
    BadRecordReporter reporter_;

    std::unique_ptr<Connection> connection_;
    std::optional<std::string> cursor_;  // incremental: the last cursor value read
    bool done_ = false;                  // snapshot: every row read
    uint64_t rows_read_ = 0;
    size_t next_row_ = 0;
    std::chrono::steady_clock::time_point next_poll_{};
    std::string reason_;
};

}  // namespace weir

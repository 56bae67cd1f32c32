// Connection, retries and transactional writes of the PostgreSQL sink.
#include "connectors/postgres/postgres_sink.h"

#include <pqxx/pqxx>
#include <pqxx/tablewriter>

#include <algorithm>
#include <random>
#include <thread>

#include "common/timestamp.h"
#include "common/weir_error.h"
#include "connectors/postgres/postgres_failure.h"
#include "connectors/postgres/postgres_value_encoder.h"

namespace weir {
namespace {

constexpr int64_t kFirstBackoffUs = 100 * 1000;
constexpr int64_t kMaxBackoffUs = 5 * 1000 * 1000;
constexpr size_t kRowsPerStatement = 500;
constexpr size_t kCopyChunkBytes = 1 << 20;

// A wait between backoff/2 and backoff, so that many sinks do not reconnect in lockstep.
int64_t jittered(int64_t backoff_us) {
    thread_local std::mt19937_64 random{std::random_device{}()};
    std::uniform_int_distribution<int64_t> pick(backoff_us / 2, backoff_us);
    return pick(random);
}

std::string with_connect_timeout(const std::string &text, int64_t timeout_us, bool uri) {
    if (text.find("connect_timeout") != std::string::npos) return text;
    std::string seconds = std::to_string(std::max<int64_t>(1, timeout_us / 1000000));
    if (!uri) return text + " connect_timeout=" + seconds;
    return text + (text.find('?') == std::string::npos ? "?" : "&") + "connect_timeout=" + seconds;
}

}  // namespace

struct PostgresSink::Link {
    explicit Link(const std::string &text) : connection(text) {}
    pqxx::connection connection;
};

PostgresSink::PostgresSink(SinkSpec spec) : spec_(std::move(spec)) {
    OptionReader reader(spec_.connector, spec_.options);
    options_ = PostgresSinkOptions::parse(reader);
    if (!options_.key.empty()) {
        for (const auto &name : options_.key) {
            auto index = spec_.schema.find(name);
            if (!index) {
                throw WeirError(ErrorKind::Bind, "key of sink `" + spec_.name + "` names `" + name +
                                                     "`, which is not a column of the query's result");
            }
            key_.push_back(*index);
        }
    } else {
        key_ = spec_.key_columns;
    }
    std::string mode = options_.mode;
    if (mode.empty()) mode = spec_.updating && !key_.empty() ? "upsert" : "append";
    upsert_ = mode == "upsert";
    if (upsert_ && key_.empty()) {
        throw WeirError(ErrorKind::Bind, "postgres sink `" + spec_.name + "` in upsert mode needs key columns; set an "
                                         "option such as key = 'city, window_start'");
    }
    statements_ = std::make_unique<PostgresStatements>(options_.schema, options_.table, spec_.schema, key_);
    pending_ = std::make_unique<PostgresPendingChanges>(upsert_, key_);
    connection_text_ = with_connect_timeout(options_.url.text(), options_.connect_timeout_us,
                                            options_.url.text().find("://") != std::string::npos);
}

PostgresSink::~PostgresSink() {
    try {
        close();
    } catch (...) {
    }
}

const std::vector<std::string> &PostgresSink::option_names() { return PostgresSinkOptions::names(); }

void PostgresSink::validate(const OptionReader &options) { PostgresSinkOptions::parse(options); }

void PostgresSink::fail(const std::string &what, const std::string &reason, const std::string &advice) const {
    std::string message = "postgres sink `" + spec_.name + "` could not " + what + " " + statements_->display_table() +
                          " at " + options_.url.target() + ": " + reason;
    if (!advice.empty()) message += "; " + advice;
    throw WeirError(ErrorKind::Io, options_.url.scrub(message));
}

void PostgresSink::connect() {
    connection_.reset();
    prepared_.clear();
    connection_ = std::make_unique<Link>(connection_text_);
}

template <typename Body>
void PostgresSink::with_retry(const std::string &what, Body &&body) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(options_.retry_for_us);
    int64_t backoff_us = kFirstBackoffUs;
    while (true) {
        try {
            if (!connection_) connect();
            pqxx::work transaction(connection_->connection);
            body(transaction);
            transaction.commit();
            return;
        } catch (const WeirError &) {
            throw;
        } catch (const std::exception &error) {
            PostgresFailure failure = PostgresFailure::classify(error);
            if (!failure.transient()) fail(what, failure.reason(), failure.advice());
            connection_.reset();
            int64_t wait_us = jittered(backoff_us);
            if (std::chrono::steady_clock::now() + std::chrono::microseconds(wait_us) > deadline) {
                fail(what, failure.reason() + " (retried for " + format_interval(options_.retry_for_us) + ")",
                     "check that the server is running and reachable, or raise retry_for");
            }
            std::this_thread::sleep_for(std::chrono::microseconds(wait_us));
            backoff_us = std::min(backoff_us * 2, kMaxBackoffUs);
        }
    }
}

void PostgresSink::prepare_table(pqxx::transaction_base &transaction) {
    pqxx::result existing = transaction.exec_params(PostgresStatements::table_columns_query(),
                                                    statements_->qualified_table());
    if (existing.empty()) {
        if (!options_.create) {
            fail("find the table", "it does not exist", "create it or set create = 'true'");
        }
        // A schema such as `silver` is created too; `public` always exists.
        if (transaction.exec_params(PostgresStatements::schema_query(), options_.schema).empty()) {
            transaction.exec(statements_->create_schema());
        }
        transaction.exec(statements_->create_table(upsert_));
        return;
    }
    std::string missing;
    for (const auto &column : spec_.schema.columns()) {
        bool found = std::any_of(existing.begin(), existing.end(),
                                 [&](const pqxx::row &row) { return row[0].c_str() == column.name; });
        if (!found) missing += (missing.empty() ? "" : ", ") + column.name;
    }
    if (!missing.empty()) {
        fail("use the table", "it has no column(s) " + missing + " of the query's result",
             "add them or write to a new table");
    }
}

void PostgresSink::open() {
    failed_ = false;
    with_retry("open the table", [this](pqxx::transaction_base &transaction) { prepare_table(transaction); });
    opened_ = true;
}

void PostgresSink::write(const Batch &batch, ChangeKind kind) {
    if (!opened_) throw WeirError(ErrorKind::Internal, "postgres sink `" + spec_.name + "` was written before open()");
    if (batch.live_count() == 0) return;
    if (kind == ChangeKind::Delete && key_.empty()) {
        throw WeirError(ErrorKind::Bind, "postgres sink `" + spec_.name + "` receives deletions but has no key "
                                         "columns; set an option such as key = 'city, window_start'");
    }
    Batch good;
    const Batch &rows = skip_bad_rows(batch, good) ? good : batch;
    if (rows.live_count() == 0) return;
    auto now = std::chrono::steady_clock::now();
    if (pending_->empty()) oldest_pending_ = now;
    if (kind == ChangeKind::Delete) pending_->add_deletions(rows);
    else pending_->add_rows(rows);
    if (holds_rows()) return;
    if (static_cast<int64_t>(pending_->size()) >= options_.batch_rows ||
        now - oldest_pending_ >= std::chrono::microseconds(options_.flush_interval_us)) {
        flush();
    }
}

bool PostgresSink::skip_bad_rows(const Batch &batch, Batch &good) {
    size_t live = batch.live_count();
    std::vector<uint32_t> kept;
    bool any_bad = false;
    for (size_t i = 0; i < live; i++) {
        uint32_t row = batch.live_row(i);
        rows_seen_++;
        std::string reason;
        for (size_t c = 0; c < batch.columns.size() && reason.empty(); c++) {
            const ColumnVector &column = batch.columns[c];
            if (column.type() != TypeId::Text || column.is_null(row)) continue;
            std::string problem = PostgresValueEncoder::text_problem(column.strings()[row]);
            if (!problem.empty()) reason = "column `" + spec_.schema[c].name + "` " + problem;
        }
        if (reason.empty()) {
            if (any_bad) kept.push_back(static_cast<uint32_t>(i));
            continue;
        }
        if (!any_bad) {
            for (uint32_t k = 0; k < i; k++) kept.push_back(k);
            any_bad = true;
        }
        std::string raw;
        PostgresValueEncoder::append_copy_line(batch, row, raw);
        raw.pop_back();
        for (size_t at = raw.find('\0'); at != std::string::npos; at = raw.find('\0', at + 2)) raw.replace(at, 1, "\\0");
        report_bad_row(BadRecord{"postgres sink `" + spec_.name + "`, row " + std::to_string(rows_seen_) + " it received",
                                 reason + "; the row is skipped", raw});
    }
    if (!any_bad) return false;
    // The live rows in order, then only the good ones.
    good = batch.compacted();
    good.set_selection(std::move(kept));
    return true;
}

void PostgresSink::write_copy(pqxx::transaction_base &transaction, const std::string &lines) {
    std::vector<std::string> names;
    for (const auto &column : spec_.schema.columns()) names.push_back(PostgresStatements::quote(column.name));
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    // tablewriter is libpqxx 6's COPY FROM STDIN; write_raw_line sends any run of whole lines.
    pqxx::tablewriter writer(transaction, statements_->qualified_table(), names.begin(), names.end());
#pragma GCC diagnostic pop
    size_t start = 0;
    while (start < lines.size()) {
        size_t end = std::min(lines.size(), start + kCopyChunkBytes);
        if (end < lines.size()) end = lines.rfind('\n', end - 1) + 1;
        if (end <= start) end = lines.find('\n', start) + 1;
        writer.write_raw_line(lines.substr(start, end - start));
        start = end;
    }
    writer.complete();
}

void PostgresSink::write_rows(pqxx::transaction_base &transaction,
                              const std::vector<const PostgresPendingChanges::Row *> &rows, bool deletions) {
    size_t per_row = deletions ? key_.size() : spec_.schema.size();
    size_t chunk = PostgresStatements::rows_per_statement(per_row, kRowsPerStatement);
    std::vector<const char *> values;
    for (size_t first = 0; first < rows.size(); first += chunk) {
        size_t count = std::min(chunk, rows.size() - first);
        values.clear();
        for (size_t r = first; r < first + count; r++) {
            const auto &row = *rows[r];
            // A deletion in the upsert shape holds only its key cells; an upsert row holds them all.
            for (size_t i = 0; i < per_row; i++) {
                size_t cell = row.cells.size() == per_row ? i : key_[i];
                values.push_back(row.nulls[cell] ? nullptr : row.cells[cell].c_str());
            }
        }
        std::string sql = deletions ? statements_->delete_keys(count) : statements_->upsert(count);
        if (count != chunk) {
            transaction.exec_params(sql, pqxx::prepare::make_dynamic_params(values));
            continue;
        }
        std::string name = std::string(deletions ? "weir_delete_" : "weir_upsert_") + std::to_string(count);
        if (!prepared_.count(name)) {
            connection_->connection.prepare(name, sql);
            prepared_.insert(name);
        }
        transaction.exec_prepared(name, pqxx::prepare::make_dynamic_params(values));
    }
}

void PostgresSink::write_pending(pqxx::transaction_base &transaction) {
    if (!upsert_) {
        for (const auto &segment : pending_->segments()) {
            if (segment.kind == PostgresPendingChanges::SegmentKind::Copy) {
                write_copy(transaction, segment.copy_lines);
                continue;
            }
            std::vector<const PostgresPendingChanges::Row *> keys;
            for (const auto &row : segment.keys) keys.push_back(&row);
            write_rows(transaction, keys, true);
        }
        return;
    }
    std::vector<const PostgresPendingChanges::Row *> deletions, upserts;
    for (const auto &row : pending_->latest()) (row.deleted ? deletions : upserts).push_back(&row);
    write_rows(transaction, deletions, true);
    write_rows(transaction, upserts, false);
}

void PostgresSink::flush() {
    if (!opened_ || pending_->empty() || holds_rows()) return;
    try {
        size_t count = pending_->size();
        with_retry("write " + std::to_string(count) + (count == 1 ? " row to" : " rows to"),
                   [this](pqxx::transaction_base &transaction) { write_pending(transaction); });
    } catch (...) {
        failed_ = true;
        throw;
    }
    pending_->clear();
}

void PostgresSink::ensure_commit_table() {
    if (commit_table_ready_) return;
    with_retry("create the bookkeeping table weir_sink_commits beside",
               [this](pqxx::transaction_base &transaction) { transaction.exec(statements_->create_commit_table()); });
    commit_table_ready_ = true;
}

bool PostgresSink::commit_with_checkpoint(int64_t checkpoint, const std::string &positions) {
    if (!opened_) throw WeirError(ErrorKind::Internal, "postgres sink `" + spec_.name + "` was committed before open()");
    ensure_commit_table();
    bool committed = false;
    try {
        with_retry("commit checkpoint " + std::to_string(checkpoint) + " to", [&](pqxx::transaction_base &transaction) {
            committed = false;
            pqxx::result done = transaction.exec_params(statements_->lock_commit_row(), spec_.job_name, spec_.name);
            // A replay (or a retry after an unknown commit outcome): these rows are there already.
            if (!done.empty() && done[0][0].as<int64_t>() >= checkpoint) return;
            write_pending(transaction);
            transaction.exec_params(statements_->upsert_commit_row(), spec_.job_name, spec_.name, checkpoint, positions);
            committed = true;
        });
    } catch (...) {
        failed_ = true;
        throw;
    }
    pending_->clear();
    return committed;
}

std::optional<PostgresSink::Commit> PostgresSink::last_committed(const std::string &job) {
    if (!opened_) throw WeirError(ErrorKind::Internal, "postgres sink `" + spec_.name + "` was read before open()");
    ensure_commit_table();
    std::optional<Commit> commit;
    with_retry("read the last checkpoint of job `" + job + "` beside", [&](pqxx::transaction_base &transaction) {
        commit.reset();
        pqxx::result row = transaction.exec_params(statements_->read_commit_row(), job, spec_.name);
        if (row.empty()) return;
        commit = Commit{row[0][0].as<int64_t>(), row[0][1].is_null() ? std::string() : row[0][1].c_str()};
    });
    return commit;
}

void PostgresSink::close() {
    if (!opened_) return;
    // Whatever the flush does, the sink ends closed and disconnected.
    struct Closer {
        PostgresSink &sink;
        ~Closer() {
            sink.opened_ = false;
            sink.connection_.reset();
        }
    } closer{*this};
    // Rows held for a checkpoint that never committed: the restarted job writes them again.
    if (holds_rows()) pending_->clear();
    if (!failed_) flush();
}

SinkGuarantee PostgresSink::guarantee() const {
    return upsert_ ? SinkGuarantee::Idempotent : SinkGuarantee::Transactional;
}

void PostgresSink::enable_checkpoints() { checkpoints_ = true; }

void PostgresSink::commit_checkpoint(int64_t k, const std::string &positions) {
    if (!holds_rows()) return;
    commit_with_checkpoint(k, positions);
}

void PostgresSink::reset_job() {
    if (!opened_) throw WeirError(ErrorKind::Internal, "postgres sink `" + spec_.name + "` was reset before open()");
    ensure_commit_table();
    with_retry("clear the checkpoint of job `" + spec_.job_name + "` in weir_sink_commits beside",
               [this](pqxx::transaction_base &transaction) {
                   transaction.exec_params(statements_->delete_commit_row(), spec_.job_name, spec_.name);
               });
}

std::optional<int64_t> PostgresSink::committed_checkpoint() {
    if (!holds_rows()) return std::nullopt;
    auto commit = last_committed(spec_.job_name);
    if (!commit) return std::nullopt;
    return commit->checkpoint;
}

}  // namespace weir

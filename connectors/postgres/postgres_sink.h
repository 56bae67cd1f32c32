// Sink connector 'postgres': rows into a PostgreSQL table by COPY (append) or INSERT ... ON CONFLICT (upsert).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "connectors/option_reader.h"
#include "connectors/postgres/postgres_pending_changes.h"
#include "connectors/postgres/postgres_sink_options.h"
#include "connectors/postgres/postgres_statements.h"
#include "connectors/sink.h"

namespace pqxx {
class transaction_base;
}  // namespace pqxx

namespace weir {

// Options: see PostgresSinkOptions. Types: see PostgresStatements::column_type (INTERVAL is a
// PostgreSQL interval; TIMESTAMP a timestamptz written as UTC).
//
// open() connects (retrying transient failures for retry_for), creates the table when it is missing
// and create = 'true' (PRIMARY KEY on the key columns in upsert mode), and checks that the table has
// every output column. write() buffers rows (PostgresPendingChanges) and flushes when batch_rows are
// pending or the oldest pending row is older than flush_interval; flush() and close() flush. Each
// flush is ONE transaction: in append mode COPY for rows and DELETE by key for Delete writes, in
// their order; in upsert mode the latest change per key, as multi-row DELETE and
// INSERT ... ON CONFLICT (key) DO UPDATE statements with parameters. In append mode Upsert writes are
// appended too (docs/semantics.md#emit-modes: into an append sink every update is a row).
//
// Failures: a lost connection (or a server shutting down, or an unknown commit outcome) drops the
// connection, waits a jittered exponential backoff (100ms doubling to 5s) and retries the whole
// transaction until retry_for has passed; then, and for any permanent failure (table dropped, type
// mismatch, permission denied, missing key constraint, wrong password), write/flush/open throw
// WeirError(ErrorKind::Io) with one sentence naming the sink, user@host:port/db, the table, the
// server's reason and what to do. The password is never part of any message. After a retried
// commit whose outcome was unknown, append mode may hold the rows twice unless the flush went
// through commit_with_checkpoint (which detects it); upserts are idempotent.
//
// Bad rows: a row with a TEXT value holding a NUL byte or invalid UTF-8 (which PostgreSQL text
// cannot store) is skipped and reported through Sink::report_bad_row (where: "postgres sink `out`,
// row N it received"; raw: the row as a COPY text line with a NUL byte written \0); the other rows
// of its batch are written.
//
// Exactly-once bookkeeping (used by the checkpoint protocol, docs/semantics.md#delivery-guarantees): a table
// weir_sink_commits(job, sink, checkpoint, positions, committed_at) in the target's schema, created
// on first use.
//
// Checkpoints (Sink contract): append mode is Transactional, upsert mode Idempotent. After
// enable_checkpoints(), append mode holds every row (PostgresPendingChanges) until
// commit_checkpoint(k, positions), which is commit_with_checkpoint(k, positions): neither batch_rows,
// flush_interval, flush(), prepare_checkpoint() nor close() writes them, and close() drops the rows
// not yet committed (a restarted job replays them from its last checkpoint). The held rows grow until
// the next checkpoint, so the checkpoint interval bounds the memory. committed_checkpoint() is the
// checkpoint of last_committed(spec.job_name). Upsert mode keeps flushing on its own (a replay
// rewrites the same keys) and prepare_checkpoint() flushes (the default). Without enable_checkpoints() nothing of
// this applies. Not thread-safe.
class PostgresSink : public Sink {
public:
    // The last checkpoint a job committed through this sink.
    struct Commit {
        int64_t checkpoint = 0;
        std::string positions;
    };

    explicit PostgresSink(SinkSpec spec);
    ~PostgresSink() override;

    static const std::vector<std::string> &option_names();
    static void validate(const OptionReader &options);

    void open() override;
    void write(const Batch &batch, ChangeKind kind) override;
    // Upsert mode (INSERT ... ON CONFLICT, DELETE by key); append mode only COPYs rows in.
    bool applies_changes() const override { return upsert_; }
    void flush() override;
    void close() override;

    SinkGuarantee guarantee() const override;
    void enable_checkpoints() override;
    void commit_checkpoint(int64_t k, const std::string &positions) override;
    std::optional<int64_t> committed_checkpoint() override;
    // Deletes the row (spec.job_name, spec.name) of weir_sink_commits; the table's rows stay.
    void reset_job() override;

    // Writes the pending rows and the row (spec.job_name, spec.name, checkpoint, positions) in one
    // transaction. When the table already records a checkpoint >= `checkpoint` for this job and sink
    // (a replay after a restart), the pending rows were written before: they are dropped, nothing
    // changes, and the result is false. True when this call committed.
    bool commit_with_checkpoint(int64_t checkpoint, const std::string &positions);
    // What the bookkeeping table holds for (`job`, this sink), or nullopt.
    std::optional<Commit> last_committed(const std::string &job);

    bool upsert_mode() const { return upsert_; }
    const PostgresStatements &statements() const { return *statements_; }
    size_t pending_rows() const { return pending_->size(); }

private:
    // Append mode with checkpoints: rows wait for commit_checkpoint().
    bool holds_rows() const { return checkpoints_ && !upsert_; }
    // Runs `body` in a fresh transaction on a live connection, retrying transient failures; `what`
    // completes "could not ..." in messages.
    template <typename Body>
    void with_retry(const std::string &what, Body &&body);
    // Reports every live row of `batch` with a TEXT value PostgreSQL cannot store (a NUL byte, invalid
    // UTF-8) as a bad row (Sink::report_bad_row). False when there is none; else true with `good`
    // holding the other live rows.
    bool skip_bad_rows(const Batch &batch, Batch &good);
    void connect();
    void prepare_table(pqxx::transaction_base &transaction);
    void write_pending(pqxx::transaction_base &transaction);
    void write_copy(pqxx::transaction_base &transaction, const std::string &lines);
    void write_rows(pqxx::transaction_base &transaction, const std::vector<const PostgresPendingChanges::Row *> &rows,
                    bool deletions);
    void ensure_commit_table();
    [[noreturn]] void fail(const std::string &what, const std::string &reason, const std::string &advice) const;

    SinkSpec spec_;
    PostgresSinkOptions options_;
    bool upsert_ = false;
    std::vector<size_t> key_;
    std::unique_ptr<PostgresStatements> statements_;
    std::unique_ptr<PostgresPendingChanges> pending_;
    struct Link;  // the libpqxx connection (pqxx::connection is an alias, not forward-declarable)
    std::unique_ptr<Link> connection_;
    std::string connection_text_;
    bool opened_ = false;
    bool commit_table_ready_ = false;
    bool failed_ = false;  // a flush failed: close() does not try again
    bool checkpoints_ = false;
    int64_t rows_seen_ = 0;  // live rows received by write(), for naming a bad row
    std::set<std::string> prepared_;  // statements prepared on the current connection
    std::chrono::steady_clock::time_point oldest_pending_;
};

}  // namespace weir

// The interface every sink connector implements, and what it is given to start.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/batch.h"
#include "common/change_kind.h"
#include "common/schema.h"
#include "common/weir_error.h"
#include "connectors/source.h"

namespace weir {

struct SinkSpec {
    std::string name;       // catalog name, for messages
    std::string connector;  // e.g. "sqlite"
    std::map<std::string, std::string> options;  // lower-case keys, validated
    Schema schema;                   // the columns of every batch written (the query's output)
    std::vector<size_t> key_columns;  // from option `key` or the plan's key columns; may be empty
    bool updating = false;           // the query produces a changelog (Upsert/Delete writes)
    std::string job_name;
};

// What a replay after a crash can do to a sink's output (docs/semantics.md#delivery-guarantees).
// AtLeastOnce: rows written since the last checkpoint are written again (partitioned file, stdout,
// Kafka, XADD). Idempotent: a replay rewrites the same rows in place (upserts by key; S3 objects named
// by checkpoint; a single file cut back to its recorded length).
// Transactional: rows commit atomically with the checkpoint marker (PostgreSQL append): exactly once.
enum class SinkGuarantee { AtLeastOnce, Idempotent, Transactional };

// Contract: open() once, then write() any number of times with batches in `schema` (only the live
// rows count), flush() makes everything written so far durable/visible, close() flushes and
// releases. Errors are WeirError with one clear sentence and no secrets. Not thread-safe.
// Every live row of one write() has the change kind `kind` (common/change_kind.h): the job's
// SinkOperator splits a batch whose rows have several kinds into runs of one kind, in row order.
// A sink whose applies_changes() is false receives Insert only: the engine refuses to start an
// updating query into it unless the sink sets changelog = 'true' (then every change arrives as an
// Insert row with an `op` column, ChangelogSink; docs/changelog.md).
class Sink {
public:
    virtual ~Sink() = default;
    virtual void open() = 0;
    virtual void write(const Batch &batch, ChangeKind kind) = 0;
    // True if the sink applies Upsert and Delete by key (sqlite, postgres, redis hash), so an
    // updating query may write into it. Valid after construction (the options are parsed).
    virtual bool applies_changes() const { return false; }
    virtual void flush() {}
    virtual void close() {}

    // Checkpoints, in this order for checkpoint k of a job (JobDriver):
    //  1. prepare_checkpoint(k): everything written so far becomes durable under k, or (Transactional)
    //     stays pending for commit_checkpoint. Default: flush().
    //  2. checkpoint_data(): what the sink needs to resume exactly at k (FileSink: each file's length),
    //     stored in the snapshot of k, which the engine writes to the state store;
    //  3. commit_checkpoint(k, positions): Transactional sinks commit the pending rows together with
    //     (job, k, positions) atomically; the default does nothing.
    // After open() and before the first write of a restarted job: committed_checkpoint() is the last
    // k a Transactional sink committed for spec.job_name (nullopt: none, or not transactional); the
    // engine then resumes from the newest stored checkpoint <= it. restore_checkpoint(k) tells the sink
    // the job resumes after checkpoint k (0 = from the start): S3 deletes this job's objects of
    // checkpoints > k and numbers new ones from k + 1. Before it, restore_checkpoint_data(data) hands the
    // sink the checkpoint_data() stored with k ("" when k is 0 or the checkpoint predates the field).
    // With checkpoints on, sinks that buffer must not make rows durable on their own in a way a
    // replay would duplicate (Transactional sinks hold rows until commit_checkpoint).
    virtual SinkGuarantee guarantee() const { return SinkGuarantee::AtLeastOnce; }
    // Called once before open() when the job takes checkpoints.
    virtual void enable_checkpoints() {}
    virtual void prepare_checkpoint(int64_t /*k*/) { flush(); }
    virtual std::string checkpoint_data() { return {}; }
    virtual void commit_checkpoint(int64_t /*k*/, const std::string & /*positions*/) {}
    virtual std::optional<int64_t> committed_checkpoint() { return std::nullopt; }
    virtual void restore_checkpoint_data(const std::string & /*data*/) {}
    virtual void restore_checkpoint(int64_t /*k*/) {}

    // A row the sink cannot store (a TEXT value PostgreSQL rejects) is a bad row, not a failed job:
    // the sink skips it and calls this handler (the job sets it before open() to the path of a
    // source's malformed records: counted as SHOW JOBS `bad`, dead-lettered, reported).
    virtual void set_bad_row_handler(std::function<void(const BadRecord &)> handler) { on_bad_row_ = std::move(handler); }

    // `weir --reset-job`: forgets what the sink records about spec.job_name's checkpoints so that
    // committed_checkpoint() is nullopt and the job starts afresh (PostgreSQL deletes the job's row of
    // weir_sink_commits). Rows already written stay. Called after open(), before
    // committed_checkpoint(). Default: nothing to forget.
    virtual void reset_job() {}

protected:
    // Reports one skipped row; without a handler throws WeirError(Data) naming where and why.
    void report_bad_row(const BadRecord &record) const {
        if (!on_bad_row_) throw WeirError(ErrorKind::Data, record.where + ": " + record.reason);
        on_bad_row_(record);
    }

private:
    std::function<void(const BadRecord &)> on_bad_row_;
};

}  // namespace weir

// The checkpoint protocol of one job (docs/semantics.md#checkpoints-and-recovery): take, store, commit, recover.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "connectors/sink.h"
#include "connectors/source.h"
#include "exec/checkpoint_settings.h"
#include "exec/checkpoint_store.h"
#include "exec/job_input.h"
#include "exec/job_metrics.h"
#include "exec/operator.h"
#include "exec/watermark_tracker.h"

namespace weir {

// Used by the JobDriver on its thread, with the job's own source, operators, watermark tracker and
// sink. Protocol:
// - open_and_recover() replaces "open the sink, open the source": it turns checkpoints on in both,
//   opens the sink, asks it for its last committed checkpoint c, loads the newest stored checkpoint
//   with id <= c (c = 0 for a Transactional sink that committed nothing; any id for a sink that
//   keeps no commits; a corrupt one is skipped with a notice), refuses
//   a changed definition (WeirError(Catalog) quoting both), restores the tracker, the forwarded
//   watermark and every operator, rewinds the source, hands the sink its checkpoint data and tells
//   it where the job resumes, drops
//   stored checkpoints newer than that, opens the source and opens a row in the job audit log. A
//   sink that committed checkpoints the store does not have → WeirError(Catalog) naming
//   `--reset-job` (never a silent fresh start that would skip rows).
// - take() runs checkpoint k = last + 1: source position; snapshot ("weir-job", tracker, forwarded
//   watermark, each operator in chain order, then after sink.prepare_checkpoint(k) the sink's
//   checkpoint_data()); store; sink.commit_checkpoint;
//   source.position_durable (its failure is a notice). Fault points mid_checkpoint,
//   after_checkpoint_store, before_offset_commit sit between the steps.
// - due() is true when interval has passed since the last checkpoint and a batch arrived or the
//   watermark moved since (never when interval is 0): an idle job does not rewrite its checkpoint.
// - finish_run(status, error) closes the audit-log row with this run's metrics; for a Transactional
//   sink records_out is what its last commit_checkpoint covered (a failed run's uncommitted rows
//   are not counted).
// - A job reset with CheckpointStore::reset_job (weir --reset-job) has its sink's bookkeeping
//   cleared (Sink::reset_job) by open_and_recover, right after the sink opens, and starts afresh.
class JobCheckpointer {
public:
    // `inputs`: the job's sources with their trackers and forwarded watermarks (a job of one input
    // writes the same checkpoint bytes as before jobs could have several).
    JobCheckpointer(std::string job, CheckpointSettings settings, std::vector<JobInput> &inputs, Sink &sink,
                    std::vector<std::unique_ptr<Operator>> &operators, JobMetrics &metrics);

    void open_and_recover();
    bool due() const;
    void take();
    void finish_run(const std::string &status, const std::string &error);
    // The checkpoint the job resumed from (0: it started afresh).
    int64_t resumed_from() const { return resumed_from_; }

private:
    void restore(const Checkpoint &checkpoint);
    void notice(const std::string &message) const;
    // The sources' positions as one string ("" when none can rewind); one source: its own position.
    std::optional<std::string> positions() const;
    void restore_positions(const std::string &positions);
    // The smallest forwarded watermark over the inputs (what due() compares).
    int64_t watermark() const;

    std::string job_;
    CheckpointSettings settings_;
    std::vector<JobInput> &inputs_;
    Sink &sink_;
    std::vector<std::unique_ptr<Operator>> &operators_;
    JobMetrics &metrics_;
    std::unique_ptr<CheckpointStore> store_;
    int64_t last_id_ = 0;
    int64_t resumed_from_ = 0;
    int64_t run_ = 0;
    int64_t committed_out_ = 0;  // metrics.records_out when the sink last committed a checkpoint
    bool warned_not_replayable_ = false;
    std::chrono::steady_clock::time_point last_taken_;
    int64_t batches_at_last_ = 0;    // metrics.batches when the last checkpoint was taken
    int64_t watermark_at_last_ = 0;  // the forwarded watermark then
};

}  // namespace weir

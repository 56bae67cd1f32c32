// Taking a job's checkpoints and resuming a job from its newest good one.
#include "exec/job_checkpointer.h"

#include <algorithm>

#include "common/fault_point.h"
#include "common/state_reader.h"
#include "common/state_writer.h"
#include "common/weir_error.h"

namespace weir {

namespace {
constexpr const char *kJobTag = "weir-job";
constexpr const char *kSinkTag = "sink";  // the sink's checkpoint_data(), absent in older checkpoints
constexpr const char *kPositionsTag = "weir-positions";  // the positions of a job of several sources

int64_t wall_micros() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}
}  // namespace

JobCheckpointer::JobCheckpointer(std::string job, CheckpointSettings settings, std::vector<JobInput> &inputs,
                                 Sink &sink, std::vector<std::unique_ptr<Operator>> &operators, JobMetrics &metrics)
    : job_(std::move(job)),
      settings_(std::move(settings)),
      inputs_(inputs),
      sink_(sink),
      operators_(operators),
      metrics_(metrics) {}

int64_t JobCheckpointer::watermark() const {
    int64_t lowest = kWatermarkMax;
    for (const auto &input : inputs_) lowest = std::min(lowest, input.forwarded);
    return lowest;
}

std::optional<std::string> JobCheckpointer::positions() const {
    if (inputs_.size() == 1) return inputs_.front().source->position();
    // Several sources: a tagged list, each position present or not (a source that cannot rewind).
    StateWriter out;
    out.write_tag(kPositionsTag);
    out.write_u64(inputs_.size());
    bool any = false;
    for (const auto &input : inputs_) {
        std::optional<std::string> position = input.source->position();
        out.write_u8(position ? 1 : 0);
        out.write_string(position.value_or(""));
        any = any || position;
    }
    if (!any) return std::nullopt;
    return out.take();
}

void JobCheckpointer::restore_positions(const std::string &positions) {
    if (inputs_.size() == 1) {
        inputs_.front().source->restore_position(positions);
        return;
    }
    StateReader in(positions);
    in.expect_tag(kPositionsTag);
    size_t count = in.read_count(inputs_.size());
    if (count != inputs_.size()) {
        throw WeirError(ErrorKind::Data, "a checkpoint of job `" + job_ + "` holds the positions of " +
                                             std::to_string(count) + " sources but the job reads " +
                                             std::to_string(inputs_.size()) + "; it cannot be restored.");
    }
    for (auto &input : inputs_) {
        bool present = in.read_u8() != 0;
        std::string position = in.read_string();
        if (present) input.source->restore_position(position);
    }
}

void JobCheckpointer::notice(const std::string &message) const {
    if (settings_.notice) settings_.notice(message);
}

void JobCheckpointer::open_and_recover() {
    store_ = std::make_unique<CheckpointStore>(settings_.directory);
    run_ = store_->begin_run(job_, 0);  // logged even when the recovery below fails
    for (auto &input : inputs_) input.source->enable_checkpoints();
    sink_.enable_checkpoints();
    sink_.open();
    if (store_->reset_pending(job_)) {
        // weir --reset-job: the store forgot the checkpoints; the sink forgets its commits now.
        sink_.reset_job();
        store_->reset_done(job_);
        notice("job `" + job_ + "` starts over (--reset-job): its checkpoints and its sink's record of them are "
               "cleared (the reset deletes no rows of the sink).");
    }
    std::optional<int64_t> committed = sink_.committed_checkpoint();
    // A transactional sink that committed nothing holds no checkpoint's rows: a stored checkpoint
    // it never committed (the process died between the two) must not be resumed from.
    bool transactional = sink_.guarantee() == SinkGuarantee::Transactional;
    int64_t newest_usable = transactional ? committed.value_or(0) : committed.value_or(INT64_MAX);
    auto warn = [this](const std::string &message) { notice(message); };
    std::optional<Checkpoint> checkpoint = store_->load_latest(job_, newest_usable, warn);
    if (committed && *committed > 0 && !checkpoint) {
        throw WeirError(ErrorKind::Catalog,
                        "the sink of job `" + job_ + "` already holds its checkpoint " + std::to_string(*committed) +
                            " but the state directory '" + settings_.directory +
                            "' has none to resume from; use the state directory of that run, or start the job "
                            "over with `weir --state " + settings_.directory + " --reset-job " + job_ +
                            "` (it clears the sink's record of the job's checkpoints but deletes no rows), or name "
                            "the job differently with CREATE JOB.");
    }
    if (committed && checkpoint && checkpoint->id < *committed) {
        notice("job `" + job_ + "` resumes from checkpoint " + std::to_string(checkpoint->id) +
               " although its sink committed checkpoint " + std::to_string(*committed) +
               " (a newer checkpoint was unreadable); rows of the newer checkpoint are not written twice, but "
               "rows read after it may be missing from the sink.");
    }
    if (checkpoint) restore(*checkpoint);
    int64_t resumed = checkpoint ? checkpoint->id : 0;
    store_->drop_after(job_, resumed);
    sink_.restore_checkpoint(resumed);
    last_id_ = resumed;
    resumed_from_ = resumed;
    store_->set_resumed_from(run_, resumed);  // a run killed later still shows where it started
    metrics_.last_checkpoint.store(resumed, std::memory_order_relaxed);
    for (auto &input : inputs_) input.source->open();
    last_taken_ = std::chrono::steady_clock::now();
    batches_at_last_ = metrics_.batches.load(std::memory_order_relaxed);
    watermark_at_last_ = watermark();
}

void JobCheckpointer::restore(const Checkpoint &checkpoint) {
    if (checkpoint.definition != settings_.definition) {
        throw WeirError(ErrorKind::Catalog,
                        "job `" + job_ + "` has a checkpoint (" + std::to_string(checkpoint.id) + ") of a different "
                        "definition: it was `" + checkpoint.definition + "` and now is `" + settings_.definition +
                            "`; run the old definition, or name the changed job differently with CREATE JOB so it "
                            "starts afresh.");
    }
    StateReader in(checkpoint.state);
    in.expect_tag(kJobTag);
    for (auto &input : inputs_) {
        input.tracker.restore(in);
        input.forwarded = in.read_i64();
    }
    size_t count = in.read_count(4096);
    if (count != operators_.size()) {
        throw WeirError(ErrorKind::Data, "checkpoint " + std::to_string(checkpoint.id) + " of job `" + job_ +
                                             "` holds " + std::to_string(count) + " operators but the job has " +
                                             std::to_string(operators_.size()) + "; it cannot be restored.");
    }
    for (auto &op : operators_) {
        in.expect_tag(op->name());
        op->restore(in);
    }
    std::string sink_data;
    if (!in.at_end()) {
        in.expect_tag(kSinkTag);
        sink_data = in.read_string();
    }
    sink_.restore_checkpoint_data(sink_data);
    if (!in.at_end()) throw WeirError(ErrorKind::Data, "checkpoint " + std::to_string(checkpoint.id) + " of job `" +
                                                           job_ + "` has trailing bytes; it cannot be restored.");
    metrics_.watermark.store(watermark(), std::memory_order_relaxed);
    if (checkpoint.positions.empty()) {
        notice("job `" + job_ + "` resumes its state from checkpoint " + std::to_string(checkpoint.id) +
               " but its source cannot rewind: rows it delivered after that checkpoint are not read again.");
        return;
    }
    restore_positions(checkpoint.positions);
}

bool JobCheckpointer::due() const {
    if (settings_.interval <= 0) return false;
    // An idle job whose state did not change has nothing new to record.
    if (metrics_.batches.load(std::memory_order_relaxed) == batches_at_last_ &&
        watermark() == watermark_at_last_) {
        return false;
    }
    return std::chrono::steady_clock::now() - last_taken_ >= std::chrono::microseconds(settings_.interval);
}

void JobCheckpointer::take() {
    int64_t id = last_id_ + 1;
    Checkpoint checkpoint;
    checkpoint.id = id;
    checkpoint.definition = settings_.definition;
    std::optional<std::string> position = positions();
    if (!position && !warned_not_replayable_) {
        warned_not_replayable_ = true;
        notice("the source of job `" + job_ + "` cannot rewind: its checkpoints keep the job's state, and rows "
               "read after the last checkpoint are lost if the process dies.");
    }
    checkpoint.positions = position.value_or("");
    StateWriter out;
    out.write_tag(kJobTag);
    for (const auto &input : inputs_) {
        input.tracker.snapshot(out);
        out.write_i64(input.forwarded);
    }
    out.write_u64(operators_.size());
    for (const auto &op : operators_) {
        out.write_tag(op->name());
        op->snapshot(out);
    }
    checkpoint.created_at = wall_micros();
    sink_.prepare_checkpoint(id);
    out.write_tag(kSinkTag);
    out.write_string(sink_.checkpoint_data());
    checkpoint.state = out.take();
    FaultPoint::hit("mid_checkpoint");
    store_->save(job_, checkpoint);
    FaultPoint::hit("after_checkpoint_store");
    sink_.commit_checkpoint(id, checkpoint.positions);
    committed_out_ = metrics_.records_out.load(std::memory_order_relaxed);
    FaultPoint::hit("before_offset_commit");
    last_id_ = id;
    last_taken_ = std::chrono::steady_clock::now();
    batches_at_last_ = metrics_.batches.load(std::memory_order_relaxed);
    watermark_at_last_ = watermark();
    metrics_.checkpoints.fetch_add(1, std::memory_order_relaxed);
    metrics_.last_checkpoint.store(id, std::memory_order_relaxed);
    if (!position) return;
    try {
        if (inputs_.size() == 1) {
            inputs_.front().source->position_durable(*position);
        } else {
            for (auto &input : inputs_) {
                if (auto own = input.source->position()) input.source->position_durable(*own);
            }
        }
    } catch (const std::exception &error) {
        notice("job `" + job_ + "` could not acknowledge checkpoint " + std::to_string(id) + " to its source (" +
               error.what() + "); the next checkpoint acknowledges it.");
    }
}

void JobCheckpointer::finish_run(const std::string &status, const std::string &error) {
    if (!store_ || run_ == 0) return;
    CheckpointStore::Run run;
    run.run = run_;
    run.job = job_;
    run.status = status;
    run.records_in = metrics_.records_in.load();
    // A transactional sink holds the rows after its last commit in a transaction that a failed run
    // never commits: only what it committed counts.
    bool transactional = sink_.guarantee() == SinkGuarantee::Transactional;
    run.records_out = transactional ? committed_out_ : metrics_.records_out.load();
    run.late = metrics_.late_records.load();
    run.bad = metrics_.bad_records.load();
    run.resumed_from = resumed_from_;
    run.last_error = error;
    store_->end_run(run);
}

}  // namespace weir

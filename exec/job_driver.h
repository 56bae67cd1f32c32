// Runs one continuous query: polls its sources, pushes batches through the operators into the sink.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "connectors/sink.h"
#include "connectors/source.h"
#include "exec/checkpoint_settings.h"
#include "exec/job_input.h"
#include "exec/job_metrics.h"
#include "exec/operator.h"
#include "exec/pipeline_builder.h"
#include "exec/side_outputs.h"
#include "exec/watermark_tracker.h"

namespace weir {

class JobCheckpointer;

// Created → Running → Finished (the input ended or LIMIT was reached) | Stopped (request_stop) |
// Failed (any exception; error() holds its message).
enum class JobState { Created, Running, Finished, Stopped, Failed };

// The driver opens the sources and the sink itself (the caller must not) and appends a SinkOperator
// (writing with `sink_kind`) after the pipeline's root. Each JobInput has its own watermark
// tracker; its batches and watermarks go into its entry operator (docs/joins.md#jobs-with-several-sources).
// Loop: poll every input once (only the read_first inputs while one of them has not ended) →
// Data: records_in and batches are counted, row watermarks are assigned when the input has an
// event-time column, the batch is pushed through, and advance_watermark(w) follows when that
// input's watermark moved; End: that input's watermark becomes kWatermarkMax and its entry is
// finished; when a whole round polled only Idle inputs: the sink is flushed (slow streams are not
// held back), idle partitions are re-checked, then wait_for_data(<= 100 ms in all). When every
// input has ended (or the pipeline is done(), i.e. LIMIT): the sink and sources are closed →
// Finished.
// Sources, operators and sink are touched only on the driver thread; state(), error(),
// request_stop(), wait_for() and join() are thread-safe. Exceptions never escape run(): the job
// becomes Failed and the sink and sources are closed.
// Checkpoints (enable_checkpoints before start): the job first recovers from its newest good
// checkpoint (JobCheckpointer::open_and_recover), then takes one between two batches whenever the
// interval has passed, once more on a graceful stop (before closing) and once at the end of a
// bounded input (after finish()), so a rerun of a finished job resumes at its end. A failed job
// takes none: a restart replays from the last one.
// Stop requests are also seen inside operators (Operator::set_stop_flag): one interrupted mid-call
// stops the job at once, without the final checkpoint.
// Side outputs (set_side_outputs): the sink becomes a JobSinks, so the dead-letter and late sinks
// are opened, flushed, checkpointed and closed with the main sink; the dead letters a poll reported
// are written right after that poll, on the driver thread.
class JobDriver {
public:
    // A job of several inputs: pipeline.entries[i] is inputs[i].entry (set here).
    JobDriver(std::string name, std::vector<JobInput> inputs, Pipeline pipeline, std::unique_ptr<Sink> sink,
              ChangeKind sink_kind, std::shared_ptr<JobMetrics> metrics);
    // A job of one source feeding a chain of operators (already chained, the first receives the batches).
    JobDriver(std::string name, std::unique_ptr<Source> source, std::vector<std::unique_ptr<Operator>> operators,
              std::unique_ptr<Sink> sink, ChangeKind sink_kind, std::optional<size_t> event_time_column,
              int64_t watermark_delay, std::shared_ptr<JobMetrics> metrics,
              int64_t idle_timeout = WatermarkTracker::kDefaultIdleTimeout);
    // Requests a stop and joins the thread if one runs.
    ~JobDriver();
    JobDriver(const JobDriver &) = delete;
    JobDriver &operator=(const JobDriver &) = delete;

    const std::string &name() const { return name_; }
    // JobInput::max_future for the first input. Call before start()/run().
    void set_future_guard(int64_t max_future, std::function<void(const BadRecord &)> report);
    // JobInput::hold_watermark for the first input. Call before start()/run().
    void hold_watermark_until_end() { inputs_.front().hold_watermark = true; }
    // Called once on the driver thread when the job ends or is stopped having counted late rows
    // (metrics.late_records > 0), with that count, before the state leaves Running. Call before start().
    void set_late_summary(std::function<void(int64_t late_rows)> summary) { late_summary_ = std::move(summary); }
    // Turns checkpoints on (call before start()/run(), after set_side_outputs).
    void enable_checkpoints(CheckpointSettings settings);
    // Gives the job its side sinks (call before enable_checkpoints and start()/run(), at most once).
    void set_side_outputs(std::unique_ptr<SideOutputs> side_outputs);
    // Called once on the driver thread when the job has ended (finished, stopped or failed: sink
    // and source closed, state set). Call before start()/run().
    void set_on_end(std::function<void()> on_end) { on_end_ = std::move(on_end); }
    // Whether the job's input is bounded, so that it ends by itself (default false). Call before start().
    void set_bounded_input(bool bounded) { bounded_input_ = bounded; }
    bool bounded_input() const { return bounded_input_; }
    // Runs the job on its own thread (state becomes Running before this returns). Call once.
    void start();
    // Runs the job in the calling thread until it finishes, stops or fails (tests; start() uses it).
    void run();
    // Graceful stop: stop reading, flush and close the sink → Stopped. Returns at once.
    void request_stop();
    JobState state() const { return state_.load(); }
    // The failure message (empty unless Failed).
    std::string error() const;
    // Waits for the thread started by start() (no-op otherwise).
    void join();
    // Waits up to timeout_ms for the job to leave Running; true if it is no longer running.
    bool wait_for(int timeout_ms);
    const std::shared_ptr<JobMetrics> &metrics() const { return metrics_; }

private:
    void loop();
    // Polls every input that may be polled now once; returns true if any delivered data.
    bool poll_round();
    void push_data(JobInput &input, Batch &batch);
    void drop_future_rows(JobInput &input, Batch &batch);
    void advance(JobInput &input, int64_t watermark);
    void end_input(JobInput &input);
    void on_idle_round();
    void finish_job();
    // Stopped: checkpoint (unless an operator was interrupted mid-call), close sink and sources.
    void stop(bool checkpoint);
    void say_late_rows();
    void set_state(JobState state);
    void open_all();
    void checkpoint_if_due();
    void fail(const std::string &message);
    // Close each of them at most once (a failing close must not be retried by fail()).
    void close_sink();
    void close_sources();
    bool pipeline_done() const;

    std::string name_;
    std::vector<JobInput> inputs_;
    std::unique_ptr<Sink> sink_;  // a JobSinks when the job has side outputs
    SideOutputs *side_outputs_ = nullptr;  // owned by sink_
    std::vector<std::unique_ptr<Operator>> operators_;  // the last is the SinkOperator
    bool sink_closed_ = false;
    std::shared_ptr<JobMetrics> metrics_;
    std::unique_ptr<JobCheckpointer> checkpointer_;
    std::function<void()> on_end_;
    bool bounded_input_ = false;
    std::function<void(int64_t)> late_summary_;

    std::atomic<JobState> state_{JobState::Created};
    std::atomic<bool> stop_requested_{false};
    mutable std::mutex mutex_;  // guards error_ and the condition variable
    std::condition_variable changed_;
    std::string error_;
    std::mutex join_mutex_;
    std::thread thread_;
};

}  // namespace weir

// The poll/push/watermark loop of a job and its state machine.
#include "exec/job_driver.h"

#include <algorithm>
#include <chrono>
#include <exception>

#include "common/secret_option.h"
#include "common/timestamp.h"
#include "common/weir_error.h"
#include "exec/job_checkpointer.h"
#include "exec/job_sinks.h"
#include "exec/sink_operator.h"

namespace weir {

namespace {
constexpr int kIdleWaitMs = 100;
}

JobDriver::JobDriver(std::string name, std::vector<JobInput> inputs, Pipeline pipeline, std::unique_ptr<Sink> sink,
                     ChangeKind sink_kind, std::shared_ptr<JobMetrics> metrics)
    : name_(std::move(name)),
      inputs_(std::move(inputs)),
      sink_(std::move(sink)),
      operators_(std::move(pipeline.operators)),
      metrics_(metrics ? std::move(metrics) : std::make_shared<JobMetrics>()) {
    if (inputs_.empty() || !sink_) throw WeirError(ErrorKind::Internal, "a job was built without a source or a sink.");
    if (pipeline.entries.size() != inputs_.size()) {
        throw WeirError(ErrorKind::Internal, "a job's pipeline has a different number of inputs than the job has sources.");
    }
    operators_.push_back(std::make_unique<SinkOperator>(*sink_, sink_kind, *metrics_));
    Operator *sink_operator = operators_.back().get();
    if (pipeline.root) pipeline.root->set_next(sink_operator);
    for (size_t i = 0; i < inputs_.size(); i++) {
        JobInput &input = inputs_[i];
        if (!input.source) throw WeirError(ErrorKind::Internal, "a job was built without a source or a sink.");
        input.entry = pipeline.entries[i] ? pipeline.entries[i] : sink_operator;
        input.tracker = WatermarkTracker(input.watermark_delay, input.idle_timeout);
    }
    for (auto &op : operators_) op->set_stop_flag(&stop_requested_);
}

namespace {
std::vector<JobInput> one_input(std::unique_ptr<Source> source, std::optional<size_t> event_time_column,
                                int64_t watermark_delay, int64_t idle_timeout) {
    std::vector<JobInput> inputs(1);
    inputs[0].source = std::move(source);
    inputs[0].event_time_column = event_time_column;
    inputs[0].watermark_delay = watermark_delay;
    inputs[0].idle_timeout = idle_timeout;
    return inputs;
}

Pipeline chain(std::vector<std::unique_ptr<Operator>> operators) {
    Pipeline pipeline;
    pipeline.entries.push_back(operators.empty() ? nullptr : operators.front().get());
    pipeline.root = operators.empty() ? nullptr : operators.back().get();
    pipeline.operators = std::move(operators);
    return pipeline;
}
}  // namespace

JobDriver::JobDriver(std::string name, std::unique_ptr<Source> source, std::vector<std::unique_ptr<Operator>> operators,
                     std::unique_ptr<Sink> sink, ChangeKind sink_kind, std::optional<size_t> event_time_column,
                     int64_t watermark_delay, std::shared_ptr<JobMetrics> metrics, int64_t idle_timeout)
    : JobDriver(std::move(name), one_input(std::move(source), event_time_column, watermark_delay, idle_timeout),
                chain(std::move(operators)), std::move(sink), sink_kind, std::move(metrics)) {}

JobDriver::~JobDriver() {
    request_stop();
    join();
}

void JobDriver::enable_checkpoints(CheckpointSettings settings) {
    checkpointer_ = std::make_unique<JobCheckpointer>(name_, std::move(settings), inputs_, *sink_, operators_, *metrics_);
}

void JobDriver::set_side_outputs(std::unique_ptr<SideOutputs> side_outputs) {
    if (!side_outputs) return;
    side_outputs_ = side_outputs.get();
    sink_ = std::make_unique<JobSinks>(std::move(sink_), std::move(side_outputs));
}

void JobDriver::start() {
    set_state(JobState::Running);
    thread_ = std::thread([this] { run(); });
}

void JobDriver::run() {
    set_state(JobState::Running);
    try {
        loop();
    } catch (const StopRequested &) {
        stop(false);
    } catch (const std::exception &error) {
        fail(error.what());
    } catch (...) {
        fail("the job failed with an unknown error.");
    }
    if (on_end_) on_end_();
}

void JobDriver::open_all() {
    if (checkpointer_) {
        checkpointer_->open_and_recover();
        return;
    }
    for (auto &input : inputs_) input.source->open();
    sink_->open();
}

void JobDriver::checkpoint_if_due() {
    if (checkpointer_ && checkpointer_->due()) checkpointer_->take();
}

bool JobDriver::pipeline_done() const {
    for (const auto &input : inputs_) {
        if (input.entry->done()) return true;
    }
    return false;
}

void JobDriver::loop() {
    open_all();
    for (auto &input : inputs_) {
        if (input.event_time_column) input.tracker.declare_partitions(input.source->partitions());
    }
    while (true) {
        if (stop_requested_.load()) {
            stop(true);
            return;
        }
        if (pipeline_done()) break;
        bool data = poll_round();
        bool all_ended = true;
        for (const auto &input : inputs_) all_ended = all_ended && input.ended;
        if (all_ended) break;
        if (!data) on_idle_round();
    }
    for (auto &input : inputs_) {
        if (!input.ended) end_input(input);
    }
    finish_job();
}

bool JobDriver::poll_round() {
    bool first_only = false;
    for (const auto &input : inputs_) first_only = first_only || (input.read_first && !input.ended);
    Batch batch;
    bool data = false;
    for (auto &input : inputs_) {
        if (input.ended || (first_only && !input.read_first)) continue;
        if (stop_requested_.load() || pipeline_done()) return true;
        Source::PollResult polled = input.source->poll(batch);
        if (side_outputs_) side_outputs_->write_pending();
        switch (polled) {
        case Source::PollResult::Data:
            push_data(input, batch);
            checkpoint_if_due();
            data = true;
            break;
        case Source::PollResult::Idle: break;
        case Source::PollResult::End:
            end_input(input);
            data = true;  // the round made progress: poll again at once
            break;
        }
    }
    return data;
}

void JobDriver::on_idle_round() {
    sink_->flush();
    checkpoint_if_due();
    bool first_only = false;
    for (const auto &input : inputs_) first_only = first_only || (input.read_first && !input.ended);
    std::vector<JobInput *> waiting;
    for (auto &input : inputs_) {
        if (input.ended || (first_only && !input.read_first)) continue;
        if (input.event_time_column && !input.hold_watermark) {
            input.tracker.declare_partitions(input.source->partitions());
            advance(input, input.tracker.refresh());
        }
        waiting.push_back(&input);
    }
    int each = waiting.empty() ? kIdleWaitMs : std::max(1, kIdleWaitMs / static_cast<int>(waiting.size()));
    for (JobInput *input : waiting) input->source->wait_for_data(each);
}

void JobDriver::stop(bool checkpoint) {
    if (checkpointer_ && checkpoint) checkpointer_->take();
    close_sink();
    close_sources();
    if (checkpointer_) checkpointer_->finish_run("stopped", "");
    say_late_rows();
    set_state(JobState::Stopped);
}

void JobDriver::say_late_rows() {
    int64_t late = metrics_->late_records.load();
    if (late > 0 && late_summary_) late_summary_(late);
}

void JobDriver::set_future_guard(int64_t max_future, std::function<void(const BadRecord &)> report) {
    inputs_.front().max_future = max_future;
    inputs_.front().report_future = std::move(report);
}

void JobDriver::drop_future_rows(JobInput &input, Batch &batch) {
    int64_t limit = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count() +
                    *input.max_future;
    ColumnVector &times = batch.columns[*input.event_time_column];
    const int64_t *ts = times.ints();
    std::vector<uint32_t> keep;
    bool dropped = false;
    for (size_t i = 0; i < batch.live_count(); i++) {
        uint32_t row = batch.live_row(i);
        if (times.is_null(row) || ts[row] <= limit) {
            keep.push_back(row);
            continue;
        }
        dropped = true;
        if (input.report_future) {
            input.report_future(BadRecord{"event time " + format_timestamp(ts[row]),
                                          "its event time is more than max_future ahead of the wall clock", ""});
        }
        times.set_null(row);  // the watermark tracker skips it
    }
    if (dropped) batch.set_selection(std::move(keep));
}

void JobDriver::push_data(JobInput &input, Batch &batch) {
    metrics_->records_in.fetch_add(static_cast<int64_t>(batch.live_count()), std::memory_order_relaxed);
    metrics_->batches.fetch_add(1, std::memory_order_relaxed);
    if (input.event_time_column && input.max_future) drop_future_rows(input, batch);
    bool watermarks = input.event_time_column && !input.hold_watermark;
    if (watermarks) {
        input.tracker.declare_partitions(input.source->partitions());
        input.tracker.assign(batch, *input.event_time_column, input.source->partition());
    } else {
        batch.row_watermarks.clear();
    }
    if (batch.live_count() > 0) input.entry->push(batch);
    if (watermarks) advance(input, input.tracker.current());
}

void JobDriver::advance(JobInput &input, int64_t watermark) {
    if (watermark <= input.forwarded) return;
    input.forwarded = watermark;
    input.entry->advance_watermark(watermark);
    int64_t job = kWatermarkMax;
    for (const auto &each : inputs_) {
        if (each.event_time_column) job = std::min(job, each.forwarded);
    }
    metrics_->watermark.store(job, std::memory_order_relaxed);
}

void JobDriver::end_input(JobInput &input) {
    input.ended = true;
    input.tracker.end();
    advance(input, kWatermarkMax);
    input.entry->finish();
}

void JobDriver::finish_job() {
    if (checkpointer_) checkpointer_->take();
    close_sink();
    close_sources();
    if (checkpointer_) checkpointer_->finish_run("finished", "");
    say_late_rows();
    set_state(JobState::Finished);
}

void JobDriver::fail(const std::string &error) {
    // The last line of defence: SHOW JOBS, weir_job_runs and the host never see a secret.
    const std::string message = mask_secrets(error);
    try {
        close_sink();
    } catch (...) {
    }
    try {
        close_sources();
    } catch (...) {
    }
    try {
        if (checkpointer_) checkpointer_->finish_run("failed", message);
    } catch (...) {
    }
    {
        std::lock_guard<std::mutex> lock(mutex_);
        error_ = message;
    }
    set_state(JobState::Failed);
}

void JobDriver::close_sink() {
    if (sink_closed_) return;
    sink_closed_ = true;
    sink_->close();
}

void JobDriver::close_sources() {
    for (auto &input : inputs_) {
        if (input.closed) continue;
        input.closed = true;
        input.source->close();
    }
}

void JobDriver::set_state(JobState state) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        state_.store(state);
    }
    changed_.notify_all();
}

void JobDriver::request_stop() { stop_requested_.store(true); }

std::string JobDriver::error() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return error_;
}

void JobDriver::join() {
    std::lock_guard<std::mutex> lock(join_mutex_);
    if (thread_.joinable()) thread_.join();
}

bool JobDriver::wait_for(int timeout_ms) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms < 0 ? 0 : timeout_ms),
                             [this] { return state_.load() != JobState::Running; });
}

}  // namespace weir

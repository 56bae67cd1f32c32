// The poll/push/watermark loop of a job and its state machine.
#include "exec/job_driver.h"

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

JobDriver::JobDriver(std::string name, std::unique_ptr<Source> source, std::vector<std::unique_ptr<Operator>> operators,
                     std::unique_ptr<Sink> sink, ChangeKind sink_kind, std::optional<size_t> event_time_column,
                     int64_t watermark_delay, std::shared_ptr<JobMetrics> metrics, int64_t idle_timeout)
    : name_(std::move(name)),
      source_(std::move(source)),
      sink_(std::move(sink)),
      operators_(std::move(operators)),
      event_time_column_(event_time_column),
      tracker_(watermark_delay, idle_timeout),
      metrics_(metrics ? std::move(metrics) : std::make_shared<JobMetrics>()) {
    if (!source_ || !sink_) throw WeirError(ErrorKind::Internal, "a job was built without a source or a sink.");
    operators_.push_back(std::make_unique<SinkOperator>(*sink_, sink_kind, *metrics_));
    if (operators_.size() > 1) operators_[operators_.size() - 2]->set_next(operators_.back().get());
    for (auto &op : operators_) op->set_stop_flag(&stop_requested_);
}

JobDriver::~JobDriver() {
    request_stop();
    join();
}

void JobDriver::enable_checkpoints(CheckpointSettings settings) {
    checkpointer_ = std::make_unique<JobCheckpointer>(name_, std::move(settings), *source_, *sink_, operators_, tracker_,
                                                      forwarded_watermark_, *metrics_);
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
    source_->open();
    sink_->open();
}

void JobDriver::checkpoint_if_due() {
    if (checkpointer_ && checkpointer_->due()) checkpointer_->take();
}

void JobDriver::loop() {
    open_all();
    if (event_time_column_) tracker_.declare_partitions(source_->partitions());
    Operator &first = *operators_.front();
    Batch batch;
    while (true) {
        if (stop_requested_.load()) {
            stop(true);
            return;
        }
        if (first.done()) break;
        Source::PollResult polled = source_->poll(batch);
        if (side_outputs_) side_outputs_->write_pending();
        switch (polled) {
        case Source::PollResult::Data:
            push_data(batch);
            checkpoint_if_due();
            break;
        case Source::PollResult::Idle:
            sink_->flush();
            checkpoint_if_due();
            if (event_time_column_ && !hold_watermark_) {
                tracker_.declare_partitions(source_->partitions());
                advance(tracker_.refresh());
            }
            source_->wait_for_data(kIdleWaitMs);
            break;
        case Source::PollResult::End: end_input(); return;
        }
    }
    end_input();
}

void JobDriver::stop(bool checkpoint) {
    if (checkpointer_ && checkpoint) checkpointer_->take();
    close_sink();
    close_source();
    if (checkpointer_) checkpointer_->finish_run("stopped", "");
    say_late_rows();
    set_state(JobState::Stopped);
}

void JobDriver::say_late_rows() {
    int64_t late = metrics_->late_records.load();
    if (late > 0 && late_summary_) late_summary_(late);
}

void JobDriver::set_future_guard(int64_t max_future, std::function<void(const BadRecord &)> report) {
    max_future_ = max_future;
    report_future_ = std::move(report);
}

void JobDriver::drop_future_rows(Batch &batch) {
    int64_t limit = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count() +
                    *max_future_;
    ColumnVector &times = batch.columns[*event_time_column_];
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
        if (report_future_) {
            report_future_(BadRecord{"event time " + format_timestamp(ts[row]),
                                     "its event time is more than max_future ahead of the wall clock", ""});
        }
        times.set_null(row);  // the watermark tracker skips it
    }
    if (dropped) batch.set_selection(std::move(keep));
}

void JobDriver::push_data(Batch &batch) {
    metrics_->records_in.fetch_add(static_cast<int64_t>(batch.live_count()), std::memory_order_relaxed);
    metrics_->batches.fetch_add(1, std::memory_order_relaxed);
    if (event_time_column_ && max_future_) drop_future_rows(batch);
    bool watermarks = event_time_column_ && !hold_watermark_;
    if (watermarks) {
        tracker_.declare_partitions(source_->partitions());
        tracker_.assign(batch, *event_time_column_, source_->partition());
    } else {
        batch.row_watermarks.clear();
    }
    if (batch.live_count() > 0) operators_.front()->push(batch);
    if (watermarks) advance(tracker_.current());
}

void JobDriver::advance(int64_t watermark) {
    if (watermark <= forwarded_watermark_) return;
    forwarded_watermark_ = watermark;
    operators_.front()->advance_watermark(watermark);
    metrics_->watermark.store(watermark, std::memory_order_relaxed);
}

void JobDriver::end_input() {
    tracker_.end();
    advance(kWatermarkMax);
    operators_.front()->finish();
    if (checkpointer_) checkpointer_->take();
    close_sink();
    close_source();
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
        close_source();
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

void JobDriver::close_source() {
    if (source_closed_) return;
    source_closed_ = true;
    source_->close();
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

// Tests of JobDriver with in-test sources and sinks: finished, failed, stopped, LIMIT, watermarks.
#include "exec/job_driver.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "common/timestamp.h"
#include "common/weir_error.h"
#include "exec/limit_operator.h"
#include "exec/pipeline_builder.h"
#include "exec/window_aggregate_operator.h"
#include "operator_test_batches.h"

namespace weir {
namespace {

constexpr int64_t kSecond = kMicrosPerSecond;

// Emits the given batches of (key TEXT, ts TIMESTAMP) rows, optionally an Idle in between, then End
// (or throws / stays idle forever as configured). Records open/close calls.
class ScriptSource : public Source {
public:
    struct Log {
        int opened = 0, closed = 0, idle_waits = 0, polls_after_end = 0;
    };
    ScriptSource(std::vector<std::vector<std::pair<std::string, int64_t>>> batches, std::shared_ptr<Log> log)
        : batches_(std::move(batches)), log_(std::move(log)) {}
    bool throw_after_data = false;
    bool idle_forever = false;
    bool idle_between = false;

    void open() override { log_->opened++; }
    PollResult poll(Batch &out) override {
        if (idle_between && !idled_) {
            idled_ = true;
            return PollResult::Idle;
        }
        if (next_ < batches_.size()) {
            std::vector<std::vector<Value>> rows;
            for (auto &[key, ts] : batches_[next_]) rows.push_back({Value::text(key), Value::timestamp(ts)});
            out = test::make_batch({TypeId::Text, TypeId::Timestamp}, rows);
            next_++;
            idled_ = false;
            return PollResult::Data;
        }
        if (throw_after_data) throw WeirError(ErrorKind::Io, "the test source lost its connection.");
        if (idle_forever) return PollResult::Idle;
        if (ended_) log_->polls_after_end++;
        ended_ = true;
        return PollResult::End;
    }
    void wait_for_data(int timeout_ms) override { log_->idle_waits++; }
    void close() override { log_->closed++; }

private:
    std::vector<std::vector<std::pair<std::string, int64_t>>> batches_;
    std::shared_ptr<Log> log_;
    size_t next_ = 0;
    bool idled_ = false;
    bool ended_ = false;
};

// Keeps every written row as text with its change kind.
class RecordingSink : public Sink {
public:
    struct Log {
        std::vector<std::string> rows;
        int opened = 0, flushed = 0, closed = 0;
        ChangeKind kind = ChangeKind::Insert;
    };
    explicit RecordingSink(std::shared_ptr<Log> log) : log_(std::move(log)) {}
    void open() override { log_->opened++; }
    void write(const Batch &batch, ChangeKind kind) override {
        log_->kind = kind;
        for (auto &row : test::rows_of(batch)) log_->rows.push_back(row);
    }
    void flush() override { log_->flushed++; }
    void close() override { log_->closed++; }

private:
    std::shared_ptr<Log> log_;
};

std::string at(int64_t seconds) { return format_timestamp(seconds * kSecond); }

TEST(JobDriverTest, BoundedRunFinishesWithEveryWindowClosed) {
    auto source_log = std::make_shared<ScriptSource::Log>();
    auto sink_log = std::make_shared<RecordingSink::Log>();
    auto source = std::make_unique<ScriptSource>(
        std::vector<std::vector<std::pair<std::string, int64_t>>>{
            {{"a", 1 * kSecond}, {"b", 2 * kSecond}}, {{"a", 15 * kSecond}}, {{"a", 3 * kSecond}, {"a", 31 * kSecond}}},
        source_log);
    source->idle_between = true;
    auto metrics = std::make_shared<JobMetrics>();
    QueryPlan plan = test::tumble_count_plan();
    auto operators = test::chain_of(plan, *metrics, true);
    ASSERT_EQ(operators.size(), 1u);
    JobDriver job("test", std::move(source), std::move(operators), std::make_unique<RecordingSink>(sink_log),
                  ChangeKind::Insert, 1, 0, metrics);
    EXPECT_EQ(job.state(), JobState::Created);
    job.run();
    EXPECT_EQ(job.state(), JobState::Finished) << job.error();
    // The row at 3s arrives after the watermark reached 15s: late.
    EXPECT_EQ(sink_log->rows, (std::vector<std::string>{"a|" + at(0) + "|" + at(10) + "|1",
                                                        "b|" + at(0) + "|" + at(10) + "|1",
                                                        "a|" + at(10) + "|" + at(20) + "|1",
                                                        "a|" + at(30) + "|" + at(40) + "|1"}));
    EXPECT_EQ(metrics->records_in.load(), 5);
    EXPECT_EQ(metrics->records_out.load(), 4);
    EXPECT_EQ(metrics->late_records.load(), 1);
    EXPECT_EQ(metrics->batches.load(), 3);
    EXPECT_EQ(metrics->watermark.load(), kWatermarkMax);
    EXPECT_EQ(source_log->opened, 1);
    EXPECT_EQ(source_log->closed, 1);
    EXPECT_EQ(source_log->idle_waits, 4);  // one Idle before each batch and before End
    EXPECT_EQ(source_log->polls_after_end, 0);
    EXPECT_EQ(sink_log->opened, 1);
    EXPECT_EQ(sink_log->closed, 1);
    EXPECT_GE(sink_log->flushed, 4);  // on each idle and at finish
    EXPECT_TRUE(job.wait_for(0));
}

TEST(JobDriverTest, PassThroughQueryWithoutOperatorsWritesEveryRow) {
    auto source_log = std::make_shared<ScriptSource::Log>();
    auto sink_log = std::make_shared<RecordingSink::Log>();
    auto source = std::make_unique<ScriptSource>(
        std::vector<std::vector<std::pair<std::string, int64_t>>>{{{"x", 0}}, {{"y", kSecond}}}, source_log);
    JobDriver job("copy", std::move(source), {}, std::make_unique<RecordingSink>(sink_log), ChangeKind::Upsert,
                  std::nullopt, 0, std::make_shared<JobMetrics>());
    job.run();
    EXPECT_EQ(job.state(), JobState::Finished);
    EXPECT_EQ(sink_log->rows, (std::vector<std::string>{"x|" + at(0), "y|" + at(1)}));
    EXPECT_EQ(sink_log->kind, ChangeKind::Upsert);
}

TEST(JobDriverTest, ThrowingSourceFailsTheJobAndClosesEverything) {
    auto source_log = std::make_shared<ScriptSource::Log>();
    auto sink_log = std::make_shared<RecordingSink::Log>();
    auto source = std::make_unique<ScriptSource>(
        std::vector<std::vector<std::pair<std::string, int64_t>>>{{{"a", 1 * kSecond}}}, source_log);
    source->throw_after_data = true;
    auto metrics = std::make_shared<JobMetrics>();
    QueryPlan plan = test::tumble_count_plan();
    JobDriver job("broken", std::move(source), test::chain_of(plan, *metrics, false),
                  std::make_unique<RecordingSink>(sink_log), ChangeKind::Insert, 1, 0, metrics);
    job.start();
    ASSERT_TRUE(job.wait_for(5000));
    job.join();
    EXPECT_EQ(job.state(), JobState::Failed);
    EXPECT_EQ(job.error(), "the test source lost its connection.");
    EXPECT_EQ(source_log->closed, 1);
    EXPECT_EQ(sink_log->closed, 1);
    EXPECT_TRUE(sink_log->rows.empty());  // the open window was never closed
}

TEST(JobDriverTest, RequestStopEndsAnIdleStreamGracefully) {
    auto source_log = std::make_shared<ScriptSource::Log>();
    auto sink_log = std::make_shared<RecordingSink::Log>();
    auto source = std::make_unique<ScriptSource>(
        std::vector<std::vector<std::pair<std::string, int64_t>>>{{{"a", 1 * kSecond}}}, source_log);
    source->idle_forever = true;
    auto metrics = std::make_shared<JobMetrics>();
    QueryPlan plan = test::tumble_count_plan();
    JobDriver job("endless", std::move(source), test::chain_of(plan, *metrics, false),
                  std::make_unique<RecordingSink>(sink_log), ChangeKind::Insert, 1, 0, metrics);
    job.start();
    EXPECT_EQ(job.state(), JobState::Running);
    EXPECT_FALSE(job.wait_for(50));
    job.request_stop();
    ASSERT_TRUE(job.wait_for(5000));
    job.join();
    EXPECT_EQ(job.state(), JobState::Stopped);
    EXPECT_EQ(metrics->records_in.load(), 1);
    EXPECT_EQ(metrics->watermark.load(), 1 * kSecond);
    EXPECT_EQ(sink_log->closed, 1);
    EXPECT_EQ(source_log->closed, 1);
    EXPECT_TRUE(job.error().empty());
}

TEST(JobDriverTest, LimitStopsReadingEarly) {
    auto source_log = std::make_shared<ScriptSource::Log>();
    auto sink_log = std::make_shared<RecordingSink::Log>();
    auto source = std::make_unique<ScriptSource>(
        std::vector<std::vector<std::pair<std::string, int64_t>>>{{{"a", 0}, {"b", 0}}, {{"c", 0}}, {{"d", 0}}},
        source_log);
    source->idle_forever = true;  // an unbounded source: only LIMIT can finish the job
    std::vector<std::unique_ptr<Operator>> operators;
    operators.push_back(std::make_unique<LimitOperator>(3));
    JobDriver job("limited", std::move(source), std::move(operators), std::make_unique<RecordingSink>(sink_log),
                  ChangeKind::Insert, std::nullopt, 0, std::make_shared<JobMetrics>());
    job.run();
    EXPECT_EQ(job.state(), JobState::Finished);
    EXPECT_EQ(sink_log->rows, (std::vector<std::string>{"a|" + at(0), "b|" + at(0), "c|" + at(0)}));
    EXPECT_EQ(job.metrics()->records_in.load(), 3);  // the third batch was never read
}

// Counts written rows only (for jobs that emit millions of rows).
class CountingSink : public Sink {
public:
    explicit CountingSink(std::shared_ptr<std::atomic<int64_t>> rows) : rows_(std::move(rows)) {}
    void open() override {}
    void write(const Batch &batch, ChangeKind) override { rows_->fetch_add(static_cast<int64_t>(batch.live_count())); }
    void flush() override {}
    void close() override {}

private:
    std::shared_ptr<std::atomic<int64_t>> rows_;
};

const std::vector<std::vector<std::pair<std::string, int64_t>>> kUnsortedBatches = {
    {{"a", 1 * kSecond}, {"b", 2 * kSecond}}, {{"a", 15 * kSecond}}, {{"a", 3 * kSecond}, {"a", 31 * kSecond}}};

TEST(JobDriverTest, HeldWatermarkAnswersABoundedInputAsABatch) {
    // No WATERMARK clause over a bounded input: the row at 3s, after 15s, is not late; every window
    // closes at the end (by hand: [0,10) holds a at 1s and 3s, b at 2s; [10,20) a; [30,40) a).
    auto sink_log = std::make_shared<RecordingSink::Log>();
    auto metrics = std::make_shared<JobMetrics>();
    QueryPlan plan = test::tumble_count_plan();
    JobDriver job("batch", std::make_unique<ScriptSource>(kUnsortedBatches, std::make_shared<ScriptSource::Log>()),
                  test::chain_of(plan, *metrics, true), std::make_unique<RecordingSink>(sink_log),
                  ChangeKind::Insert, 1, 0, metrics);
    job.hold_watermark_until_end();
    std::vector<int64_t> summaries;
    job.set_late_summary([&](int64_t late) { summaries.push_back(late); });
    job.run();
    EXPECT_EQ(job.state(), JobState::Finished) << job.error();
    EXPECT_EQ(sink_log->rows, (std::vector<std::string>{"a|" + at(0) + "|" + at(10) + "|2",
                                                        "b|" + at(0) + "|" + at(10) + "|1",
                                                        "a|" + at(10) + "|" + at(20) + "|1",
                                                        "a|" + at(30) + "|" + at(40) + "|1"}));
    EXPECT_EQ(metrics->late_records.load(), 0);
    EXPECT_TRUE(summaries.empty());
}

TEST(JobDriverTest, AJobThatDroppedLateRowsSaysHowManyOnceWhenItEnds) {
    auto metrics = std::make_shared<JobMetrics>();
    QueryPlan plan = test::tumble_count_plan();
    JobDriver job("late", std::make_unique<ScriptSource>(kUnsortedBatches, std::make_shared<ScriptSource::Log>()),
                  test::chain_of(plan, *metrics, true),
                  std::make_unique<RecordingSink>(std::make_shared<RecordingSink::Log>()), ChangeKind::Insert, 1, 0,
                  metrics);
    std::vector<int64_t> summaries;
    job.set_late_summary([&](int64_t late) { summaries.push_back(late); });
    job.run();
    EXPECT_EQ(job.state(), JobState::Finished) << job.error();
    EXPECT_EQ(summaries, std::vector<int64_t>{1});  // the row at 3s after the watermark reached 15s
}

TEST(JobDriverTest, AStopRequestInterruptsClosingMillionsOfWindows) {
    // HOP(ts, 1ms, 10s) over 3,000 rows one second apart, held until the end: closing holds about
    // 3 million windows (minutes of work); a stop request must end the job within a few seconds.
    std::vector<std::pair<std::string, int64_t>> rows;
    for (int64_t i = 0; i < 3000; i++) rows.emplace_back("k", i * kSecond);
    auto metrics = std::make_shared<JobMetrics>();
    QueryPlan plan = test::tumble_count_plan();
    plan.root->window = WindowSpec{WindowKind::Hop, 1, 10 * kSecond, kMicrosPerMilli};
    auto written = std::make_shared<std::atomic<int64_t>>(0);
    JobDriver job("long", std::make_unique<ScriptSource>(std::vector<std::vector<std::pair<std::string, int64_t>>>{rows}, std::make_shared<ScriptSource::Log>()),
                  test::chain_of(plan, *metrics, true), std::make_unique<CountingSink>(written),
                  ChangeKind::Insert, 1, 0, metrics);
    job.hold_watermark_until_end();
    job.start();
    while (written->load() == 0 && job.state() == JobState::Running) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    auto asked = std::chrono::steady_clock::now();
    job.request_stop();
    ASSERT_TRUE(job.wait_for(3000)) << "the job did not stop within 3 s";
    job.join();
    EXPECT_EQ(job.state(), JobState::Stopped) << job.error();
    EXPECT_LT(std::chrono::steady_clock::now() - asked, std::chrono::seconds(3));
    EXPECT_LT(written->load(), 3000 * 10000);  // interrupted before the last window
}

}  // namespace
}  // namespace weir

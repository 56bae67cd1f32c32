// Tests of the checkpoint protocol as the JobDriver runs it: order of the phases, recovery after a
// failure at each phase, and that a recovered run's output equals an uninterrupted run's.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/timestamp.h"
#include "common/weir_error.h"
#include "exec/checkpoint_store.h"
#include "exec/job_driver.h"
#include "exec/pipeline_builder.h"
#include "operator_test_batches.h"

namespace weir {
namespace {

constexpr int64_t kSecond = kMicrosPerSecond;
using Rows = std::vector<std::pair<std::string, int64_t>>;

// A replayable source over fixed batches: its position is the index of the next batch. It can
// fail (throw) when it is about to deliver batch `fail_at`.
class ReplaySource : public Source {
public:
    ReplaySource(std::vector<Rows> batches, std::vector<std::string> &log) : batches_(std::move(batches)), log_(log) {}
    size_t fail_at = SIZE_MAX;
    int idle_polls = 0;  // Idle this many times before each batch

    void open() override { log_.push_back("source.open"); }
    PollResult poll(Batch &out) override {
        if (idled_ < idle_polls) {
            idled_++;
            return PollResult::Idle;
        }
        idled_ = 0;
        if (next_ >= batches_.size()) return PollResult::End;
        if (next_ == fail_at) throw WeirError(ErrorKind::Io, "the test source failed.");
        std::vector<std::vector<Value>> rows;
        for (auto &[key, ts] : batches_[next_]) rows.push_back({Value::text(key), Value::timestamp(ts)});
        out = test::make_batch({TypeId::Text, TypeId::Timestamp}, rows);
        next_++;
        return PollResult::Data;
    }
    void wait_for_data(int) override {}
    std::optional<std::string> position() const override { return std::to_string(next_); }
    void enable_checkpoints() override { log_.push_back("source.enable"); }
    void restore_position(const std::string &position) override {
        log_.push_back("source.restore " + position);
        next_ = std::stoul(position);
    }
    void position_durable(const std::string &position) override { log_.push_back("source.durable " + position); }

private:
    std::vector<Rows> batches_;
    std::vector<std::string> &log_;
    size_t next_ = 0;
    int idled_ = 0;
};

// A transactional sink: rows are pending until commit_checkpoint, then move to `table` (which
// outlives sink instances, like a database table). It can fail at the commit of checkpoint `fail_commit`.
class TransactionalSink : public Sink {
public:
    struct Table {
        std::vector<std::string> rows;
        int64_t committed = 0;
    };
    TransactionalSink(Table &table, std::vector<std::string> &log) : table_(table), log_(log) {}
    int64_t fail_commit = -1;

    SinkGuarantee guarantee() const override { return SinkGuarantee::Transactional; }
    void enable_checkpoints() override { log_.push_back("sink.enable"); }
    void open() override { log_.push_back("sink.open"); }
    void write(const Batch &batch, ChangeKind) override {
        for (auto &row : test::rows_of(batch)) pending_.push_back(row);
    }
    void prepare_checkpoint(int64_t k) override { log_.push_back("sink.prepare " + std::to_string(k)); }
    void commit_checkpoint(int64_t k, const std::string &positions) override {
        if (k == fail_commit) throw WeirError(ErrorKind::Io, "the test sink lost its connection.");
        log_.push_back("sink.commit " + std::to_string(k) + " at " + positions);
        if (k <= table_.committed) {
            pending_.clear();
            return;
        }
        table_.rows.insert(table_.rows.end(), pending_.begin(), pending_.end());
        pending_.clear();
        table_.committed = k;
    }
    std::optional<int64_t> committed_checkpoint() override {
        if (table_.committed == 0) return std::nullopt;
        return table_.committed;
    }
    void restore_checkpoint(int64_t k) override { log_.push_back("sink.restore " + std::to_string(k)); }

private:
    Table &table_;
    std::vector<std::string> &log_;
    std::vector<std::string> pending_;
};

// 12 batches over keys a/b/c with event times advancing 4 s per batch and some disorder.
std::vector<Rows> input() {
    std::vector<Rows> batches;
    for (int b = 0; b < 12; ++b) {
        Rows rows;
        for (int i = 0; i < 5; ++i) {
            std::string key(1, static_cast<char>('a' + (b + i) % 3));
            rows.push_back({key, (b * 4 + i % 3) * kSecond});
        }
        batches.push_back(rows);
    }
    return batches;
}

class JobCheckpointTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("weir_jobcp_" + std::to_string(::getpid()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    // Runs the job once (to its end or its failure) and returns its final state.
    JobState run_once(TransactionalSink::Table &table, std::vector<std::string> &log, size_t fail_at = SIZE_MAX,
                      int64_t fail_commit = -1, std::string definition = "INSERT INTO t SELECT ...",
                      std::string *error = nullptr, int64_t interval = 1, int idle_polls = 0) {
        auto source = std::make_unique<ReplaySource>(input(), log);
        source->fail_at = fail_at;
        source->idle_polls = idle_polls;
        auto sink = std::make_unique<TransactionalSink>(table, log);
        sink->fail_commit = fail_commit;
        auto metrics = std::make_shared<JobMetrics>();
        auto operators = test::chain_of(test::tumble_count_plan(), *metrics, true);
        JobDriver job("job", std::move(source), std::move(operators), std::move(sink), ChangeKind::Insert, 1, 0,
                      metrics);
        CheckpointSettings settings;
        settings.directory = dir_.string();
        settings.interval = interval;  // 1 µs: a checkpoint after every batch
        settings.definition = std::move(definition);
        settings.notice = [&log](const std::string &message) { log.push_back("notice: " + message); };
        job.enable_checkpoints(settings);
        job.run();
        if (error) *error = job.error();
        return job.state();
    }

    std::vector<std::string> uninterrupted() {
        std::filesystem::path saved = dir_;
        dir_ += "_clean";
        TransactionalSink::Table table;
        std::vector<std::string> log;
        EXPECT_EQ(run_once(table, log), JobState::Finished);
        std::filesystem::remove_all(dir_);
        dir_ = saved;
        return table.rows;
    }

    std::filesystem::path dir_;
};

TEST_F(JobCheckpointTest, PhasesRunInProtocolOrder) {
    TransactionalSink::Table table;
    std::vector<std::string> log;
    ASSERT_EQ(run_once(table, log, SIZE_MAX, -1, "d", nullptr, 0), JobState::Finished);
    // Interval 0: only the checkpoint at the end of the input.
    std::vector<std::string> expected{"source.enable", "sink.enable",  "sink.open",     "sink.restore 0",
                                      "source.open",   "sink.prepare 1", "sink.commit 1 at 12", "source.durable 12"};
    EXPECT_EQ(log, expected);
    EXPECT_EQ(table.committed, 1);
    EXPECT_EQ(CheckpointStore(dir_.string()).ids("job"), (std::vector<int64_t>{1}));
}

TEST_F(JobCheckpointTest, AFailedRunResumesFromItsLastCheckpointWithoutLossOrDuplicates) {
    std::vector<std::string> clean = uninterrupted();
    ASSERT_FALSE(clean.empty());
    for (size_t fail_at : {1u, 4u, 7u, 11u}) {
        std::filesystem::remove_all(dir_);
        TransactionalSink::Table table;
        std::vector<std::string> log;
        ASSERT_EQ(run_once(table, log, fail_at), JobState::Failed);
        EXPECT_EQ(table.committed, static_cast<int64_t>(fail_at)) << fail_at;
        log.clear();
        ASSERT_EQ(run_once(table, log), JobState::Finished) << fail_at;
        EXPECT_NE(std::find(log.begin(), log.end(), "source.restore " + std::to_string(fail_at)), log.end());
        EXPECT_EQ(table.rows, clean) << "failure before batch " << fail_at;
    }
}

TEST_F(JobCheckpointTest, AStoredButUncommittedCheckpointIsNotResumedFrom) {
    std::vector<std::string> clean = uninterrupted();
    TransactionalSink::Table table;
    std::vector<std::string> log;
    // Checkpoint 5 is stored, then its sink commit fails: the sink holds checkpoint 4.
    ASSERT_EQ(run_once(table, log, SIZE_MAX, 5), JobState::Failed);
    EXPECT_EQ(table.committed, 4);
    EXPECT_EQ(CheckpointStore(dir_.string()).ids("job").back(), 5);
    log.clear();
    ASSERT_EQ(run_once(table, log), JobState::Finished);
    EXPECT_NE(std::find(log.begin(), log.end(), "source.restore 4"), log.end());
    EXPECT_NE(std::find(log.begin(), log.end(), "sink.restore 4"), log.end());
    EXPECT_EQ(table.rows, clean);
}

TEST_F(JobCheckpointTest, AFirstCheckpointStoredButNeverCommittedIsNotResumedFrom) {
    std::vector<std::string> clean = uninterrupted();
    TransactionalSink::Table table;
    std::vector<std::string> log;
    ASSERT_EQ(run_once(table, log, SIZE_MAX, 1), JobState::Failed);
    EXPECT_EQ(table.committed, 0);
    EXPECT_EQ(CheckpointStore(dir_.string()).ids("job"), (std::vector<int64_t>{1}));
    log.clear();
    ASSERT_EQ(run_once(table, log), JobState::Finished);
    EXPECT_NE(std::find(log.begin(), log.end(), "sink.restore 0"), log.end());
    EXPECT_EQ(std::find(log.begin(), log.end(), "source.restore 1"), log.end());
    EXPECT_EQ(table.rows, clean);
}

TEST_F(JobCheckpointTest, AnIdleSourceTakesNoCheckpointWhenNothingChanged) {
    TransactionalSink::Table table;
    std::vector<std::string> log;
    // Five Idle polls before each of the 12 batches, a checkpoint due at every poll (1 µs): only the
    // polls after a batch checkpoint, plus the end.
    ASSERT_EQ(run_once(table, log, SIZE_MAX, -1, "INSERT INTO t SELECT ...", nullptr, 1, 5), JobState::Finished);
    EXPECT_EQ(table.committed, 13);
}

TEST_F(JobCheckpointTest, AFinishedJobRunAgainResumesAtItsEndAndWritesNothingMore) {
    TransactionalSink::Table table;
    std::vector<std::string> log;
    ASSERT_EQ(run_once(table, log), JobState::Finished);
    std::vector<std::string> first = table.rows;
    ASSERT_EQ(run_once(table, log), JobState::Finished);
    EXPECT_EQ(table.rows, first);
    auto runs = CheckpointStore(dir_.string()).runs("job");
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[0].status, "finished");
    EXPECT_EQ(runs[0].resumed_from, 0);
    EXPECT_EQ(runs[1].status, "finished");
    EXPECT_EQ(runs[1].resumed_from, 13);  // 12 batches + the end
    EXPECT_EQ(runs[1].records_in, 0);
}

TEST_F(JobCheckpointTest, AChangedDefinitionIsRefusedWithBothTexts) {
    TransactionalSink::Table table;
    std::vector<std::string> log;
    ASSERT_EQ(run_once(table, log, 3), JobState::Failed);
    std::string error;
    ASSERT_EQ(run_once(table, log, SIZE_MAX, -1, "INSERT INTO t SELECT other", &error), JobState::Failed);
    EXPECT_NE(error.find("different definition"), std::string::npos) << error;
    EXPECT_NE(error.find("INSERT INTO t SELECT ..."), std::string::npos) << error;
    EXPECT_NE(error.find("INSERT INTO t SELECT other"), std::string::npos) << error;
}

TEST_F(JobCheckpointTest, ASinkAheadOfAnEmptyStateDirectoryIsAnError) {
    TransactionalSink::Table table;
    table.committed = 3;
    std::vector<std::string> log;
    std::string error;
    ASSERT_EQ(run_once(table, log, SIZE_MAX, -1, "INSERT INTO t SELECT ...", &error), JobState::Failed);
    EXPECT_NE(error.find("already holds its checkpoint 3"), std::string::npos) << error;
    EXPECT_TRUE(table.rows.empty());
}

}  // namespace
}  // namespace weir

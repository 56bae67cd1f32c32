// Tests of a job's side outputs: dead letters written after each poll, late rows with their
// watermark, UTF-8 repair, and side sinks opened, checkpointed and closed with the main sink.
#include "exec/side_outputs.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/timestamp.h"
#include "exec/dead_letter_rows.h"
#include "exec/job_driver.h"
#include "exec/job_sinks.h"
#include "exec/pipeline_builder.h"
#include "operator_test_batches.h"

namespace weir {
namespace {

constexpr int64_t kSecond = kMicrosPerSecond;

// Every call of every sink of a job, in order, as "<sink> <event>".
using EventLog = std::vector<std::string>;

class LoggingSink : public Sink {
public:
    LoggingSink(std::string name, std::shared_ptr<EventLog> log, std::shared_ptr<std::vector<std::string>> rows)
        : name_(std::move(name)), log_(std::move(log)), rows_(std::move(rows)) {}
    void open() override { log_->push_back(name_ + " open"); }
    void write(const Batch &batch, ChangeKind) override {
        log_->push_back(name_ + " write " + std::to_string(batch.live_count()));
        for (auto &row : test::rows_of(batch)) rows_->push_back(row);
    }
    void flush() override {}
    void close() override { log_->push_back(name_ + " close"); }
    void enable_checkpoints() override { log_->push_back(name_ + " checkpoints"); }
    void prepare_checkpoint(int64_t k) override { log_->push_back(name_ + " prepare " + std::to_string(k)); }
    void commit_checkpoint(int64_t k, const std::string &) override {
        log_->push_back(name_ + " commit " + std::to_string(k));
    }
    void restore_checkpoint(int64_t k) override { log_->push_back(name_ + " restore " + std::to_string(k)); }

private:
    std::string name_;
    std::shared_ptr<EventLog> log_;
    std::shared_ptr<std::vector<std::string>> rows_;
};

// Batches of (key TEXT, ts TIMESTAMP) rows; a row whose key is "bad" is reported through the
// spec's on_bad_record during poll() instead of being returned, as connectors do.
class ReportingSource : public Source {
public:
    ReportingSource(std::vector<std::vector<std::pair<std::string, int64_t>>> batches, std::shared_ptr<EventLog> log,
                    std::function<void(const BadRecord &)> on_bad_record)
        : batches_(std::move(batches)), log_(std::move(log)), on_bad_record_(std::move(on_bad_record)) {}
    void open() override {}
    PollResult poll(Batch &out) override {
        if (next_ == batches_.size()) return PollResult::End;
        log_->push_back("source poll " + std::to_string(next_));
        std::vector<std::vector<Value>> rows;
        for (auto &[key, ts] : batches_[next_]) {
            if (key == "bad") {
                on_bad_record_(BadRecord{"test:" + std::to_string(++line_), "bad key", "bad\xff"});
                continue;
            }
            line_++;
            rows.push_back({Value::text(key), Value::timestamp(ts)});
        }
        out = test::make_batch({TypeId::Text, TypeId::Timestamp}, rows);
        next_++;
        return PollResult::Data;
    }
    void wait_for_data(int) override {}
    std::optional<std::string> position() const override { return std::to_string(line_); }

private:
    std::vector<std::vector<std::pair<std::string, int64_t>>> batches_;
    std::shared_ptr<EventLog> log_;
    std::function<void(const BadRecord &)> on_bad_record_;
    size_t next_ = 0;
    int line_ = 0;
};

std::string at(int64_t seconds) { return format_timestamp(seconds * kSecond); }

class SideOutputsTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("weir-side-outputs-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    // Runs a TUMBLE job over `batches` with a dead-letter and a late sink (and checkpoints if asked).
    void run(std::vector<std::vector<std::pair<std::string, int64_t>>> batches, bool checkpoints) {
        auto side = std::make_unique<SideOutputs>("job1", "src");
        side->set_dead_letter_sink(std::make_unique<LoggingSink>("dlq", log, dead_letters));
        side->set_late_sink(std::make_unique<LoggingSink>("late", log, late), test::tumble_count_plan().chain()[0]->output,
                            1);
        SideOutputs *outputs = side.get();
        auto metrics = std::make_shared<JobMetrics>();
        QueryPlan plan = test::tumble_count_plan();
        ASSERT_TRUE(PipelineBuilder::window_input(plan).has_value());
        auto operators = test::chain_of(plan, *metrics, true, outputs);
        auto source = std::make_unique<ReportingSource>(std::move(batches), log, [outputs, metrics](const BadRecord &r) {
            metrics->record_bad(r);
            outputs->report(r);
        });
        JobDriver job("job1", std::move(source), std::move(operators),
                      std::make_unique<LoggingSink>("main", log, results), ChangeKind::Insert, 1, 0, metrics);
        job.set_side_outputs(std::move(side));
        if (checkpoints) {
            CheckpointSettings settings;
            settings.directory = dir_.string();
            settings.interval = 0;
            settings.definition = "test";
            job.enable_checkpoints(settings);
        }
        job.run();
        ASSERT_EQ(job.state(), JobState::Finished) << job.error();
        bad_records = metrics->bad_records.load();
        late_records = metrics->late_records.load();
    }

    std::filesystem::path dir_;
    std::shared_ptr<EventLog> log = std::make_shared<EventLog>();
    std::shared_ptr<std::vector<std::string>> results = std::make_shared<std::vector<std::string>>();
    std::shared_ptr<std::vector<std::string>> dead_letters = std::make_shared<std::vector<std::string>>();
    std::shared_ptr<std::vector<std::string>> late = std::make_shared<std::vector<std::string>>();
    int64_t bad_records = 0;
    int64_t late_records = 0;
};

TEST_F(SideOutputsTest, BadRecordsOfAPollAreWrittenAsOneBatchRightAfterIt) {
    run({{{"a", 1 * kSecond}, {"bad", 0}, {"bad", 0}}, {{"a", 2 * kSecond}}, {{"bad", 0}}}, false);
    EXPECT_EQ(bad_records, 3);
    ASSERT_EQ(dead_letters->size(), 3u);
    // source, location, reason, raw (invalid UTF-8 repaired), job; then the detection time.
    EXPECT_EQ(dead_letters->at(0).rfind("src|test:2|bad key|bad\xEF\xBF\xBD|job1|", 0), 0u) << dead_letters->at(0);
    EXPECT_EQ(dead_letters->at(1).rfind("src|test:3|bad key|", 0), 0u) << dead_letters->at(1);
    EXPECT_EQ(dead_letters->at(2).rfind("src|test:5|bad key|", 0), 0u) << dead_letters->at(2);
    EXPECT_EQ(*log, (EventLog{"main open", "dlq open", "late open", "source poll 0", "dlq write 2", "source poll 1",
                              "source poll 2", "dlq write 1", "main write 1", "main close", "dlq close",
                              "late close"}));
    EXPECT_EQ(*results, (std::vector<std::string>{"a|" + at(0) + "|" + at(10) + "|2"}));
}

TEST_F(SideOutputsTest, LateRowsCarryTheWatermarkThatMadeThemLate) {
    run({{{"a", 1 * kSecond}, {"b", 15 * kSecond}, {"c", 3 * kSecond}}, {{"d", 9 * kSecond}, {"e", 12 * kSecond}}},
        false);
    EXPECT_EQ(late_records, 2);
    // source, job, the row as JSON, its event time, the watermark that made it late; then the time found.
    ASSERT_EQ(late->size(), 2u);
    EXPECT_EQ(late->at(0).rfind("src|job1|{\"key\":\"c\",\"ts\":\"1970-01-01T00:00:03Z\"}|" + at(3) + "|" + at(15) + "|", 0),
              0u)
        << late->at(0);
    EXPECT_EQ(late->at(1).rfind("src|job1|{\"key\":\"d\",\"ts\":\"1970-01-01T00:00:09Z\"}|" + at(9) + "|" + at(15) + "|", 0),
              0u)
        << late->at(1);
    EXPECT_TRUE(dead_letters->empty());
}

TEST_F(SideOutputsTest, SideSinksFollowTheCheckpointPhasesOfTheMainSink) {
    run({{{"a", 1 * kSecond}, {"bad", 0}}}, true);
    EXPECT_EQ(*log, (EventLog{"main checkpoints", "dlq checkpoints", "late checkpoints", "main open", "dlq open",
                              "late open", "main restore 0", "dlq restore 0", "late restore 0", "source poll 0",
                              "dlq write 1", "main write 1", "main prepare 1", "dlq prepare 1", "late prepare 1",
                              "main commit 1", "dlq commit 1", "late commit 1", "main close", "dlq close",
                              "late close"}));
}

// Late rows have one fixed shape whatever the query reads, like dead letters, so jobs share a late sink.
TEST(SideOutputsSchema, LateRowsHaveAFixedSchema) {
    const Schema &late = SideOutputs::late_schema();
    ASSERT_EQ(late.size(), 6u);
    std::string names;
    for (const auto &column : late.columns()) names += column.name + " " + std::string(type_name(column.type)) + ", ";
    EXPECT_EQ(names, "source TEXT, job TEXT, row TEXT, event_time TIMESTAMP, watermark TIMESTAMP, at TIMESTAMP, ");
}

TEST(DeadLetterRows, InvalidUtf8BecomesReplacementCharacters) {
    const std::string bad = "\xEF\xBF\xBD";
    EXPECT_EQ(DeadLetterRows::valid_utf8("plain ascii"), "plain ascii");
    EXPECT_EQ(DeadLetterRows::valid_utf8("z\xC3\xBCrich \xE2\x82\xAC \xF0\x9F\x8C\xA7"), "z\xC3\xBCrich \xE2\x82\xAC \xF0\x9F\x8C\xA7");
    EXPECT_EQ(DeadLetterRows::valid_utf8("a\xFF" "b"), "a" + bad + "b");
    EXPECT_EQ(DeadLetterRows::valid_utf8("cut \xE2\x82"), "cut " + bad + bad);          // truncated sequence
    EXPECT_EQ(DeadLetterRows::valid_utf8("\xC0\xAF"), bad + bad);                      // overlong '/'
    EXPECT_EQ(DeadLetterRows::valid_utf8("\xED\xA0\x80"), bad + bad + bad);            // a surrogate
    EXPECT_EQ(DeadLetterRows::valid_utf8("\xF4\x90\x80\x80"), bad + bad + bad + bad);  // above U+10FFFF
    EXPECT_EQ(DeadLetterRows::valid_utf8(std::string("nul\0ok", 6)), std::string("nul\0ok", 6));
}

TEST(DeadLetterRows, TakeBuildsOneBatchInTheFixedColumns) {
    DeadLetterRows rows;
    rows.add("weather", "select", BadRecord{"w.jsonl:7", "invalid JSON", "{\"a\":"}, 5 * kSecond);
    EXPECT_EQ(rows.size(), 1u);
    Batch batch = rows.take();
    EXPECT_TRUE(rows.empty());
    ASSERT_EQ(batch.columns.size(), DeadLetterRows::schema().size());
    EXPECT_EQ(test::rows_of(batch), (std::vector<std::string>{"weather|w.jsonl:7|invalid JSON|{\"a\":|select|" + at(5)}));
}

}  // namespace
}  // namespace weir

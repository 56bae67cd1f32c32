// Tests of WindowAggregateOperator: TUMBLE/HOP results, window boundaries, lateness, EMIT CHANGES.
#include "exec/window_aggregate_operator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "common/timestamp.h"
#include "common/weir_error.h"
#include "exec/watermark_tracker.h"
#include "operator_test_batches.h"

namespace weir {
namespace {

using test::CollectOperator;
using test::make_batch;

constexpr int64_t kSecond = kMicrosPerSecond;

// Input rows: key TEXT, ts TIMESTAMP (µs), value DOUBLE (NaN → NULL).
struct Row {
    std::string key;
    int64_t ts;
    double value;
};

// An Aggregate node: GROUP BY key, window over column 1, count(*), avg(value), sum(value).
std::unique_ptr<PlanNode> window_node(WindowKind kind, int64_t size, int64_t slide, EmitMode emit = EmitMode::OnWindowClose) {
    auto node = std::make_unique<PlanNode>();
    node->kind = PlanNodeKind::Aggregate;
    node->group_keys.push_back(BoundExpr::make_column(0, TypeId::Text));
    node->window = WindowSpec{kind, 1, size, slide};
    node->emit = emit;
    AggregateCall count;
    count.kind = AggregateKind::CountStar;
    count.result_type = TypeId::BigInt;
    node->aggregates.push_back(std::move(count));
    AggregateCall avg;
    avg.kind = AggregateKind::Avg;
    avg.argument = BoundExpr::make_column(2, TypeId::Double);
    avg.result_type = TypeId::Double;
    node->aggregates.push_back(std::move(avg));
    AggregateCall sum;
    sum.kind = AggregateKind::Sum;
    sum.argument = BoundExpr::make_column(2, TypeId::Double);
    sum.result_type = TypeId::Double;
    node->aggregates.push_back(std::move(sum));
    return node;
}

struct RunResult {
    std::vector<std::string> rows;
    int64_t late = 0;
    size_t panes_left = 0;
    size_t max_batch_rows = 0;
};

// Drives the operator like JobDriver does: per batch, carried watermarks from a tracker, push,
// advance_watermark; at the end kWatermarkMax and finish().
RunResult run(const PlanNode &node, const std::vector<Row> &rows, size_t batch_size, int64_t delay = 0) {
    JobMetrics metrics;
    WindowAggregateOperator op(node, metrics);
    CollectOperator collect;
    op.set_next(&collect);
    WatermarkTracker tracker(delay);
    for (size_t begin = 0; begin < rows.size(); begin += batch_size) {
        std::vector<std::vector<Value>> values;
        for (size_t i = begin; i < std::min(rows.size(), begin + batch_size); i++) {
            const Row &row = rows[i];
            values.push_back({row.key.empty() ? Value::null() : Value::text(row.key), Value::timestamp(row.ts),
                              std::isnan(row.value) ? Value::null() : Value::float64(row.value)});
        }
        Batch batch = make_batch({TypeId::Text, TypeId::Timestamp, TypeId::Double}, values);
        tracker.assign(batch, 1, 0);
        op.push(batch);
        op.advance_watermark(tracker.current());
    }
    op.advance_watermark(kWatermarkMax);
    op.finish();
    EXPECT_EQ(collect.finished, 1);
    EXPECT_EQ(collect.batches_with_watermarks, 0);
    return RunResult{collect.rows, metrics.late_records.load(), op.pane_count(), collect.max_batch_rows};
}

std::string at(int64_t seconds) { return format_timestamp(seconds * kSecond); }

TEST(WindowAggregateOperatorTest, TumbleEmitsEachWindowWhenTheWatermarkPassesItsEnd) {
    auto node = window_node(WindowKind::Tumble, 10 * kSecond, 10 * kSecond);
    std::vector<Row> rows = {{"a", 1 * kSecond, 1}, {"b", 2 * kSecond, 2}, {"a", 5 * kSecond, 3},
                             {"a", 12 * kSecond, 4}, {"b", 25 * kSecond, 5}};
    std::vector<std::string> expected = {
        "a|" + at(0) + "|" + at(10) + "|2|2|4",  "b|" + at(0) + "|" + at(10) + "|1|2|2",
        "a|" + at(10) + "|" + at(20) + "|1|4|4", "b|" + at(20) + "|" + at(30) + "|1|5|5"};
    for (size_t batch_size : {1, 2, 7, 2048}) {
        RunResult result = run(*node, rows, batch_size);
        EXPECT_EQ(result.rows, expected) << "batch size " << batch_size;
        EXPECT_EQ(result.late, 0);
        EXPECT_EQ(result.panes_left, 0u);
    }
}

TEST(WindowAggregateOperatorTest, WindowsCloseInOrderAsTheWatermarkMoves) {
    auto node = window_node(WindowKind::Tumble, 10 * kSecond, 10 * kSecond);
    JobMetrics metrics;
    WindowAggregateOperator op(*node, metrics);
    CollectOperator collect;
    op.set_next(&collect);
    Batch batch = make_batch({TypeId::Text, TypeId::Timestamp, TypeId::Double},
                             {{Value::text("x"), Value::timestamp(3 * kSecond), Value::float64(1)},
                              {Value::text("x"), Value::timestamp(14 * kSecond), Value::float64(2)}});
    batch.row_watermarks = {0, 0};  // carried watermarks given by hand
    op.push(batch);
    EXPECT_TRUE(collect.rows.empty());
    // State: key x in pane [0, 10) and in pane [10, 20).
    EXPECT_EQ(metrics.state_groups.load(), 2);
    op.advance_watermark(10 * kSecond - 1);  // one µs short of the first window's end
    EXPECT_TRUE(collect.rows.empty());
    op.advance_watermark(10 * kSecond);  // W >= end closes [0, 10)
    EXPECT_EQ(collect.rows, (std::vector<std::string>{"x|" + at(0) + "|" + at(10) + "|1|1|1"}));
    EXPECT_EQ(op.pane_count(), 1u);
    EXPECT_EQ(metrics.state_groups.load(), 1);
    EXPECT_EQ(collect.watermarks, (std::vector<int64_t>{10 * kSecond - 1, 10 * kSecond}));
    op.advance_watermark(30 * kSecond);
    EXPECT_EQ(collect.rows.size(), 2u);
    EXPECT_EQ(op.pane_count(), 0u);
    EXPECT_EQ(metrics.state_groups.load(), 0);
}

TEST(WindowAggregateOperatorTest, RowJustBeforeTheEndJoinsUntilTheWatermarkReachesIt) {
    auto node = window_node(WindowKind::Tumble, 10 * kSecond, 10 * kSecond);
    const int64_t last = 10 * kSecond - 1;  // window_end - 1µs
    // Row 2 arrives with watermark 10s - 1µs (< end): joins. Row 3 moves the watermark to 10s.
    // Row 4 (same ts) arrives with watermark 10s (>= end): late.
    std::vector<Row> rows = {{"k", last, 1}, {"k", last, 2}, {"k", 10 * kSecond, 3}, {"k", last, 100}};
    for (size_t batch_size : {1, 3, 7}) {
        RunResult result = run(*node, rows, batch_size);
        EXPECT_EQ(result.rows, (std::vector<std::string>{"k|" + at(0) + "|" + at(10) + "|2|1.5|3",
                                                         "k|" + at(10) + "|" + at(20) + "|1|3|3"}))
            << "batch size " << batch_size;
        EXPECT_EQ(result.late, 1) << "batch size " << batch_size;
    }
}

TEST(WindowAggregateOperatorTest, OutOfOrderRowsWithinTheDelayStillCount) {
    auto node = window_node(WindowKind::Tumble, 10 * kSecond, 10 * kSecond);
    // Delay 5s; carried watermarks: -, -2, -2, 7, 7, 9, 9, 11. The row at 2s (watermark 9) joins
    // [0, 10); the row at 4s comes after 16s moved the watermark to 11: late.
    std::vector<Row> rows = {{"k", 3 * kSecond, 1},  {"k", 1 * kSecond, 1},  {"k", 12 * kSecond, 1},
                             {"k", 8 * kSecond, 1},  {"k", 14 * kSecond, 1}, {"k", 2 * kSecond, 1},
                             {"k", 16 * kSecond, 1}, {"k", 4 * kSecond, 1}};
    for (size_t batch_size : {1, 7, 2048}) {
        RunResult result = run(*node, rows, batch_size, 5 * kSecond);
        EXPECT_EQ(result.rows, (std::vector<std::string>{"k|" + at(0) + "|" + at(10) + "|4|1|4",
                                                         "k|" + at(10) + "|" + at(20) + "|3|1|3"}))
            << "batch size " << batch_size;
        EXPECT_EQ(result.late, 1);
    }
}

TEST(WindowAggregateOperatorTest, HopRowJoiningTwoOfItsFiveWindowsIsNotLate) {
    // HOP(slide 2s, size 10s): panes of 2s. The row at 12s moves the watermark to 12s; then the
    // row at 7s (windows ending 8, 10, 12, 14, 16) joins only [4, 14) and [6, 16); the row at 1s
    // (windows ending at most 10) joins none and is late.
    auto node = window_node(WindowKind::Hop, 10 * kSecond, 2 * kSecond);
    std::vector<Row> rows = {{"k", 12 * kSecond, 1}, {"k", 7 * kSecond, 2}, {"k", 1 * kSecond, 3}};
    for (size_t batch_size : {1, 2, 2048}) {
        RunResult result = run(*node, rows, batch_size);
        EXPECT_EQ(result.rows, (std::vector<std::string>{
                                   "k|" + at(4) + "|" + at(14) + "|2|1.5|3", "k|" + at(6) + "|" + at(16) + "|2|1.5|3",
                                   "k|" + at(8) + "|" + at(18) + "|1|1|1", "k|" + at(10) + "|" + at(20) + "|1|1|1",
                                   "k|" + at(12) + "|" + at(22) + "|1|1|1"}))
            << "batch size " << batch_size;
        EXPECT_EQ(result.late, 1);
        EXPECT_EQ(result.panes_left, 0u);
    }
}

TEST(WindowAggregateOperatorTest, HopMergesPanesPerKey) {
    // HOP(slide 5s, size 10s). a@1, b@6, a@7, a@12 → windows [0,10): a 2, b 1; [5,15): b 1, a 2;
    // [10,20): a 1; [-5,5): a 1.
    auto node = window_node(WindowKind::Hop, 10 * kSecond, 5 * kSecond);
    std::vector<Row> rows = {{"a", 1 * kSecond, 1}, {"b", 6 * kSecond, 10}, {"a", 7 * kSecond, 3}, {"a", 12 * kSecond, 5}};
    std::vector<std::string> expected = {
        "a|" + at(-5) + "|" + at(5) + "|1|1|1",  "a|" + at(0) + "|" + at(10) + "|2|2|4",
        "b|" + at(0) + "|" + at(10) + "|1|10|10", "b|" + at(5) + "|" + at(15) + "|1|10|10",
        "a|" + at(5) + "|" + at(15) + "|2|4|8",  "a|" + at(10) + "|" + at(20) + "|1|5|5"};
    for (size_t batch_size : {1, 7, 2048}) {
        RunResult result = run(*node, rows, batch_size);
        EXPECT_EQ(result.rows, expected) << "batch size " << batch_size;
    }
}

TEST(WindowAggregateOperatorTest, SplittingIntoBatchesOf1And7And2048GivesTheSameOutput) {
    auto node = window_node(WindowKind::Hop, 60 * kSecond, 20 * kSecond);
    std::vector<Row> rows;
    uint64_t state = 12345;
    for (int i = 0; i < 5000; i++) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        int64_t jitter = static_cast<int64_t>((state >> 33) % 90) * kSecond;  // out of order by up to 90s: some rows are late
        std::string key = "k" + std::to_string((state >> 20) % 13);
        rows.push_back({key, i * kSecond / 4 + jitter, static_cast<double>((state >> 40) % 100)});
    }
    RunResult reference = run(*node, rows, 2048, 10 * kSecond);
    EXPECT_GT(reference.rows.size(), 13u * 20);
    EXPECT_GT(reference.late, 0);
    EXPECT_LE(reference.max_batch_rows, kBatchCapacity);
    for (size_t batch_size : {1, 7}) {
        RunResult result = run(*node, rows, batch_size, 10 * kSecond);
        EXPECT_EQ(result.rows, reference.rows) << "batch size " << batch_size;
        EXPECT_EQ(result.late, reference.late);
    }
}

// Last row per (key, window_start) of an EMIT CHANGES run: "key|start" → row.
std::map<std::string, std::string> last_updates(const std::vector<std::string> &rows) {
    std::map<std::string, std::string> out;
    for (const auto &row : rows) {
        size_t second_bar = row.find('|', row.find('|') + 1);
        out[row.substr(0, second_bar)] = row;
    }
    return out;
}

TEST(WindowAggregateOperatorTest, EmitChangesLastUpdateEqualsTheFinalValue) {
    std::vector<Row> rows = {{"a", 1 * kSecond, 1}, {"b", 2 * kSecond, 2},  {"a", 5 * kSecond, 3},
                             {"a", 12 * kSecond, 4}, {"a", 9 * kSecond, 6}, {"b", 25 * kSecond, 5},
                             {"a", 26 * kSecond, 1}, {"a", 3 * kSecond, 9}};
    for (WindowKind kind : {WindowKind::Tumble, WindowKind::Hop}) {
        int64_t slide = kind == WindowKind::Tumble ? 10 * kSecond : 5 * kSecond;
        auto final_node = window_node(kind, 10 * kSecond, slide);
        auto changes_node = window_node(kind, 10 * kSecond, slide, EmitMode::Changes);
        RunResult final_result = run(*final_node, rows, 2048, 2 * kSecond);
        for (size_t batch_size : {1, 3, 2048}) {
            RunResult changes = run(*changes_node, rows, batch_size, 2 * kSecond);
            auto expected = last_updates(final_result.rows);
            EXPECT_EQ(expected.size(), final_result.rows.size());
            EXPECT_EQ(last_updates(changes.rows), expected) << "batch size " << batch_size;
            EXPECT_GE(changes.rows.size(), final_result.rows.size());
            EXPECT_EQ(changes.late, final_result.late);
        }
        if (kind == WindowKind::Tumble) {
            // Batch of 1: every row is an update of its own (key, window).
            RunResult changes = run(*changes_node, rows, 1, 2 * kSecond);
            EXPECT_EQ(changes.rows.size(), rows.size() - static_cast<size_t>(changes.late));
            EXPECT_EQ(changes.rows.front(), "a|" + at(0) + "|" + at(10) + "|1|1|1");
        }
    }
}

TEST(WindowAggregateOperatorTest, NullKeysFormTheirOwnGroupAndNullInputsAreIgnored) {
    auto node = window_node(WindowKind::Tumble, 10 * kSecond, 10 * kSecond);
    const double null = std::nan("");
    // "" stands for a NULL key in Row.
    std::vector<Row> rows = {{"", 1 * kSecond, 2}, {"a", 2 * kSecond, null}, {"", 3 * kSecond, 4},
                             {"a", 4 * kSecond, null}};
    RunResult result = run(*node, rows, 2048);
    EXPECT_EQ(result.rows, (std::vector<std::string>{"NULL|" + at(0) + "|" + at(10) + "|2|3|6",
                                                     "a|" + at(0) + "|" + at(10) + "|2|NULL|NULL"}));
}

TEST(WindowAggregateOperatorTest, MultiColumnKeysCountDistinctAndStddevInHopWindows) {
    // GROUP BY city TEXT, sensor BIGINT, HOP(ts, 5s, 10s): count(DISTINCT reading), stddev(reading).
    auto node = std::make_unique<PlanNode>();
    node->kind = PlanNodeKind::Aggregate;
    node->group_keys.push_back(BoundExpr::make_column(0, TypeId::Text));
    node->group_keys.push_back(BoundExpr::make_column(1, TypeId::BigInt));
    node->window = WindowSpec{WindowKind::Hop, 2, 10 * kSecond, 5 * kSecond};
    AggregateCall distinct;
    distinct.kind = AggregateKind::CountDistinct;
    distinct.argument = BoundExpr::make_column(3, TypeId::BigInt);
    distinct.result_type = TypeId::BigInt;
    node->aggregates.push_back(std::move(distinct));
    AggregateCall stddev;
    stddev.kind = AggregateKind::StddevSamp;
    stddev.argument = BoundExpr::make_column(3, TypeId::BigInt);
    stddev.result_type = TypeId::Double;
    node->aggregates.push_back(std::move(stddev));

    JobMetrics metrics;
    WindowAggregateOperator op(*node, metrics);
    CollectOperator collect;
    op.set_next(&collect);
    auto row = [](const char *city, int64_t sensor, int64_t seconds, int64_t reading) {
        return std::vector<Value>{Value::text(city), Value::bigint(sensor), Value::timestamp(seconds * kSecond),
                                  Value::bigint(reading)};
    };
    // Pane [5,10): waw/1 readings 2, 4, 4; pane [10,15): waw/1 reading 4, 6 and waw/2 reading 7.
    Batch batch = make_batch({TypeId::Text, TypeId::BigInt, TypeId::Timestamp, TypeId::BigInt},
                             {row("waw", 1, 6, 2), row("waw", 1, 7, 4), row("waw", 2, 11, 7), row("waw", 1, 8, 4),
                              row("waw", 1, 12, 4), row("waw", 1, 13, 6)});
    op.push(batch);  // no row watermarks: nothing is late before the first advance
    op.advance_watermark(kWatermarkMax);
    // [0,10): waw/1 {2,4,4}: 2 distinct, mean 10/3, M2 = 8/3, stddev = sqrt(4/3).
    // [5,15): waw/1 {2,4,4,4,6}: 3 distinct, mean 4, M2 = 8, stddev = sqrt(2); waw/2 {7}: NULL.
    // [10,20): waw/2 {7}: NULL; waw/1 {4,6}: 2 distinct, stddev = sqrt(2).
    ASSERT_EQ(collect.rows.size(), 5u);
    EXPECT_EQ(collect.rows[0], "waw|1|" + at(0) + "|" + at(10) + "|2|" + Value::float64(std::sqrt(4.0 / 3)).to_string());
    EXPECT_EQ(collect.rows[1], "waw|1|" + at(5) + "|" + at(15) + "|3|" + Value::float64(std::sqrt(2.0)).to_string());
    EXPECT_EQ(collect.rows[2], "waw|2|" + at(5) + "|" + at(15) + "|1|NULL");
    // Within a window keys come in first-seen order: waw/2 (11s) before waw/1 (12s).
    EXPECT_EQ(collect.rows[3], "waw|2|" + at(10) + "|" + at(20) + "|1|NULL");
    EXPECT_EQ(collect.rows[4], "waw|1|" + at(10) + "|" + at(20) + "|2|" + Value::float64(std::sqrt(2.0)).to_string());
}

TEST(WindowAggregateOperatorTest, ManyKeysAreSplitIntoFullBatches) {
    auto node = window_node(WindowKind::Tumble, 10 * kSecond, 10 * kSecond);
    std::vector<Row> rows;
    for (int i = 0; i < 5000; i++) rows.push_back({"key" + std::to_string(i), 1 * kSecond, 1});
    RunResult result = run(*node, rows, 2048);
    EXPECT_EQ(result.rows.size(), 5000u);
    EXPECT_EQ(result.max_batch_rows, kBatchCapacity);
}

TEST(WindowAggregateOperatorTest, RejectsBadWindows) {
    auto node = window_node(WindowKind::Hop, 5 * kSecond, 10 * kSecond);
    JobMetrics metrics;
    EXPECT_THROW(WindowAggregateOperator(*node, metrics), WeirError);
}

}  // namespace
}  // namespace weir

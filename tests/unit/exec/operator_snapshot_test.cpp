// Tests of operator checkpoints: snapshot at every cut of a run, restore into a fresh operator of the
// same plan, and require the same output afterwards; corrupt and foreign snapshots fail clearly.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/timestamp.h"
#include "common/weir_error.h"
#include "exec/group_key_table.h"
#include "exec/hash_aggregate_operator.h"
#include "exec/job_metrics.h"
#include "exec/limit_operator.h"
#include "exec/sort_operator.h"
#include "exec/watermark_tracker.h"
#include "exec/window_aggregate_operator.h"
#include "operator_test_batches.h"

namespace weir {
namespace {

using test::CollectOperator;
using test::make_batch;

constexpr int64_t kSecond = kMicrosPerSecond;

// Input columns: 0 key TEXT, 1 ts TIMESTAMP, 2 x DOUBLE, 3 n BIGINT, 4 s TEXT, 5 g BIGINT (each
// but ts NULL now and then).
const std::vector<TypeId> kInputTypes = {TypeId::Text,   TypeId::Timestamp, TypeId::Double,
                                         TypeId::BigInt, TypeId::Text,      TypeId::BigInt};
constexpr size_t kTimeColumn = 1;

// One call the driver makes on the operator: push a batch or advance the watermark.
struct Step {
    bool push = false;
    Batch batch;
    int64_t watermark = 0;
};

// A deterministic pseudo-random stream as JobDriver delivers it: batches of 1..40 rows, event times
// out of order by up to `jitter` (some rows late), carried watermarks from a WatermarkTracker with
// `delay`, every fifth batch partly filtered out through a selection, advance_watermark after each
// batch and kWatermarkMax at the end.
std::vector<Step> make_steps(uint64_t seed, size_t rows, int64_t jitter, int64_t delay) {
    static const char *const keys[] = {"a", "b", "sensor-lisbon-0001", "sensor-warsaw-0002", "c"};
    static const char *const words[] = {"pear", "apple", "fig", "quince-long-enough-for-words", "", "kiwi"};
    uint64_t state = seed;
    auto next = [&state](uint64_t range) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return (state >> 33) % range;
    };
    WatermarkTracker tracker(delay);
    std::vector<Step> steps;
    size_t produced = 0;
    for (size_t batch_index = 0; produced < rows; batch_index++) {
        size_t count = std::min<size_t>(rows - produced, 1 + next(40));
        std::vector<std::vector<Value>> values;
        for (size_t i = 0; i < count; i++, produced++) {
            int64_t ts = static_cast<int64_t>(produced) * kSecond / 4 + static_cast<int64_t>(next(jitter));
            values.push_back({next(10) == 0 ? Value::null() : Value::text(keys[next(5)]), Value::timestamp(ts),
                              next(10) == 0 ? Value::null() : Value::float64(static_cast<double>(next(2000)) / 8 - 100),
                              next(10) == 0 ? Value::null() : Value::bigint(static_cast<int64_t>(next(20)) - 5),
                              next(10) == 0 ? Value::null() : Value::text(words[next(6)]),
                              next(20) == 0 ? Value::null() : Value::bigint(static_cast<int64_t>(next(3)))});
        }
        Step push;
        push.push = true;
        push.batch = make_batch(kInputTypes, values);
        tracker.assign(push.batch, kTimeColumn, 0);
        if (batch_index % 5 == 4) {
            std::vector<uint32_t> keep;
            for (uint32_t row = 0; row < count; row++) {
                if (row % 3 != 1) keep.push_back(row);
            }
            push.batch.set_selection(std::move(keep));
        }
        steps.push_back(std::move(push));
        Step advance;
        advance.watermark = tracker.current();
        steps.push_back(std::move(advance));
    }
    Step end;
    end.watermark = kWatermarkMax;
    steps.push_back(std::move(end));
    return steps;
}

// An operator under test with its metrics and the operator collecting its output.
struct Harness {
    std::unique_ptr<JobMetrics> metrics = std::make_unique<JobMetrics>();
    std::unique_ptr<Operator> op;
    std::unique_ptr<CollectOperator> collect = std::make_unique<CollectOperator>();
};
using Factory = std::function<std::unique_ptr<Operator>(JobMetrics &)>;

Harness build(const Factory &make) {
    Harness harness;
    harness.op = make(*harness.metrics);
    harness.op->set_next(harness.collect.get());
    return harness;
}

void apply(Harness &harness, const Step &step) {
    if (!step.push) {
        harness.op->advance_watermark(step.watermark);
        return;
    }
    Batch copy = step.batch;  // push may rewrite its batch; every run gets the same input
    harness.op->push(copy);
}

std::string snapshot_of(const Operator &op) {
    StateWriter out;
    op.snapshot(out);
    return out.take();
}

void restore_from(Operator &op, const std::string &bytes) {
    StateReader in(bytes);
    op.restore(in);
    EXPECT_TRUE(in.at_end()) << "restore read less than snapshot wrote";
}

// The whole output of an uninterrupted run (and, if asked, how many rows were late).
std::vector<std::string> run_through(const Factory &make, const std::vector<Step> &steps, int64_t *late = nullptr) {
    Harness harness = build(make);
    for (const Step &step : steps) apply(harness, step);
    harness.op->finish();
    EXPECT_EQ(harness.collect->finished, 1);
    if (late) *late = harness.metrics->late_records.load();
    return harness.collect->rows;
}

// For every cut 0..steps.size(): operator A runs to the cut and is snapshotted; B, built fresh from
// the same plan, restores the bytes (which are then overwritten, so B must own what it keeps); both
// run the rest. B's output must equal A's output after the cut row for row, A's whole output the
// uninterrupted run's, B's late-row count A's after the cut, and B's own snapshot A's bytes.
// Returns the largest snapshot seen (callers check the state was not trivially empty).
size_t expect_every_cut_restores(const Factory &make, const std::vector<Step> &steps) {
    std::vector<std::string> reference = run_through(make, steps);
    size_t largest = 0;
    for (size_t cut = 0; cut <= steps.size(); cut++) {
        SCOPED_TRACE("cut " + std::to_string(cut) + " of " + std::to_string(steps.size()));
        Harness a = build(make);
        for (size_t s = 0; s < cut; s++) apply(a, steps[s]);
        size_t a_rows_at_cut = a.collect->rows.size();
        int64_t a_late_at_cut = a.metrics->late_records.load();
        Harness b = build(make);
        {
            std::string bytes = snapshot_of(*a.op);
            largest = std::max(largest, bytes.size());
            restore_from(*b.op, bytes);
            EXPECT_EQ(snapshot_of(*b.op), bytes);
            std::fill(bytes.begin(), bytes.end(), '\xa5');
        }
        EXPECT_EQ(b.op->done(), a.op->done());
        for (size_t s = cut; s < steps.size(); s++) {
            apply(a, steps[s]);
            apply(b, steps[s]);
            EXPECT_EQ(b.op->done(), a.op->done()) << "step " << s;
        }
        a.op->finish();
        b.op->finish();
        std::vector<std::string> a_after(a.collect->rows.begin() + static_cast<std::ptrdiff_t>(a_rows_at_cut),
                                         a.collect->rows.end());
        EXPECT_EQ(b.collect->rows, a_after);
        EXPECT_EQ(a.collect->rows, reference);
        EXPECT_EQ(b.metrics->late_records.load(), a.metrics->late_records.load() - a_late_at_cut);
        EXPECT_EQ(b.collect->finished, 1);
        if (b.collect->rows != a_after || a.collect->rows != reference) break;  // one failing cut says enough
    }
    return largest;
}

// GROUP BY `key_columns`, optionally windowed over ts, with every aggregate kind over DOUBLE,
// BIGINT and TEXT arguments.
std::unique_ptr<PlanNode> aggregate_node(const std::vector<size_t> &key_columns, WindowKind window = WindowKind::None,
                                         int64_t size = 0, int64_t slide = 0, EmitMode emit = EmitMode::OnWindowClose) {
    auto node = std::make_unique<PlanNode>();
    node->kind = PlanNodeKind::Aggregate;
    for (size_t column : key_columns) node->group_keys.push_back(BoundExpr::make_column(column, kInputTypes[column]));
    if (window != WindowKind::None) node->window = WindowSpec{window, kTimeColumn, size, slide};
    node->emit = emit;
    auto add = [&node](AggregateKind kind, int argument, TypeId result) {
        AggregateCall call;
        call.kind = kind;
        if (argument >= 0) call.argument = BoundExpr::make_column(static_cast<size_t>(argument), kInputTypes[argument]);
        call.result_type = result;
        node->aggregates.push_back(std::move(call));
    };
    add(AggregateKind::CountStar, -1, TypeId::BigInt);
    add(AggregateKind::Count, 2, TypeId::BigInt);
    add(AggregateKind::CountDistinct, 3, TypeId::BigInt);
    add(AggregateKind::CountDistinct, 4, TypeId::BigInt);
    add(AggregateKind::Sum, 2, TypeId::Double);
    add(AggregateKind::Sum, 3, TypeId::BigInt);
    add(AggregateKind::Avg, 2, TypeId::Double);
    add(AggregateKind::Avg, 3, TypeId::Double);
    add(AggregateKind::Min, 2, TypeId::Double);
    add(AggregateKind::Max, 2, TypeId::Double);
    add(AggregateKind::Min, 4, TypeId::Text);
    add(AggregateKind::Max, 4, TypeId::Text);
    add(AggregateKind::Max, 3, TypeId::BigInt);
    add(AggregateKind::StddevSamp, 2, TypeId::Double);
    add(AggregateKind::VarSamp, 3, TypeId::Double);
    add(AggregateKind::VarPop, 2, TypeId::Double);
    add(AggregateKind::StddevPop, 3, TypeId::Double);
    return node;
}

Factory window_factory(const PlanNode &node) {
    return [&node](JobMetrics &metrics) { return std::make_unique<WindowAggregateOperator>(node, metrics); };
}

Factory hash_factory(const PlanNode &node, bool updating) {
    return [&node, updating](JobMetrics &metrics) {
        return std::make_unique<HashAggregateOperator>(node, updating, &metrics);
    };
}

TEST(OperatorSnapshotTest, TumbleRestoresAtEveryCut) {
    auto node = aggregate_node({0}, WindowKind::Tumble, 10 * kSecond, 10 * kSecond);
    std::vector<Step> steps = make_steps(1, 500, 6 * kSecond, 2 * kSecond);
    int64_t late = 0;
    EXPECT_GT(run_through(window_factory(*node), steps, &late).size(), 40u);
    EXPECT_GT(late, 0);
    EXPECT_GT(expect_every_cut_restores(window_factory(*node), steps), 1000u);
}

TEST(OperatorSnapshotTest, HopWithFivePanesPerWindowRestoresAtEveryCut) {
    // HOP(ts, 4s, 10s): panes of 2s, five per window; two keys (TEXT, BIGINT), both with NULLs.
    // Rows come up to 16s out of order, so some miss every window (late) and some only a few.
    auto node = aggregate_node({0, 5}, WindowKind::Hop, 10 * kSecond, 4 * kSecond);
    std::vector<Step> steps = make_steps(2, 500, 16 * kSecond, 2 * kSecond);
    int64_t late = 0;
    EXPECT_GT(run_through(window_factory(*node), steps, &late).size(), 200u);
    EXPECT_GT(late, 0);
    EXPECT_GT(expect_every_cut_restores(window_factory(*node), steps), 1000u);
}

TEST(OperatorSnapshotTest, EmitChangesRestoresAtEveryCut) {
    for (WindowKind kind : {WindowKind::Tumble, WindowKind::Hop}) {
        int64_t slide = kind == WindowKind::Tumble ? 10 * kSecond : 5 * kSecond;
        auto node = aggregate_node({4}, kind, 10 * kSecond, slide, EmitMode::Changes);
        std::vector<Step> steps = make_steps(3, 400, 6 * kSecond, 1 * kSecond);
        EXPECT_GT(run_through(window_factory(*node), steps).size(), 100u);
        expect_every_cut_restores(window_factory(*node), steps);
    }
}

TEST(OperatorSnapshotTest, HashAggregateRestoresAtEveryCut) {
    for (bool updating : {false, true}) {
        SCOPED_TRACE(updating ? "updating" : "final");
        auto keyed = aggregate_node({0, 5});
        std::vector<Step> steps = make_steps(4, 400, 6 * kSecond, 0);
        EXPECT_GE(run_through(hash_factory(*keyed, updating), steps).size(), 15u);
        EXPECT_GT(expect_every_cut_restores(hash_factory(*keyed, updating), steps), 500u);
        auto text_key = aggregate_node({4});
        expect_every_cut_restores(hash_factory(*text_key, updating), steps);
        auto global = aggregate_node({});
        EXPECT_GE(run_through(hash_factory(*global, updating), steps).size(), 1u);
        expect_every_cut_restores(hash_factory(*global, updating), steps);
    }
}

TEST(OperatorSnapshotTest, GlobalAggregateRestoredBeforeAnyRowStillEmitsItsRow) {
    auto global = aggregate_node({});
    std::vector<Step> steps = make_steps(5, 1, 1, 0);
    steps.erase(steps.begin(), steps.begin() + 2);  // no batch at all, only the final watermark
    EXPECT_EQ(run_through(hash_factory(*global, false), steps).size(), 1u);
    expect_every_cut_restores(hash_factory(*global, false), steps);
}

TEST(OperatorSnapshotTest, LimitRestoresAtEveryCut) {
    std::vector<Step> steps = make_steps(6, 200, 1 * kSecond, 0);
    int64_t live_rows = 0;
    for (const Step &step : steps) live_rows += static_cast<int64_t>(step.batch.live_count());
    ASSERT_LT(live_rows, 200);  // some batches are filtered
    for (int64_t limit : {int64_t(0), int64_t(1), int64_t(37), live_rows - 1, int64_t(1000)}) {
        SCOPED_TRACE("LIMIT " + std::to_string(limit));
        Factory make = [limit](JobMetrics &) { return std::make_unique<LimitOperator>(limit); };
        EXPECT_EQ(run_through(make, steps).size(), static_cast<size_t>(std::min(limit, live_rows)));
        expect_every_cut_restores(make, steps);
    }
}

TEST(OperatorSnapshotTest, SortRestoresAtEveryCut) {
    std::vector<Step> steps = make_steps(7, 300, 1 * kSecond, 0);
    // ORDER BY key, x DESC; then ORDER BY g alone (many ties: arrival order must survive).
    Factory by_key_and_x = [](JobMetrics &) {
        return std::make_unique<SortOperator>(std::vector<size_t>{0, 2}, std::vector<bool>{false, true});
    };
    Factory by_g = [](JobMetrics &) {
        return std::make_unique<SortOperator>(std::vector<size_t>{5}, std::vector<bool>{false});
    };
    EXPECT_EQ(run_through(by_key_and_x, steps).size(), run_through(by_g, steps).size());
    EXPECT_GT(expect_every_cut_restores(by_key_and_x, steps), 1000u);
    expect_every_cut_restores(by_g, steps);
}

// The snapshot of `make`'s operator after the first `cut` steps.
std::string snapshot_after(const Factory &make, const std::vector<Step> &steps, size_t cut) {
    Harness harness = build(make);
    for (size_t s = 0; s < cut; s++) apply(harness, steps[s]);
    return snapshot_of(*harness.op);
}

void expect_data_error(const Factory &make, const std::string &bytes) {
    Harness harness = build(make);
    try {
        restore_from(*harness.op, bytes);
        ADD_FAILURE() << "restore accepted a bad snapshot of " << bytes.size() << " bytes";
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Data) << error.what();
        EXPECT_NE(std::string(error.what()).find("checkpoint snapshot"), std::string::npos) << error.what();
    }
}

// Every proper prefix of a snapshot (sampled for long ones) is rejected as corrupt.
void expect_truncations_rejected(const Factory &make, const std::string &bytes) {
    ASSERT_FALSE(bytes.empty());
    size_t stride = std::max<size_t>(1, bytes.size() / 300);
    for (size_t length = 0; length < bytes.size(); length += stride) expect_data_error(make, bytes.substr(0, length));
    expect_data_error(make, bytes.substr(0, bytes.size() - 1));
}

TEST(OperatorSnapshotTest, TruncatedSnapshotsThrowDataErrors) {
    std::vector<Step> steps = make_steps(8, 300, 6 * kSecond, 2 * kSecond);
    size_t mid = steps.size() / 2 | 1;  // after a push, before its watermark
    auto hop = aggregate_node({0, 5}, WindowKind::Hop, 10 * kSecond, 4 * kSecond);
    auto grouped = aggregate_node({0, 4});
    Factory limit = [](JobMetrics &) { return std::make_unique<LimitOperator>(100); };
    Factory sort = [](JobMetrics &) {
        return std::make_unique<SortOperator>(std::vector<size_t>{0}, std::vector<bool>{false});
    };
    for (const Factory &make : {window_factory(*hop), hash_factory(*grouped, true), limit, sort}) {
        expect_truncations_rejected(make, snapshot_after(make, steps, mid));
    }
}

TEST(OperatorSnapshotTest, SnapshotOfAnotherOperatorOrShapeThrowsDataError) {
    std::vector<Step> steps = make_steps(9, 300, 6 * kSecond, 2 * kSecond);
    size_t mid = steps.size() / 2;
    auto tumble = aggregate_node({0}, WindowKind::Tumble, 10 * kSecond, 10 * kSecond);
    auto grouped = aggregate_node({0});
    Factory limit = [](JobMetrics &) { return std::make_unique<LimitOperator>(100); };
    Factory sort = [](JobMetrics &) {
        return std::make_unique<SortOperator>(std::vector<size_t>{0}, std::vector<bool>{false});
    };
    std::string window_bytes = snapshot_after(window_factory(*tumble), steps, mid);
    std::string hash_bytes = snapshot_after(hash_factory(*grouped, false), steps, mid);
    std::string limit_bytes = snapshot_after(limit, steps, mid);
    std::string early_limit_bytes = snapshot_after(limit, steps, 2);  // some of the 100 rows passed
    std::string sort_bytes = snapshot_after(sort, steps, mid);
    expect_data_error(hash_factory(*grouped, false), window_bytes);
    expect_data_error(window_factory(*tumble), hash_bytes);
    expect_data_error(sort, limit_bytes);
    expect_data_error(limit, sort_bytes);
    expect_data_error(window_factory(*tumble), std::string());

    // Same operator, other plan: other key types, other aggregates, another window size, a
    // smaller LIMIT than rows still to pass, rows without the ORDER BY column.
    auto other_key = aggregate_node({3}, WindowKind::Tumble, 10 * kSecond, 10 * kSecond);
    expect_data_error(window_factory(*other_key), window_bytes);
    auto fewer_aggregates = aggregate_node({0}, WindowKind::Tumble, 10 * kSecond, 10 * kSecond);
    fewer_aggregates->aggregates.pop_back();
    expect_data_error(window_factory(*fewer_aggregates), window_bytes);
    auto other_size = aggregate_node({0}, WindowKind::Tumble, 7 * kSecond, 7 * kSecond);
    expect_data_error(window_factory(*other_size), window_bytes);
    Factory small_limit = [](JobMetrics &) { return std::make_unique<LimitOperator>(5); };
    expect_data_error(small_limit, early_limit_bytes);
    Factory sort_by_missing_column = [](JobMetrics &) {
        return std::make_unique<SortOperator>(std::vector<size_t>{9}, std::vector<bool>{false});
    };
    expect_data_error(sort_by_missing_column, sort_bytes);
}

TEST(OperatorSnapshotTest, GroupKeyTableRestoresIdsInOrderAndRejectsRepeatedKeys) {
    Batch input = make_batch({TypeId::Text, TypeId::Double},
                             {{Value::text("x"), Value::float64(1)},
                              {Value::null(), Value::float64(2)},
                              {Value::text("x"), Value::null()},
                              {Value::text("a-key-longer-than-eight-bytes"), Value::float64(-0.0)},
                              {Value::null(), Value::null()}});
    std::vector<const ColumnVector *> keys = {&input.columns[0], &input.columns[1]};
    std::vector<uint32_t> rows = {4, 3, 2, 1, 0};
    std::vector<uint32_t> ids(rows.size());
    GroupKeyTable table({TypeId::Text, TypeId::Double});
    table.find_or_insert(keys, rows.data(), rows.size(), ids.data());
    StateWriter out;
    table.snapshot(out);
    std::string bytes = out.take();

    GroupKeyTable restored({TypeId::Text, TypeId::Double});
    StateReader in(bytes);
    restored.restore(in);
    EXPECT_TRUE(in.at_end());
    ASSERT_EQ(restored.size(), 5u);
    std::vector<uint32_t> again(rows.size());
    restored.find_or_insert(keys, rows.data(), rows.size(), again.data());
    EXPECT_EQ(again, ids);
    EXPECT_EQ(restored.size(), 5u);

    // A hand-made snapshot repeating a key.
    StateWriter repeated;
    repeated.write_tag("group_keys");
    Batch twice = make_batch({TypeId::Text, TypeId::Double}, {{Value::text("x"), Value::float64(1)},
                                                                {Value::text("x"), Value::float64(1)}});
    repeated.write_batch(twice);
    GroupKeyTable rejecting({TypeId::Text, TypeId::Double});
    StateReader bad(repeated.data());
    try {
        rejecting.restore(bad);
        ADD_FAILURE() << "a repeated key was accepted";
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Data);
    }
    // Keys of other types.
    GroupKeyTable other_types({TypeId::BigInt, TypeId::Double});
    StateReader mismatched(bytes);
    EXPECT_THROW(other_types.restore(mismatched), WeirError);
}

}  // namespace
}  // namespace weir

// Tests of change kinds through exec: Batch/Project keep them, aggregations emit upserts, the HAVING
// filter over an updating aggregation deletes keys that stop matching, the sink gets runs of one kind.
#include <gtest/gtest.h>

#include "connectors/changelog_sink.h"
#include "exec/changelog_filter_operator.h"
#include "exec/hash_aggregate_operator.h"
#include "exec/project_operator.h"
#include "exec/sink_operator.h"
#include "operator_test_batches.h"

namespace weir {
namespace {

using test::make_batch;
using test::rows_of;

// Remembers every live row as "<kind code> v1|v2|...".
class KindCollector : public Operator {
public:
    void push(Batch &batch) override {
        auto values = rows_of(batch);
        for (size_t i = 0; i < batch.live_count(); i++) {
            rows.push_back(std::string(change_kind_code(batch.kind(batch.live_row(i)))) + " " + values[i]);
        }
    }
    void advance_watermark(int64_t watermark) override { watermarks.push_back(watermark); }
    std::string name() const override { return "KindCollector"; }
    std::vector<std::string> rows;
    std::vector<int64_t> watermarks;
};

// Remembers every write as "<kind code> v1|v2|..." per live row, and the number of writes.
class RecordingSink : public Sink {
public:
    void open() override {}
    void write(const Batch &batch, ChangeKind kind) override {
        writes++;
        for (const auto &row : rows_of(batch)) rows.push_back(std::string(change_kind_code(kind)) + " " + row);
    }
    std::vector<std::string> rows;
    int writes = 0;
};

std::unique_ptr<BoundExpr> greater_than(size_t column, int64_t value) {
    std::vector<std::unique_ptr<BoundExpr>> args;
    args.push_back(BoundExpr::make_column(column, TypeId::BigInt));
    args.push_back(BoundExpr::make_constant(Value::bigint(value)));
    return BoundExpr::make_call(">", TypeId::Boolean, std::move(args));
}

// (key TEXT, total BIGINT) rows of an updating aggregation, every one an Upsert.
Batch upserts(const std::vector<std::pair<const char *, int64_t>> &rows) {
    std::vector<std::vector<Value>> values;
    for (auto &[key, total] : rows) values.push_back({Value::text(key), Value::bigint(total)});
    Batch batch = make_batch({TypeId::Text, TypeId::BigInt}, values);
    batch.row_kinds.assign(batch.size(), ChangeKind::Upsert);
    return batch;
}

TEST(ChangelogTest, CompactedKeepsTheKindsOfLiveRows) {
    Batch batch = upserts({{"a", 1}, {"b", 2}, {"c", 3}});
    batch.row_kinds[2] = ChangeKind::Delete;
    batch.set_selection({0, 2});
    Batch copy = batch.compacted();
    ASSERT_EQ(copy.row_kinds.size(), 2u);
    EXPECT_EQ(copy.row_kinds[0], ChangeKind::Upsert);
    EXPECT_EQ(copy.row_kinds[1], ChangeKind::Delete);
    Batch inserts = make_batch({TypeId::BigInt}, {{Value::bigint(1)}});
    EXPECT_TRUE(inserts.compacted().row_kinds.empty());
    EXPECT_EQ(inserts.kind(0), ChangeKind::Insert);
}

TEST(ChangelogTest, ProjectKeepsEachRowsKind) {
    std::vector<std::unique_ptr<BoundExpr>> expressions;
    expressions.push_back(BoundExpr::make_column(1, TypeId::BigInt));
    ProjectOperator project(expressions);
    KindCollector collect;
    project.set_next(&collect);
    Batch batch = upserts({{"a", 1}, {"b", 2}});
    batch.row_kinds[1] = ChangeKind::Delete;
    project.push(batch);
    EXPECT_EQ(collect.rows, (std::vector<std::string>{"+U 1", "-D 2"}));
}

// GROUP BY column 0 (TEXT), sum(column 1 BIGINT).
std::unique_ptr<PlanNode> sum_node() {
    auto node = std::make_unique<PlanNode>();
    node->kind = PlanNodeKind::Aggregate;
    node->group_keys.push_back(BoundExpr::make_column(0, TypeId::Text));
    AggregateCall sum;
    sum.kind = AggregateKind::Sum;
    sum.argument = BoundExpr::make_column(1, TypeId::BigInt);
    sum.result_type = TypeId::BigInt;
    node->aggregates.push_back(std::move(sum));
    return node;
}

Batch orders(const std::vector<std::pair<const char *, int64_t>> &rows) {
    std::vector<std::vector<Value>> values;
    for (auto &[key, amount] : rows) values.push_back({Value::text(key), Value::bigint(amount)});
    return make_batch({TypeId::Text, TypeId::BigInt}, values);
}

TEST(ChangelogTest, UpdatingAggregationEmitsUpsertsAndFinalOneInserts) {
    auto node = sum_node();
    HashAggregateOperator updating(*node, true);
    KindCollector changes;
    updating.set_next(&changes);
    Batch first = orders({{"a", 5}, {"b", 1}});
    updating.push(first);
    Batch second = orders({{"a", 2}});
    updating.push(second);
    EXPECT_EQ(changes.rows, (std::vector<std::string>{"+U a|5", "+U b|1", "+U a|7"}));

    HashAggregateOperator final(*node, false);
    KindCollector rows;
    final.set_next(&rows);
    Batch all = orders({{"a", 5}, {"b", 1}, {"a", 2}});
    final.push(all);
    final.finish();
    EXPECT_EQ(rows.rows, (std::vector<std::string>{"+I a|7", "+I b|1"}));
}

// HAVING sum > 100 over (customer, total): the hand-computed change stream.
TEST(ChangelogTest, HavingDeletesAKeyThatStopsMatchingAndDropsKeysNeverPassedOn) {
    auto predicate = greater_than(1, 100);
    ChangelogFilterOperator having(*predicate, {0}, {TypeId::Text}, std::nullopt);
    KindCollector collect;
    having.set_next(&collect);
    Batch b1 = upserts({{"a", 150}, {"b", 50}});  // a passes; b never passed on: dropped
    having.push(b1);
    Batch b2 = upserts({{"a", 70}, {"b", 110}});  // a stops matching: deleted; b starts
    having.push(b2);
    Batch b3 = upserts({{"a", 60}, {"b", 120}, {"c", 1}});  // a still absent; b updated; c dropped
    having.push(b3);
    Batch b4 = upserts({{"a", 101}});  // a back
    b4.row_kinds[0] = ChangeKind::Upsert;
    having.push(b4);
    Batch b5 = upserts({{"b", 500}, {"c", 500}});  // upstream deletes: b present, c never passed on
    b5.row_kinds.assign(2, ChangeKind::Delete);
    having.push(b5);
    EXPECT_EQ(collect.rows, (std::vector<std::string>{"+U a|150", "-D a|70", "+U b|110", "+U b|120", "+U a|101",
                                                      "-D b|500"}));
}

TEST(ChangelogTest, HavingKeepsTheBatchesRowPositionsAndNullFailsLikeFalse) {
    auto predicate = greater_than(1, 100);
    ChangelogFilterOperator having(*predicate, {0}, {TypeId::Text}, std::nullopt);
    KindCollector collect;
    having.set_next(&collect);
    Batch first = upserts({{"x", 200}, {"y", 200}, {"z", 200}});
    first.set_selection({0, 2});  // y is not live
    having.push(first);
    Batch second = upserts({{"x", 0}, {"z", 0}});
    second.columns[1].set_null(0);  // x's total is NULL: HAVING is not TRUE
    having.push(second);
    EXPECT_EQ(collect.rows, (std::vector<std::string>{"+U x|200", "+U z|200", "-D x|NULL", "-D z|0"}));
}

TEST(ChangelogTest, HavingRestoresWhichKeysArePresent) {
    auto predicate = greater_than(1, 100);
    ChangelogFilterOperator having(*predicate, {0}, {TypeId::Text}, std::nullopt);
    Batch first = upserts({{"a", 150}, {"b", 50}});
    having.push(first);
    StateWriter writer;
    having.snapshot(writer);
    std::string bytes = writer.take();

    ChangelogFilterOperator restored(*predicate, {0}, {TypeId::Text}, std::nullopt);
    StateReader reader(bytes);
    restored.restore(reader);
    KindCollector collect;
    restored.set_next(&collect);
    Batch second = upserts({{"a", 10}, {"b", 10}});
    restored.push(second);
    EXPECT_EQ(collect.rows, (std::vector<std::string>{"-D a|10"}));
}

// (page TEXT, window_start, window_end, n BIGINT) of an EMIT CHANGES window, HAVING n > 1.
TEST(ChangelogTest, HavingOverWindowChangesKeepsKeysPerWindowUntilItCloses) {
    auto predicate = greater_than(3, 1);
    ChangelogFilterOperator having(*predicate, {0}, {TypeId::Text}, size_t{1});
    KindCollector collect;
    having.set_next(&collect);
    const int64_t minute = 60 * kMicrosPerSecond;
    auto row = [&](const char *page, int64_t start, int64_t n) {
        return std::vector<Value>{Value::text(page), Value::timestamp(start * minute),
                                  Value::timestamp((start + 1) * minute), Value::bigint(n)};
    };
    std::vector<TypeId> types = {TypeId::Text, TypeId::Timestamp, TypeId::Timestamp, TypeId::BigInt};
    Batch first = make_batch(types, {row("/", 0, 2), row("/", 1, 1)});
    first.row_kinds.assign(2, ChangeKind::Upsert);
    having.push(first);
    having.advance_watermark(minute);  // window [00:00, 00:01) closes: its keys are forgotten
    Batch second = make_batch(types, {row("/", 0, 0), row("/", 1, 2), row("/", 1, 0)});
    second.row_kinds.assign(3, ChangeKind::Upsert);
    having.push(second);
    EXPECT_EQ(collect.rows, (std::vector<std::string>{"+U /|1970-01-01 00:00:00|1970-01-01 00:01:00|2",
                                                      "+U /|1970-01-01 00:01:00|1970-01-01 00:02:00|2",
                                                      "-D /|1970-01-01 00:01:00|1970-01-01 00:02:00|0"}));
    EXPECT_EQ(collect.watermarks, (std::vector<int64_t>{minute}));
}

TEST(ChangelogTest, SinkOperatorWritesRunsOfOneKindInRowOrder) {
    RecordingSink sink;
    JobMetrics metrics;
    SinkOperator op(sink, ChangeKind::Insert, metrics);
    Batch batch = upserts({{"a", 1}, {"b", 2}, {"c", 3}, {"d", 4}, {"e", 5}});
    batch.row_kinds[1] = ChangeKind::Delete;
    batch.row_kinds[2] = ChangeKind::Delete;
    batch.set_selection({0, 1, 2, 4});  // d is not live
    op.push(batch);
    EXPECT_EQ(sink.rows, (std::vector<std::string>{"+U a|1", "-D b|2", "-D c|3", "+U e|5"}));
    EXPECT_EQ(sink.writes, 3);
    EXPECT_EQ(batch.selection(), (std::vector<uint32_t>{0, 1, 2, 4}));
    EXPECT_EQ(metrics.records_out.load(), 4);

    Batch uniform = upserts({{"f", 6}});
    op.push(uniform);
    Batch plain = orders({{"g", 7}});
    op.push(plain);
    EXPECT_EQ(sink.writes, 5);
    EXPECT_EQ(sink.rows.back(), "+I g|7");
}

TEST(ChangelogTest, ChangelogSinkAppendsEveryChangeWithAnOpColumn) {
    auto inner = std::make_unique<RecordingSink>();
    RecordingSink &recorded = *inner;
    ChangelogSink sink(std::move(inner));
    Batch batch = upserts({{"a", 1}, {"b", 2}, {"c", 3}});
    batch.set_selection({0, 2});
    sink.write(batch, ChangeKind::Upsert);
    sink.write(batch, ChangeKind::Delete);
    Batch plain = orders({{"d", 4}});
    sink.write(plain, ChangeKind::Insert);
    EXPECT_EQ(recorded.rows,
              (std::vector<std::string>{"+I a|1|+U", "+I c|3|+U", "+I a|1|-D", "+I c|3|-D", "+I d|4|+I"}));
    EXPECT_FALSE(sink.applies_changes());
    EXPECT_TRUE(ChangelogSink::requested({{"changelog", "TRUE"}}));
    EXPECT_FALSE(ChangelogSink::requested({{"changelog", "false"}}));
    EXPECT_FALSE(ChangelogSink::requested({}));
    EXPECT_THROW(ChangelogSink::requested({{"changelog", "yes"}}), WeirError);
}

}  // namespace
}  // namespace weir

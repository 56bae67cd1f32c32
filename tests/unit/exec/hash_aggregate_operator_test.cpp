// Tests of HashAggregateOperator: final rows at the end, the global aggregate, updating results.
#include "exec/hash_aggregate_operator.h"

#include <gtest/gtest.h>

#include "operator_test_batches.h"

namespace weir {
namespace {

using test::CollectOperator;
using test::make_batch;

// GROUP BY column 0 (TEXT) unless `global`; count(*), sum(column 1 BIGINT), max(column 1).
std::unique_ptr<PlanNode> group_node(bool global) {
    auto node = std::make_unique<PlanNode>();
    node->kind = PlanNodeKind::Aggregate;
    if (!global) node->group_keys.push_back(BoundExpr::make_column(0, TypeId::Text));
    AggregateCall count;
    count.kind = AggregateKind::CountStar;
    node->aggregates.push_back(std::move(count));
    AggregateCall sum;
    sum.kind = AggregateKind::Sum;
    sum.argument = BoundExpr::make_column(1, TypeId::BigInt);
    sum.result_type = TypeId::BigInt;
    node->aggregates.push_back(std::move(sum));
    AggregateCall max;
    max.kind = AggregateKind::Max;
    max.argument = BoundExpr::make_column(1, TypeId::BigInt);
    max.result_type = TypeId::BigInt;
    node->aggregates.push_back(std::move(max));
    return node;
}

Batch input(const std::vector<std::pair<const char *, int64_t>> &rows) {
    std::vector<std::vector<Value>> values;
    for (auto &[key, value] : rows) values.push_back({key ? Value::text(key) : Value::null(), Value::bigint(value)});
    return make_batch({TypeId::Text, TypeId::BigInt}, values);
}

TEST(HashAggregateOperatorTest, BoundedInputEmitsFinalRowsAtFinish) {
    auto node = group_node(false);
    HashAggregateOperator op(*node, false);
    CollectOperator collect;
    op.set_next(&collect);
    Batch first = input({{"x", 1}, {"y", 5}, {nullptr, 7}});
    op.push(first);
    Batch second = input({{"x", 10}, {"y", -5}, {"z", 0}});
    second.set_selection({0, 1});  // "z" was filtered out
    op.push(second);
    EXPECT_TRUE(collect.rows.empty());
    op.finish();
    EXPECT_EQ(collect.rows, (std::vector<std::string>{"x|2|11|10", "y|2|0|5", "NULL|1|7|7"}));
    EXPECT_EQ(collect.finished, 1);
}

TEST(HashAggregateOperatorTest, GlobalAggregateOverNoRowsHasOneRow) {
    auto node = group_node(true);
    HashAggregateOperator op(*node, false);
    CollectOperator collect;
    op.set_next(&collect);
    op.finish();
    EXPECT_EQ(collect.rows, (std::vector<std::string>{"0|NULL|NULL"}));
}

TEST(HashAggregateOperatorTest, UpdatingEmitsChangedGroupsAfterEachBatch) {
    auto node = group_node(false);
    HashAggregateOperator op(*node, true);
    CollectOperator collect;
    op.set_next(&collect);
    Batch first = input({{"x", 1}, {"y", 5}, {"x", 2}});
    op.push(first);
    EXPECT_EQ(collect.rows, (std::vector<std::string>{"x|2|3|2", "y|1|5|5"}));
    Batch second = input({{"y", 1}});
    op.push(second);
    EXPECT_EQ(collect.rows.back(), "y|2|6|5");
    EXPECT_EQ(collect.rows.size(), 3u);
    op.finish();  // nothing more: every change was emitted already
    EXPECT_EQ(collect.rows.size(), 3u);
    EXPECT_EQ(collect.finished, 1);
}

}  // namespace
}  // namespace weir

// Tests of FilterOperator and ProjectOperator: selection only, aligned projected batches.
#include "exec/filter_operator.h"

#include <gtest/gtest.h>

#include "exec/project_operator.h"
#include "operator_test_batches.h"

namespace weir {
namespace {

using test::CollectOperator;
using test::make_batch;

Batch readings() {
    Batch batch = make_batch({TypeId::Text, TypeId::BigInt},
                             {{Value::text("a"), Value::bigint(5)},
                              {Value::text("b"), Value::bigint(50)},
                              {Value::text("c"), Value::null()},
                              {Value::text("d"), Value::bigint(70)}});
    batch.row_watermarks = {1, 2, 3, 4};
    return batch;
}

std::unique_ptr<BoundExpr> greater_than(size_t column, int64_t value) {
    std::vector<std::unique_ptr<BoundExpr>> args;
    args.push_back(BoundExpr::make_column(column, TypeId::BigInt));
    args.push_back(BoundExpr::make_constant(Value::bigint(value)));
    return BoundExpr::make_call(">", TypeId::Boolean, std::move(args));
}

TEST(FilterOperatorTest, KeepsTrueRowsBySelectionAndDropsEmptyBatches) {
    auto predicate = greater_than(1, 10);
    FilterOperator filter(*predicate);
    CollectOperator collect;
    filter.set_next(&collect);
    Batch batch = readings();
    filter.push(batch);
    EXPECT_EQ(collect.rows, (std::vector<std::string>{"b|50", "d|70"}));
    EXPECT_EQ(batch.size(), 4u);  // columns untouched, only the selection changed
    auto none = greater_than(1, 1000);
    FilterOperator nothing(*none);
    CollectOperator empty;
    nothing.set_next(&empty);
    Batch again = readings();
    nothing.push(again);
    EXPECT_EQ(empty.batches, 0);
}

TEST(ProjectOperatorTest, ComputesColumnsAndKeepsRowsAlignedWithWatermarks) {
    std::vector<std::unique_ptr<BoundExpr>> expressions;
    {
        std::vector<std::unique_ptr<BoundExpr>> args;
        args.push_back(BoundExpr::make_column(1, TypeId::BigInt));
        args.push_back(BoundExpr::make_constant(Value::bigint(1)));
        expressions.push_back(BoundExpr::make_call("+", TypeId::BigInt, std::move(args)));
    }
    expressions.push_back(BoundExpr::make_column(0, TypeId::Text));
    expressions.push_back(BoundExpr::make_column(1, TypeId::BigInt));
    ProjectOperator project(expressions);

    // A recording operator that checks the watermarks travel with the rows.
    struct Check : test::CollectOperator {
        void push(Batch &batch) override {
            test::CollectOperator::push(batch);
            for (size_t i = 0; i < batch.live_count(); i++) carried.push_back(batch.row_watermarks[batch.live_row(i)]);
        }
        std::vector<int64_t> carried;
    } check;
    project.set_next(&check);
    Batch batch = readings();
    batch.set_selection({1, 2, 3});
    project.push(batch);
    EXPECT_EQ(check.rows, (std::vector<std::string>{"51|b|50", "NULL|c|NULL", "71|d|70"}));
    EXPECT_EQ(check.carried, (std::vector<int64_t>{2, 3, 4}));
    // The input keeps its columns and watermarks for reuse by the source.
    EXPECT_EQ(batch.columns[0].strings()[3], "d");
    EXPECT_EQ(batch.row_watermarks.size(), 4u);
}

}  // namespace
}  // namespace weir

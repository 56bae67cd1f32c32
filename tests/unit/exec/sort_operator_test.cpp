// Tests of SortOperator: multi-key order, NULL placement, stability, output batching.
#include "exec/sort_operator.h"

#include <gtest/gtest.h>

#include "common/weir_error.h"
#include "operator_test_batches.h"

namespace weir {
namespace {

using test::CollectOperator;
using test::make_batch;

Batch people() {
    return make_batch({TypeId::Text, TypeId::BigInt, TypeId::Double},
                      {{Value::text("ann"), Value::bigint(30), Value::float64(1.5)},
                       {Value::text("bob"), Value::null(), Value::float64(2.5)},
                       {Value::text("cid"), Value::bigint(25), Value::null()},
                       {Value::text("dee"), Value::bigint(30), Value::float64(0.5)},
                       {Value::null(), Value::bigint(25), Value::float64(9)}});
}

TEST(SortOperatorTest, AscendingPutsNullsLastAndKeepsTiesInArrivalOrder) {
    SortOperator op({1}, {false});
    CollectOperator collect;
    op.set_next(&collect);
    Batch batch = people();
    op.push(batch);
    op.finish();
    EXPECT_EQ(collect.rows, (std::vector<std::string>{"cid|25|NULL", "NULL|25|9", "ann|30|1.5", "dee|30|0.5",
                                                      "bob|NULL|2.5"}));
}

TEST(SortOperatorTest, DescendingPutsNullsFirstAndUsesTheSecondKey) {
    SortOperator op({1, 0}, {true, false});
    CollectOperator collect;
    op.set_next(&collect);
    Batch batch = people();
    batch.set_selection({0, 1, 2, 3, 4});
    op.push(batch);
    op.finish();
    // age DESC (NULL first), then name ASC (NULL last).
    EXPECT_EQ(collect.rows, (std::vector<std::string>{"bob|NULL|2.5", "ann|30|1.5", "dee|30|0.5", "cid|25|NULL",
                                                      "NULL|25|9"}));
}

TEST(SortOperatorTest, SortsAcrossBatchesAndSplitsTheOutput) {
    SortOperator op({0}, {true});
    CollectOperator collect;
    op.set_next(&collect);
    for (int b = 0; b < 3; b++) {
        std::vector<std::vector<Value>> rows;
        for (int i = 0; i < 1500; i++) rows.push_back({Value::bigint(i * 3 + b)});
        Batch batch = make_batch({TypeId::BigInt}, rows);
        if (b == 1) batch.set_selection({0, 2, 4});  // 3 live rows: 1, 7, 13
        op.push(batch);
    }
    op.finish();
    ASSERT_EQ(collect.rows.size(), 3003u);
    EXPECT_EQ(collect.rows.front(), "4499");
    EXPECT_EQ(collect.rows.back(), "0");
    EXPECT_EQ(collect.max_batch_rows, kBatchCapacity);
    EXPECT_EQ(collect.batches, 2);
    // 13, 7 and 1 come from the middle batch's selection.
    EXPECT_EQ(collect.rows[3003 - 1 - 1], "1");
}

TEST(SortOperatorTest, MismatchedDirectionsAreAnInternalError) {
    EXPECT_THROW(SortOperator({0, 1}, {true}), WeirError);
}

}  // namespace
}  // namespace weir

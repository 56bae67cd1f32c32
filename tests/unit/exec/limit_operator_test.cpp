// Tests of LimitOperator: trimming the selection and reporting done().
#include "exec/limit_operator.h"

#include <gtest/gtest.h>

#include "common/weir_error.h"
#include "operator_test_batches.h"

namespace weir {
namespace {

using test::CollectOperator;
using test::make_batch;

Batch numbers(int from, int count) {
    std::vector<std::vector<Value>> rows;
    for (int i = 0; i < count; i++) rows.push_back({Value::bigint(from + i)});
    return make_batch({TypeId::BigInt}, rows);
}

TEST(LimitOperatorTest, PassesTheFirstRowsThenIsDone) {
    LimitOperator op(4);
    CollectOperator collect;
    op.set_next(&collect);
    Batch first = numbers(0, 3);
    first.set_selection({0, 2});
    op.push(first);
    EXPECT_FALSE(op.done());
    Batch second = numbers(10, 5);
    op.push(second);
    EXPECT_TRUE(op.done());
    Batch third = numbers(20, 5);
    op.push(third);
    EXPECT_EQ(collect.rows, (std::vector<std::string>{"0", "2", "10", "11"}));
}

TEST(LimitOperatorTest, ZeroIsDoneAtOnceAndNegativeIsAnError) {
    LimitOperator zero(0);
    EXPECT_TRUE(zero.done());
    EXPECT_THROW(LimitOperator(-1), WeirError);
}

}  // namespace
}  // namespace weir

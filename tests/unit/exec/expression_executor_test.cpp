// ExpressionExecutor: column refs, constants, NULLs, three-valued logic, selections, CASE/IN/COALESCE.
#include "exec/expression_executor.h"

#include <gtest/gtest.h>

#include "common/timestamp.h"
#include "common/weir_error.h"

namespace weir {
namespace {

using Expr = std::unique_ptr<BoundExpr>;

Expr col(size_t index, TypeId type) { return BoundExpr::make_column(index, type); }
Expr lit(Value value) { return BoundExpr::make_constant(std::move(value)); }
Expr call(const std::string &name, TypeId type, Expr a, Expr b) {
    std::vector<Expr> args;
    args.push_back(std::move(a));
    args.push_back(std::move(b));
    return BoundExpr::make_call(name, type, std::move(args));
}
Expr node(BoundExprKind kind, TypeId type, std::vector<Expr> children) {
    auto expr = std::make_unique<BoundExpr>();
    expr->kind = kind;
    expr->type = type;
    expr->children = std::move(children);
    return expr;
}
std::vector<Expr> list(Expr a, Expr b) {
    std::vector<Expr> out;
    out.push_back(std::move(a));
    out.push_back(std::move(b));
    return out;
}

// One column of the given type holding `values` (Value::null rows become NULL).
void add_column(Batch &batch, TypeId type, const std::vector<Value> &values) {
    ColumnVector column(type, values.size());
    for (size_t i = 0; i < values.size(); i++) {
        if (values[i].is_null()) {
            column.set_null(i);
            continue;
        }
        switch (type) {
        case TypeId::Boolean: column.bools()[i] = values[i].as_bool(); break;
        case TypeId::Double: column.doubles()[i] = values[i].as_double(); break;
        case TypeId::Text: column.strings()[i] = batch.arena().add(values[i].as_text()); break;
        default: column.ints()[i] = values[i].as_int(); break;
        }
    }
    batch.columns.push_back(std::move(column));
}

// The display form of each live row of `expr` over `batch`.
std::vector<std::string> run(const BoundExpr &expr, Batch &batch) {
    ExpressionExecutor executor(expr);
    ColumnVector out;
    executor.evaluate(batch, out);
    EXPECT_EQ(out.size(), batch.size());
    std::vector<std::string> shown;
    for (size_t i = 0; i < batch.live_count(); i++) shown.push_back(Value::from_column(out, batch.live_row(i)).to_string());
    return shown;
}

using Strings = std::vector<std::string>;
const Value kNullInt = Value::null(TypeId::BigInt);
const Value kNullBool = Value::null(TypeId::Boolean);

Batch numbers() {  // #0 BIGINT, #1 DOUBLE, #2 TEXT
    Batch batch;
    add_column(batch, TypeId::BigInt, {Value::bigint(1), Value::bigint(20), kNullInt, Value::bigint(-4)});
    add_column(batch, TypeId::Double,
               {Value::float64(1.5), Value::null(TypeId::Double), Value::float64(31), Value::float64(-2)});
    add_column(batch, TypeId::Text, {Value::text("a"), Value::text("b"), Value::text("c"), Value::null(TypeId::Text)});
    batch.set_size(4);
    return batch;
}

TEST(ExpressionExecutorTest, ColumnRefAndConstant) {
    Batch batch = numbers();
    EXPECT_EQ(run(*col(0, TypeId::BigInt), batch), (Strings{"1", "20", "NULL", "-4"}));
    EXPECT_EQ(run(*lit(Value::text("x")), batch), (Strings{"x", "x", "x", "x"}));
    EXPECT_EQ(run(*lit(kNullInt), batch), (Strings{"NULL", "NULL", "NULL", "NULL"}));
}

TEST(ExpressionExecutorTest, ArithmeticPropagatesNull) {
    Batch batch = numbers();
    EXPECT_EQ(run(*call("+", TypeId::BigInt, col(0, TypeId::BigInt), lit(Value::bigint(10))), batch),
              (Strings{"11", "30", "NULL", "6"}));
    EXPECT_EQ(run(*call("*", TypeId::Double, col(1, TypeId::Double), lit(Value::float64(2))), batch),
              (Strings{"3", "NULL", "62", "-4"}));
    EXPECT_EQ(run(*call("-", TypeId::BigInt, lit(Value::bigint(100)), col(0, TypeId::BigInt)), batch),
              (Strings{"99", "80", "NULL", "104"}));
    EXPECT_EQ(run(*call("+", TypeId::BigInt, col(0, TypeId::BigInt), lit(kNullInt)), batch),
              (Strings{"NULL", "NULL", "NULL", "NULL"}));
}

TEST(ExpressionExecutorTest, ComparisonColumnWithConstantBothSides) {
    Batch batch = numbers();
    EXPECT_EQ(run(*call(">", TypeId::Boolean, col(1, TypeId::Double), lit(Value::float64(1.5))), batch),
              (Strings{"false", "NULL", "true", "false"}));
    EXPECT_EQ(run(*call("<=", TypeId::Boolean, lit(Value::bigint(1)), col(0, TypeId::BigInt)), batch),
              (Strings{"true", "true", "NULL", "false"}));
    EXPECT_EQ(run(*call("=", TypeId::Boolean, col(2, TypeId::Text), lit(Value::text("b"))), batch),
              (Strings{"false", "true", "false", "NULL"}));
}

TEST(ExpressionExecutorTest, OnlySelectedRowsAreComputed) {
    Batch batch;
    add_column(batch, TypeId::BigInt, {Value::bigint(9223372036854775807LL), Value::bigint(5), Value::bigint(7)});
    batch.set_size(3);
    batch.set_selection({1, 2});
    // Row 0 would overflow, but it is not live.
    EXPECT_EQ(run(*call("+", TypeId::BigInt, col(0, TypeId::BigInt), lit(Value::bigint(1))), batch),
              (Strings{"6", "8"}));
    batch.clear_selection();
    EXPECT_THROW(run(*call("+", TypeId::BigInt, col(0, TypeId::BigInt), lit(Value::bigint(1))), batch), WeirError);
}

TEST(ExpressionExecutorTest, OverflowInNullRowIsIgnored) {
    Batch batch;
    add_column(batch, TypeId::BigInt, {Value::bigint(9223372036854775807LL), Value::bigint(5)});
    batch.columns[0].set_null(0);  // slot still holds INT64_MAX
    batch.set_size(2);
    EXPECT_EQ(run(*call("+", TypeId::BigInt, col(0, TypeId::BigInt), lit(Value::bigint(1))), batch),
              (Strings{"NULL", "6"}));
}

// Truth table for AND/OR over (a, b) pairs of TRUE/FALSE/NULL.
TEST(ExpressionExecutorTest, ThreeValuedLogic) {
    Batch batch;
    std::vector<Value> t = {Value::boolean(true), Value::boolean(false), kNullBool};
    std::vector<Value> a, b;
    for (const Value &x : t) {
        for (const Value &y : t) {
            a.push_back(x);
            b.push_back(y);
        }
    }
    add_column(batch, TypeId::Boolean, a);
    add_column(batch, TypeId::Boolean, b);
    batch.set_size(9);
    // rows: TT TF TN FT FF FN NT NF NN
    EXPECT_EQ(run(*node(BoundExprKind::And, TypeId::Boolean, list(col(0, TypeId::Boolean), col(1, TypeId::Boolean))), batch),
              (Strings{"true", "false", "NULL", "false", "false", "false", "NULL", "false", "NULL"}));
    EXPECT_EQ(run(*node(BoundExprKind::Or, TypeId::Boolean, list(col(0, TypeId::Boolean), col(1, TypeId::Boolean))), batch),
              (Strings{"true", "true", "true", "true", "false", "NULL", "true", "NULL", "NULL"}));
    std::vector<Expr> one;
    one.push_back(col(0, TypeId::Boolean));
    EXPECT_EQ(run(*node(BoundExprKind::Not, TypeId::Boolean, std::move(one)), batch),
              (Strings{"false", "false", "false", "true", "true", "true", "NULL", "NULL", "NULL"}));
}

TEST(ExpressionExecutorTest, AndSkipsRowsAlreadyFalse) {
    Batch batch;
    add_column(batch, TypeId::BigInt, {Value::bigint(0), Value::bigint(3)});
    add_column(batch, TypeId::Text, {Value::text("abc"), Value::text("12")});
    batch.set_size(2);
    // x > 0 AND CAST(s AS BIGINT) = 12: the cast never sees 'abc'.
    auto expr = node(BoundExprKind::And, TypeId::Boolean,
                     list(call(">", TypeId::Boolean, col(0, TypeId::BigInt), lit(Value::bigint(0))),
                          call("=", TypeId::Boolean, BoundExpr::make_cast(col(1, TypeId::Text), TypeId::BigInt),
                               lit(Value::bigint(12)))));
    EXPECT_EQ(run(*expr, batch), (Strings{"false", "true"}));
}

TEST(ExpressionExecutorTest, IsNullAndIsNotNull) {
    Batch batch = numbers();
    std::vector<Expr> a, b;
    a.push_back(col(0, TypeId::BigInt));
    b.push_back(col(2, TypeId::Text));
    EXPECT_EQ(run(*node(BoundExprKind::IsNull, TypeId::Boolean, std::move(a)), batch),
              (Strings{"false", "false", "true", "false"}));
    EXPECT_EQ(run(*node(BoundExprKind::IsNotNull, TypeId::Boolean, std::move(b)), batch),
              (Strings{"true", "true", "true", "false"}));
}

TEST(ExpressionExecutorTest, SelectKeepsTrueRowsOnly) {
    Batch batch = numbers();
    ExpressionExecutor filter(*call(">", TypeId::Boolean, col(1, TypeId::Double), lit(Value::float64(0))));
    filter.select(batch);
    ASSERT_TRUE(batch.has_selection());
    EXPECT_EQ(batch.selection(), (std::vector<uint32_t>{0, 2}));  // row 1 is NULL, row 3 negative
    // On an already-selected batch only the live rows are considered.
    ExpressionExecutor second(*call("<", TypeId::Boolean, col(0, TypeId::BigInt), lit(Value::bigint(100))));
    second.select(batch);
    EXPECT_EQ(batch.selection(), (std::vector<uint32_t>{0}));  // row 2 has a NULL BIGINT
    ExpressionExecutor none(*lit(Value::boolean(false)));
    none.select(batch);
    EXPECT_TRUE(batch.has_selection());
    EXPECT_EQ(batch.live_count(), 0u);
}

TEST(ExpressionExecutorTest, CaseOnlyEvaluatesTakenBranch) {
    Batch batch;
    add_column(batch, TypeId::Text, {Value::text("12"), Value::text("oops"), Value::text("7")});
    add_column(batch, TypeId::Boolean, {Value::boolean(true), Value::boolean(false), kNullBool});
    batch.set_size(3);
    // CASE WHEN flag THEN CAST(s AS BIGINT) ELSE -1 END
    std::vector<Expr> children;
    children.push_back(col(1, TypeId::Boolean));
    children.push_back(BoundExpr::make_cast(col(0, TypeId::Text), TypeId::BigInt));
    children.push_back(lit(Value::bigint(-1)));
    auto with_else = node(BoundExprKind::Case, TypeId::BigInt, std::move(children));
    with_else->has_else = true;
    EXPECT_EQ(run(*with_else, batch), (Strings{"12", "-1", "-1"}));
    // Without ELSE the other rows are NULL; text constants survive the executor.
    std::vector<Expr> no_else;
    no_else.push_back(col(1, TypeId::Boolean));
    no_else.push_back(lit(Value::text("yes")));
    auto expr = node(BoundExprKind::Case, TypeId::Text, std::move(no_else));
    EXPECT_EQ(run(*expr, batch), (Strings{"yes", "NULL", "NULL"}));
}

TEST(ExpressionExecutorTest, CaseAndOrUnderASelection) {
    Batch batch = numbers();
    batch.set_selection({1, 2, 3});
    // CASE WHEN #0 > 0 THEN 'pos' WHEN #1 > 0 THEN 'warm' ELSE 'other' END over rows 1..3
    std::vector<Expr> children;
    children.push_back(call(">", TypeId::Boolean, col(0, TypeId::BigInt), lit(Value::bigint(0))));
    children.push_back(lit(Value::text("pos")));
    children.push_back(call(">", TypeId::Boolean, col(1, TypeId::Double), lit(Value::float64(0))));
    children.push_back(lit(Value::text("warm")));
    children.push_back(lit(Value::text("other")));
    auto expr = node(BoundExprKind::Case, TypeId::Text, std::move(children));
    expr->has_else = true;
    EXPECT_EQ(run(*expr, batch), (Strings{"pos", "warm", "other"}));
    // #0 < 0 OR #1 > 30: row 1 (20, NULL) → NULL, row 2 (NULL, 31) → true, row 3 (-4, -2) → true
    auto either = node(BoundExprKind::Or, TypeId::Boolean,
                       list(call("<", TypeId::Boolean, col(0, TypeId::BigInt), lit(Value::bigint(0))),
                            call(">", TypeId::Boolean, col(1, TypeId::Double), lit(Value::float64(30)))));
    EXPECT_EQ(run(*either, batch), (Strings{"NULL", "true", "true"}));
}

TEST(ExpressionExecutorTest, CoalesceTakesFirstNonNull) {
    Batch batch = numbers();
    std::vector<Expr> children;
    children.push_back(col(0, TypeId::BigInt));
    children.push_back(lit(Value::bigint(0)));
    EXPECT_EQ(run(*node(BoundExprKind::Coalesce, TypeId::BigInt, std::move(children)), batch),
              (Strings{"1", "20", "0", "-4"}));
    std::vector<Expr> all_null;
    all_null.push_back(col(2, TypeId::Text));
    all_null.push_back(lit(Value::null(TypeId::Text)));
    EXPECT_EQ(run(*node(BoundExprKind::Coalesce, TypeId::Text, std::move(all_null)), batch),
              (Strings{"a", "b", "c", "NULL"}));
}

TEST(ExpressionExecutorTest, InListWithSqlNullSemantics) {
    Batch batch = numbers();
    std::vector<Expr> children;
    children.push_back(col(0, TypeId::BigInt));
    children.push_back(lit(Value::bigint(20)));
    children.push_back(lit(Value::bigint(-4)));
    EXPECT_EQ(run(*node(BoundExprKind::In, TypeId::Boolean, std::move(children)), batch),
              (Strings{"false", "true", "NULL", "true"}));
    // 1 IN (20, NULL) is NULL, 20 IN (20, NULL) is TRUE.
    std::vector<Expr> with_null;
    with_null.push_back(col(0, TypeId::BigInt));
    with_null.push_back(lit(Value::bigint(20)));
    with_null.push_back(lit(kNullInt));
    EXPECT_EQ(run(*node(BoundExprKind::In, TypeId::Boolean, std::move(with_null)), batch),
              (Strings{"NULL", "true", "NULL", "NULL"}));
    std::vector<Expr> text;
    text.push_back(col(2, TypeId::Text));
    text.push_back(lit(Value::text("c")));
    text.push_back(lit(Value::text("a")));
    EXPECT_EQ(run(*node(BoundExprKind::In, TypeId::Boolean, std::move(text)), batch),
              (Strings{"true", "false", "true", "NULL"}));
}

TEST(ExpressionExecutorTest, ConstantSubtreeIsFoldedButErrorsWaitForRows) {
    Batch batch = numbers();
    // 2 * 3 + #0
    auto expr = call("+", TypeId::BigInt, call("*", TypeId::BigInt, lit(Value::bigint(2)), lit(Value::bigint(3))),
                     col(0, TypeId::BigInt));
    EXPECT_EQ(run(*expr, batch), (Strings{"7", "26", "NULL", "2"}));
    // A failing constant is not folded: building succeeds, evaluating on rows fails.
    auto failing = BoundExpr::make_cast(lit(Value::text("abc")), TypeId::BigInt);
    ExpressionExecutor executor(*failing);
    ColumnVector out;
    EXPECT_THROW(executor.evaluate(batch, out), WeirError);
    Batch empty;
    empty.set_size(0);
    EXPECT_NO_THROW(executor.evaluate(empty, out));
}

TEST(ExpressionExecutorTest, ReusedAcrossBatchesAndMovable) {
    ExpressionExecutor executor(*call("*", TypeId::BigInt, col(0, TypeId::BigInt), lit(Value::bigint(3))));
    ExpressionExecutor moved = std::move(executor);
    for (int64_t base : {1, 100}) {
        Batch batch;
        add_column(batch, TypeId::BigInt, {Value::bigint(base), Value::bigint(base + 1)});
        batch.set_size(2);
        ColumnVector out;
        moved.evaluate(batch, out);
        EXPECT_EQ(out.ints()[0], base * 3);
        EXPECT_EQ(out.ints()[1], (base + 1) * 3);
    }
    EXPECT_EQ(moved.type(), TypeId::BigInt);
}

TEST(ExpressionExecutorTest, LargeBatchWithSelectionAndNulls) {
    Batch batch;
    std::vector<Value> values;
    for (int i = 0; i < 2048; i++) values.push_back(i % 7 == 0 ? kNullInt : Value::bigint(i));
    add_column(batch, TypeId::BigInt, values);
    batch.set_size(2048);
    ExpressionExecutor filter(*call("=", TypeId::Boolean, call("%", TypeId::BigInt, col(0, TypeId::BigInt), lit(Value::bigint(2))),
                                    lit(Value::bigint(0))));
    filter.select(batch);
    // Even numbers in [0, 2048) not divisible by 7: 1024 - (multiples of 14: 147) = 877.
    EXPECT_EQ(batch.live_count(), 877u);
    ExpressionExecutor big(*call(">", TypeId::Boolean, col(0, TypeId::BigInt), lit(Value::bigint(2000))));
    big.select(batch);
    // Even numbers 2002..2046 = 23, minus 2002, 2016, 2030 and 2044 (multiples of 14) = 19.
    EXPECT_EQ(batch.live_count(), 19u);
    EXPECT_EQ(batch.selection().front(), 2004u);
}

// The slot of a NULL text row may hold a view into memory that is gone; it must never be read.
TEST(ExpressionExecutorTest, TextOfNullRowsIsNeverRead) {
    Batch batch;
    add_column(batch, TypeId::Text, {Value::null(TypeId::Text), Value::text("a")});
    batch.columns[0].strings()[0] = std::string_view(reinterpret_cast<const char *>(16), size_t(1) << 40);
    batch.set_size(2);
    EXPECT_EQ(run(*call("=", TypeId::Boolean, col(0, TypeId::Text), lit(Value::text("a"))), batch),
              (Strings{"NULL", "true"}));
    EXPECT_EQ(run(*call("nullif", TypeId::Text, col(0, TypeId::Text), lit(Value::text("a"))), batch),
              (Strings{"NULL", "NULL"}));
    EXPECT_EQ(run(*call("like", TypeId::Boolean, col(0, TypeId::Text), lit(Value::text("%a%"))), batch),
              (Strings{"NULL", "true"}));
    std::vector<Expr> children;
    children.push_back(col(0, TypeId::Text));
    children.push_back(lit(Value::text("a")));
    EXPECT_EQ(run(*node(BoundExprKind::In, TypeId::Boolean, std::move(children)), batch), (Strings{"NULL", "true"}));
}

TEST(ExpressionExecutorTest, UnknownKernelIsInternalError) {
    auto expr = call("no_such_function", TypeId::BigInt, lit(Value::bigint(1)), lit(Value::bigint(2)));
    try {
        ExpressionExecutor executor(*expr);
        FAIL() << "expected an error";
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Internal);
        EXPECT_NE(std::string(error.what()).find("no_such_function(BIGINT, BIGINT)"), std::string::npos);
    }
}

}  // namespace
}  // namespace weir

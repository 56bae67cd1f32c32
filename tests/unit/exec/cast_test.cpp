// CAST and TRY_CAST between every supported pair of types, with bad input and NULLs.
#include <gtest/gtest.h>

#include <cmath>

#include "common/timestamp.h"
#include "common/weir_error.h"
#include "exec/expression_executor.h"

namespace weir {
namespace {

// CAST(value AS to) with the value as a one-row column; the result's display form.
std::string cast(const Value &value, TypeId to, bool try_cast = false) {
    Batch batch;
    ColumnVector column(value.type(), 1);
    if (value.is_null()) {
        column.set_null(0);
    } else {
        switch (value.type()) {
        case TypeId::Boolean: column.bools()[0] = value.as_bool(); break;
        case TypeId::Double: column.doubles()[0] = value.as_double(); break;
        case TypeId::Text: column.strings()[0] = batch.arena().add(value.as_text()); break;
        default: column.ints()[0] = value.as_int(); break;
        }
    }
    batch.columns.push_back(std::move(column));
    batch.set_size(1);
    auto expr = BoundExpr::make_cast(BoundExpr::make_column(0, value.type()), to);
    expr->try_cast = try_cast;
    ExpressionExecutor executor(*expr);
    ColumnVector out;
    executor.evaluate(batch, out);
    EXPECT_EQ(out.type(), to);
    return Value::from_column(out, 0).to_string();
}

std::string cast_error(const Value &value, TypeId to) {
    try {
        cast(value, to);
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Data);
        return error.what();
    }
    return "no error";
}

TEST(CastTest, TextToNumbers) {
    EXPECT_EQ(cast(Value::text("42"), TypeId::BigInt), "42");
    EXPECT_EQ(cast(Value::text(" -7 "), TypeId::BigInt), "-7");
    EXPECT_EQ(cast(Value::text("+7"), TypeId::BigInt), "7");
    EXPECT_EQ(cast_error(Value::text("abc"), TypeId::BigInt), "could not convert 'abc' to BIGINT");
    EXPECT_EQ(cast_error(Value::text("1.5"), TypeId::BigInt), "could not convert '1.5' to BIGINT");
    EXPECT_EQ(cast_error(Value::text(""), TypeId::BigInt), "could not convert '' to BIGINT");
    EXPECT_EQ(cast_error(Value::text("9223372036854775808"), TypeId::BigInt),
              "could not convert '9223372036854775808' to BIGINT");
    EXPECT_EQ(cast(Value::text("21.5"), TypeId::Double), "21.5");
    EXPECT_EQ(cast(Value::text("-1e3"), TypeId::Double), "-1000");
    EXPECT_EQ(cast(Value::text("inf"), TypeId::Double), "inf");
    EXPECT_EQ(cast_error(Value::text("21,5"), TypeId::Double), "could not convert '21,5' to DOUBLE");
}

TEST(CastTest, TextToBoolean) {
    for (const char *yes : {"true", "TRUE", "t", "1", "yes", "Yes"}) EXPECT_EQ(cast(Value::text(yes), TypeId::Boolean), "true");
    for (const char *no : {"false", "F", "0", "no", "NO"}) EXPECT_EQ(cast(Value::text(no), TypeId::Boolean), "false");
    EXPECT_EQ(cast_error(Value::text("maybe"), TypeId::Boolean), "could not convert 'maybe' to BOOLEAN");
}

TEST(CastTest, TextToTimeTypes) {
    EXPECT_EQ(cast(Value::text("2025-01-15T14:00:00+02:00"), TypeId::Timestamp), "2025-01-15 12:00:00");
    EXPECT_EQ(cast(Value::text("2025-01-15"), TypeId::Timestamp), "2025-01-15 00:00:00");
    EXPECT_EQ(cast_error(Value::text("2025-13-01"), TypeId::Timestamp),
              "could not convert '2025-13-01' to TIMESTAMP");
    EXPECT_EQ(cast(Value::text("5m"), TypeId::Interval), "5m");
    EXPECT_EQ(cast(Value::text("-90s"), TypeId::Interval), "-90s");
    EXPECT_EQ(cast(Value::text("1.5 hours"), TypeId::Interval), "90m");
    EXPECT_EQ(cast_error(Value::text("5 fortnights"), TypeId::Interval),
              "could not convert '5 fortnights' to INTERVAL");
}

TEST(CastTest, EverythingToText) {
    EXPECT_EQ(cast(Value::bigint(-12), TypeId::Text), "-12");
    EXPECT_EQ(cast(Value::float64(0.1), TypeId::Text), "0.1");
    EXPECT_EQ(cast(Value::float64(3), TypeId::Text), "3");
    EXPECT_EQ(cast(Value::boolean(true), TypeId::Text), "true");
    EXPECT_EQ(cast(Value::timestamp(*parse_timestamp("2025-01-15 14:00:00.5")), TypeId::Text), "2025-01-15 14:00:00.5");
    EXPECT_EQ(cast(Value::interval(90 * kMicrosPerSecond), TypeId::Text), "90s");
    EXPECT_EQ(cast(Value::text("same"), TypeId::Text), "same");
}

TEST(CastTest, NumericAndBoolean) {
    EXPECT_EQ(cast(Value::bigint(3), TypeId::Double), "3");
    EXPECT_EQ(cast(Value::float64(2.5), TypeId::BigInt), "3");
    EXPECT_EQ(cast(Value::float64(-2.5), TypeId::BigInt), "-3");
    EXPECT_EQ(cast(Value::float64(2.4), TypeId::BigInt), "2");
    EXPECT_EQ(cast_error(Value::float64(1e19), TypeId::BigInt), "could not convert 1e+19 to BIGINT");
    EXPECT_EQ(cast_error(Value::float64(std::nan("")), TypeId::BigInt), "could not convert nan to BIGINT");
    EXPECT_EQ(cast(Value::boolean(true), TypeId::BigInt), "1");
    EXPECT_EQ(cast(Value::bigint(0), TypeId::Boolean), "false");
    EXPECT_EQ(cast(Value::bigint(-3), TypeId::Boolean), "true");
    EXPECT_EQ(cast(Value::boolean(false), TypeId::Double), "0");
}

TEST(CastTest, TryCastGivesNull) {
    EXPECT_EQ(cast(Value::text("abc"), TypeId::BigInt, true), "NULL");
    EXPECT_EQ(cast(Value::text("12"), TypeId::BigInt, true), "12");
    EXPECT_EQ(cast(Value::float64(1e300), TypeId::BigInt, true), "NULL");
    EXPECT_EQ(cast(Value::text("yesterday"), TypeId::Timestamp, true), "NULL");
}

TEST(CastTest, NullStaysNull) {
    EXPECT_EQ(cast(Value::null(TypeId::Text), TypeId::BigInt), "NULL");
    EXPECT_EQ(cast(Value::null(TypeId::Double), TypeId::Text), "NULL");
    // An untyped NULL literal cast by the binder.
    auto expr = BoundExpr::make_cast(BoundExpr::make_constant(Value()), TypeId::BigInt);
    ExpressionExecutor executor(*expr);
    Batch batch;
    batch.set_size(2);
    ColumnVector out;
    executor.evaluate(batch, out);
    EXPECT_EQ(out.type(), TypeId::BigInt);
    EXPECT_TRUE(out.is_null(0));
    EXPECT_TRUE(out.is_null(1));
}

TEST(CastTest, UnsupportedPairIsBindError) {
    try {
        ExpressionExecutor executor(*BoundExpr::make_cast(BoundExpr::make_column(0, TypeId::Timestamp), TypeId::Double));
        FAIL() << "expected an error";
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Bind);
        EXPECT_STREQ(error.what(), "cannot cast TIMESTAMP to DOUBLE");
    }
}

TEST(CastTest, BadRowOutsideSelectionIsIgnored) {
    Batch batch;
    ColumnVector column(TypeId::Text, 3);
    column.strings()[0] = batch.arena().add("oops");
    column.strings()[1] = batch.arena().add("5");
    column.strings()[2] = batch.arena().add("6");
    batch.columns.push_back(std::move(column));
    batch.set_size(3);
    batch.set_selection({1, 2});
    ExpressionExecutor executor(*BoundExpr::make_cast(BoundExpr::make_column(0, TypeId::Text), TypeId::BigInt));
    ColumnVector out;
    executor.evaluate(batch, out);
    EXPECT_EQ(out.ints()[1], 5);
    EXPECT_EQ(out.ints()[2], 6);
}

}  // namespace
}  // namespace weir

// Scalar function kernels: every catalog signature has one; each family against hand-computed values.
#include <gtest/gtest.h>

#include <chrono>

#include "common/timestamp.h"
#include "common/weir_error.h"
#include "exec/expression_executor.h"
#include "exec/function_registry.h"
#include "planner/function_catalog.h"

namespace weir {
namespace {

using Expr = std::unique_ptr<BoundExpr>;

Value ts(const char *text) { return Value::timestamp(*parse_timestamp(text)); }
Value txt(const char *text) { return Value::text(text); }
Value big(int64_t value) { return Value::bigint(value); }
Value dbl(double value) { return Value::float64(value); }

void set_cell(Batch &batch, ColumnVector &column, const Value &value) {
    if (value.is_null()) return column.set_null(0);
    switch (value.type()) {
    case TypeId::Boolean: column.bools()[0] = value.as_bool(); break;
    case TypeId::Double: column.doubles()[0] = value.as_double(); break;
    case TypeId::Text: column.strings()[0] = batch.arena().add(value.as_text()); break;
    default: column.ints()[0] = value.as_int(); break;
    }
}

Value evaluate_one(const BoundExpr &expr, Batch &batch) {
    ExpressionExecutor executor(expr);
    ColumnVector out;
    executor.evaluate(batch, out);
    return Value::from_column(out, 0);
}

// name(args) evaluated twice, with the arguments as columns and as (folded) constants; both ways
// must agree. Returns the display form of the result.
std::string call(const std::string &name, TypeId type, const std::vector<Value> &args) {
    Batch batch;
    std::vector<Expr> column_args, constant_args;
    for (size_t i = 0; i < args.size(); i++) {
        ColumnVector column(args[i].type(), 1);
        set_cell(batch, column, args[i]);
        batch.columns.push_back(std::move(column));
        column_args.push_back(BoundExpr::make_column(i, args[i].type()));
        constant_args.push_back(BoundExpr::make_constant(args[i]));
    }
    batch.set_size(1);
    Value from_columns = evaluate_one(*BoundExpr::make_call(name, type, std::move(column_args)), batch);
    Value from_constants = evaluate_one(*BoundExpr::make_call(name, type, std::move(constant_args)), batch);
    EXPECT_EQ(from_columns.to_string(), from_constants.to_string()) << name;
    return from_columns.to_string();
}

// The message of the WeirError of the given kind that name(args) as columns throws ("" if none).
std::string error_of(const std::string &name, TypeId type, const std::vector<Value> &args, ErrorKind kind) {
    try {
        call(name, type, args);
    } catch (const WeirError &error) {
        EXPECT_EQ(static_cast<int>(error.kind()), static_cast<int>(kind)) << error.what();
        return error.what();
    }
    return "";
}

TEST(ScalarFunctionTest, EveryCatalogSignatureHasAKernel) {
    for (const FunctionSignature &signature : FunctionCatalog::instance().all()) {
        EXPECT_NE(FunctionRegistry::instance().find(signature.name, signature.arguments), nullptr) << signature.name;
        if (signature.variadic) {
            std::vector<TypeId> more = signature.arguments;
            more.push_back(more.back());
            more.push_back(more.back());
            EXPECT_NE(FunctionRegistry::instance().find(signature.name, more), nullptr) << signature.name;
        }
    }
    EXPECT_EQ(FunctionRegistry::instance().find("+", {TypeId::Text, TypeId::Text}), nullptr);
    EXPECT_EQ(FunctionRegistry::instance().find("concat", {}), nullptr);
}

TEST(ScalarFunctionTest, IntegerArithmetic) {
    EXPECT_EQ(call("/", TypeId::BigInt, {big(7), big(2)}), "3");
    EXPECT_EQ(call("/", TypeId::BigInt, {big(-7), big(2)}), "-3");
    EXPECT_EQ(call("%", TypeId::BigInt, {big(-7), big(3)}), "-1");
    EXPECT_EQ(call("/", TypeId::BigInt, {big(7), big(0)}), "NULL");
    EXPECT_EQ(call("%", TypeId::BigInt, {big(7), big(0)}), "NULL");
    EXPECT_EQ(call("%", TypeId::BigInt, {big(INT64_MIN), big(-1)}), "0");
    EXPECT_EQ(call("*", TypeId::BigInt, {big(-3), big(4)}), "-12");
    EXPECT_EQ(call("negate", TypeId::BigInt, {big(5)}), "-5");
}

TEST(ScalarFunctionTest, IntegerOverflowIsAnError) {
    EXPECT_EQ(error_of("+", TypeId::BigInt, {big(INT64_MAX), big(1)}, ErrorKind::Data),
              "integer overflow in 9223372036854775807 + 1");
    EXPECT_EQ(error_of("-", TypeId::BigInt, {big(INT64_MIN), big(1)}, ErrorKind::Data),
              "integer overflow in -9223372036854775808 - 1");
    EXPECT_EQ(error_of("*", TypeId::BigInt, {big(INT64_MAX / 2 + 1), big(2)}, ErrorKind::Data),
              "integer overflow in 4611686018427387904 * 2");
    EXPECT_NE(error_of("/", TypeId::BigInt, {big(INT64_MIN), big(-1)}, ErrorKind::Data), "");
    EXPECT_NE(error_of("negate", TypeId::BigInt, {big(INT64_MIN)}, ErrorKind::Data), "");
    EXPECT_NE(error_of("abs", TypeId::BigInt, {big(INT64_MIN)}, ErrorKind::Data), "");
}

TEST(ScalarFunctionTest, DoubleArithmetic) {
    EXPECT_EQ(call("+", TypeId::Double, {dbl(0.1), dbl(0.2)}), "0.30000000000000004");
    EXPECT_EQ(call("/", TypeId::Double, {dbl(1), dbl(4)}), "0.25");
    EXPECT_EQ(call("/", TypeId::Double, {dbl(1), dbl(0)}), "NULL");
    EXPECT_EQ(call("%", TypeId::Double, {dbl(5.5), dbl(2)}), "1.5");
    EXPECT_EQ(call("%", TypeId::Double, {dbl(5.5), dbl(0)}), "NULL");
    EXPECT_EQ(call("negate", TypeId::Double, {dbl(2.5)}), "-2.5");
    EXPECT_EQ(call("*", TypeId::Double, {dbl(3), Value::null(TypeId::Double)}), "NULL");
}

TEST(ScalarFunctionTest, TimestampAndIntervalArithmetic) {
    Value five_minutes = Value::interval(5 * kMicrosPerMinute);
    EXPECT_EQ(call("+", TypeId::Timestamp, {ts("2025-01-15 14:58:00"), five_minutes}), "2025-01-15 15:03:00");
    EXPECT_EQ(call("+", TypeId::Timestamp, {five_minutes, ts("2025-01-15 14:58:00")}), "2025-01-15 15:03:00");
    EXPECT_EQ(call("-", TypeId::Timestamp, {ts("2025-01-01 00:00:00"), five_minutes}), "2024-12-31 23:55:00");
    EXPECT_EQ(call("-", TypeId::Interval, {ts("2025-01-15 15:00:00"), ts("2025-01-15 14:00:00")}), "1h");
    EXPECT_EQ(call("+", TypeId::Interval, {five_minutes, Value::interval(30 * kMicrosPerSecond)}), "330s");
    EXPECT_EQ(call("-", TypeId::Interval, {five_minutes, five_minutes}), "0s");
    EXPECT_EQ(call("*", TypeId::Interval, {five_minutes, big(12)}), "1h");
    EXPECT_EQ(call("negate", TypeId::Interval, {five_minutes}), "-5m");
    EXPECT_NE(error_of("+", TypeId::Timestamp, {Value::timestamp(INT64_MAX), five_minutes}, ErrorKind::Data), "");
}

TEST(ScalarFunctionTest, ComparisonsOfEveryType) {
    EXPECT_EQ(call("<", TypeId::Boolean, {txt("B"), txt("a")}), "true");         // bytes: 'B' = 66 < 'a' = 97
    EXPECT_EQ(call(">", TypeId::Boolean, {txt("\xC3\xA9"), txt("z")}), "true");  // é (0xC3..) after z
    EXPECT_EQ(call("<=", TypeId::Boolean, {txt("ab"), txt("abc")}), "true");
    EXPECT_EQ(call("<", TypeId::Boolean, {Value::boolean(false), Value::boolean(true)}), "true");
    EXPECT_EQ(call("<>", TypeId::Boolean, {dbl(1.5), dbl(1.5)}), "false");
    EXPECT_EQ(call(">=", TypeId::Boolean, {big(-1), big(-1)}), "true");
    EXPECT_EQ(call("=", TypeId::Boolean, {ts("2025-01-15"), ts("2025-01-15 00:00:00")}), "true");
    EXPECT_EQ(call(">", TypeId::Boolean, {Value::interval(60000000), Value::interval(59000000)}), "true");
    EXPECT_EQ(call("=", TypeId::Boolean, {txt("a"), Value::null(TypeId::Text)}), "NULL");
}

TEST(ScalarFunctionTest, MathFunctions) {
    EXPECT_EQ(call("round", TypeId::Double, {dbl(2.5)}), "3");
    EXPECT_EQ(call("round", TypeId::Double, {dbl(-2.5)}), "-3");
    EXPECT_EQ(call("round", TypeId::Double, {dbl(1234.5678), big(2)}), "1234.57");
    EXPECT_EQ(call("round", TypeId::Double, {dbl(1250.0), big(-2)}), "1300");
    EXPECT_EQ(call("round", TypeId::Double, {dbl(-0.125), big(1)}), "-0.1");
    EXPECT_EQ(call("floor", TypeId::Double, {dbl(-1.5)}), "-2");
    EXPECT_EQ(call("ceil", TypeId::Double, {dbl(1.2)}), "2");
    EXPECT_EQ(call("sqrt", TypeId::Double, {dbl(16)}), "4");
    EXPECT_EQ(call("sqrt", TypeId::Double, {dbl(-1)}), "NULL");
    EXPECT_EQ(call("ln", TypeId::Double, {dbl(1)}), "0");
    EXPECT_EQ(call("ln", TypeId::Double, {dbl(0)}), "NULL");
    EXPECT_EQ(call("log10", TypeId::Double, {dbl(1000)}), "3");
    EXPECT_EQ(call("log10", TypeId::Double, {dbl(-10)}), "NULL");
    EXPECT_EQ(call("exp", TypeId::Double, {dbl(0)}), "1");
    EXPECT_EQ(call("power", TypeId::Double, {dbl(2), dbl(10)}), "1024");
    EXPECT_EQ(call("power", TypeId::Double, {dbl(-8), dbl(1.0 / 3)}), "NULL");
    EXPECT_EQ(call("sign", TypeId::Double, {dbl(-3.5)}), "-1");
    EXPECT_EQ(call("sign", TypeId::Double, {dbl(0)}), "0");
    EXPECT_EQ(call("abs", TypeId::BigInt, {big(-5)}), "5");
    EXPECT_EQ(call("abs", TypeId::Double, {dbl(-0.5)}), "0.5");
}

TEST(ScalarFunctionTest, GreatestLeastIgnoreNulls) {
    Value null_int = Value::null(TypeId::BigInt);
    EXPECT_EQ(call("greatest", TypeId::BigInt, {big(1), null_int, big(3), big(2)}), "3");
    EXPECT_EQ(call("least", TypeId::BigInt, {null_int, big(7), big(-2)}), "-2");
    EXPECT_EQ(call("least", TypeId::BigInt, {null_int, null_int}), "NULL");
    EXPECT_EQ(call("greatest", TypeId::Double, {dbl(1.5), dbl(-2)}), "1.5");
    EXPECT_EQ(call("least", TypeId::Double, {dbl(1.5), Value::null(TypeId::Double)}), "1.5");
}

TEST(ScalarFunctionTest, NullIf) {
    EXPECT_EQ(call("nullif", TypeId::BigInt, {big(1), big(1)}), "NULL");
    EXPECT_EQ(call("nullif", TypeId::BigInt, {big(1), big(2)}), "1");
    EXPECT_EQ(call("nullif", TypeId::BigInt, {Value::null(TypeId::BigInt), big(1)}), "NULL");
    EXPECT_EQ(call("nullif", TypeId::BigInt, {big(1), Value::null(TypeId::BigInt)}), "1");
    EXPECT_EQ(call("nullif", TypeId::Double, {dbl(0), dbl(0)}), "NULL");
    EXPECT_EQ(call("nullif", TypeId::Text, {txt("n/a"), txt("n/a")}), "NULL");
    EXPECT_EQ(call("nullif", TypeId::Text, {txt("x"), txt("n/a")}), "x");
}

TEST(ScalarFunctionTest, StringFunctions) {
    EXPECT_EQ(call("lower", TypeId::Text, {txt("AbC\xC3\x89")}), "abc\xC3\x89");  // ASCII only: É stays
    EXPECT_EQ(call("upper", TypeId::Text, {txt("warsaw 1")}), "WARSAW 1");
    EXPECT_EQ(call("length", TypeId::BigInt, {txt("h\xC3\xA9llo")}), "5");
    EXPECT_EQ(call("length", TypeId::BigInt, {txt("")}), "0");
    EXPECT_EQ(call("trim", TypeId::Text, {txt(" \t x y \n")}), "x y");
    EXPECT_EQ(call("ltrim", TypeId::Text, {txt("  x  ")}), "x  ");
    EXPECT_EQ(call("rtrim", TypeId::Text, {txt("  x  ")}), "  x");
    EXPECT_EQ(call("replace", TypeId::Text, {txt("aaa"), txt("a"), txt("bb")}), "bbbbbb");
    EXPECT_EQ(call("replace", TypeId::Text, {txt("abc"), txt(""), txt("x")}), "abc");
    EXPECT_EQ(call("replace", TypeId::Text, {txt("a-b-c"), txt("-"), txt("")}), "abc");
    EXPECT_EQ(call("starts_with", TypeId::Boolean, {txt("sensor_1"), txt("sensor")}), "true");
    EXPECT_EQ(call("starts_with", TypeId::Boolean, {txt("se"), txt("sensor")}), "false");
    EXPECT_EQ(call("ends_with", TypeId::Boolean, {txt("file.json"), txt(".json")}), "true");
    EXPECT_EQ(call("ends_with", TypeId::Boolean, {txt("json"), txt(".json")}), "false");
    EXPECT_EQ(call("contains", TypeId::Boolean, {txt("air_quality"), txt("_q")}), "true");
    EXPECT_EQ(call("strpos", TypeId::BigInt, {txt("h\xC3\xA9llo"), txt("l")}), "3");
    EXPECT_EQ(call("strpos", TypeId::BigInt, {txt("abc"), txt("z")}), "0");
}

TEST(ScalarFunctionTest, SubstrInCodePointsLikePostgres) {
    EXPECT_EQ(call("substr", TypeId::Text, {txt("hello"), big(2)}), "ello");
    EXPECT_EQ(call("substr", TypeId::Text, {txt("hello"), big(2), big(3)}), "ell");
    EXPECT_EQ(call("substr", TypeId::Text, {txt("hello"), big(0), big(3)}), "he");
    EXPECT_EQ(call("substr", TypeId::Text, {txt("hello"), big(-5), big(7)}), "h");
    EXPECT_EQ(call("substr", TypeId::Text, {txt("hello"), big(10)}), "");
    EXPECT_EQ(call("substr", TypeId::Text, {txt("hello"), big(-3)}), "hello");
    EXPECT_EQ(call("substr", TypeId::Text, {txt("h\xC3\xA9llo"), big(2), big(2)}), "\xC3\xA9l");
    EXPECT_EQ(call("substr", TypeId::Text, {txt("hello"), big(4), big(100)}), "lo");
    EXPECT_NE(error_of("substr", TypeId::Text, {txt("hello"), big(1), big(-1)}, ErrorKind::Data), "");
}

TEST(ScalarFunctionTest, ConcatenationAndNulls) {
    Value null_text = Value::null(TypeId::Text);
    EXPECT_EQ(call("||", TypeId::Text, {txt("ab"), txt("cd")}), "abcd");
    EXPECT_EQ(call("||", TypeId::Text, {txt("ab"), null_text}), "NULL");
    EXPECT_EQ(call("concat", TypeId::Text, {txt("a"), null_text, txt("b"), txt("c")}), "abc");
    EXPECT_EQ(call("concat", TypeId::Text, {null_text}), "");
    EXPECT_EQ(call("concat", TypeId::Text, {txt("x")}), "x");
}

TEST(ScalarFunctionTest, SplitPart) {
    EXPECT_EQ(call("split_part", TypeId::Text, {txt("a,b,c"), txt(","), big(2)}), "b");
    EXPECT_EQ(call("split_part", TypeId::Text, {txt("a,b,c"), txt(","), big(-1)}), "c");
    EXPECT_EQ(call("split_part", TypeId::Text, {txt("a,b,c"), txt(","), big(-3)}), "a");
    EXPECT_EQ(call("split_part", TypeId::Text, {txt("a,b,c"), txt(","), big(4)}), "");
    EXPECT_EQ(call("split_part", TypeId::Text, {txt("a::b"), txt("::"), big(2)}), "b");
    EXPECT_EQ(call("split_part", TypeId::Text, {txt("a,,c"), txt(","), big(2)}), "");
    EXPECT_EQ(call("split_part", TypeId::Text, {txt("abc"), txt(""), big(1)}), "abc");
    EXPECT_EQ(call("split_part", TypeId::Text, {txt("abc"), txt(""), big(2)}), "");
    EXPECT_NE(error_of("split_part", TypeId::Text, {txt("a,b"), txt(","), big(0)}, ErrorKind::Data), "");
}

TEST(ScalarFunctionTest, DateTrunc) {
    Value t = ts("2025-01-15 14:37:12.345678");
    EXPECT_EQ(call("date_trunc", TypeId::Timestamp, {txt("hour"), t}), "2025-01-15 14:00:00");
    EXPECT_EQ(call("date_trunc", TypeId::Timestamp, {txt("MINUTE"), t}), "2025-01-15 14:37:00");
    EXPECT_EQ(call("date_trunc", TypeId::Timestamp, {txt("second"), t}), "2025-01-15 14:37:12");
    EXPECT_EQ(call("date_trunc", TypeId::Timestamp, {txt("millisecond"), t}), "2025-01-15 14:37:12.345");
    EXPECT_EQ(call("date_trunc", TypeId::Timestamp, {txt("microsecond"), t}), "2025-01-15 14:37:12.345678");
    EXPECT_EQ(call("date_trunc", TypeId::Timestamp, {txt("day"), t}), "2025-01-15 00:00:00");
    EXPECT_EQ(call("date_trunc", TypeId::Timestamp, {txt("week"), t}), "2025-01-13 00:00:00");  // Monday
    EXPECT_EQ(call("date_trunc", TypeId::Timestamp, {txt("month"), t}), "2025-01-01 00:00:00");
    EXPECT_EQ(call("date_trunc", TypeId::Timestamp, {txt("quarter"), ts("2025-05-20 10:00")}), "2025-04-01 00:00:00");
    EXPECT_EQ(call("date_trunc", TypeId::Timestamp, {txt("years"), t}), "2025-01-01 00:00:00");
    EXPECT_EQ(call("date_trunc", TypeId::Timestamp, {txt("second"), ts("1969-12-31 23:59:59.5")}),
              "1969-12-31 23:59:59");
    EXPECT_EQ(call("date_trunc", TypeId::Timestamp, {txt("week"), ts("1970-01-01 12:00")}), "1969-12-29 00:00:00");
}

TEST(ScalarFunctionTest, DateTruncUnknownUnit) {
    // Constant unit: Bind error when the executor is built.
    std::vector<Expr> args;
    args.push_back(BoundExpr::make_constant(txt("fortnight")));
    args.push_back(BoundExpr::make_column(0, TypeId::Timestamp));
    try {
        ExpressionExecutor executor(*BoundExpr::make_call("date_trunc", TypeId::Timestamp, std::move(args)));
        FAIL() << "expected a Bind error";
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Bind);
        EXPECT_NE(std::string(error.what()).find("'fortnight'"), std::string::npos);
    }
    // Per-row unit: Data error. 'dow' is a date_part unit, not a date_trunc one.
    EXPECT_NE(error_of("date_trunc", TypeId::Timestamp, {txt("dow"), ts("2025-01-15")}, ErrorKind::Data), "");
}

TEST(ScalarFunctionTest, DatePartAndFields) {
    Value t = ts("2025-01-15 14:37:12.345678");  // a Wednesday
    EXPECT_EQ(call("date_part", TypeId::BigInt, {txt("dow"), t}), "3");
    EXPECT_EQ(call("date_part", TypeId::BigInt, {txt("dow"), ts("2025-01-19")}), "0");  // Sunday
    EXPECT_EQ(call("date_part", TypeId::BigInt, {txt("doy"), ts("2025-02-01")}), "32");
    EXPECT_EQ(call("date_part", TypeId::BigInt, {txt("week"), t}), "3");
    EXPECT_EQ(call("date_part", TypeId::BigInt, {txt("week"), ts("2021-01-03")}), "53");  // ISO week of 2020
    EXPECT_EQ(call("date_part", TypeId::BigInt, {txt("quarter"), t}), "1");
    EXPECT_EQ(call("date_part", TypeId::BigInt, {txt("millisecond"), t}), "12345");
    EXPECT_EQ(call("date_part", TypeId::BigInt, {txt("microsecond"), t}), "12345678");
    EXPECT_EQ(call("date_part", TypeId::BigInt, {txt("epoch"), ts("1970-01-01 00:01:00.9")}), "60");
    EXPECT_EQ(call("date_part", TypeId::BigInt, {txt("year"), t}), "2025");
    EXPECT_EQ(call("year", TypeId::BigInt, {t}), "2025");
    EXPECT_EQ(call("month", TypeId::BigInt, {t}), "1");
    EXPECT_EQ(call("day", TypeId::BigInt, {t}), "15");
    EXPECT_EQ(call("hour", TypeId::BigInt, {t}), "14");
    EXPECT_EQ(call("minute", TypeId::BigInt, {t}), "37");
    EXPECT_EQ(call("second", TypeId::BigInt, {t}), "12");
}

TEST(ScalarFunctionTest, EpochConversions) {
    EXPECT_EQ(call("to_timestamp", TypeId::Timestamp, {dbl(1.5)}), "1970-01-01 00:00:01.5");
    EXPECT_EQ(call("to_timestamp", TypeId::Timestamp, {dbl(1736951832)}), "2025-01-15 14:37:12");
    EXPECT_NE(error_of("to_timestamp", TypeId::Timestamp, {dbl(1e300)}, ErrorKind::Data), "");
    EXPECT_EQ(call("epoch", TypeId::Double, {ts("1970-01-01 00:00:02.25")}), "2.25");
    EXPECT_EQ(call("epoch_ms", TypeId::BigInt, {ts("1970-01-01 00:00:02.2509")}), "2250");
    EXPECT_EQ(call("epoch_ms", TypeId::BigInt, {Value::timestamp(-1)}), "-1");  // floors
    EXPECT_EQ(call("epoch_ms", TypeId::Timestamp, {big(1736951832000)}), "2025-01-15 14:37:12");
    EXPECT_NE(error_of("epoch_ms", TypeId::Timestamp, {big(INT64_MAX)}, ErrorKind::Data), "");
}

TEST(ScalarFunctionTest, Strftime) {
    EXPECT_EQ(call("strftime", TypeId::Text, {ts("2025-01-15 14:37:12.9"), txt("%Y/%m/%d %H:%M:%S")}),
              "2025/01/15 14:37:12");
    EXPECT_EQ(call("strftime", TypeId::Text, {ts("2025-01-15 14:00"), txt("year=%Y/month=%m/day=%d/hour=%H")}),
              "year=2025/month=01/day=15/hour=14");
}

TEST(ScalarFunctionTest, StrftimeOutputOfAnyLengthIsWhole) {
    // 200 copies of "%Y-" give 1,000 bytes (it used to become '' beyond 511 bytes).
    std::string pattern, expected;
    for (int i = 0; i < 200; i++) {
        pattern += "%Y-";
        expected += "2025-";
    }
    EXPECT_EQ(call("strftime", TypeId::Text, {ts("2025-01-15 14:00"), txt(pattern.c_str())}), expected);
    std::string literal(5000, 'x');
    EXPECT_EQ(call("strftime", TypeId::Text, {ts("2025-01-15 14:00"), txt(literal.c_str())}), literal);
    EXPECT_EQ(call("strftime", TypeId::Text, {ts("2025-01-15 14:00"), txt("")}), "");
}

TEST(ScalarFunctionTest, ProctimeIsWallClockAndNotFolded) {
    auto before = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    ExpressionExecutor executor(*BoundExpr::make_call("proctime", TypeId::Timestamp, {}));
    Batch batch;
    batch.set_size(3);
    ColumnVector out;
    executor.evaluate(batch, out);
    auto after = std::chrono::duration_cast<std::chrono::microseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
    ASSERT_EQ(out.size(), 3u);
    EXPECT_GE(out.ints()[2], before);
    EXPECT_LE(out.ints()[2], after);
}

}  // namespace
}  // namespace weir

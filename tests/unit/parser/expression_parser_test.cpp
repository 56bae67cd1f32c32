// Expressions: precedence, every literal form, calls, CASE, CAST, predicates, to_string and nesting limits.
#include <gtest/gtest.h>

#include <limits>

#include "common/timestamp.h"
#include "common/weir_error.h"
#include "parser/parser.h"

using namespace weir;

namespace {

// Parses `SELECT <text> FROM t` and returns the first select item's expression.
std::unique_ptr<Expr> expr(const std::string &text) {
    auto statements = Parser().parse("SELECT " + text + " FROM t");
    auto &select = static_cast<SelectStatement &>(*statements.at(0));
    return std::move(select.query->items.at(0).expr);
}

std::string expr_error(const std::string &text) {
    try {
        Parser().parse("SELECT " + text + " FROM t");
    } catch (const WeirError &e) {
        EXPECT_EQ(e.kind(), ErrorKind::Syntax);
        return e.what();
    }
    return "no error";
}

std::string repeat(const std::string &piece, int times) {
    std::string out;
    for (int i = 0; i < times; i++) out += piece;
    return out;
}

}  // namespace

TEST(ExpressionParser, MultiplicationBindsTighterThanAddition) {
    auto e = expr("1 + 2 * 3");
    ASSERT_EQ(e->kind, ExprKind::Binary);
    EXPECT_EQ(e->name, "+");
    EXPECT_EQ(e->children[0]->literal, Value::bigint(1));
    EXPECT_EQ(e->children[1]->name, "*");
    EXPECT_EQ(e->to_string(), "1 + 2 * 3");
    EXPECT_EQ(expr("(1 + 2) * 3")->to_string(), "(1 + 2) * 3");
    EXPECT_EQ(expr("(1 + 2) * 3")->name, "*");
}

TEST(ExpressionParser, BinaryOperatorsAreLeftAssociative) {
    auto e = expr("10 - 4 - 3");
    EXPECT_EQ(e->name, "-");
    EXPECT_EQ(e->children[0]->name, "-");
    EXPECT_EQ(e->children[1]->literal, Value::bigint(3));
    EXPECT_EQ(e->to_string(), "10 - 4 - 3");
    EXPECT_EQ(expr("10 - (4 - 3)")->to_string(), "10 - (4 - 3)");
    EXPECT_EQ(expr("a / b % c")->children[0]->name, "/");
}

TEST(ExpressionParser, LogicalPrecedenceOrAndNotComparison) {
    auto e = expr("a = 1 OR NOT b AND c > 2");
    ASSERT_EQ(e->name, "or");
    EXPECT_EQ(e->children[0]->name, "=");
    const Expr &and_node = *e->children[1];
    EXPECT_EQ(and_node.name, "and");
    EXPECT_EQ(and_node.children[0]->kind, ExprKind::Unary);
    EXPECT_EQ(and_node.children[0]->name, "not");
    EXPECT_EQ(and_node.children[1]->name, ">");
    EXPECT_EQ(e->to_string(), "a = 1 OR NOT b AND c > 2");
    auto not_cmp = expr("NOT a = b");
    EXPECT_EQ(not_cmp->name, "not");
    EXPECT_EQ(not_cmp->children[0]->name, "=");
    EXPECT_EQ(expr("(a OR b) AND c")->to_string(), "(a OR b) AND c");
}

TEST(ExpressionParser, ConcatSitsBetweenComparisonAndAddition) {
    auto e = expr("a + 1 || b = 'x1'");
    EXPECT_EQ(e->name, "=");
    EXPECT_EQ(e->children[0]->name, "||");
    EXPECT_EQ(e->children[0]->children[0]->name, "+");
}

TEST(ExpressionParser, ComparisonOperatorsAndBangEqualsNormalized) {
    for (const char *op : {"=", "<>", "<", "<=", ">", ">="}) {
        EXPECT_EQ(expr(std::string("a ") + op + " b")->name, op);
    }
    EXPECT_EQ(expr("a != b")->name, "<>");
}

TEST(ExpressionParser, UnaryMinusBindsTighterThanMultiplicationAndFoldsIntoLiterals) {
    auto e = expr("-a * b");
    EXPECT_EQ(e->name, "*");
    EXPECT_EQ(e->children[0]->kind, ExprKind::Unary);
    EXPECT_EQ(e->children[0]->name, "-");
    EXPECT_EQ(e->to_string(), "-a * b");
    EXPECT_EQ(expr("-5")->literal, Value::bigint(-5));
    EXPECT_EQ(expr("- 1.5")->literal, Value::float64(-1.5));
    EXPECT_EQ(expr("-5m")->literal, Value::interval(-5 * kMicrosPerMinute));
    EXPECT_EQ(expr("+7")->literal, Value::bigint(7));
    EXPECT_EQ(expr("- -3")->literal, Value::bigint(3));
    EXPECT_EQ(expr("-9223372036854775808")->literal, Value::bigint(std::numeric_limits<int64_t>::min()));
    EXPECT_EQ(expr("-(a + 1)")->to_string(), "-(a + 1)");
    EXPECT_EQ(expr("- -a")->to_string(), "- -a");
    EXPECT_EQ(expr("+a")->name, "+");
}

TEST(ExpressionParser, LiteralForms) {
    EXPECT_EQ(expr("'text'")->literal, Value::text("text"));
    EXPECT_EQ(expr("'it''s'")->literal, Value::text("it's"));
    EXPECT_EQ(expr("42")->literal, Value::bigint(42));
    EXPECT_EQ(expr("9223372036854775807")->literal, Value::bigint(std::numeric_limits<int64_t>::max()));
    EXPECT_EQ(expr("1.5")->literal, Value::float64(1.5));
    EXPECT_EQ(expr(".5")->literal, Value::float64(0.5));
    EXPECT_EQ(expr("1e3")->literal, Value::float64(1000.0));
    EXPECT_EQ(expr("TRUE")->literal, Value::boolean(true));
    EXPECT_EQ(expr("false")->literal, Value::boolean(false));
    auto null = expr("NULL");
    EXPECT_EQ(null->kind, ExprKind::Literal);
    EXPECT_TRUE(null->literal.is_null());
    EXPECT_EQ(null->to_string(), "NULL");
}

TEST(ExpressionParser, TimestampLiteralsBecomeUtcMicroseconds) {
    // 2025-01-15 14:00:00 UTC = 1736949600 s after the epoch.
    auto e = expr("TIMESTAMP '2025-01-15 14:00:00'");
    EXPECT_EQ(e->literal, Value::timestamp(1736949600LL * kMicrosPerSecond));
    EXPECT_EQ(e->to_string(), "TIMESTAMP '2025-01-15 14:00:00'");
    EXPECT_EQ(e->position.column, 8);
    EXPECT_EQ(expr("timestamp '2025-01-15T15:00:00+01:00'")->literal, Value::timestamp(1736949600LL * kMicrosPerSecond));
    EXPECT_EQ(expr_error("TIMESTAMP '2025-02-30'"),
              "syntax error at line 1, column 18: invalid timestamp '2025-02-30'; write it like '2025-01-15 14:00:00' "
              "or '2025-01-15T14:00:00Z'");
    // Without a string after it, timestamp is a column name.
    auto column = expr("timestamp");
    EXPECT_EQ(column->kind, ExprKind::ColumnRef);
    EXPECT_EQ(column->name, "timestamp");
}

TEST(ExpressionParser, IntervalLiteralsInEveryForm) {
    EXPECT_EQ(expr("INTERVAL '5' MINUTE")->literal, Value::interval(5 * kMicrosPerMinute));
    EXPECT_EQ(expr("interval '2' hours")->literal, Value::interval(2 * kMicrosPerHour));
    EXPECT_EQ(expr("INTERVAL '1.5' SECOND")->literal, Value::interval(1500 * kMicrosPerMilli));
    EXPECT_EQ(expr("INTERVAL '-3' DAY")->literal, Value::interval(-3 * kMicrosPerDay));
    EXPECT_EQ(expr("INTERVAL '10s'")->literal, Value::interval(10 * kMicrosPerSecond));
    EXPECT_EQ(expr("INTERVAL '5 minutes'")->literal, Value::interval(5 * kMicrosPerMinute));
    EXPECT_EQ(expr("500ms")->literal, Value::interval(500 * kMicrosPerMilli));
    EXPECT_EQ(expr("250us")->literal, Value::interval(250));
    EXPECT_EQ(expr("1d")->literal, Value::interval(kMicrosPerDay));
    EXPECT_EQ(expr("1h")->literal, Value::interval(kMicrosPerHour));
    EXPECT_EQ(expr("5m")->to_string(), "5m");
    EXPECT_EQ(expr_error("INTERVAL '5' FORTNIGHT"),
              "syntax error at line 1, column 21: expected an interval unit such as SECOND, MINUTE, HOUR or DAY after "
              "INTERVAL '5' but found 'FORTNIGHT'");
    EXPECT_EQ(expr_error("INTERVAL 'soon' MINUTE"),
              "syntax error at line 1, column 17: invalid interval 'soon'; write it like INTERVAL '5' MINUTE or "
              "INTERVAL '10s'");
}

TEST(ExpressionParser, IntegerBeyondBigintIsAnErrorNamingTheLiteral) {
    EXPECT_EQ(expr_error("1 + 9223372036854775808"),
              "syntax error at line 1, column 12: the integer 9223372036854775808 is too large for BIGINT (at most "
              "9223372036854775807); write it as a decimal such as 9223372036854775808.0 if that is meant");
    EXPECT_NE(expr_error("99999999999999999999999").find("the integer 99999999999999999999999"), std::string::npos);
}

TEST(ExpressionParser, FunctionCallsCountStarAndDistinct) {
    auto star = expr("COUNT(*)");
    EXPECT_EQ(star->kind, ExprKind::Function);
    EXPECT_EQ(star->name, "count");
    ASSERT_EQ(star->children.size(), 1u);
    EXPECT_EQ(star->children[0]->kind, ExprKind::Star);
    EXPECT_EQ(star->to_string(), "count(*)");
    auto distinct = expr("count(DISTINCT City)");
    EXPECT_TRUE(distinct->distinct);
    EXPECT_EQ(distinct->to_string(), "count(DISTINCT City)");
    auto call = expr("Coalesce(a, 0, 'x')");
    EXPECT_EQ(call->name, "coalesce");
    EXPECT_EQ(call->children.size(), 3u);
    EXPECT_EQ(call->to_string(), "coalesce(a, 0, 'x')");
    auto empty = expr("proctime()");
    EXPECT_TRUE(empty->children.empty());
    EXPECT_EQ(empty->to_string(), "proctime()");
    EXPECT_EQ(expr("avg(temp)")->to_string(), "avg(temp)");
    EXPECT_EQ(expr("Avg(Temp)")->to_string(), "avg(Temp)");
    EXPECT_EQ(expr("round(avg(temp) * 1.0, 2)")->to_string(), "round(avg(temp) * 1.0, 2)");
    EXPECT_EQ(expr_error("count(DISTINCT)"), "syntax error at line 1, column 22: DISTINCT needs an argument");
}

TEST(ExpressionParser, CaseWithAndWithoutOperand) {
    auto searched = expr("CASE WHEN temp > 30 THEN 'hot' WHEN temp < 0 THEN 'cold' ELSE 'ok' END");
    EXPECT_EQ(searched->kind, ExprKind::Case);
    EXPECT_FALSE(searched->has_operand);
    EXPECT_TRUE(searched->has_else);
    ASSERT_EQ(searched->children.size(), 5u);
    EXPECT_EQ(searched->children[1]->literal, Value::text("hot"));
    EXPECT_EQ(searched->children[4]->literal, Value::text("ok"));
    EXPECT_EQ(searched->to_string(), "CASE WHEN temp > 30 THEN 'hot' WHEN temp < 0 THEN 'cold' ELSE 'ok' END");

    auto simple = expr("case kind when 1 then 'a' end");
    EXPECT_TRUE(simple->has_operand);
    EXPECT_FALSE(simple->has_else);
    ASSERT_EQ(simple->children.size(), 3u);
    EXPECT_EQ(simple->children[0]->name, "kind");
    EXPECT_EQ(simple->to_string(), "CASE kind WHEN 1 THEN 'a' END");

    EXPECT_EQ(expr_error("CASE ELSE 1 END"), "syntax error at line 1, column 13: expected WHEN but found 'ELSE'");
    EXPECT_EQ(expr_error("CASE WHEN a THEN 1"),
              "syntax error at line 1, column 27: expected WHEN, ELSE or END but found 'FROM'");
}

TEST(ExpressionParser, CastAndTryCast) {
    auto cast = expr("CAST(temp AS INTEGER)");
    EXPECT_EQ(cast->kind, ExprKind::Cast);
    EXPECT_FALSE(cast->try_cast);
    EXPECT_EQ(cast->cast_type, TypeId::BigInt);
    EXPECT_EQ(cast->to_string(), "CAST(temp AS BIGINT)");
    auto try_cast = expr("try_cast(raw AS double precision)");
    EXPECT_TRUE(try_cast->try_cast);
    EXPECT_EQ(try_cast->cast_type, TypeId::Double);
    EXPECT_EQ(try_cast->to_string(), "TRY_CAST(raw AS DOUBLE)");
    EXPECT_EQ(expr("CAST(x AS VARCHAR(20))")->cast_type, TypeId::Text);
    EXPECT_EQ(expr_error("CAST(x AS NUMBER)"),
              "syntax error at line 1, column 18: expected a column type such as BIGINT, DOUBLE, TEXT, TIMESTAMP but "
              "found 'NUMBER'");
    EXPECT_EQ(expr_error("CAST(x, DOUBLE)"), "syntax error at line 1, column 14: expected AS but found ','");
}

TEST(ExpressionParser, BetweenInLikeIsNullAndTheirNegations) {
    auto between = expr("temp NOT BETWEEN -60 AND 60 + 1");
    EXPECT_EQ(between->kind, ExprKind::Between);
    EXPECT_TRUE(between->negated);
    EXPECT_EQ(between->children[2]->name, "+");
    EXPECT_EQ(between->to_string(), "temp NOT BETWEEN -60 AND 60 + 1");
    auto between_and = expr("a BETWEEN 1 AND 2 AND b");
    EXPECT_EQ(between_and->name, "and");
    EXPECT_EQ(between_and->children[0]->kind, ExprKind::Between);

    auto in = expr("city IN ('Warsaw', 'Oslo')");
    EXPECT_EQ(in->kind, ExprKind::In);
    EXPECT_FALSE(in->negated);
    EXPECT_EQ(in->children.size(), 3u);
    EXPECT_EQ(in->to_string(), "city IN ('Warsaw', 'Oslo')");
    EXPECT_TRUE(expr("x NOT IN (1)")->negated);

    auto like = expr("name LIKE 'a%'");
    EXPECT_EQ(like->kind, ExprKind::Like);
    EXPECT_EQ(like->to_string(), "name LIKE 'a%'");
    EXPECT_TRUE(expr("name NOT LIKE 'a%'")->negated);

    auto is_null = expr("temp IS NULL");
    EXPECT_EQ(is_null->kind, ExprKind::IsNull);
    EXPECT_FALSE(is_null->negated);
    auto is_not_null = expr("temp + 1 IS NOT NULL");
    EXPECT_TRUE(is_not_null->negated);
    EXPECT_EQ(is_not_null->children[0]->name, "+");
    EXPECT_EQ(is_not_null->to_string(), "temp + 1 IS NOT NULL");
    EXPECT_EQ(expr("NOT a IS NULL")->name, "not");
    EXPECT_EQ(expr_error("a IS 5"), "syntax error at line 1, column 13: expected NULL but found '5'");
    EXPECT_EQ(expr_error("a IN 1"), "syntax error at line 1, column 13: expected '(' but found '1'");
}

TEST(ExpressionParser, ToStringKeepsNamesAsWrittenAndParenthesizesOnlyWhereNeeded) {
    EXPECT_EQ(expr("temp*2")->to_string(), "temp * 2");
    EXPECT_EQ(expr("\"Temp C\" / 2.0")->to_string(), "Temp C / 2.0");
    EXPECT_EQ(expr("a - (b + c)")->to_string(), "a - (b + c)");
    EXPECT_EQ(expr("(a * b) + c")->to_string(), "a * b + c");
    EXPECT_EQ(expr("NOT (a AND b)")->to_string(), "NOT (a AND b)");
    EXPECT_EQ(expr("'a' || 'b''c'")->to_string(), "'a' || 'b''c'");
    EXPECT_EQ(expr("x - -5")->to_string(), "x - -5");
    EXPECT_EQ(expr("TRUE AND NULL")->to_string(), "TRUE AND NULL");
}

TEST(ExpressionParser, PositionsPointAtTheToken) {
    auto e = expr("a +\n  avg(b)");
    EXPECT_EQ(e->position.column, 10);  // the '+' operator
    EXPECT_EQ(e->children[1]->position.line, 2);
    EXPECT_EQ(e->children[1]->position.column, 3);
}

TEST(ExpressionParser, MissingPiecesAreReported) {
    EXPECT_EQ(expr_error("(a + 1"), "syntax error at line 1, column 15: expected ')' but found 'FROM'");
    EXPECT_EQ(expr_error("a +"), "syntax error at line 1, column 12: expected an expression but found 'FROM'");
    EXPECT_EQ(expr_error("(SELECT 1)"), "syntax error at line 1, column 9: subqueries are not supported");
    EXPECT_EQ(expr_error("t."), "syntax error at line 1, column 11: expected a column name after 't.' but found 'FROM'");
}

TEST(ExpressionParser, DeepButReasonableNestingParses) {
    auto e = expr(repeat("(", 300) + "1" + repeat(")", 300));
    EXPECT_EQ(e->literal, Value::bigint(1));
    auto sum = expr("1" + repeat(" + 1", 300));
    EXPECT_EQ(sum->name, "+");
}

TEST(ExpressionParser, VeryDeepNestingIsAClearErrorNotACrash) {
    std::string expected = "the expression is nested too deeply (more than 500 levels); simplify it";
    EXPECT_NE(expr_error(repeat("(", 100000) + "1" + repeat(")", 100000)).find(expected), std::string::npos);
    EXPECT_NE(expr_error(repeat("NOT ", 100000) + "a").find(expected), std::string::npos);
    EXPECT_NE(expr_error(repeat("- ", 100000) + "a").find(expected), std::string::npos);
    EXPECT_NE(expr_error("1" + repeat(" + 1", 100000)).find(expected), std::string::npos);
    EXPECT_NE(expr_error(repeat("f(", 100000) + "1" + repeat(")", 100000)).find(expected), std::string::npos);
    EXPECT_NE(expr_error(repeat("CASE WHEN ", 100000) + "1").find(expected), std::string::npos);
}

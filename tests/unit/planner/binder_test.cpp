// Expression binding: types, implicit casts as Cast nodes, rewrites of sugar, and every bind error.
#include <gtest/gtest.h>

#include "planner_fixture.h"

namespace weir {
namespace {

class BinderTest : public PlannerFixture {
protected:
    void SetUp() override {
        define_weather();
        define("CREATE SOURCE events (id BIGINT, ts TIMESTAMP, ingest TIMESTAMP, WATERMARK FOR ts AS ts) "
               "WITH (connector = 'memory')");
    }

    // The single select expression of `SELECT <expr> FROM <from>` as text over the scan's column names.
    std::string bound(const std::string &expr, const std::string &from = "weather") {
        QueryPlan plan = plan_of("SELECT " + expr + " FROM " + from);
        std::vector<std::string> input;
        for (const auto &column : plan.scan().output.columns()) input.push_back(column.name);
        return plan.chain().back()->expressions[0]->to_string(&input);
    }
    TypeId type_of(const std::string &expr, const std::string &from = "weather") {
        return plan_of("SELECT " + expr + " FROM " + from).output()[0].type;
    }
};

TEST_F(BinderTest, ImplicitCastOfAColumnIsACastNode) {
    QueryPlan plan = plan_of("SELECT value > 2.5 FROM readings");
    const BoundExpr &call = *plan.chain().back()->expressions[0];
    EXPECT_EQ(call.kind, BoundExprKind::Call);
    EXPECT_EQ(call.function, ">");
    EXPECT_EQ(call.type, TypeId::Boolean);
    ASSERT_EQ(call.children.size(), 2u);
    EXPECT_EQ(call.children[0]->kind, BoundExprKind::Cast);
    EXPECT_EQ(call.children[0]->type, TypeId::Double);
    EXPECT_EQ(call.children[0]->children[0]->kind, BoundExprKind::ColumnRef);
    EXPECT_EQ(call.children[1]->kind, BoundExprKind::Constant);
    EXPECT_EQ(call.children[1]->type, TypeId::Double);
}

TEST_F(BinderTest, ArithmeticComparisonAndConstants) {
    EXPECT_EQ(bound("value * 2 + 1.5", "readings"), "(CAST((value * 2) AS DOUBLE) + 1.5)");
    EXPECT_EQ(type_of("value * 2 + 1.5", "readings"), TypeId::Double);
    EXPECT_EQ(type_of("value % 7", "readings"), TypeId::BigInt);
    EXPECT_EQ(bound("temp > 30"), "(temp > 30)");  // the constant 30 became a DOUBLE constant
    EXPECT_EQ(bound("-temp"), "-temp");
    EXPECT_EQ(bound("city || 'x'"), "(city || 'x')");
    EXPECT_EQ(type_of("ts - ts"), TypeId::Interval);
}

TEST_F(BinderTest, TextConstantsBecomeTimestampsAndIntervals) {
    EXPECT_EQ(bound("ts > '2025-01-15 14:00'"), "(ts > TIMESTAMP '2025-01-15 14:00:00')");
    EXPECT_EQ(bound("ts + '5m'"), "(ts + 5m)");
    EXPECT_EQ(type_of("ts + '5m'"), TypeId::Timestamp);
    EXPECT_EQ(plan_error("SELECT ts > 'garbage' FROM weather"),
              "invalid TIMESTAMP literal; write it like '2025-01-15 14:00:00': 'garbage'");
    EXPECT_EQ(plan_error("SELECT ts + 'soon' FROM weather"),
              "invalid INTERVAL literal; write it like '5m' or INTERVAL '5' MINUTE: 'soon'");
}

TEST_F(BinderTest, SugarIsRewritten) {
    EXPECT_EQ(bound("temp BETWEEN -60 AND 60"), "((temp >= -60) AND (temp <= 60))");
    EXPECT_EQ(bound("temp NOT BETWEEN 1 AND 2"), "(NOT ((temp >= 1) AND (temp <= 2)))");
    EXPECT_EQ(bound("city NOT IN ('a', 'b')"), "(NOT (city IN ('a', 'b')))");
    EXPECT_EQ(bound("city NOT LIKE 'W%'"), "(NOT like(city, 'W%'))");
    EXPECT_EQ(bound("CASE city WHEN 'a' THEN 1 ELSE 2.5 END"), "CASE WHEN (city = 'a') THEN 1 ELSE 2.5 END");
    EXPECT_EQ(type_of("CASE city WHEN 'a' THEN 1 ELSE 2.5 END"), TypeId::Double);
    EXPECT_EQ(bound("coalesce(humidity, 0)"), "coalesce(humidity, 0)");
    EXPECT_EQ(type_of("coalesce(humidity, 0)"), TypeId::Double);
    EXPECT_EQ(bound("temp IN (1, 2.5)"), "(temp IN (1, 2.5))");
    EXPECT_EQ(bound("city IS NOT NULL"), "(city IS NOT NULL)");
    EXPECT_EQ(bound("NOT (temp > 1 OR temp < 0)"), "(NOT ((temp > 1) OR (temp < 0)))");
}

TEST_F(BinderTest, Casts) {
    EXPECT_EQ(bound("CAST(temp AS BIGINT)"), "CAST(temp AS BIGINT)");
    EXPECT_EQ(type_of("CAST(temp AS BIGINT)"), TypeId::BigInt);
    EXPECT_EQ(bound("TRY_CAST(city AS DOUBLE)"), "TRY_CAST(city AS DOUBLE)");
    EXPECT_EQ(bound("CAST(ts AS TEXT)"), "CAST(ts AS TEXT)");
    EXPECT_EQ(bound("CAST(NULL AS TIMESTAMP)"), "NULL");
    EXPECT_EQ(type_of("CAST(NULL AS TIMESTAMP)"), TypeId::Timestamp);
    EXPECT_EQ(plan_error("SELECT CAST(ts AS BIGINT) FROM weather").rfind("cannot cast TIMESTAMP to BIGINT", 0), 0u);
}

TEST_F(BinderTest, FunctionResolutionErrors) {
    EXPECT_EQ(bound("round(temp, 1)"), "round(temp, 1)");
    EXPECT_EQ(plan_error("SELECT round(city) FROM weather"),
              "no function round(TEXT); candidates: round(DOUBLE), round(DOUBLE, BIGINT)");
    EXPECT_EQ(plan_error("SELECT city + 1 FROM weather"),
              "no operator TEXT + BIGINT; candidates: BIGINT + BIGINT, DOUBLE + DOUBLE, TIMESTAMP + INTERVAL, "
              "INTERVAL + TIMESTAMP, INTERVAL + INTERVAL");
    EXPECT_EQ(plan_error("SELECT avgg(temp) FROM weather"), "unknown function `avgg`; did you mean `avg`?");
    EXPECT_EQ(plan_error("SELECT CASE WHEN true THEN 1 ELSE 'x' END FROM weather"),
              "CASE branches mix incompatible types BIGINT and TEXT; add a CAST");
}

TEST_F(BinderTest, NameErrors) {
    EXPECT_EQ(plan_error("SELECT tmep FROM weather"), "unknown column `tmep` in source `weather`; did you mean `temp`?");
    EXPECT_EQ(plan_error("SELECT * FROM wether", ErrorKind::Catalog), "no source or view named `wether`; did you mean `weather`?");
    EXPECT_EQ(plan_error("SELECT window_start FROM weather"),
              "`window_start` exists only in windowed queries: add TUMBLE(ts, size) or HOP(ts, slide, size) to GROUP BY; used in SELECT");
    EXPECT_EQ(plan_error("SELECT city, window_end, count(*) FROM weather GROUP BY city"),
              "`window_end` exists only in windowed queries: add TUMBLE(ts, size) or HOP(ts, slide, size) to GROUP BY; used in SELECT");
    EXPECT_EQ(plan_error("SELECT city FROM weather ORDER BY nope").rfind("ORDER BY must name an output column", 0), 0u);
    EXPECT_EQ(plan_error("SELECT city FROM weather ORDER BY 2"), "ORDER BY position is out of range 1..1: 2");
}

TEST_F(BinderTest, ConditionsAndAggregatePlacement) {
    EXPECT_EQ(plan_error("SELECT city FROM weather WHERE temp"), "WHERE needs a BOOLEAN condition, but this is DOUBLE: temp");
    EXPECT_EQ(plan_error("SELECT city FROM weather WHERE avg(temp) > 1"),
              "aggregate functions are not allowed in WHERE: avg(temp)");
    EXPECT_EQ(plan_error("SELECT avg(sum(temp)) FROM weather"),
              "aggregate functions are not allowed in the argument of another aggregate: sum(temp)");
    EXPECT_EQ(plan_error("SELECT city, temp FROM weather GROUP BY city"),
              "column `temp` must appear in GROUP BY or be used in an aggregate function");
    EXPECT_EQ(plan_error("SELECT city, count(*) FROM weather GROUP BY city HAVING avg(temp)"),
              "HAVING needs a BOOLEAN condition, but this is DOUBLE: avg(temp)");
    EXPECT_EQ(plan_error("SELECT sum(city) FROM weather"),
              "sum needs a BIGINT or DOUBLE argument; CAST it or use another aggregate; got TEXT");
    EXPECT_EQ(plan_error("SELECT avg(city) FROM weather"),
              "avg needs a BIGINT or DOUBLE argument; CAST it or use another aggregate; got TEXT");
    EXPECT_EQ(plan_error("SELECT sum(DISTINCT temp) FROM weather"),
              "DISTINCT is supported only in count(DISTINCT x), not in sum");
    EXPECT_EQ(plan_error("SELECT * FROM weather GROUP BY city"),
              "SELECT * cannot be combined with GROUP BY or aggregates; list the columns instead");
    EXPECT_EQ(plan_error("SELECT city FROM weather EMIT CHANGES").rfind("EMIT applies only", 0), 0u);
}

TEST_F(BinderTest, WindowErrors) {
    EXPECT_EQ(plan_error("SELECT count(*) FROM weather GROUP BY HOP(ts, 10m, 5m)"),
              "the slide of HOP must not exceed its size; got slide 10m and size 5m");
    EXPECT_EQ(plan_error("SELECT count(*) FROM weather GROUP BY TUMBLE(city, 5m)"),
              "the first argument of TUMBLE must be a TIMESTAMP column, but it is TEXT: city");
    EXPECT_EQ(plan_error("SELECT count(*) FROM weather GROUP BY TUMBLE(ts, temp)"),
              "the size of TUMBLE must be a constant INTERVAL such as 5m or INTERVAL '5' MINUTE, not temp");
    EXPECT_EQ(plan_error("SELECT count(*) FROM weather GROUP BY TUMBLE(ts, -5m)").rfind("the size of TUMBLE must be positive", 0),
              0u);
    EXPECT_EQ(plan_error("SELECT count(*) FROM events GROUP BY TUMBLE(ingest, 1m)"),
              "source `events` has the time attribute `ts` (its WATERMARK column); window over `ts` instead of `ingest`");
    EXPECT_EQ(plan_error("SELECT count(*) FROM weather GROUP BY TUMBLE(ts, 1m), HOP(ts, 1m, 2m)").rfind(
                  "GROUP BY may hold only one window", 0),
              0u);
    EXPECT_EQ(plan_error("SELECT tumble(ts, 1m) FROM weather").rfind("window functions may stand only in GROUP BY", 0), 0u);
}

}  // namespace
}  // namespace weir

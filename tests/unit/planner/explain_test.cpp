// EXPLAIN text: exact output for the README's weather query shape, and secrets masked.
#include <gtest/gtest.h>

#include "planner_fixture.h"

namespace weir {
namespace {

class ExplainTest : public PlannerFixture {
protected:
    void SetUp() override {
        define("CREATE SOURCE weather (city TEXT, temp DOUBLE, humidity DOUBLE, ts TIMESTAMP, "
               "WATERMARK FOR ts AS ts - 10s) WITH (connector = 'kafka', topic = 'weather')");
    }
};

TEST_F(ExplainTest, WindowedAggregationExactText) {
    QueryPlan plan = plan_of("SELECT city, avg(temp) AS avg_temp, count(*) FROM weather "
                             "WHERE temp BETWEEN -60 AND 60 GROUP BY city, TUMBLE(ts, 5m)");
    EXPECT_EQ(plan.explain(),
              "Project [city, avg_temp := avg(temp), count(*)]\n"
              "  Aggregate keys=[city] window=TUMBLE(ts, 5m) aggregates=[avg(temp), count(*)] emit=on window close\n"
              "    Filter ((temp >= -60) AND (temp <= 60))\n"
              "      Scan weather connector=kafka columns=[city, temp, ts] event_time=ts watermark=ts - 10s "
              "options=[topic=weather]\n");
}

TEST_F(ExplainTest, SortLimitHopAndChanges) {
    QueryPlan plan = plan_of("SELECT city, max(humidity) AS m FROM weather GROUP BY city, HOP(ts, 1m, 5m) "
                             "EMIT CHANGES ORDER BY m DESC LIMIT 3");
    EXPECT_EQ(plan.explain(),
              "Limit 3\n"
              "  Sort [m DESC]\n"
              "    Project [city, m := max(humidity)]\n"
              "      Aggregate keys=[city] window=HOP(ts, 1m, 5m) aggregates=[max(humidity)] emit=changes\n"
              "        Scan weather connector=kafka columns=[city, humidity, ts] event_time=ts watermark=ts - 10s "
              "options=[topic=weather]\n");
}

// A plan with two inputs prints as a tree: each child below its parent, left input first.
TEST_F(ExplainTest, IntervalJoinAndUnionAreTrees) {
    define("CREATE SOURCE alerts (city TEXT, level BIGINT, at TIMESTAMP, WATERMARK FOR at AS at) "
           "WITH (connector = 'kafka', topic = 'alerts')");
    QueryPlan join = plan_of("SELECT w.city, a.level FROM weather w JOIN alerts a ON w.city = a.city AND "
                             "a.at BETWEEN w.ts - INTERVAL '1' MINUTE AND w.ts + 2m");
    EXPECT_EQ(join.explain(),
              "Project [city, level]\n"
              "  IntervalJoin INNER keys=[city = city] time=at - ts in [-1m, 2m] "
              "condition=((at >= (ts - 1m)) AND (at <= (ts + 2m)))\n"
              "    Scan weather connector=kafka columns=[city, ts] event_time=ts watermark=ts - 10s "
              "options=[topic=weather]\n"
              "    Scan alerts connector=kafka columns=[city, level, at] event_time=at watermark=at "
              "options=[topic=alerts]\n");
    QueryPlan both = plan_of("SELECT city FROM weather UNION ALL SELECT city FROM alerts");
    EXPECT_EQ(both.explain(),
              "UnionAll inputs=2\n"
              "  Project [city]\n"
              "    Scan weather connector=kafka columns=[city, ts] event_time=ts watermark=ts - 10s "
              "options=[topic=weather]\n"
              "  Project [city]\n"
              "    Scan alerts connector=kafka columns=[city, at] event_time=at watermark=at options=[topic=alerts]\n");
}

TEST_F(ExplainTest, SecretsAreMasked) {
    define("CREATE SOURCE s (a BIGINT) WITH (connector = 'kafka', sasl_password = 'hunter2', "
           "ssl_key_location = '/k.pem', api_token = 'tok', topic = 't')");
    std::string text = plan_of("SELECT count(DISTINCT a) FROM s").explain();
    EXPECT_EQ(text.find("hunter2"), std::string::npos) << text;
    EXPECT_EQ(text.find("/k.pem"), std::string::npos) << text;
    EXPECT_EQ(text.find("tok,"), std::string::npos) << text;
    EXPECT_NE(text.find("sasl_password=***"), std::string::npos) << text;
    EXPECT_NE(text.find("api_token=***"), std::string::npos) << text;
    EXPECT_NE(text.find("topic=t]"), std::string::npos) << text;
    EXPECT_NE(text.find("aggregates=[count(DISTINCT a)] emit=at end"), std::string::npos) << text;
}

}  // namespace
}  // namespace weir

// Plan structure: scans with pruning and event time, filter pushdown, aggregation, order, limit, views.
#include <gtest/gtest.h>

#include "common/timestamp.h"
#include "planner_fixture.h"

namespace weir {
namespace {

class PlanShapeTest : public PlannerFixture {
protected:
    void SetUp() override { define_weather(); }

    static std::vector<PlanNodeKind> kinds(const QueryPlan &plan) {
        std::vector<PlanNodeKind> out;
        for (const auto *node : plan.chain()) out.push_back(node->kind);
        return out;
    }
    static std::vector<std::string> names(const Schema &schema) {
        std::vector<std::string> out;
        for (const auto &column : schema.columns()) out.push_back(column.name);
        return out;
    }
};

using K = PlanNodeKind;

TEST_F(PlanShapeTest, DesignExampleHopQuery) {
    QueryPlan plan = plan_of("SELECT city, window_start, window_end, avg(temp) AS avg_temp, count(*) AS n "
                          "FROM weather WHERE temp BETWEEN -60 AND 60 GROUP BY city, HOP(ts, 1m, 5m)");
    EXPECT_EQ(kinds(plan), (std::vector<K>{K::Scan, K::Filter, K::Aggregate, K::Project}));
    const PlanNode &scan = plan.scan();
    EXPECT_EQ(scan.connector, "kafka");
    EXPECT_EQ(scan.projection, (std::vector<size_t>{0, 1, 3}));  // humidity pruned
    EXPECT_EQ(names(scan.output), (std::vector<std::string>{"city", "temp", "ts"}));
    EXPECT_EQ(scan.event_time, std::optional<size_t>(2));
    EXPECT_EQ(scan.watermark_delay, 10 * kMicrosPerSecond);
    EXPECT_EQ(scan.declared.size(), 4u);

    const PlanNode &aggregate = *plan.chain()[2];
    EXPECT_EQ(aggregate.window.kind, WindowKind::Hop);
    EXPECT_EQ(aggregate.window.time_column, 2u);
    EXPECT_EQ(aggregate.window.slide, kMicrosPerMinute);
    EXPECT_EQ(aggregate.window.size, 5 * kMicrosPerMinute);
    EXPECT_EQ(aggregate.emit, EmitMode::OnWindowClose);
    ASSERT_EQ(aggregate.aggregates.size(), 2u);
    EXPECT_EQ(aggregate.aggregates[0].kind, AggregateKind::Avg);
    EXPECT_EQ(aggregate.aggregates[0].result_type, TypeId::Double);
    EXPECT_EQ(aggregate.aggregates[1].kind, AggregateKind::CountStar);
    EXPECT_EQ(aggregate.aggregates[1].argument, nullptr);
    EXPECT_EQ(names(aggregate.output),
              (std::vector<std::string>{"city", "window_start", "window_end", "avg(temp)", "count(*)"}));

    EXPECT_EQ(names(plan.output()), (std::vector<std::string>{"city", "window_start", "window_end", "avg_temp", "n"}));
    EXPECT_EQ(plan.output()[4].type, TypeId::BigInt);
    EXPECT_EQ(plan.key_columns, (std::vector<size_t>{0, 1}));
    EXPECT_FALSE(plan.updating);
}

TEST_F(PlanShapeTest, TumbleEventTimeFromWindowWhenNoWatermark) {
    QueryPlan plan = plan_of("SELECT device, max(value) FROM readings GROUP BY device, TUMBLE(other_ts, INTERVAL '1' HOUR)");
    EXPECT_EQ(plan.scan().projection, (std::vector<size_t>{0, 1, 3}));
    EXPECT_EQ(plan.scan().event_time, std::optional<size_t>(2));
    const PlanNode &aggregate = *plan.chain()[1];
    EXPECT_EQ(aggregate.window.kind, WindowKind::Tumble);
    EXPECT_EQ(aggregate.window.size, kMicrosPerHour);
    EXPECT_EQ(aggregate.window.slide, kMicrosPerHour);
    EXPECT_EQ(aggregate.aggregates[0].result_type, TypeId::BigInt);  // max keeps BIGINT
    EXPECT_EQ(plan.key_columns, (std::vector<size_t>{0}));  // window_start not selected
}

TEST_F(PlanShapeTest, NoEventTimeWithoutWatermarkOrWindow) {
    QueryPlan plan = plan_of("SELECT value FROM readings");
    EXPECT_FALSE(plan.scan().event_time.has_value());
    EXPECT_EQ(plan.scan().projection, (std::vector<size_t>{1}));
    EXPECT_EQ(kinds(plan), (std::vector<K>{K::Scan, K::Project}));
    EXPECT_TRUE(plan.key_columns.empty());
}

TEST_F(PlanShapeTest, WatermarkColumnAlwaysScanned) {
    QueryPlan plan = plan_of("SELECT humidity FROM weather");
    EXPECT_EQ(plan.scan().projection, (std::vector<size_t>{2, 3}));
    EXPECT_EQ(plan.scan().event_time, std::optional<size_t>(1));
    // The project reads humidity at its pruned position 0.
    EXPECT_EQ(plan.chain()[1]->expressions[0]->column_index, 0u);
}

TEST_F(PlanShapeTest, SelectStarKeepsEveryColumnAndOrderLimit) {
    QueryPlan plan = plan_of("SELECT * FROM readings ORDER BY 2 DESC, device LIMIT 5");
    EXPECT_EQ(kinds(plan), (std::vector<K>{K::Scan, K::Project, K::Sort, K::Limit}));
    EXPECT_EQ(plan.scan().projection, (std::vector<size_t>{0, 1, 2, 3}));
    EXPECT_EQ(plan.chain()[2]->sort_keys, (std::vector<size_t>{1, 0}));
    EXPECT_EQ(plan.chain()[2]->descending, (std::vector<bool>{true, false}));
    EXPECT_EQ(plan.chain()[3]->limit, 5);
    EXPECT_EQ(names(plan.output()), (std::vector<std::string>{"device", "value", "at", "other_ts"}));
}

TEST_F(PlanShapeTest, GlobalAggregateAndHavingAndEmitChanges) {
    QueryPlan global = plan_of("SELECT count(*) FROM readings");
    EXPECT_EQ(kinds(global), (std::vector<K>{K::Scan, K::Aggregate, K::Project}));
    EXPECT_TRUE(global.scan().projection.empty());
    EXPECT_TRUE(global.chain()[1]->group_keys.empty());
    EXPECT_TRUE(global.has_unwindowed_aggregate());

    QueryPlan having = plan_of("SELECT city, round(avg(temp), 1) AS t FROM weather GROUP BY city, TUMBLE(ts, 5m) "
                            "HAVING count(*) > 3 EMIT CHANGES");
    EXPECT_EQ(kinds(having), (std::vector<K>{K::Scan, K::Aggregate, K::Filter, K::Project}));
    EXPECT_TRUE(having.updating);
    EXPECT_EQ(having.chain()[1]->emit, EmitMode::Changes);
    ASSERT_EQ(having.chain()[1]->aggregates.size(), 2u);  // avg(temp) then count(*) from HAVING
    std::vector<std::string> grouped{"city", "ws", "we", "a", "c"};
    EXPECT_EQ(having.chain()[2]->predicate->to_string(&grouped), "(c > 3)");
    EXPECT_EQ(having.chain()[3]->expressions[1]->to_string(), "round(#3, 1)");
    EXPECT_EQ(having.output()[1].name, "t");
}

TEST_F(PlanShapeTest, SameAggregateIsComputedOnceAndKeysMatchByExpression) {
    QueryPlan plan = plan_of("SELECT lower(city), avg(temp), AVG(Temp) + 1 FROM weather GROUP BY lower(city)");
    const PlanNode &aggregate = *plan.chain()[1];
    EXPECT_EQ(aggregate.aggregates.size(), 1u);
    EXPECT_EQ(plan.chain()[2]->expressions[0]->to_string(), "#0");
    EXPECT_EQ(plan.chain()[2]->expressions[2]->to_string(), "(#1 + 1)");
    EXPECT_EQ(names(plan.output()), (std::vector<std::string>{"lower(city)", "avg(temp)", "avg(Temp) + 1"}));
    EXPECT_FALSE(plan.updating);
    EXPECT_EQ(plan.key_columns, (std::vector<size_t>{0}));
}

TEST_F(PlanShapeTest, DuplicateOutputNamesGetSuffixes) {
    QueryPlan plan = plan_of("SELECT avg(temp), avg(temp), city AS x, humidity AS X FROM weather GROUP BY city, humidity");
    EXPECT_EQ(names(plan.output()), (std::vector<std::string>{"avg(temp)", "avg(temp)_1", "x", "X_1"}));
}

TEST_F(PlanShapeTest, AggregateKindsAndTypes) {
    QueryPlan plan = plan_of("SELECT sum(value), count(DISTINCT device), count(device), stddev(value), "
                          "variance(value), stddev_pop(value), var_pop(value), min(device), stddev_samp(value), "
                          "var_samp(value), max(at) FROM readings");
    const auto &aggregates = plan.chain()[1]->aggregates;
    ASSERT_EQ(aggregates.size(), 11u);
    std::vector<AggregateKind> expected_kinds{AggregateKind::Sum,        AggregateKind::CountDistinct,
                                              AggregateKind::Count,      AggregateKind::StddevSamp,
                                              AggregateKind::VarSamp,    AggregateKind::StddevPop,
                                              AggregateKind::VarPop,     AggregateKind::Min,
                                              AggregateKind::StddevSamp, AggregateKind::VarSamp,
                                              AggregateKind::Max};
    std::vector<TypeId> expected_types{TypeId::BigInt, TypeId::BigInt, TypeId::BigInt, TypeId::Double,
                                       TypeId::Double, TypeId::Double, TypeId::Double, TypeId::Text,
                                       TypeId::Double, TypeId::Double, TypeId::Timestamp};
    for (size_t i = 0; i < aggregates.size(); ++i) {
        EXPECT_EQ(aggregates[i].kind, expected_kinds[i]) << i;
        EXPECT_EQ(aggregates[i].result_type, expected_types[i]) << i;
    }
    EXPECT_EQ(plan.chain()[1]->aggregates[0].argument->to_string(), "#1");
    QueryPlan sum_double = plan_of("SELECT sum(temp) FROM weather");
    EXPECT_EQ(sum_double.output()[0].type, TypeId::Double);
}

TEST_F(PlanShapeTest, ViewsCompose) {
    define("CREATE VIEW hot AS SELECT city, temp, ts FROM weather WHERE temp > 30");
    QueryPlan plan = plan_of("SELECT city, count(*) AS n FROM hot GROUP BY city, TUMBLE(ts, 1m)");
    EXPECT_EQ(kinds(plan), (std::vector<K>{K::Scan, K::Filter, K::Project, K::Aggregate, K::Project}));
    EXPECT_EQ(plan.scan().projection, (std::vector<size_t>{0, 1, 3}));
    EXPECT_EQ(plan.scan().event_time, std::optional<size_t>(2));
    EXPECT_EQ(plan.chain()[3]->window.time_column, 2u);

    define("CREATE VIEW per_city AS SELECT city, avg(temp) AS t FROM weather GROUP BY city");
    QueryPlan over = plan_of("SELECT t, city FROM per_city WHERE t > 1");
    EXPECT_EQ(kinds(over), (std::vector<K>{K::Scan, K::Aggregate, K::Project, K::Filter, K::Project}));
    EXPECT_EQ(over.key_columns, (std::vector<size_t>{1}));
    EXPECT_EQ(plan_error("SELECT count(*) FROM per_city"),
              "aggregating over a view that aggregates itself is not supported yet: `per_city`");
}

}  // namespace
}  // namespace weir

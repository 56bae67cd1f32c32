// Parser: every statement kind, statement splitting and texts, and syntax error messages.
#include "parser/parser.h"

#include <gtest/gtest.h>

#include "common/timestamp.h"
#include "common/weir_error.h"

using namespace weir;

namespace {

std::unique_ptr<Statement> parse_one(std::string_view sql) {
    auto statements = Parser().parse(sql);
    EXPECT_EQ(statements.size(), 1u) << sql;
    if (statements.empty()) return nullptr;
    return std::move(statements[0]);
}

template <typename T>
std::unique_ptr<T> parse_as(std::string_view sql) {
    auto statement = parse_one(sql);
    return std::unique_ptr<T>(static_cast<T *>(statement.release()));
}

std::string parse_error(std::string_view sql) {
    try {
        Parser().parse(sql);
    } catch (const WeirError &e) {
        EXPECT_EQ(e.kind(), ErrorKind::Syntax);
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST(Parser, CreateSourceWithColumnsWatermarkAndOptions) {
    auto source = parse_as<CreateSourceStmt>(
        "CREATE SOURCE weather (\n"
        "    city TEXT, temp DOUBLE, humidity Float, n INT, ok BOOLEAN, ts TIMESTAMP,\n"
        "    WATERMARK FOR ts AS ts - 10s\n"
        ") WITH (connector = 'kafka', Topic = 'weather', brokers = '127.0.0.1:9092', format = 'json')");
    ASSERT_TRUE(source);
    EXPECT_EQ(source->kind, StatementKind::CreateSource);
    EXPECT_EQ(source->name, "weather");
    EXPECT_FALSE(source->if_not_exists);
    ASSERT_EQ(source->columns.size(), 6u);
    EXPECT_EQ(source->columns[0].name, "city");
    EXPECT_EQ(source->columns[0].type, TypeId::Text);
    EXPECT_EQ(source->columns[1].type, TypeId::Double);
    EXPECT_EQ(source->columns[2].type, TypeId::Double);
    EXPECT_EQ(source->columns[3].type, TypeId::BigInt);
    EXPECT_EQ(source->columns[4].type, TypeId::Boolean);
    EXPECT_EQ(source->columns[5].type, TypeId::Timestamp);
    EXPECT_EQ(source->columns[1].position.line, 2);
    EXPECT_EQ(source->columns[1].position.column, 16);
    ASSERT_TRUE(source->watermark.has_value());
    EXPECT_EQ(source->watermark->column, "ts");
    EXPECT_EQ(source->watermark->delay, 10 * kMicrosPerSecond);
    EXPECT_EQ(source->watermark->position.line, 3);
    EXPECT_EQ(source->watermark->position.column, 5);
    OptionList expected = {{"connector", "kafka"}, {"topic", "weather"}, {"brokers", "127.0.0.1:9092"},
                           {"format", "json"}};
    EXPECT_EQ(source->options, expected);
}

TEST(Parser, CreateSourceIfNotExistsIntervalWatermarkAndBareOptionValues) {
    auto source = parse_as<CreateSourceStmt>(
        "create source if not exists s (ts timestamp, v bigint, watermark for ts as ts - interval '2' minutes) "
        "with (connector = generator, rows = 1000, rate = 1.5, every = 5s, kafka.group.id = 'g', 'x-y' = TRUE)");
    EXPECT_TRUE(source->if_not_exists);
    EXPECT_EQ(source->watermark->delay, 2 * kMicrosPerMinute);
    OptionList expected = {{"connector", "generator"}, {"rows", "1000"},          {"rate", "1.5"},
                           {"every", "5s"},            {"kafka.group.id", "g"}, {"x-y", "TRUE"}};
    EXPECT_EQ(source->options, expected);
}

TEST(Parser, WatermarkWithoutDelayAndColumnsNamedLikeKeywords) {
    auto source = parse_as<CreateSourceStmt>(
        "CREATE SOURCE s (key TEXT, value DOUBLE, type TEXT, source TEXT, day BIGINT, hour BIGINT, "
        "\"Event Time\" TIMESTAMP, WATERMARK FOR \"Event Time\" AS \"Event Time\")");
    ASSERT_EQ(source->columns.size(), 7u);
    EXPECT_EQ(source->columns[0].name, "key");
    EXPECT_EQ(source->columns[6].name, "Event Time");
    EXPECT_EQ(source->watermark->column, "Event Time");
    EXPECT_EQ(source->watermark->delay, 0);
    EXPECT_TRUE(source->options.empty());
}

TEST(Parser, CreateSinkAndView) {
    auto sink = parse_as<CreateSinkStmt>(
        "CREATE SINK weather_rt WITH (connector = 'postgres', table = 'weather_rt', key = 'city, window_start')");
    EXPECT_EQ(sink->kind, StatementKind::CreateSink);
    EXPECT_EQ(sink->name, "weather_rt");
    ASSERT_EQ(sink->options.size(), 3u);
    EXPECT_EQ(sink->options[2], std::make_pair(std::string("key"), std::string("city, window_start")));

    auto view = parse_as<CreateViewStmt>("CREATE VIEW IF NOT EXISTS hot AS SELECT * FROM weather WHERE temp > 30");
    EXPECT_EQ(view->kind, StatementKind::CreateView);
    EXPECT_TRUE(view->if_not_exists);
    EXPECT_EQ(view->name, "hot");
    ASSERT_EQ(view->query->items.size(), 1u);
    EXPECT_EQ(view->query->items[0].expr->kind, ExprKind::Star);
    EXPECT_EQ(view->query->from, "weather");
    EXPECT_EQ(view->query->where->to_string(), "temp > 30");
}

TEST(Parser, InsertAndCreateJob) {
    auto insert = parse_as<InsertStmt>(
        "INSERT INTO weather_rt SELECT city, window_start, avg(temp) AS avg_temp, count(*) n FROM weather "
        "WHERE temp BETWEEN -60 AND 60 GROUP BY city, HOP(ts, 1m, 5m)");
    EXPECT_EQ(insert->kind, StatementKind::Insert);
    EXPECT_EQ(insert->sink, "weather_rt");
    EXPECT_EQ(insert->job_name, "");
    const SelectStmt &q = *insert->query;
    ASSERT_EQ(q.items.size(), 4u);
    EXPECT_EQ(q.items[2].alias, "avg_temp");
    EXPECT_EQ(q.items[3].alias, "n");
    EXPECT_EQ(q.items[3].expr->to_string(), "count(*)");
    EXPECT_EQ(q.where->kind, ExprKind::Between);
    EXPECT_EQ(q.where->children[1]->literal, Value::bigint(-60));
    ASSERT_EQ(q.group_by.size(), 2u);
    EXPECT_EQ(q.group_by[1]->kind, ExprKind::Function);
    EXPECT_EQ(q.group_by[1]->name, "hop");
    ASSERT_EQ(q.group_by[1]->children.size(), 3u);
    EXPECT_EQ(q.group_by[1]->children[1]->literal, Value::interval(kMicrosPerMinute));
    EXPECT_EQ(q.group_by[1]->children[2]->literal, Value::interval(5 * kMicrosPerMinute));

    auto job = parse_as<InsertStmt>("CREATE JOB rt_averages AS INSERT INTO weather_rt SELECT * FROM weather");
    EXPECT_EQ(job->kind, StatementKind::Insert);
    EXPECT_EQ(job->job_name, "rt_averages");
    EXPECT_EQ(job->sink, "weather_rt");
}

TEST(Parser, SelectWithEveryClause) {
    auto select = parse_as<SelectStatement>(
        "SELECT city, max(temp) - min(temp) AS spread FROM weather WHERE city <> 'x' GROUP BY city, TUMBLE(ts, 5m) "
        "HAVING count(*) > 3 EMIT CHANGES ORDER BY spread DESC, city ASC, 2 LIMIT 10");
    const SelectStmt &q = *select->query;
    EXPECT_EQ(q.from, "weather");
    EXPECT_EQ(q.from_position.column, 51);
    EXPECT_EQ(q.items[1].expr->to_string(), "max(temp) - min(temp)");
    EXPECT_EQ(q.group_by[1]->to_string(), "tumble(ts, 5m)");
    EXPECT_EQ(q.having->to_string(), "count(*) > 3");
    EXPECT_EQ(q.emit, EmitMode::Changes);
    ASSERT_EQ(q.order_by.size(), 3u);
    EXPECT_TRUE(q.order_by[0].descending);
    EXPECT_FALSE(q.order_by[1].descending);
    EXPECT_FALSE(q.order_by[2].descending);
    EXPECT_EQ(q.limit, 10);
}

TEST(Parser, SelectWithoutFromHasNoSourceAndTakesTheOtherClauses) {
    auto constant = parse_as<SelectStatement>("SELECT 1 + 1");
    EXPECT_EQ(constant->query->from, "");
    ASSERT_EQ(constant->query->items.size(), 1u);
    EXPECT_EQ(constant->query->items[0].expr->to_string(), "1 + 1");
    auto statements = Parser().parse("SELECT now() AS t, 2 two; SELECT count(*) WHERE 1 = 2 LIMIT 1");
    ASSERT_EQ(statements.size(), 2u);
    const SelectStmt &first = *static_cast<SelectStatement &>(*statements[0]).query;
    EXPECT_EQ(first.items[0].alias, "t");
    EXPECT_EQ(first.items[1].alias, "two");  // an alias without AS before ';'
    const SelectStmt &second = *static_cast<SelectStatement &>(*statements[1]).query;
    EXPECT_EQ(second.from, "");
    EXPECT_EQ(second.where->to_string(), "1 = 2");
    EXPECT_EQ(second.limit, 1);
    EXPECT_EQ(parse_error("SELECT 1 2"),
              "syntax error at line 1, column 10: expected FROM, WHERE, GROUP BY, HAVING, EMIT, ORDER BY, LIMIT, ';' "
              "or end of input but found '2'");
}

TEST(Parser, EmitOnWindowCloseAndDefault) {
    auto a = parse_as<SelectStatement>("SELECT count(*) FROM t GROUP BY TUMBLE(ts, 1h) EMIT ON WINDOW CLOSE");
    EXPECT_EQ(a->query->emit, EmitMode::OnWindowClose);
    auto b = parse_as<SelectStatement>("SELECT a FROM t");
    EXPECT_EQ(b->query->emit, EmitMode::Default);
    EXPECT_FALSE(b->query->limit.has_value());
    EXPECT_EQ(b->query->where, nullptr);
}

TEST(Parser, ShowDescribeExplainDrop) {
    EXPECT_EQ(parse_as<ShowStmt>("SHOW SOURCES")->what, ObjectKind::Source);
    EXPECT_EQ(parse_as<ShowStmt>("show sinks")->what, ObjectKind::Sink);
    EXPECT_EQ(parse_as<ShowStmt>("SHOW VIEWS")->what, ObjectKind::View);
    EXPECT_EQ(parse_as<ShowStmt>("SHOW JOBS")->what, ObjectKind::Job);
    auto describe = parse_as<DescribeStmt>("DESCRIBE weather");
    EXPECT_EQ(describe->kind, StatementKind::Describe);
    EXPECT_EQ(describe->name, "weather");

    auto explain = parse_as<ExplainStmt>("EXPLAIN  SELECT a FROM t");
    EXPECT_EQ(explain->kind, StatementKind::Explain);
    ASSERT_TRUE(explain->inner);
    EXPECT_EQ(explain->inner->kind, StatementKind::Select);
    EXPECT_EQ(explain->inner->text, "SELECT a FROM t");
    EXPECT_EQ(explain->inner->position.column, 10);
    EXPECT_EQ(explain->text, "EXPLAIN  SELECT a FROM t");
    auto explain_insert = parse_as<ExplainStmt>("EXPLAIN INSERT INTO k SELECT a FROM t");
    EXPECT_EQ(explain_insert->inner->kind, StatementKind::Insert);

    auto drop = parse_as<DropStmt>("DROP SOURCE weather");
    EXPECT_EQ(drop->what, ObjectKind::Source);
    EXPECT_EQ(drop->name, "weather");
    EXPECT_FALSE(drop->if_exists);
    auto drop_job = parse_as<DropStmt>("drop job if exists rt");
    EXPECT_EQ(drop_job->what, ObjectKind::Job);
    EXPECT_TRUE(drop_job->if_exists);
    EXPECT_EQ(parse_as<DropStmt>("DROP SINK k")->what, ObjectKind::Sink);
    EXPECT_EQ(parse_as<DropStmt>("DROP VIEW v")->what, ObjectKind::View);
}

TEST(Parser, SplitsStatementsAndRecordsTheirTextAndPosition) {
    auto statements = Parser().parse("  SHOW SOURCES ;;\n-- note\nSELECT a\n  FROM t; ;DESCRIBE x");
    ASSERT_EQ(statements.size(), 3u);
    EXPECT_EQ(statements[0]->text, "SHOW SOURCES");
    EXPECT_EQ(statements[0]->position.column, 3);
    EXPECT_EQ(statements[1]->text, "SELECT a\n  FROM t");
    EXPECT_EQ(statements[1]->position.line, 3);
    EXPECT_EQ(statements[1]->position.column, 1);
    EXPECT_EQ(statements[1]->position.offset, 26u);
    EXPECT_EQ(statements[2]->kind, StatementKind::Describe);
    EXPECT_EQ(statements[2]->text, "DESCRIBE x");
    EXPECT_TRUE(Parser().parse("").empty());
    EXPECT_TRUE(Parser().parse(" ; ;\n/* nothing */ ;").empty());
    EXPECT_EQ(Parser().parse("SHOW JOBS;").size(), 1u);
}

TEST(Parser, SelectItemsAliasesQualifiedColumnsAndQuotedNames) {
    auto select = parse_as<SelectStatement>(
        "SELECT w.city, \"Temp C\" AS \"Temp\", temp * 2 doubled, day, key AS k FROM weather");
    const auto &items = select->query->items;
    ASSERT_EQ(items.size(), 5u);
    EXPECT_EQ(items[0].expr->kind, ExprKind::ColumnRef);
    EXPECT_EQ(items[0].expr->qualifier, "w");
    EXPECT_EQ(items[0].expr->name, "city");
    EXPECT_EQ(items[0].expr->to_string(), "w.city");
    EXPECT_EQ(items[1].expr->name, "Temp C");
    EXPECT_EQ(items[1].alias, "Temp");
    EXPECT_EQ(items[2].alias, "doubled");
    EXPECT_EQ(items[2].expr->to_string(), "temp * 2");
    EXPECT_EQ(items[3].expr->name, "day");
    EXPECT_EQ(items[3].alias, "");
    EXPECT_EQ(items[4].alias, "k");
}

TEST(Parser, ErrorMessagesNameLineColumnExpectedAndFound) {
    EXPECT_EQ(parse_error("SELECT city, temp\nFORM weather"),
              "syntax error at line 2, column 1: expected FROM but found 'FORM'");
    EXPECT_EQ(parse_error("CREATE SOURCE s (\n    a DUBLE\n)"),
              "syntax error at line 2, column 7: expected a column type such as BIGINT, DOUBLE, TEXT, TIMESTAMP "
              "but found 'DUBLE'");
    EXPECT_EQ(parse_error("SELECT a FROM t WHERE"),
              "syntax error at line 1, column 22: expected an expression but found end of input");
    EXPECT_EQ(parse_error("SELEC a FROM t"),
              "syntax error at line 1, column 1: expected a statement such as SELECT, INSERT, CREATE, SHOW, DESCRIBE, "
              "EXPLAIN or DROP but found 'SELEC'");
    EXPECT_EQ(parse_error("SELECT a FROM t\n  WHER a > 1"),
              "syntax error at line 2, column 3: expected WHERE, GROUP BY, HAVING, EMIT, ORDER BY, LIMIT, ';' or end "
              "of input but found 'WHER'");
    EXPECT_EQ(parse_error("SHOW SOURCES;\nSELECT b FROM"),
              "syntax error at line 2, column 14: expected a source or view name after FROM but found end of input");
    EXPECT_EQ(parse_error("SHOW TABLES"),
              "syntax error at line 1, column 6: expected SOURCES, SINKS, VIEWS or JOBS after SHOW but found 'TABLES'");
    EXPECT_EQ(parse_error("SELECT sum(a FROM t"),
              "syntax error at line 1, column 14: expected ',' or ')' in the arguments of sum(...) but found 'FROM'");
    EXPECT_EQ(parse_error("SELECT a FROM select"),
              "syntax error at line 1, column 15: expected a source or view name after FROM (select is a reserved "
              "word; write it in double quotes to use it as a name) but found 'select'");
    EXPECT_EQ(parse_error("CREATE SINK k WITH (topic = 'a', topic = 'b')"),
              "syntax error at line 1, column 34: the option 'topic' is given twice");
    EXPECT_EQ(parse_error("CREATE SINK k WITH (topic 'a')"),
              "syntax error at line 1, column 27: expected '=' but found the string 'a'");
    EXPECT_EQ(parse_error("CREATE SOURCE s (a BIGINT, A TEXT)"),
              "syntax error at line 1, column 28: the column 'A' is declared twice");
    EXPECT_EQ(parse_error("CREATE SOURCE s (ts TIMESTAMP, WATERMARK FOR ts AS other - 5s)"),
              "syntax error at line 1, column 52: the watermark must be written WATERMARK FOR ts AS ts - <delay>, but "
              "it names 'other' after AS");
    EXPECT_EQ(parse_error("CREATE SOURCE s (ts TIMESTAMP, WATERMARK FOR ts AS ts - 5)"),
              "syntax error at line 1, column 57: expected a duration such as 10s or INTERVAL '10' SECOND but found "
              "'5'");
    EXPECT_EQ(parse_error("CREATE TABLE t"),
              "syntax error at line 1, column 8: expected SOURCE, SINK, VIEW or JOB after CREATE but found 'TABLE'");
    EXPECT_EQ(parse_error("SELECT a FROM t LIMIT x"),
              "syntax error at line 1, column 23: expected a row count such as 10 after LIMIT but found 'x'");
    EXPECT_EQ(parse_error("SELECT a FROM t GROUP BY a EMIT NOW"),
              "syntax error at line 1, column 33: expected CHANGES or ON WINDOW CLOSE after EMIT but found 'NOW'");
    // `u v` alone is a FROM item with an alias; before another word `v` reads as a misspelt clause.
    EXPECT_EQ(parse_error("SELECT a FROM t; SELECT b FROM u v w"),
              "syntax error at line 1, column 34: expected WHERE, GROUP BY, HAVING, EMIT, ORDER BY, LIMIT, ';' or end "
              "of input but found 'v'");
    EXPECT_EQ(parse_error("SELECT a FROM t; SELECT b FROM u v"), "no error");
    EXPECT_EQ(parse_error("SELECT a FROM t WHERE a > 1 b"),
              "syntax error at line 1, column 29: expected GROUP BY, HAVING, EMIT, ORDER BY, LIMIT, ';' or end of "
              "input but found 'b'");
    EXPECT_EQ(parse_error("SELECT a FROM t LIMIT 5 x"),
              "syntax error at line 1, column 25: expected ';' or end of input but found 'x'");
    EXPECT_EQ(parse_error("SELECT a FROM t GROUP BY a ORDER BY a EMIT CHANGES"),
              "syntax error at line 1, column 39: EMIT is out of place; the clauses of a SELECT come in the order "
              "FROM, WHERE, GROUP BY, HAVING, EMIT, ORDER BY, LIMIT");
    EXPECT_EQ(parse_error("SELECT a FROM t HAVING a > 1 WHERE a < 2"),
              "syntax error at line 1, column 30: WHERE is out of place; the clauses of a SELECT come in the order "
              "FROM, WHERE, GROUP BY, HAVING, EMIT, ORDER BY, LIMIT");
    EXPECT_EQ(parse_error("DROP SOURCE IF weather"),
              "syntax error at line 1, column 16: expected EXISTS but found 'weather'");
}

TEST(Parser, IsCompleteIgnoresSemicolonsInStringsAndComments) {
    EXPECT_FALSE(Parser::is_complete(""));
    EXPECT_FALSE(Parser::is_complete("   \n"));
    EXPECT_FALSE(Parser::is_complete("SELECT a FROM t"));
    EXPECT_TRUE(Parser::is_complete("SELECT a FROM t;"));
    EXPECT_TRUE(Parser::is_complete("SELECT a FROM t;  \n"));
    EXPECT_TRUE(Parser::is_complete("SELECT a FROM t; -- done"));
    EXPECT_TRUE(Parser::is_complete("SELECT a FROM t; /* done */"));
    EXPECT_FALSE(Parser::is_complete("SELECT 'a;"));
    EXPECT_FALSE(Parser::is_complete("SELECT 'a;' FROM t"));
    EXPECT_TRUE(Parser::is_complete("SELECT 'it''s;' FROM t;"));
    EXPECT_FALSE(Parser::is_complete("SELECT 'it'';"));
    EXPECT_FALSE(Parser::is_complete("SELECT a FROM t -- ;"));
    EXPECT_FALSE(Parser::is_complete("SELECT a FROM t /* ; */"));
    EXPECT_FALSE(Parser::is_complete("SELECT a FROM t /* ;"));
    EXPECT_FALSE(Parser::is_complete("SELECT \"a;\" FROM t"));
    EXPECT_FALSE(Parser::is_complete("SELECT \"a;"));
    EXPECT_TRUE(Parser::is_complete("SHOW SOURCES;\nSHOW SINKS;"));
}

TEST(Parser, KeywordsAreSortedUpperCaseAndIncludeTheGrammar) {
    auto words = Parser::keywords();
    EXPECT_TRUE(std::is_sorted(words.begin(), words.end()));
    for (const char *word : {"SELECT", "WATERMARK", "EMIT", "CHANGES", "DESCRIBE", "TRY_CAST"}) {
        EXPECT_NE(std::find(words.begin(), words.end(), word), words.end()) << word;
    }
    for (const std::string &word : words) {
        for (char c : word) EXPECT_FALSE(c >= 'a' && c <= 'z') << word;
    }
}

TEST(Parser, ParseFirstStopsAfterTheFirstStatement) {
    std::string sql = " ; -- lead\nSHOW SOURCES; SELECT 'a;b' FROM t ;\nSELEC broken";
    size_t tail = 0;
    auto first = Parser().parse_first(sql, &tail);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->kind, StatementKind::Show);
    EXPECT_EQ(first->position.offset, 11u);
    EXPECT_EQ(tail, 24u);
    auto second = Parser().parse_first(std::string_view(sql).substr(tail), &tail);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->text, "SELECT 'a;b' FROM t");
    EXPECT_EQ(tail, 22u);
    EXPECT_EQ(Parser().parse_first("  ;; /* x; */ ", &tail), nullptr);
    EXPECT_EQ(tail, 14u);
    EXPECT_EQ(Parser().parse_first("SHOW JOBS", &tail)->kind, StatementKind::Show);
    EXPECT_EQ(tail, 9u);
    EXPECT_THROW(Parser().parse_first("SELEC 1; SHOW JOBS"), WeirError);
}

// HAVING over an updating aggregation into PostgreSQL: a group that stops matching has its row
// deleted (no stale row), and append mode is refused for an updating result (issue 14).
#include <gtest/gtest.h>

#include "changelog_engine.h"
#include "postgres_test_server.h"

namespace weir {
namespace {

using test::ChangelogEngine;

TEST(PostgresChangelogTest, HavingDeletesTheRowOfAGroupThatStopsMatching) {
    PostgresTestServer pg;
    ChangelogEngine engine;
    std::string table = PostgresTestServer::unique("big_customers");
    engine.exec("CREATE SINK big WITH (connector = 'postgres', url = '" + pg.url() + "', table = '" + table +
                "', flush_interval = '10ms');");
    engine.exec(std::string("INSERT INTO big ") + test::kHavingQuery + ";");
    engine.push_all_and_wait(test::kOrders);
    EXPECT_EQ(pg.psql("SELECT customer, total, n FROM " + table + " ORDER BY customer"), "b|111|3");
}

TEST(PostgresChangelogTest, AppendModeIsRefusedForAnUpdatingResultAndChangelogAppendsEveryChange) {
    PostgresTestServer pg;
    ChangelogEngine engine;
    std::string table = PostgresTestServer::unique("customer_log");
    engine.exec("CREATE SINK appended WITH (connector = 'postgres', url = '" + pg.url() + "', table = '" + table +
                "', mode = 'append');");
    std::string error = engine.try_exec(std::string("INSERT INTO appended ") + test::kHavingQuery + ";");
    EXPECT_NE(error.find("only appends rows but the query's result is updating"), std::string::npos) << error;

    engine.exec("CREATE SINK log WITH (connector = 'postgres', url = '" + pg.url() + "', table = '" + table +
                "', changelog = 'true');");
    engine.exec(std::string("INSERT INTO log ") + test::kHavingQuery + ";");
    engine.push_all_and_wait(test::kOrders);
    // Appended in order (COPY), so the serial order of the rows is the order of the changes.
    EXPECT_EQ(pg.psql("SELECT customer, total, op FROM " + table + " ORDER BY ctid"),
              "a|150|+U\nc|200|+U\na|70|-D\nb|110|+U\nc|50|-D\nb|111|+U");
}

}  // namespace
}  // namespace weir

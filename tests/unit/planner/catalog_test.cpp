// Catalog: the shared namespace, lookups, drops with suggestions and entry validation.
#include <gtest/gtest.h>

#include "common/timestamp.h"
#include "common/name_suggester.h"
#include "planner_fixture.h"

namespace weir {
namespace {

using CatalogTest = PlannerFixture;

TEST_F(CatalogTest, BuildsSourceEntryFromStatement) {
    define_weather();
    const SourceEntry *weather = catalog.find_source("WEATHER");
    ASSERT_NE(weather, nullptr);
    EXPECT_EQ(weather->name, "weather");
    ASSERT_EQ(weather->columns.size(), 4u);
    EXPECT_EQ(weather->columns[1].name, "temp");
    EXPECT_EQ(weather->columns[1].type, TypeId::Double);
    EXPECT_EQ(weather->watermark_column, std::optional<std::string>("ts"));
    EXPECT_EQ(weather->watermark_delay, 10 * kMicrosPerSecond);
    EXPECT_EQ(weather->connector, "kafka");
    EXPECT_EQ(weather->options.count("connector"), 0u);
    EXPECT_EQ(weather->options.at("topic"), "weather");
    EXPECT_NE(weather->sql.find("CREATE SOURCE weather"), std::string::npos);
    EXPECT_FALSE(catalog.find_source("readings")->watermark_column.has_value());
}

TEST_F(CatalogTest, NamesAreSharedAcrossKinds) {
    define_weather();
    try {
        define("CREATE SINK Weather WITH (connector = 'stdout')");
        FAIL() << "expected a duplicate-name error";
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Catalog);
        EXPECT_STREQ(error.what(), "source `weather` already exists");
    }
    define("CREATE SINK out WITH (connector = 'stdout')");
    try {
        define("CREATE VIEW OUT AS SELECT * FROM weather");
        FAIL() << "expected a duplicate-name error";
    } catch (const WeirError &error) {
        EXPECT_STREQ(error.what(), "sink `out` already exists");
    }
    EXPECT_EQ(catalog.find_view("out"), nullptr);
    EXPECT_EQ(catalog.find_source("out"), nullptr);
}

TEST_F(CatalogTest, FindMissingReturnsNull) {
    EXPECT_EQ(catalog.find_source("nothing"), nullptr);
    EXPECT_EQ(catalog.find_sink("nothing"), nullptr);
    EXPECT_EQ(catalog.find_view("nothing"), nullptr);
}

TEST_F(CatalogTest, DropMissingSuggestsClosestName) {
    define_weather();
    try {
        catalog.drop_source("wether");
        FAIL();
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Catalog);
        EXPECT_STREQ(error.what(), "no source named `wether`; did you mean `weather`?");
    }
    try {
        catalog.drop_sink("zzz");
        FAIL();
    } catch (const WeirError &error) {
        EXPECT_STREQ(error.what(), "no sink named `zzz`");
    }
}

TEST_F(CatalogTest, DropRemovesAndListsAreSorted) {
    define_weather();
    define("CREATE VIEW hot AS SELECT * FROM weather WHERE temp > 30; CREATE SINK b WITH (connector='stdout');"
           "CREATE SINK a WITH (connector='stdout')");
    ASSERT_EQ(catalog.sources().size(), 2u);
    EXPECT_EQ(catalog.sources()[0]->name, "readings");
    EXPECT_EQ(catalog.sinks()[0]->name, "a");
    ASSERT_EQ(catalog.views().size(), 1u);
    EXPECT_EQ(catalog.views()[0]->output.size(), 4u);
    catalog.drop_view("HOT");
    EXPECT_EQ(catalog.find_view("hot"), nullptr);
    catalog.drop_source("weather");
    EXPECT_EQ(catalog.sources().size(), 1u);
    define("CREATE SINK weather WITH (connector = 'stdout')");  // the name is free again
    EXPECT_NE(catalog.find_sink("weather"), nullptr);
}

TEST_F(CatalogTest, SourceValidationErrors) {
    auto error_of = [this](const std::string &sql) -> std::string {
        try {
            define(sql);
        } catch (const WeirError &error) {
            EXPECT_EQ(error.kind(), ErrorKind::Bind);
            return error.what();
        }
        return "no error";
    };
    // The parser rejects duplicate columns too; the catalog checks statements built by hand.
    CreateSourceStmt duplicate;
    duplicate.name = "s";
    duplicate.columns = {ColumnDef{"a", TypeId::Text, {}}, ColumnDef{"A", TypeId::BigInt, {}}};
    duplicate.options = {{"connector", "file"}};
    try {
        Catalog::source_from_statement(duplicate);
        ADD_FAILURE() << "duplicate column accepted";
    } catch (const WeirError &error) {
        EXPECT_STREQ(error.what(), "source `s` declares the column `A` twice");
    }
    EXPECT_EQ(error_of("CREATE SOURCE s (a TEXT, ts TIMESTAMP, WATERMARK FOR tss AS tss - 1s) WITH (connector = 'file')"),
              "WATERMARK names an undeclared column `tss`; did you mean `ts`?");
    EXPECT_EQ(error_of("CREATE SOURCE s (a TEXT, WATERMARK FOR a AS a - 1s) WITH (connector = 'file')"),
              "the WATERMARK column must be a TIMESTAMP, but `a` is TEXT");
    EXPECT_EQ(error_of("CREATE SOURCE s (a TEXT) WITH (topic = 'x')"),
              "source `s` needs a connector: add WITH (connector = '...'), e.g. connector = 'kafka'");
    EXPECT_EQ(error_of("CREATE SINK k WITH (table = 'x')"),
              "sink `k` needs a connector: add WITH (connector = '...'), e.g. connector = 'kafka'");
    EXPECT_TRUE(catalog.sources().empty());
}

TEST(NameSuggesterTest, DistancesAndSuggestions) {
    EXPECT_EQ(NameSuggester::distance("tmep", "temp"), 1u);  // one transposition
    EXPECT_EQ(NameSuggester::distance("kitten", "sitting"), 3u);
    EXPECT_EQ(NameSuggester::distance("AVG", "avg"), 0u);
    EXPECT_EQ(NameSuggester::closest("avgg", {"sum", "avg", "max"}), std::optional<std::string>("avg"));
    EXPECT_EQ(NameSuggester::closest("xyz", {"city", "temp"}), std::nullopt);
    EXPECT_EQ(NameSuggester::did_you_mean("wether", {"weather"}), "; did you mean `weather`?");
    EXPECT_EQ(NameSuggester::did_you_mean("ts", {"id"}), "");
}

}  // namespace
}  // namespace weir

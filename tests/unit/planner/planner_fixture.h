// Test fixture: a catalog filled from SQL text and helpers to plan SELECTs and catch errors.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "common/weir_error.h"
#include "parser/parser.h"
#include "planner/catalog.h"
#include "planner/planner.h"

namespace weir {

class PlannerFixture : public ::testing::Test {
protected:
    // Runs CREATE SOURCE / SINK / VIEW statements against the catalog.
    void define(const std::string &sql) {
        for (auto &statement : Parser().parse(sql)) {
            if (statement->kind == StatementKind::CreateSource) {
                catalog.add_source(Catalog::source_from_statement(static_cast<CreateSourceStmt &>(*statement)));
            } else if (statement->kind == StatementKind::CreateSink) {
                catalog.add_sink(Catalog::sink_from_statement(static_cast<CreateSinkStmt &>(*statement)));
            } else if (statement->kind == StatementKind::CreateView) {
                auto &view = static_cast<CreateViewStmt &>(*statement);
                std::shared_ptr<const SelectStmt> query(std::move(view.query));
                catalog.add_view(Planner(catalog).plan_view(view.name, query, view.text));
            } else {
                FAIL() << "define() takes CREATE statements only: " << sql;
            }
        }
    }

    // The weather source of README.md's dialect example (watermark 10s) plus a source without a watermark.
    void define_weather() {
        define("CREATE SOURCE weather (city TEXT, temp DOUBLE, humidity DOUBLE, ts TIMESTAMP, "
               "WATERMARK FOR ts AS ts - 10s) WITH (connector = 'kafka', topic = 'weather', "
               "brokers = '127.0.0.1:9092', format = 'json', sasl_password = 'hunter2');"
               "CREATE SOURCE readings (device TEXT, value BIGINT, at TIMESTAMP, other_ts TIMESTAMP) "
               "WITH (connector = 'file', path = '/tmp/r.json');");
    }

    std::unique_ptr<SelectStmt> parse_select(const std::string &sql) {
        auto statements = Parser().parse(sql);
        auto &select = static_cast<SelectStatement &>(*statements.at(0));
        return std::move(select.query);
    }

    QueryPlan plan_of(const std::string &sql) { return Planner(catalog).plan(*parse_select(sql)); }

    // The message of the WeirError that planning `sql` throws; fails the test if kind differs or none.
    std::string plan_error(const std::string &sql, ErrorKind kind = ErrorKind::Bind) {
        try {
            plan_of(sql);
        } catch (const WeirError &error) {
            EXPECT_EQ(static_cast<int>(error.kind()), static_cast<int>(kind)) << error.what();
            return error.what();
        }
        ADD_FAILURE() << "expected an error for: " << sql;
        return "";
    }

    Catalog catalog;
};

}  // namespace weir

// Through the C API: ${VAR} in WITH options comes from the environment and is shown as written;
// DESCRIBE, EXPLAIN, errors and SHOW JOBS never show a secret (issues 12.10 and 13.7).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "statement_rows.h"
#include "weir.h"

namespace {

class SecretAndVariableTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("weir-secret-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
        std::filesystem::create_directories(dir_);
        ASSERT_EQ(weir_open(nullptr, &db_), WEIR_OK);
        setenv("WEIR_TEST_REDIS_URL", "redis://streamer:Hunter2pw@127.0.0.1:1/0", 1);
        unsetenv("WEIR_TEST_NOT_SET");
    }
    void TearDown() override {
        weir_close(db_);
        std::filesystem::remove_all(dir_);
    }
    void exec(const std::string &sql) { ASSERT_EQ(weir_exec(db_, sql.c_str()), WEIR_OK) << weir_errmsg(db_) << "\n" << sql; }
    std::string all_rows(const std::string &sql) {
        std::string out;
        for (const auto &row : weir::test::statement_rows(db_, sql)) out += row + "\n";
        return out;
    }
    std::string error_of(const std::string &sql) {
        EXPECT_NE(weir_exec(db_, sql.c_str()), WEIR_OK) << sql;
        return weir_errmsg(db_);
    }

    std::filesystem::path dir_;
    weir_db *db_ = nullptr;
};

TEST_F(SecretAndVariableTest, DescribeAndExplainShowAVariableAsWrittenAndNeverItsSecret) {
    exec("CREATE SINK r WITH (connector = 'redis', url = '${WEIR_TEST_REDIS_URL}', stream = 's')");
    std::string described = all_rows("DESCRIBE r");
    EXPECT_NE(described.find("url|${WEIR_TEST_REDIS_URL}\n"), std::string::npos) << described;
    EXPECT_EQ(described.find("Hunter2pw"), std::string::npos) << described;
    // Written in the statement instead: masked by structure.
    exec("CREATE SINK r2 WITH (connector = 'redis', url = 'redis://streamer:Hunter2pw@127.0.0.1:1/0', stream = 's')");
    EXPECT_NE(all_rows("DESCRIBE r2").find("url|redis://streamer:***@127.0.0.1:1/0\n"), std::string::npos);

    exec("CREATE SOURCE events (a TEXT) WITH (connector = 'redis', url = '${WEIR_TEST_REDIS_URL}', stream = 's')");
    std::string plan = all_rows("EXPLAIN SELECT a FROM events");
    EXPECT_NE(plan.find("url=${WEIR_TEST_REDIS_URL}"), std::string::npos) << plan;
    EXPECT_EQ(plan.find("Hunter2pw"), std::string::npos) << plan;
}

TEST_F(SecretAndVariableTest, TheExpandedValueIsWhatTheConnectorUsesAndItsFailureHidesThePassword) {
    exec("CREATE SINK r WITH (connector = 'redis', url = '${WEIR_TEST_REDIS_URL}', stream = 's', retry_for = '0s')");
    exec("CREATE SOURCE gen (city TEXT, temp DOUBLE) WITH (connector = 'generator', count = '3')");
    exec("CREATE JOB push AS INSERT INTO r SELECT city, temp FROM gen");
    weir_wait_jobs(db_, 30000);
    std::string jobs = all_rows("SHOW JOBS");
    // The job connected to the expanded address (port 1, refused) and says so without the password.
    EXPECT_NE(jobs.find("127.0.0.1:1"), std::string::npos) << jobs;
    EXPECT_NE(jobs.find("streamer"), std::string::npos) << jobs;
    EXPECT_EQ(jobs.find("Hunter2pw"), std::string::npos) << jobs;
}

TEST_F(SecretAndVariableTest, MissingVariablesDefaultsAndTheEscape) {
    std::string missing = error_of("CREATE SINK r WITH (connector = 'redis', url = '${WEIR_TEST_NOT_SET}', stream = 's')");
    EXPECT_NE(missing.find("option `url` of sink `r` uses ${WEIR_TEST_NOT_SET}, but the environment variable "
                           "WEIR_TEST_NOT_SET is not set"),
              std::string::npos)
        << missing;
    exec("CREATE SINK r WITH (connector = 'redis', url = '${WEIR_TEST_NOT_SET:-redis://127.0.0.1:1/0}', stream = 's')");
    EXPECT_NE(all_rows("DESCRIBE r").find("url|${WEIR_TEST_NOT_SET:-redis://127.0.0.1:1/0}\n"), std::string::npos);
    // $${ is a literal ${: the file really named a${b}.jsonl is read.
    std::ofstream((dir_ / "a${b}.jsonl").string()) << "{\"n\":1}\n{\"n\":2}\n";
    exec("CREATE SOURCE f (n BIGINT) WITH (connector = 'file', format = 'json', path = '" + (dir_ / "a$${b}.jsonl").string() +
         "')");
    std::vector<std::string> rows = weir::test::statement_rows(db_, "SELECT n FROM f");
    EXPECT_EQ(rows, (std::vector<std::string>{"1", "2"}));
    std::string job = error_of("CREATE JOB j WITH (checkpoint_interval = '${WEIR_TEST_NOT_SET}') AS INSERT INTO r "
                               "SELECT n FROM f");
    EXPECT_NE(job.find("option `checkpoint_interval` of job `j` uses ${WEIR_TEST_NOT_SET}"), std::string::npos) << job;
}

}  // namespace

// Checkpoints through the C API: weir_open(dir) resumes jobs, SHOW JOBS' checkpoint column,
// weir_job_runs, CREATE JOB ... WITH (checkpoint_interval), weir_set_option errors, the state
// directory lock, weir_reset_job, and weir_errors refusing pushed rows.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "statement_rows.h"
#include "weir.h"

namespace {

class CheckpointApiTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("weir-cpapi-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
        std::filesystem::create_directories(dir_);
        std::ofstream out(path("in.jsonl"));
        for (int i = 0; i < 40; ++i) {
            out << "{\"city\":\"" << (i % 2 ? "A" : "B") << "\",\"ts\":\"2025-01-15T14:00:" << (i < 10 ? "0" : "")
                << i << "Z\"}\n";
        }
    }
    void TearDown() override {
        weir_close(db_);
        std::filesystem::remove_all(dir_);
    }
    std::string path(const std::string &name) const { return (dir_ / name).string(); }
    void open() {
        weir_close(db_);
        db_ = nullptr;
        ASSERT_EQ(weir_open(path("state").c_str(), &db_), WEIR_OK) << weir_errmsg(db_);
    }
    void exec(const std::string &sql) { ASSERT_EQ(weir_exec(db_, sql.c_str()), WEIR_OK) << weir_errmsg(db_) << "\n" << sql; }
    void run_pipeline() {
        exec("CREATE SOURCE r (city TEXT, ts TIMESTAMP) WITH (connector = 'file', path = '" + path("in.jsonl") + "')");
        exec("CREATE SINK out WITH (connector = 'sqlite', path = '" + path("out.db") + "', table = 'out')");
        exec("CREATE JOB counts WITH (checkpoint_interval = '0') AS INSERT INTO out SELECT city, window_start, "
             "count(*) AS n FROM r GROUP BY city, TUMBLE(ts, 10s)");
        ASSERT_EQ(weir_wait_jobs(db_, 30000), WEIR_DONE) << weir_errmsg(db_);
    }
    std::vector<std::string> rows(const std::string &sql) { return weir::test::statement_rows(db_, sql); }

    std::filesystem::path dir_;
    weir_db *db_ = nullptr;
};

TEST_F(CheckpointApiTest, AReopenedEngineResumesItsJobAndLogsBothRuns) {
    open();
    run_pipeline();
    // interval 0: one checkpoint, at the end of the input.
    std::vector<std::string> jobs = rows("SHOW JOBS");
    ASSERT_EQ(jobs.size(), 1u);
    EXPECT_EQ(jobs[0].substr(0, jobs[0].find('|')), "counts");
    EXPECT_NE(jobs[0].find("|0|1|NULL"), std::string::npos) << jobs[0];  // state_groups 0, checkpoint 1, no error
    open();
    run_pipeline();
    EXPECT_EQ(rows("SELECT job, status, records_in, records_out, resumed_from FROM weir_job_runs"),
              (std::vector<std::string>{"counts|finished|40|8|0", "counts|finished|0|0|1"}));
}

TEST_F(CheckpointApiTest, TheCheckpointIntervalOptionIsChecked) {
    open();
    EXPECT_EQ(weir_set_option(db_, "checkpoint_interval", "2s"), WEIR_OK);
    EXPECT_EQ(weir_set_option(db_, "checkpoint_interval", "0"), WEIR_OK);
    EXPECT_EQ(weir_set_option(db_, "checkpoint_interval", "soon"), WEIR_MISUSE);
    EXPECT_NE(std::string(weir_errmsg(db_)).find("checkpoint_interval must be a duration"), std::string::npos);
    EXPECT_EQ(weir_set_option(db_, "checkpoint_intreval", "1s"), WEIR_MISUSE);
    EXPECT_NE(std::string(weir_errmsg(db_)).find("unknown engine option"), std::string::npos);
    EXPECT_EQ(weir_set_option(db_, nullptr, "1s"), WEIR_MISUSE);
    exec("CREATE SOURCE r (city TEXT, ts TIMESTAMP) WITH (connector = 'file', path = '" + path("in.jsonl") + "')");
    exec("CREATE SINK out WITH (connector = 'sqlite', path = '" + path("out.db") + "', table = 'out')");
    EXPECT_EQ(weir_exec(db_, "CREATE JOB j WITH (interval = '1s') AS INSERT INTO out SELECT city FROM r"), WEIR_ERROR);
    EXPECT_NE(std::string(weir_errmsg(db_)).find("unknown job option 'interval'"), std::string::npos) << weir_errmsg(db_);
}

TEST_F(CheckpointApiTest, AStateDirectoryIsLockedUntilTheEngineCloses) {
    open();
    weir_db *second = nullptr;
    EXPECT_EQ(weir_open(path("state").c_str(), &second), WEIR_ERROR);
    EXPECT_EQ(std::string(weir_errmsg(second)), "state directory '" + path("state") + "' is in use by weir process " +
                                                    std::to_string(::getpid()) +
                                                    "; stop it or use another state directory.");
    weir_close(second);
    weir_close(db_);
    db_ = nullptr;
    ASSERT_EQ(weir_open(path("state").c_str(), &second), WEIR_OK) << weir_errmsg(second);
    weir_close(second);
}

TEST_F(CheckpointApiTest, AResetJobStartsOverAndIsLogged) {
    open();
    run_pipeline();
    EXPECT_EQ(weir_reset_job(db_, "counts"), WEIR_OK) << weir_errmsg(db_);
    open();
    run_pipeline();
    // The rerun read its whole input again (8 windows more in the append sink) instead of resuming.
    EXPECT_EQ(rows("SELECT job, status, records_in, records_out, resumed_from FROM weir_job_runs"),
              (std::vector<std::string>{"counts|finished|40|8|0", "counts|reset|0|0|0", "counts|finished|40|8|0"}));
    EXPECT_EQ(weir_reset_job(db_, nullptr), WEIR_MISUSE);
    weir_db *memory = nullptr;
    ASSERT_EQ(weir_open(nullptr, &memory), WEIR_OK);
    EXPECT_EQ(weir_reset_job(memory, "counts"), WEIR_MISUSE);
    EXPECT_NE(std::string(weir_errmsg(memory)).find("needs a state directory"), std::string::npos)
        << weir_errmsg(memory);
    weir_close(memory);
}

TEST_F(CheckpointApiTest, TheHostCannotPushIntoWeirErrors) {
    open();
    const char *line = "{\"source\":\"fake\",\"location\":\"x:1\",\"reason\":\"forged\",\"raw\":\"\",\"job\":\"j\"}";
    EXPECT_EQ(weir_push_json(db_, "weir_errors", line, std::strlen(line)), WEIR_MISUSE);
    EXPECT_NE(std::string(weir_errmsg(db_)).find("weir_errors is the engine's own stream of bad records"),
              std::string::npos)
        << weir_errmsg(db_);
    EXPECT_EQ(weir_push_json(db_, "WEIR_ERRORS", line, std::strlen(line)), WEIR_MISUSE);
    ASSERT_EQ(weir_source_end(db_, "weir_errors"), WEIR_OK);
    EXPECT_EQ(rows("SELECT count(*) FROM weir_errors"), (std::vector<std::string>{"0"}));
}

TEST_F(CheckpointApiTest, AStateDirectoryThatCannotBeCreatedFailsAtOpen) {
    std::ofstream(path("blocker")) << "a file, not a directory";
    EXPECT_EQ(weir_open((path("blocker") + "/state").c_str(), &db_), WEIR_ERROR);
    EXPECT_NE(std::string(weir_errmsg(db_)).find("cannot create the state directory"), std::string::npos)
        << weir_errmsg(db_);
}

}  // namespace

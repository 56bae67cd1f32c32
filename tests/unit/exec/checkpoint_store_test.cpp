// Tests of CheckpointStore: round trip, pruning, checksums, version and torn-file errors, the run log.
#include "exec/checkpoint_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/weir_error.h"
#include "exec/checkpointed_jobs.h"

namespace weir {
namespace {

class CheckpointStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("weir_store_" + std::to_string(::getpid()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    static Checkpoint make(int64_t id, const std::string &state) {
        Checkpoint checkpoint;
        checkpoint.id = id;
        checkpoint.definition = "INSERT INTO out SELECT * FROM src";
        checkpoint.positions = "{\"offset\":" + std::to_string(id * 100) + "}";
        checkpoint.state = state;
        return checkpoint;
    }
    // Runs one statement on the store's file from outside (as a disk fault or a user would).
    void tamper(const std::string &sql) {
        sqlite3 *db = nullptr;
        ASSERT_EQ(sqlite3_open((dir_ / CheckpointStore::kFileName).c_str(), &db), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
        sqlite3_close(db);
    }

    std::filesystem::path dir_;
};

TEST_F(CheckpointStoreTest, SavesAndLoadsTheNewestCheckpointWithBinaryState) {
    CheckpointStore store(dir_.string());
    std::string binary("a\0b\xff", 4);
    store.save("job", make(1, "one"));
    store.save("job", make(2, binary));
    store.save("other", make(7, "seven"));
    auto latest = store.load_latest("job");
    ASSERT_TRUE(latest);
    EXPECT_EQ(latest->id, 2);
    EXPECT_EQ(latest->state, binary);
    EXPECT_EQ(latest->positions, "{\"offset\":200}");
    EXPECT_EQ(latest->definition, "INSERT INTO out SELECT * FROM src");
    EXPECT_GT(latest->created_at, 0);
    auto bounded = store.load_latest("job", 1);
    ASSERT_TRUE(bounded);
    EXPECT_EQ(bounded->id, 1);
    EXPECT_FALSE(store.load_latest("job", 0));
    EXPECT_FALSE(store.load_latest("nobody"));
    EXPECT_EQ(store.load_latest("other")->state, "seven");
}

TEST_F(CheckpointStoreTest, KeepsOnlyTheNewestCheckpointsPerJob) {
    CheckpointStore store(dir_.string(), 3);
    for (int64_t id = 1; id <= 6; ++id) store.save("job", make(id, "s" + std::to_string(id)));
    store.save("other", make(1, "x"));
    EXPECT_EQ(store.ids("job"), (std::vector<int64_t>{4, 5, 6}));
    EXPECT_EQ(store.ids("other"), (std::vector<int64_t>{1}));
    store.drop_after("job", 4);
    EXPECT_EQ(store.ids("job"), (std::vector<int64_t>{4}));
    store.drop_job("job");
    EXPECT_TRUE(store.ids("job").empty());
    EXPECT_EQ(store.ids("other"), (std::vector<int64_t>{1}));
}

TEST_F(CheckpointStoreTest, SurvivesReopeningTheFile) {
    { CheckpointStore(dir_.string()).save("job", make(3, "kept")); }
    CheckpointStore again(dir_.string());
    EXPECT_EQ(again.load_latest("job")->state, "kept");
}

TEST_F(CheckpointStoreTest, ACorruptCheckpointIsReportedAndThePreviousOneUsed) {
    {
        CheckpointStore store(dir_.string());
        store.save("job", make(1, "first state"));
        store.save("job", make(2, "second state"));
    }
    tamper("UPDATE weir_checkpoints SET state = substr(state, 1, 5) WHERE id = 2");
    CheckpointStore store(dir_.string());
    std::vector<std::string> warnings;
    auto latest = store.load_latest("job", INT64_MAX, [&](const std::string &w) { warnings.push_back(w); });
    ASSERT_TRUE(latest);
    EXPECT_EQ(latest->id, 1);
    EXPECT_EQ(latest->state, "first state");
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("checkpoint 2 of job 'job'"), std::string::npos) << warnings[0];
    EXPECT_NE(warnings[0].find("corrupt"), std::string::npos);
}

TEST_F(CheckpointStoreTest, EveryFieldIsCoveredByTheChecksum) {
    // The only checkpoint of "job" fails its checksum (or, moved to "other", fails there and leaves
    // "job" without any): never a silent fresh start.
    for (const char *change : {"positions = '{\"offset\":1}'", "definition = 'INSERT INTO x SELECT 1'", "id = 9",
                               "job = 'other'"}) {
        std::filesystem::remove_all(dir_);
        { CheckpointStore(dir_.string()).save("job", make(1, "state")); }
        tamper(std::string("UPDATE weir_checkpoints SET ") + change);
        CheckpointStore store(dir_.string());
        EXPECT_THROW(store.load_latest("job"), WeirError) << change;
        if (std::string(change) == "job = 'other'") EXPECT_THROW(store.load_latest("other"), WeirError);
        else EXPECT_FALSE(store.load_latest("other")) << change;
    }
}

TEST_F(CheckpointStoreTest, EveryCheckpointCorruptIsAnErrorNamingTheFileAndTheJob) {
    {
        CheckpointStore store(dir_.string());
        store.save("job", make(1, "first state"));
        store.save("job", make(2, "second state"));
        store.save("other", make(1, "fine"));
    }
    tamper("UPDATE weir_checkpoints SET state = 'x' WHERE job = 'job'");
    CheckpointStore store(dir_.string());
    std::vector<std::string> warnings;
    try {
        store.load_latest("job", INT64_MAX, [&](const std::string &w) { warnings.push_back(w); });
        FAIL() << "expected an error";
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Io);
        std::string text = error.what();
        EXPECT_NE(text.find("every checkpoint of job `job` in '" + (dir_ / CheckpointStore::kFileName).string() +
                            "' is corrupt (checkpoints 2, 1: checksums do not match)"),
                  std::string::npos)
            << text;
        EXPECT_NE(text.find("--reset-job job"), std::string::npos) << text;
    }
    EXPECT_TRUE(warnings.empty());  // no "using the previous one" when there is none
    EXPECT_EQ(store.load_latest("other")->state, "fine");
    // Checkpoints newer than max_id only (a transactional sink that committed none): no error.
    EXPECT_FALSE(store.load_latest("other", 0));
}

TEST_F(CheckpointStoreTest, AnEmptiedOrTablelessFileIsAnErrorForTheJobsThatHadCheckpoints) {
    auto file = dir_ / CheckpointStore::kFileName;
    for (bool tableless : {false, true}) {
        std::filesystem::remove_all(dir_);
        { CheckpointStore(dir_.string()).save("job", make(1, "state")); }
        std::filesystem::remove(dir_ / "weir_state.db-wal");
        std::filesystem::remove(dir_ / "weir_state.db-shm");
        std::filesystem::remove(file);
        if (tableless) tamper("CREATE TABLE unrelated (x)");
        else std::ofstream(file.string()).close();  // : > weir_state.db
        CheckpointStore store(dir_.string());
        try {
            store.load_latest("job");
            FAIL() << "expected an error (tableless " << tableless << ")";
        } catch (const WeirError &error) {
            std::string text = error.what();
            EXPECT_NE(text.find("the state file '" + file.string() + "' held checkpoints of job `job` and now has none"),
                      std::string::npos)
                << text;
            EXPECT_NE(text.find("--reset-job job"), std::string::npos) << text;
        }
        // A job that never had checkpoints starts afresh.
        EXPECT_FALSE(store.load_latest("new"));
        // The explicit reset: the job starts afresh, and its next start is told so once.
        store.reset_job("job");
        EXPECT_FALSE(store.load_latest("job"));
        EXPECT_TRUE(store.reset_pending("job"));
        store.reset_done("job");
        EXPECT_FALSE(store.reset_pending("job"));
    }
}

TEST_F(CheckpointStoreTest, JobsWithCheckpointsAreListedAgainWhenTheListIsMissing) {
    { CheckpointStore(dir_.string()).save("job", make(1, "state")); }
    std::filesystem::remove(dir_ / CheckpointedJobs::kFileName);  // a state directory of an older weir
    { CheckpointStore(dir_.string()).list_checkpointed_jobs(); }
    tamper("DELETE FROM weir_checkpoints");
    CheckpointStore store(dir_.string());
    EXPECT_THROW(store.load_latest("job"), WeirError);
}

TEST_F(CheckpointStoreTest, AJobWhoseCheckpointsWereDroppedOnPurposeStartsAfresh) {
    {
        CheckpointStore store(dir_.string());
        store.save("job", make(1, "state"));
        // A recovery that resumed from nothing (its sink committed none of them) drops them all.
        store.drop_after("job", 0);
    }
    CheckpointStore store(dir_.string());
    EXPECT_FALSE(store.load_latest("job"));
    store.save("job", make(1, "again"));
    EXPECT_EQ(store.load_latest("job")->state, "again");
}

TEST_F(CheckpointStoreTest, ResetForgetsTheCheckpointsAndLogsTheReset) {
    CheckpointStore store(dir_.string());
    store.save("job", make(1, "one"));
    store.save("job", make(2, "two"));
    store.save("other", make(1, "kept"));
    EXPECT_FALSE(store.reset_pending("job"));
    store.reset_job("JOB");  // job names are identifiers: case does not matter
    EXPECT_TRUE(store.ids("job").empty());
    EXPECT_EQ(store.ids("other"), (std::vector<int64_t>{1}));
    EXPECT_TRUE(store.reset_pending("job"));
    EXPECT_FALSE(store.reset_pending("other"));
    auto runs = store.runs("JOB");
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].status, "reset");
    // The list of jobs with checkpoints no longer has it: no "held checkpoints" error.
    EXPECT_FALSE(store.load_latest("job"));
    EXPECT_GT(runs[0].ended_at, 0);
}

TEST_F(CheckpointStoreTest, RunsLeftRunningAreMarkedCrashedAndHiddenFromTheEndedRunsUntilThen) {
    CheckpointStore store(dir_.string());
    int64_t done = store.begin_run("job", 0);
    CheckpointStore::Run run;
    run.run = done;
    run.status = "finished";
    store.end_run(run);
    store.begin_run("job", 0);  // its process died
    auto ended = [&] {
        sqlite3 *db = nullptr;
        EXPECT_EQ(sqlite3_open((dir_ / CheckpointStore::kFileName).c_str(), &db), SQLITE_OK);
        std::string out;
        sqlite3_exec(
            db, "SELECT run, status FROM weir_ended_runs ORDER BY run",
            [](void *text, int, char **values, char **) {
                *static_cast<std::string *>(text) += std::string(values[0]) + "|" + values[1] + "\n";
                return 0;
            },
            &out, nullptr);
        sqlite3_close(db);
        return out;
    };
    EXPECT_EQ(ended(), "1|finished\n");
    EXPECT_EQ(store.mark_crashed_runs(), 1);
    EXPECT_EQ(ended(), "1|finished\n2|crashed\n");
    auto runs = store.runs("job");
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[1].ended_at, 0);  // unknown
    EXPECT_NE(runs[1].last_error.find("ended without closing this run"), std::string::npos) << runs[1].last_error;
    EXPECT_EQ(store.mark_crashed_runs(), 0);
}

TEST_F(CheckpointStoreTest, ANewerFormatVersionIsAClearError) {
    { CheckpointStore store(dir_.string()); }
    tamper("UPDATE weir_meta SET value = '99' WHERE key = 'format_version'");
    try {
        CheckpointStore store(dir_.string());
        FAIL() << "expected an error";
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Io);
        EXPECT_NE(std::string(error.what()).find("format version 99"), std::string::npos) << error.what();
    }
}

TEST_F(CheckpointStoreTest, ATornFileIsAClearErrorNotAFreshStart) {
    {
        CheckpointStore store(dir_.string());
        for (int64_t id = 1; id <= 3; ++id) store.save("job", make(id, std::string(20000, 'x')));
    }
    auto file = dir_ / CheckpointStore::kFileName;
    std::filesystem::remove(dir_ / "weir_state.db-wal");
    std::filesystem::remove(dir_ / "weir_state.db-shm");
    std::filesystem::resize_file(file, 3000);
    try {
        CheckpointStore store(dir_.string());
        auto latest = store.load_latest("job");
        FAIL() << "expected an error, got " << (latest ? "a checkpoint" : "no checkpoint");
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Io);
        EXPECT_NE(std::string(error.what()).find("is unusable"), std::string::npos) << error.what();
    }
}

TEST_F(CheckpointStoreTest, RecordsEachRunOfAJob) {
    CheckpointStore store(dir_.string());
    int64_t first = store.begin_run("job", 0);
    CheckpointStore::Run run;
    run.run = first;
    run.status = "failed";
    run.records_in = 10;
    run.records_out = 2;
    run.late = 1;
    run.bad = 3;
    run.last_error = "the broker went away.";
    store.end_run(run);
    int64_t second = store.begin_run("job", 0);
    EXPECT_GT(second, first);
    store.set_resumed_from(second, 4);
    auto runs = store.runs("job");
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[0].status, "failed");
    EXPECT_EQ(runs[0].records_in, 10);
    EXPECT_EQ(runs[0].records_out, 2);
    EXPECT_EQ(runs[0].late, 1);
    EXPECT_EQ(runs[0].bad, 3);
    EXPECT_EQ(runs[0].last_error, "the broker went away.");
    EXPECT_GE(runs[0].ended_at, runs[0].started_at);
    EXPECT_EQ(runs[1].status, "running");
    EXPECT_EQ(runs[1].resumed_from, 4);
    EXPECT_EQ(runs[1].ended_at, 0);
    EXPECT_TRUE(store.runs("other").empty());
    EXPECT_EQ(store.runs().size(), 2u);
}

}  // namespace
}  // namespace weir

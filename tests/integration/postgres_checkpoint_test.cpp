// PostgreSQL sink checkpoint phases against a real PostgreSQL 15: held rows, commit with the marker, replays, close;
// reset_job; and the real `weir --state` binary: a fresh state directory refused, `--reset-job` starting the job
// over, records_out of a failed transaction.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "connectors/postgres/postgres_sink.h"
#include "postgres_test_server.h"
#include "shell_command.h"

namespace weir {
namespace {

SinkSpec spec_of(const PostgresTestServer &pg, const std::string &table, const std::string &mode,
                 const std::string &job, const std::string &flush_interval = "0s") {
    SinkSpec spec;
    spec.name = "checkpointed";
    spec.connector = "postgres";
    // batch_rows = 1 and flush_interval = 0: without checkpoints every write reaches the table at once.
    std::string batch_rows = flush_interval == "0s" ? "1" : "10000";
    spec.options = {{"url", pg.url()}, {"table", table}, {"mode", mode}, {"key", "city"},
                    {"batch_rows", batch_rows}, {"flush_interval", flush_interval}};
    spec.schema = Schema({{"city", TypeId::Text}, {"n", TypeId::BigInt}});
    spec.job_name = job;
    return spec;
}

Batch rows(const std::vector<std::pair<std::string, int64_t>> &values) {
    Batch batch;
    batch.columns.resize(2);
    batch.columns[0].reset(TypeId::Text, values.size());
    batch.columns[1].reset(TypeId::BigInt, values.size());
    batch.set_size(values.size());
    for (size_t r = 0; r < values.size(); r++) {
        batch.columns[0].strings()[r] = batch.arena().add(values[r].first);
        batch.columns[1].ints()[r] = values[r].second;
    }
    return batch;
}

class PostgresCheckpointTest : public ::testing::Test {
protected:
    PostgresTestServer pg;
    std::string table = PostgresTestServer::unique("checkpointed");
    std::string job = PostgresTestServer::unique("job");

    std::string count() const { return pg.psql("SELECT count(*) FROM " + table); }
    std::string contents() const { return pg.psql("SELECT city, n FROM " + table + " ORDER BY n, city"); }
    std::string marker() const {
        return pg.psql("SELECT checkpoint, positions FROM weir_sink_commits WHERE job = '" + job +
                       "' AND sink = 'checkpointed'");
    }
};

TEST_F(PostgresCheckpointTest, AppendModeHoldsRowsUntilCommitAndAReplayWritesNothingTwice) {
    SinkSpec spec = spec_of(pg, table, "append", job);
    {
        PostgresSink sink(spec);
        EXPECT_EQ(sink.guarantee(), SinkGuarantee::Transactional);
        sink.enable_checkpoints();
        sink.open();
        EXPECT_FALSE(sink.committed_checkpoint().has_value());
        sink.write(rows({{"Oslo", 1}, {"Rome", 2}}), ChangeKind::Insert);
        sink.write(rows({{"Kyiv", 3}}), ChangeKind::Insert);
        // batch_rows = 1 is reached, flush() is called: still nothing in the table.
        sink.flush();
        EXPECT_EQ(count(), "0");
        EXPECT_EQ(sink.pending_rows(), 3u);
        sink.prepare_checkpoint(1);
        EXPECT_EQ(count(), "0");
        sink.commit_checkpoint(1, "p1");
        EXPECT_EQ(contents(), "Oslo|1\nRome|2\nKyiv|3");
        EXPECT_EQ(marker(), "1|p1");
        EXPECT_EQ(sink.pending_rows(), 0u);
        sink.close();
    }

    // A restarted job: the sink reports checkpoint 1; the engine replays it (same rows, same k).
    {
        PostgresSink replay(spec);
        replay.enable_checkpoints();
        replay.open();
        ASSERT_TRUE(replay.committed_checkpoint().has_value());
        EXPECT_EQ(*replay.committed_checkpoint(), 1);
        replay.restore_checkpoint(1);
        replay.write(rows({{"Oslo", 1}, {"Rome", 2}}), ChangeKind::Insert);
        replay.write(rows({{"Kyiv", 3}}), ChangeKind::Insert);
        replay.prepare_checkpoint(1);
        replay.commit_checkpoint(1, "p1");
        EXPECT_EQ(count(), "3");
        EXPECT_EQ(marker(), "1|p1");
        EXPECT_EQ(replay.pending_rows(), 0u);

        // The next checkpoint commits only its own rows.
        replay.write(rows({{"Lima", 4}}), ChangeKind::Insert);
        replay.flush();
        EXPECT_EQ(count(), "3");
        replay.prepare_checkpoint(2);
        replay.commit_checkpoint(2, "p2");
        EXPECT_EQ(contents(), "Oslo|1\nRome|2\nKyiv|3\nLima|4");
        EXPECT_EQ(marker(), "2|p2");

        // Rows after the last checkpoint are dropped by close(): a restart would replay them.
        replay.write(rows({{"Nuuk", 5}, {"Baku", 6}}), ChangeKind::Insert);
        replay.close();
    }
    EXPECT_EQ(contents(), "Oslo|1\nRome|2\nKyiv|3\nLima|4");
    EXPECT_EQ(marker(), "2|p2");

    PostgresSink after(spec);
    after.enable_checkpoints();
    after.open();
    EXPECT_EQ(after.committed_checkpoint(), std::optional<int64_t>(2));
    after.close();
}

TEST_F(PostgresCheckpointTest, DestroyingTheSinkWithUncommittedRowsWritesNothing) {
    SinkSpec spec = spec_of(pg, table, "append", job);
    {
        PostgresSink sink(spec);
        sink.enable_checkpoints();
        sink.open();
        sink.write(rows({{"Oslo", 1}}), ChangeKind::Insert);
        sink.prepare_checkpoint(1);
    }
    EXPECT_EQ(count(), "0");
}

TEST_F(PostgresCheckpointTest, CommittedCheckpointsAreKeptPerJob) {
    std::string other_job = PostgresTestServer::unique("other_job");
    {
        PostgresSink first(spec_of(pg, table, "append", job));
        first.enable_checkpoints();
        first.open();
        first.write(rows({{"Oslo", 1}}), ChangeKind::Insert);
        first.commit_checkpoint(5, "p5");
        first.close();
    }
    PostgresSink second(spec_of(pg, table, "append", other_job));
    second.enable_checkpoints();
    second.open();
    EXPECT_FALSE(second.committed_checkpoint().has_value());
    second.write(rows({{"Rome", 2}}), ChangeKind::Insert);
    second.commit_checkpoint(1, "q1");
    second.close();
    EXPECT_EQ(contents(), "Oslo|1\nRome|2");
    EXPECT_EQ(marker(), "5|p5");
}

TEST_F(PostgresCheckpointTest, ResetJobForgetsTheCommittedCheckpointOfThatJobOnly) {
    std::string other_job = PostgresTestServer::unique("other_job");
    for (const std::string &name : {job, other_job}) {
        PostgresSink sink(spec_of(pg, table, "append", name));
        sink.enable_checkpoints();
        sink.open();
        sink.write(rows({{name == job ? "Oslo" : "Rome", 1}}), ChangeKind::Insert);
        sink.commit_checkpoint(4, "p4");
        sink.close();
    }
    PostgresSink sink(spec_of(pg, table, "append", job));
    sink.enable_checkpoints();
    sink.open();
    EXPECT_EQ(sink.committed_checkpoint(), std::optional<int64_t>(4));
    sink.reset_job();
    EXPECT_FALSE(sink.committed_checkpoint().has_value());
    sink.close();
    EXPECT_EQ(marker(), "");
    EXPECT_EQ(pg.psql("SELECT checkpoint FROM weir_sink_commits WHERE job = '" + other_job + "'"), "4");
    EXPECT_EQ(contents(), "Oslo|1\nRome|1");  // the rows stay
}

// The real weir binary with --state against this server.
class PostgresStateTest : public PostgresCheckpointTest {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / PostgresTestServer::unique("weir_pg_state");
        std::filesystem::create_directories(dir_);
        std::ofstream in(path("in.jsonl"));
        for (int i = 1; i <= 5; i++) in << "{\"city\":\"c" << i << "\",\"n\":" << i * 100 << "}\n";
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::string path(const std::string &name) const { return (dir_ / name).string(); }
    // Writes the pipeline (file → this table, job `job`) and runs weir with `args` before -f.
    CommandResult run(const std::string &args) {
        std::ofstream(path("pipeline.sql"))
            << "CREATE SOURCE r (city TEXT, n BIGINT) WITH (connector = 'file', path = '" << path("in.jsonl") << "');\n"
            << "CREATE SINK checkpointed WITH (connector = 'postgres', url = '" << pg.url() << "', table = '" << table
            << "', mode = 'append');\n"
            << "CREATE JOB " << job << " AS INSERT INTO checkpointed SELECT city, n FROM r;\n";
        return ShellCommand::run(std::string(WEIR_BINARY) + " " + args + " --checkpoint-interval 0 -f " +
                                 ShellCommand::quote(path("pipeline.sql")));
    }
    std::string runs(const std::string &state) {
        return ShellCommand::run(std::string(WEIR_BINARY) + " --state " + ShellCommand::quote(path(state)) +
                                 " --format csv -c " +
                                 ShellCommand::quote("SELECT status, records_out, resumed_from FROM weir_job_runs"))
            .out;
    }
    std::filesystem::path dir_;
};

TEST_F(PostgresStateTest, AFreshStateDirectoryIsRefusedNamingResetJobWhichStartsTheJobOver) {
    pg.psql("CREATE TABLE " + table + " (city text, n bigint); ALTER TABLE " + table + " OWNER TO weir");
    CommandResult first = run("--state " + ShellCommand::quote(path("first")));
    ASSERT_EQ(first.status, 0) << first.err;
    EXPECT_EQ(count(), "5");
    EXPECT_EQ(marker().substr(0, 2), "1|");

    // The sink holds the job's checkpoint 1 but this state directory has none: refused.
    CommandResult fresh = run("--state " + ShellCommand::quote(path("fresh")));
    EXPECT_EQ(fresh.status, 1);
    EXPECT_NE(fresh.err.find("already holds its checkpoint 1"), std::string::npos) << fresh.err;
    EXPECT_NE(fresh.err.find("start the job over with `weir --state " + path("fresh") + " --reset-job " + job + "`"),
              std::string::npos)
        << fresh.err;
    EXPECT_EQ(fresh.err.find(pg.password()), std::string::npos);
    EXPECT_EQ(count(), "5");

    // --reset-job: the sink's record is cleared, the job reads its input again; the old rows stay.
    CommandResult reset = run("--state " + ShellCommand::quote(path("fresh")) + " --reset-job " + job);
    ASSERT_EQ(reset.status, 0) << reset.err;
    EXPECT_NE(reset.err.find("job `" + job + "` starts over"), std::string::npos) << reset.err;
    EXPECT_EQ(count(), "10");
    EXPECT_EQ(marker().substr(0, 2), "1|");
    EXPECT_EQ(runs("fresh"), "status,records_out,resumed_from\nfailed,0,0\nreset,0,0\nfinished,5,0\n");

    // The reset was carried out once: the next run resumes at the end and writes nothing.
    CommandResult again = run("--state " + ShellCommand::quote(path("fresh")));
    ASSERT_EQ(again.status, 0) << again.err;
    EXPECT_EQ(count(), "10");
}

TEST_F(PostgresStateTest, RecordsOutCountsOnlyTheRowsATransactionCommitted) {
    // The commit at the end of the input fails on the CHECK: the job fails and the table stays empty.
    pg.psql("CREATE TABLE " + table + " (city text, n bigint CHECK (n < 500)); ALTER TABLE " + table +
            " OWNER TO weir");
    CommandResult failed = run("--state " + ShellCommand::quote(path("state")));
    EXPECT_EQ(failed.status, 1);
    EXPECT_NE(failed.err.find("violates check constraint"), std::string::npos) << failed.err;
    EXPECT_EQ(count(), "0");
    EXPECT_EQ(runs("state"), "status,records_out,resumed_from\nfailed,0,0\n");
}

TEST_F(PostgresCheckpointTest, UpsertModeIsIdempotentAndFlushesOnItsOwn) {
    SinkSpec spec = spec_of(pg, table, "upsert", job);
    PostgresSink sink(spec);
    EXPECT_EQ(sink.guarantee(), SinkGuarantee::Idempotent);
    sink.enable_checkpoints();
    sink.open();
    EXPECT_FALSE(sink.committed_checkpoint().has_value());
    sink.write(rows({{"Oslo", 1}, {"Rome", 2}}), ChangeKind::Upsert);  // batch_rows reached: written
    EXPECT_EQ(contents(), "Oslo|1\nRome|2");
    sink.write(rows({{"Oslo", 10}}), ChangeKind::Upsert);
    EXPECT_EQ(contents(), "Rome|2\nOslo|10");
    sink.close();

    // Held back by a long flush_interval, the rows are written by prepare_checkpoint().
    PostgresSink slow(spec_of(pg, table, "upsert", job, "1h"));
    slow.enable_checkpoints();
    slow.open();
    slow.write(rows({{"Kyiv", 3}}), ChangeKind::Upsert);
    EXPECT_EQ(count(), "2");
    slow.prepare_checkpoint(1);
    EXPECT_EQ(contents(), "Rome|2\nKyiv|3\nOslo|10");
    slow.commit_checkpoint(1, "p1");
    // A replay of the same changes leaves the same table.
    slow.write(rows({{"Oslo", 10}, {"Kyiv", 3}}), ChangeKind::Upsert);
    slow.close();
    EXPECT_EQ(contents(), "Rome|2\nKyiv|3\nOslo|10");
}

TEST_F(PostgresCheckpointTest, WithoutCheckpointsAppendModeWritesOnFlushAsBefore) {
    PostgresSink sink(spec_of(pg, table, "append", job, "1h"));
    sink.open();
    sink.write(rows({{"Oslo", 1}}), ChangeKind::Insert);
    EXPECT_EQ(count(), "0");
    sink.flush();
    EXPECT_EQ(count(), "1");
    sink.write(rows({{"Rome", 2}}), ChangeKind::Insert);
    sink.close();
    EXPECT_EQ(contents(), "Oslo|1\nRome|2");
}

}  // namespace
}  // namespace weir

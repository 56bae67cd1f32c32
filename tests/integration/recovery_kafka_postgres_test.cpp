// kill -9 recovery of `weir --state` over a real Kafka-protocol broker and PostgreSQL: a Kafka source
// (3 partitions, keyed by city) → HOP per-city averages → PostgreSQL append sink (exactly once) killed
// at random moments and restarted must leave exactly the table of a clean run; and each named fault
// point (WEIR_FAULT) kills the process, after which a rerun equals the clean run.
//
// Figures from the environment: RECOVERY_EVENTS (default 20000), RECOVERY_KILLS (default 5),
// RECOVERY_SEED (default: random, always printed so a failure can be replayed). The full version:
//   RECOVERY_EVENTS=100000 RECOVERY_KILLS=20 ctest --test-dir build -R recovery_kafka_postgres --output-on-failure
// (100000 events stay under the mock broker's ~5 MiB per partition.)
//
// Engine bugs these tests found, fixed since: a checkpoint stored but never committed by a sink that
// had committed nothing was resumed from (its rows lost); idle_timeout was ignored, so a partition
// starved for 10 s by the throttled reads stopped holding the watermark back and its rows became late;
// a bounded group member restarted right after a kill ended with only the partitions first assigned.
#include <gtest/gtest.h>
#include <signal.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "kafka_test_cluster.h"
#include "postgres_test_server.h"
#include "recovery_support.h"
#include "shell_command.h"
#include "weir_process.h"

namespace weir {
namespace {

using weir_test::KafkaTestCluster;

constexpr int kPartitions = 3;
using recovery::env_int;
using recovery::iso;
using recovery::kCities;
using recovery::read_text;
using recovery::temporary_dir;

// The events: one per second of event time from 2025-01-15 00:00 UTC, city i % 12, temperatures that
// are exact binary fractions (sums do not depend on order). City c always goes to partition c % 3,
// produced in time order, so event time never decreases within a partition and no row is ever late:
// the result does not depend on how the partitions interleave.
struct Topic {
    std::string name;
    int events = 0;
};

Topic produce_events(int events) {
    Topic topic{KafkaTestCluster::fresh_topic("recovery"), events};
    KafkaTestCluster::create_topic(topic.name, kPartitions);
    std::vector<std::vector<std::string>> lines(kPartitions);
    const int64_t start = 1736899200;  // 2025-01-15 00:00:00 UTC
    for (int i = 0; i < events; i++) {
        size_t city = static_cast<size_t>(i) % kCities.size();
        char temp[32];
        std::snprintf(temp, sizeof temp, "%g", (i % 80) * 0.5 - 10);
        lines[city % kPartitions].push_back(kCities[city] + "|{\"city\":\"" + kCities[city] + "\",\"temp\":" + temp +
                                            ",\"ts\":\"" + iso(start + i) + "\"}");
    }
    for (int p = 0; p < kPartitions; p++) KafkaTestCluster::produce(topic.name, p, lines[p], "|");
    return topic;
}

class RecoveryKafkaPostgresTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        events_ = env_int("RECOVERY_EVENTS", 20000);
        kills_ = env_int("RECOVERY_KILLS", 5);
        const char *seed = std::getenv("RECOVERY_SEED");
        seed_ = seed && *seed ? static_cast<unsigned>(std::strtoul(seed, nullptr, 10)) : std::random_device{}();
        std::cout << "recovery: RECOVERY_EVENTS=" << events_ << " RECOVERY_KILLS=" << kills_
                  << " RECOVERY_SEED=" << seed_ << std::endl;
        auto started = std::chrono::steady_clock::now();
        topic_ = new Topic(produce_events(events_));
        std::cout << "recovery: produced " << events_ << " events into " << topic_->name << " in "
                  << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count()
                  << " ms" << std::endl;
    }
    static void TearDownTestSuite() {
        delete topic_;
        topic_ = nullptr;
    }

    void SetUp() override {
        ASSERT_NE(topic_, nullptr);
        if (clean_table_.empty()) {
            // The clean run (no kills) gives the expected table, once for all tests.
            Pipeline clean = pipeline("clean", false, false);
            auto started = std::chrono::steady_clock::now();
            WeirProcess run({"--state", clean.state, "--checkpoint-interval", "200ms", "-f", clean.sql_path}, clean.log);
            ASSERT_TRUE(run.wait_for(std::chrono::seconds(120))) << "the clean run did not end";
            ASSERT_TRUE(run.exited_with(0)) << run.outcome() << ": " << read_text(clean.log);
            clean_millis_ = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
            clean_table_ = clean.table;
            clean_rows_ = contents(clean_table_);
            std::cout << "recovery: clean run " << clean_millis_ << " ms, " << pg.psql("SELECT count(*) FROM " + clean_table_)
                      << " rows" << std::endl;
            ASSERT_EQ(pg.psql("SELECT sum(n) FROM " + clean_table_), std::to_string(5 * events_))
                << "every event is in 5 HOP windows";
        }
    }

    struct Pipeline {
        std::string table, job, state, sql_path, log;
    };

    // A pipeline file of its own (table, job, state directory, consumer group when `group`). `throttled`
    // is the rate-limited part that makes a run last long enough for kills to land mid-run: the
    // consumer's socket receive buffer is 8 KiB, so loopback TCP flow control paces the fetches
    // (20000 events take ~5 s instead of ~0.2 s on the 2-core test machine).
    Pipeline pipeline(const std::string &stem, bool group, bool throttled) {
        Pipeline p;
        p.table = ShellCommand::unique("recovery_" + stem);
        p.job = ShellCommand::unique("job_" + stem);
        std::string dir = temporary_dir(stem);
        p.state = dir + "/state";
        p.sql_path = dir + "/pipeline.sql";
        p.log = dir + "/weir.log";
        std::string group_option = group ? ", group_id = '" + ShellCommand::unique("recovery_group") + "'" : "";
        std::ofstream(p.sql_path)
            << "CREATE SOURCE weather (city TEXT, temp DOUBLE, ts TIMESTAMP, WATERMARK FOR ts AS ts - 5s) WITH ("
               "connector = 'kafka', brokers = '" << KafkaTestCluster::bootstrap() << "', topic = '" << topic_->name
            << "'" << group_option << ", stop = 'latest', format = 'json', idle_timeout = '1h', "
               "kafka.session.timeout.ms = '6000'" << (throttled ? ", kafka.socket.receive.buffer.bytes = '8192'" : "")
            << ");\n"
               "CREATE SINK averages WITH (connector = 'postgres', url = '" << pg.url() << "', table = '" << p.table
            << "', mode = 'append');\n"
               "CREATE JOB " << p.job << " AS INSERT INTO averages SELECT city, window_start, window_end, "
               "avg(temp) AS avg_temp, min(temp) AS min_temp, max(temp) AS max_temp, count(*) AS n "
               "FROM weather GROUP BY city, HOP(ts, 1m, 5m);\n";
        return p;
    }

    std::string contents(const std::string &table) const {
        return pg.psql("SELECT city, window_start, window_end, avg_temp, min_temp, max_temp, n FROM " + table +
                       " ORDER BY city, window_start");
    }

    // B equals the clean table exactly, with no (city, window_start) twice.
    void expect_equals_clean(const std::string &table, const std::string &what) const {
        EXPECT_EQ(pg.psql("SELECT count(*) - count(DISTINCT (city, window_start)) FROM " + table), "0")
            << what << ": duplicated windows";
        EXPECT_EQ(pg.psql("SELECT count(*) FROM " + table), pg.psql("SELECT count(*) FROM " + clean_table_)) << what;
        EXPECT_EQ(pg.psql("SELECT sum(n) FROM " + table), std::to_string(5 * events_)) << what;
        EXPECT_TRUE(contents(table) == clean_rows_) << what << ": the rows differ from the clean run's";
    }

    // The job's runs from the audit log: "run|resumed_from|status|records_in" lines.
    static std::string runs(const Pipeline &p) {
        return ShellCommand::run("sqlite3 " + ShellCommand::quote(p.state + "/weir_state.db") +
                                 " 'SELECT run, resumed_from, status, records_in FROM weir_job_runs ORDER BY run'")
            .out;
    }

    // Starts the pipeline `kills` times and kills it with SIGKILL after a random delay in
    // [min_ms, max_ms] (a run that ended before is noted), then lets it finish.
    void kill_loop(const Pipeline &p, int min_ms, int max_ms) {
        int landed = 0;
        auto started = std::chrono::steady_clock::now();
        recovery::kill_loop(p.state, p.sql_path, p.log, kills_, seed_, min_ms, max_ms, &landed);
        if (::testing::Test::HasFatalFailure()) return;
        std::cout << "recovery: " << landed << " of " << kills_ << " kills landed mid-run; "
                  << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count()
                  << " ms in all; runs (run|resumed_from|status|records_in):\n" << runs(p) << std::flush;
    }

    PostgresTestServer pg;
    static Topic *topic_;
    static int events_, kills_;
    static unsigned seed_;
    static std::string clean_table_, clean_rows_;
    static int64_t clean_millis_;
};

Topic *RecoveryKafkaPostgresTest::topic_ = nullptr;
int RecoveryKafkaPostgresTest::events_ = 0;
int RecoveryKafkaPostgresTest::kills_ = 0;
unsigned RecoveryKafkaPostgresTest::seed_ = 0;
std::string RecoveryKafkaPostgresTest::clean_table_;
std::string RecoveryKafkaPostgresTest::clean_rows_;
int64_t RecoveryKafkaPostgresTest::clean_millis_ = 0;

// Without a consumer group the source assigns itself every partition: the checkpoint alone says where
// each one resumes. The runs are throttled (see pipeline()) so that a run lasts seconds: first one
// throttled run without kills (it must equal the clean run too) gives the duration D, then K kills.
// The throttled reads deliver the partitions unevenly: idle_timeout = '1h' must keep a starved
// partition holding the watermark back, so none of its rows are late.
TEST_F(RecoveryKafkaPostgresTest, KilledAtRandomAndRestartedEqualsTheCleanRunExactlyOnce) {
    Pipeline probe = pipeline("throttled", false, true);
    auto started = std::chrono::steady_clock::now();
    {
        WeirProcess run({"--state", probe.state, "--checkpoint-interval", "200ms", "-f", probe.sql_path}, probe.log);
        ASSERT_TRUE(run.wait_for(std::chrono::seconds(120))) << "the throttled run did not end";
        ASSERT_TRUE(run.exited_with(0)) << run.outcome() << ": " << read_text(probe.log);
    }
    int64_t total = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    std::cout << "recovery: throttled run without kills " << total << " ms; runs (run|resumed_from|status|records_in):\n"
              << runs(probe) << ShellCommand::run("sqlite3 " + ShellCommand::quote(probe.state + "/weir_state.db") +
                                                  " 'SELECT late FROM weir_job_runs'").out << std::flush;
    expect_equals_clean(probe.table, "throttled run without kills (rows missing: rows of slower partitions "
                                     "counted late?)");

    Pipeline p = pipeline("killed", false, true);
    // Delays in [max(300 ms, D/4K), 3D/2K] (K kills): after the first checkpoint (200 ms), together
    // about one run, so most kills land mid-run although each restart resumes further on.
    int low = std::max<int>(300, static_cast<int>(total / (4 * kills_)));
    kill_loop(p, low, std::max<int>(low + 1, static_cast<int>(3 * total / (2 * kills_))));
    expect_equals_clean(p.table, "after " + std::to_string(kills_) + " kills (seed " + std::to_string(seed_) +
                                     "; rows missing after a run that resumed from a checkpoint with records_in 0: "
                                     "resumed from a checkpoint the sink never committed?)");
    EXPECT_EQ(pg.psql("SELECT count(*) FROM weir_sink_commits WHERE job = '" + p.job + "'"), "1");
}

// With a consumer group (unique group id): the process is killed (SIGKILL) once data flows, i.e. after
// it joined the group and got partitions, and restarted once the group has dropped the dead member
// (its session times out after 6 s), as README says to restart a group member. The checkpoint, not
// the group, says what the job has read; with checkpoints a bounded member also ends only when every
// partition is read here or committed past its end by the group (KafkaSource::others_done).
// Restarting at once works in most runs but not reliably against the mock broker (a restarted member
// was once left without assignment, every commit answered "Unknown member"; the job now fails with a
// sentence after 3 x session.timeout.ms instead of hanging), so this test does not do it.
TEST_F(RecoveryKafkaPostgresTest, ConsumerGroupRestartAfterAKillReadsEveryPartition) {
    Pipeline p = pipeline("group", true, false);
    {
        WeirProcess run({"--state", p.state, "--checkpoint-interval", "200ms", "-f", p.sql_path}, p.log,
                        {{"WEIR_FAULT", "after_sink_write:1"}});
        ASSERT_TRUE(run.wait_for(std::chrono::seconds(60))) << "the run with WEIR_FAULT did not end";
        ASSERT_TRUE(run.killed_by(SIGKILL)) << run.outcome() << ": " << read_text(p.log);
    }
    std::this_thread::sleep_for(std::chrono::seconds(8));  // session.timeout.ms = 6000
    WeirProcess rerun({"--state", p.state, "--checkpoint-interval", "200ms", "-f", p.sql_path}, p.log);
    ASSERT_TRUE(rerun.wait_for(std::chrono::seconds(60))) << "the rerun did not end";
    ASSERT_TRUE(rerun.exited_with(0)) << rerun.outcome() << ": " << read_text(p.log);
    std::cout << "recovery: consumer group restart; runs:\n" << runs(p) << "sink commits: "
              << pg.psql("SELECT checkpoint, positions FROM weir_sink_commits WHERE job = '" + p.job + "'") << std::endl;
    expect_equals_clean(p.table, "consumer group member restarted after a kill");
}

// Each named fault point kills the process (SIGKILL, as kill -9 does); a rerun equals the clean run.
TEST_F(RecoveryKafkaPostgresTest, EveryFaultPointKillsAndARerunEqualsTheCleanRun) {
    // The first hit of each checkpoint point: a run reads its 20000 events in ~0.2 s, so that is the
    // checkpoint at the end of the input (the periodic ones come every 200 ms).
    const std::vector<std::string> faults = {"after_sink_write:3", "mid_checkpoint:1", "after_checkpoint_store:1",
                                             "before_offset_commit:1"};
    for (const auto &fault : faults) {
        SCOPED_TRACE(fault);
        Pipeline p = pipeline("fault", false, false);
        {
            WeirProcess run({"--state", p.state, "--checkpoint-interval", "200ms", "-f", p.sql_path}, p.log,
                            {{"WEIR_FAULT", fault}});
            ASSERT_TRUE(run.wait_for(std::chrono::seconds(60))) << "the run with WEIR_FAULT did not end";
            EXPECT_TRUE(run.killed_by(SIGKILL)) << "WEIR_FAULT=" << fault << " should kill with SIGKILL, got "
                                                << run.outcome() << ": " << read_text(p.log);
        }
        std::string before = "no table";
        try {
            before = pg.psql("SELECT count(*) FROM " + p.table);
        } catch (const std::exception &) {
        }
        WeirProcess rerun({"--state", p.state, "--checkpoint-interval", "200ms", "-f", p.sql_path}, p.log);
        ASSERT_TRUE(rerun.wait_for(std::chrono::seconds(60))) << "the rerun did not end";
        ASSERT_TRUE(rerun.exited_with(0)) << rerun.outcome() << ": " << read_text(p.log);
        std::cout << "recovery: WEIR_FAULT=" << fault << ": " << before << " rows before the rerun; runs:\n"
                  << runs(p) << std::flush;
        expect_equals_clean(p.table, "WEIR_FAULT=" + fault +
                                         (fault.rfind("after_checkpoint_store", 0) == 0
                                              ? " (resumed from a checkpoint the transactional sink never "
                                                "committed?)"
                                              : ""));
    }
}

}  // namespace
}  // namespace weir

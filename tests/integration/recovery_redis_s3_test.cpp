// kill -9 recovery of `weir --state` over a real redis-server and S3 server: a Redis Streams source
// (fixed group and consumer) → TUMBLE per-city averages → S3 sink (JSON lines, objects named by
// checkpoint) killed at random moments and restarted must leave exactly the lines of a clean run.
//
// Figures from the environment: RECOVERY_EVENTS (default 20000), RECOVERY_KILLS (default 5),
// RECOVERY_SEED (default: random, always printed). The full version:
//   RECOVERY_EVENTS=100000 RECOVERY_KILLS=20 ctest --test-dir build -R recovery_redis_s3 --output-on-failure
#include <gtest/gtest.h>
#include <signal.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "recovery_support.h"
#include "redis_test_server.h"
#include "s3_test_server.h"
#include "shell_command.h"
#include "weir_process.h"

namespace weir {
namespace {

using recovery::env_int;
using recovery::iso;
using recovery::kCities;
using recovery::read_text;
using recovery::temporary_dir;

class RecoveryRedisS3Test : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        events_ = env_int("RECOVERY_EVENTS", 20000);
        kills_ = env_int("RECOVERY_KILLS", 5);
        const char *seed = std::getenv("RECOVERY_SEED");
        seed_ = seed && *seed ? static_cast<unsigned>(std::strtoul(seed, nullptr, 10)) : std::random_device{}();
        std::cout << "recovery: RECOVERY_EVENTS=" << events_ << " RECOVERY_KILLS=" << kills_
                  << " RECOVERY_SEED=" << seed_ << std::endl;
    }

    void SetUp() override {
        if (!stream_.empty()) return;
        // One entry per second of event time, in time order (one stream is one partition: no row is
        // ever late), temperatures that are exact binary fractions. XADDs through redis-cli's stdin.
        stream_ = RedisTestServer::unique("recovery");
        std::string dir = temporary_dir("redis-input");
        {
            std::ofstream commands(dir + "/commands.txt");
            const int64_t start = 1736899200;  // 2025-01-15 00:00:00 UTC
            for (int i = 0; i < events_; i++) {
                char temp[32];
                std::snprintf(temp, sizeof temp, "%g", (i % 80) * 0.5 - 10);
                commands << "XADD " << stream_ << " * city " << kCities[static_cast<size_t>(i) % kCities.size()]
                         << " temp " << temp << " ts " << iso(start + i) << "\n";
            }
        }
        auto started = std::chrono::steady_clock::now();
        CommandResult added = ShellCommand::run("redis-cli -p " + std::to_string(redis.port()) + " < " +
                                                ShellCommand::quote(dir + "/commands.txt") + " > /dev/null");
        ASSERT_EQ(added.status, 0) << added.err;
        ASSERT_EQ(redis.cli({"XLEN", stream_}), std::to_string(events_));
        std::cout << "recovery: added " << events_ << " entries to " << stream_ << " in "
                  << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count()
                  << " ms" << std::endl;

        Pipeline clean = pipeline("clean");
        started = std::chrono::steady_clock::now();
        WeirProcess run({"--state", clean.state, "--checkpoint-interval", "200ms", "-f", clean.sql_path}, clean.log);
        ASSERT_TRUE(run.wait_for(std::chrono::seconds(120))) << "the clean run did not end";
        ASSERT_TRUE(run.exited_with(0)) << run.outcome() << ": " << read_text(clean.log);
        clean_millis_ = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
        clean_lines_ = lines_of(clean.prefix);
        std::cout << "recovery: clean run " << clean_millis_ << " ms, " << clean_lines_.size() << " lines in "
                  << objects_ << " objects" << std::endl;
        ASSERT_EQ(std::set<std::string>(clean_lines_.begin(), clean_lines_.end()).size(), clean_lines_.size())
            << "the clean run wrote a line twice";
        ASSERT_EQ(clean_lines_.size(), static_cast<size_t>((events_ + 59) / 60 * 12))
            << "one line per city and minute";
    }

    struct Pipeline {
        std::string prefix, job, group, state, sql_path, log;
    };

    // The rate-limited part that makes a run last long enough for kills to land mid-run: the sink
    // rolls an object every 2 rows, and each upload is a request to the S3 server on the job's thread
    // (~2000 objects for 20000 events, a few seconds).
    Pipeline pipeline(const std::string &stem) const {
        Pipeline p;
        p.prefix = S3TestServer::unique("recovery_" + stem);
        p.job = ShellCommand::unique("job_" + stem);
        p.group = ShellCommand::unique("recovery_group");
        std::string dir = temporary_dir(stem);
        p.state = dir + "/state";
        p.sql_path = dir + "/pipeline.sql";
        p.log = dir + "/weir.log";
        std::ofstream(p.sql_path)
            << "CREATE SOURCE weather (city TEXT, temp DOUBLE, ts TIMESTAMP, WATERMARK FOR ts AS ts - 5s) WITH ("
               "connector = 'redis', url = '" << redis.url() << "', stream = '" << stream_ << "', group = '"
            << p.group << "', consumer = 'weir-1', start = '0', stop = 'latest', batch_size = '256', "
               "idle_timeout = '1h');\n"
               "CREATE SINK raw WITH (connector = 's3', endpoint = '" << s3.endpoint() << "', bucket = '"
            << s3.bucket() << "', access_key = '" << s3.access_key() << "', secret_key = '" << s3.secret_key()
            << "', prefix = '" << p.prefix << "', format = 'json', roll_rows = '2');\n"
               "CREATE JOB " << p.job << " AS INSERT INTO raw SELECT city, window_start, window_end, "
               "avg(temp) AS avg_temp, min(temp) AS min_temp, max(temp) AS max_temp, count(*) AS n "
               "FROM weather GROUP BY city, TUMBLE(ts, 1m);\n";
        return p;
    }

    // Every line of every object under the prefix, sorted.
    std::vector<std::string> lines_of(const std::string &prefix) {
        auto client = s3.client(s3.endpoint());
        std::vector<std::string> lines;
        objects_ = 0;
        for (const auto &key : client->list_keys(prefix + "/")) {
            objects_++;
            std::istringstream body(client->get_object(key));
            std::string line;
            while (std::getline(body, line)) {
                if (!line.empty()) lines.push_back(line);
            }
        }
        std::sort(lines.begin(), lines.end());
        return lines;
    }

    static std::string runs(const Pipeline &p) {
        return ShellCommand::run("sqlite3 " + ShellCommand::quote(p.state + "/weir_state.db") +
                                 " 'SELECT run, resumed_from, status, records_in FROM weir_job_runs ORDER BY run'")
            .out;
    }

    RedisTestServer redis;
    S3TestServer s3;
    size_t objects_ = 0;
    static int events_, kills_;
    static unsigned seed_;
    static std::string stream_;
    static std::vector<std::string> clean_lines_;
    static int64_t clean_millis_;
};

int RecoveryRedisS3Test::events_ = 0;
int RecoveryRedisS3Test::kills_ = 0;
unsigned RecoveryRedisS3Test::seed_ = 0;
std::string RecoveryRedisS3Test::stream_;
std::vector<std::string> RecoveryRedisS3Test::clean_lines_;
int64_t RecoveryRedisS3Test::clean_millis_ = 0;

// K kills at random moments of the run, then the last run finishes.
TEST_F(RecoveryRedisS3Test, KilledAtRandomAndRestartedWritesExactlyTheCleanRunsLines) {
    Pipeline p = pipeline("killed");
    // Delays in [max(300 ms, D/4K), 3D/2K] (D the clean run's duration, K kills): after the first
    // checkpoint (200 ms), together about one clean run, so most kills land mid-run although each
    // restart resumes further on.
    int total = static_cast<int>(clean_millis_);
    int low = std::max(300, total / (4 * kills_)), high = std::max(low + 1, 3 * total / (2 * kills_));
    int landed = 0;
    auto started = std::chrono::steady_clock::now();
    recovery::kill_loop(p.state, p.sql_path, p.log, kills_, seed_, low, high, &landed);
    if (HasFatalFailure()) return;
    std::cout << "recovery: " << landed << " of " << kills_ << " kills landed mid-run; "
              << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count()
              << " ms in all; runs (run|resumed_from|status|records_in):\n" << runs(p) << std::flush;

    std::vector<std::string> lines = lines_of(p.prefix);
    std::cout << "recovery: " << lines.size() << " lines in " << objects_ << " objects" << std::endl;
    EXPECT_EQ(std::set<std::string>(lines.begin(), lines.end()).size(), lines.size()) << "a line was written twice";
    EXPECT_EQ(lines.size(), clean_lines_.size());
    EXPECT_TRUE(lines == clean_lines_) << "the lines differ from the clean run's (seed " << seed_ << ")";
    // Every entry was acknowledged to the job's group `<group>.<job>` by the end.
    EXPECT_EQ(redis.cli({"XPENDING", stream_, p.group + "." + p.job}).substr(0, 1), "0");
}

}  // namespace
}  // namespace weir

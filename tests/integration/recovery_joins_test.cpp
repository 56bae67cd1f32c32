// kill -9 recovery of `weir --state` jobs with joins over a real redis-server and S3 server: (a) an
// interval join of two Redis streams (orders ⋈ shipments within an hour) → S3 and (b) a lookup join
// of a Redis stream with a CSV device table → S3 (LEFT: unknown devices keep a NULL room). Killed at
// random moments and restarted, each must leave exactly the lines of a clean run (every source's
// position and every join side's state in one checkpoint). The streams are unbounded (stop = 'never':
// with stop = 'latest' both inputs would be bounded and the join a batch join), so a run that has
// written every expected line is stopped with SIGTERM (a graceful stop, exit 0).
//
// Figures from the environment: RECOVERY_EVENTS (orders and readings, default 1000), RECOVERY_KILLS
// (default 4), RECOVERY_SEED (default: random, always printed).
#include <gtest/gtest.h>
#include <signal.h>

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
using recovery::read_text;
using recovery::temporary_dir;

const std::vector<std::string> kCarriers = {"dhl", "ups", "fedex", "post"};
constexpr int64_t kStart = 1736899200;  // 2025-01-15 00:00:00 UTC
constexpr int kDevices = 50;            // devices 0..49 in the table; readings name devices 0..59

class RecoveryJoinsTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        events_ = env_int("RECOVERY_EVENTS", 1000);
        kills_ = env_int("RECOVERY_KILLS", 4);
        const char *seed = std::getenv("RECOVERY_SEED");
        seed_ = seed && *seed ? static_cast<unsigned>(std::strtoul(seed, nullptr, 10)) : std::random_device{}();
        std::cout << "recovery: RECOVERY_EVENTS=" << events_ << " RECOVERY_KILLS=" << kills_
                  << " RECOVERY_SEED=" << seed_ << std::endl;
    }

    struct Pipeline {
        std::string stem, state, sql_path, log;
        std::vector<std::string> prefixes;  // one S3 prefix per job
    };

    // Order i at second i; its shipment d_i = (i * 37) % 50 s later (a second one 10 s after that for
    // every 7th order, none for every 10th; for every 13th the shipment is 1 s before the order, out of
    // the bound). Both streams are in event-time order up to 50 s and their watermarks allow 60 s, so no
    // row is ever late whatever the interleaving of the two sources.
    void add_interval_streams() {
        orders_ = RedisTestServer::unique("orders");
        shipments_ = RedisTestServer::unique("shipments");
        std::string dir = temporary_dir("joins-input");
        std::ofstream commands(dir + "/commands.txt");
        expected_joined_ = 0;
        struct Shipment {
            int64_t ts;
            int order;
            std::string carrier;
        };
        std::vector<Shipment> shipments;
        for (int i = 0; i < events_; i++) {
            commands << "XADD " << orders_ << " * id " << i << " amount " << (i % 97) << " ts " << iso(kStart + i) << "\n";
            if (i % 10 == 0) continue;
            const std::string &carrier = kCarriers[static_cast<size_t>(i) % kCarriers.size()];
            int64_t at = i % 13 == 0 ? kStart + i - 1 : kStart + i + (i * 37) % 50;
            shipments.push_back({at, i, carrier});
            if (i % 13 != 0) expected_joined_++;
            if (i % 7 == 0 && i % 13 != 0) {
                shipments.push_back({at + 10, i, kCarriers[static_cast<size_t>(i + 1) % kCarriers.size()]});
                expected_joined_++;
            }
        }
        std::stable_sort(shipments.begin(), shipments.end(),
                         [](const Shipment &a, const Shipment &b) { return a.ts < b.ts; });
        int sequence = 0;
        for (const auto &s : shipments) {
            commands << "XADD " << shipments_ << " * sid " << sequence++ << " order_id " << s.order << " carrier "
                     << s.carrier << " ts " << iso(s.ts) << "\n";
        }
        commands.close();
        load(dir + "/commands.txt");
    }

    // Reading i at second i of device i % 60 (devices 50..59 are not in the table: a LEFT JOIN keeps
    // them with a NULL room); the table has one row per device 0..49.
    void add_lookup_inputs() {
        readings_ = RedisTestServer::unique("readings");
        std::string dir = temporary_dir("lookup-input");
        devices_csv_ = dir + "/devices.csv";
        {
            std::ofstream devices(devices_csv_);
            devices << "id,room\n";
            for (int d = 0; d < kDevices; d++) devices << d << ",room-" << d << "\n";
        }
        std::ofstream commands(dir + "/commands.txt");
        for (int i = 0; i < events_; i++) {
            commands << "XADD " << readings_ << " * seq " << i << " device_id " << (i % 60) << " temp "
                     << (i % 40) * 0.5 << " ts " << iso(kStart + i) << "\n";
        }
        commands.close();
        load(dir + "/commands.txt");
    }

    void load(const std::string &commands) {
        CommandResult added = ShellCommand::run("redis-cli -p " + std::to_string(redis.port()) + " < " +
                                                ShellCommand::quote(commands) + " > /dev/null");
        ASSERT_EQ(added.status, 0) << added.err;
    }

    std::string redis_source(const std::string &name, const std::string &columns, const std::string &stream,
                             const std::string &group) const {
        return "CREATE SOURCE " + name + " (" + columns + ") WITH (connector = 'redis', url = '" + redis.url() +
               "', stream = '" + stream + "', group = '" + group + "', consumer = 'weir-1', start = '0', "
               "stop = 'never', batch_size = '64', idle_timeout = '1h');\n";
    }

    // An S3 sink rolling an object every 3 rows: each upload is a request on the job's thread, which
    // makes a run last long enough for kills to land mid-run.
    std::string s3_sink(const std::string &name, const std::string &prefix) const {
        return "CREATE SINK " + name + " WITH (connector = 's3', endpoint = '" + s3.endpoint() + "', bucket = '" +
               s3.bucket() + "', access_key = '" + s3.access_key() + "', secret_key = '" + s3.secret_key() +
               "', prefix = '" + prefix + "', format = 'json', roll_rows = '3');\n";
    }

    Pipeline interval_pipeline(const std::string &stem) const {
        Pipeline p = files(stem, 1);
        std::string group = ShellCommand::unique("joins_group");
        std::ofstream(p.sql_path)
            << redis_source("orders", "id BIGINT, amount BIGINT, ts TIMESTAMP, WATERMARK FOR ts AS ts - 60s",
                            orders_, group)
            << redis_source("shipments",
                            "sid BIGINT, order_id BIGINT, carrier TEXT, ts TIMESTAMP, WATERMARK FOR ts AS ts - 60s",
                            shipments_, group)
            << s3_sink("joined", p.prefixes[0]) << "CREATE JOB " << ShellCommand::unique("joined_" + stem)
            << " AS INSERT INTO joined SELECT o.id, o.amount, s.sid, s.carrier, o.ts AS ordered, s.ts AS shipped "
               "FROM orders o JOIN shipments s ON o.id = s.order_id AND s.ts BETWEEN o.ts AND o.ts + INTERVAL '1' HOUR;\n";
        return p;
    }

    Pipeline lookup_pipeline(const std::string &stem) const {
        Pipeline p = files(stem, 1);
        std::ofstream(p.sql_path)
            << "CREATE SOURCE devices (id BIGINT, room TEXT) WITH (connector = 'file', path = '" << devices_csv_
            << "', format = 'csv');\n"
            << redis_source("readings", "seq BIGINT, device_id BIGINT, temp DOUBLE, ts TIMESTAMP, "
                                        "WATERMARK FOR ts AS ts - 5s",
                            readings_, ShellCommand::unique("lookup_group"))
            << s3_sink("enriched", p.prefixes[0]) << "CREATE JOB " << ShellCommand::unique("enrich_" + stem)
            << " AS INSERT INTO enriched SELECT r.seq, r.device_id, d.room, r.temp, r.ts "
               "FROM readings r LEFT JOIN devices d ON r.device_id = d.id;\n";
        return p;
    }

    Pipeline files(const std::string &stem, int jobs) const {
        Pipeline p;
        p.stem = stem;
        std::string dir = temporary_dir(stem);
        p.state = dir + "/state";
        p.sql_path = dir + "/pipeline.sql";
        p.log = dir + "/weir.log";
        for (int j = 0; j < jobs; j++) p.prefixes.push_back(S3TestServer::unique("recovery_" + stem + std::to_string(j)));
        return p;
    }

    // Every line of every object under the prefix, sorted.
    std::vector<std::string> lines_of(const std::string &prefix) {
        auto client = s3.client(s3.endpoint());
        std::vector<std::string> lines;
        for (const auto &key : client->list_keys(prefix + "/")) {
            std::istringstream body(client->get_object(key));
            std::string line;
            while (std::getline(body, line)) {
                if (!line.empty()) lines.push_back(line);
            }
        }
        std::sort(lines.begin(), lines.end());
        return lines;
    }

    // Runs the pipeline until every job's prefix holds `expected` lines, then stops it with SIGTERM;
    // returns the time until the lines were there in ms.
    int64_t run_until_written(const Pipeline &p, size_t expected) {
        auto started = std::chrono::steady_clock::now();
        WeirProcess run({"--state", p.state, "--checkpoint-interval", "200ms", "-f", p.sql_path}, p.log);
        auto deadline = started + std::chrono::seconds(120);
        bool written = false;
        while (!written && std::chrono::steady_clock::now() < deadline) {
            if (run.wait_for(std::chrono::milliseconds(300))) {
                ADD_FAILURE() << "the run ended by itself: " << run.outcome() << ": " << read_text(p.log);
                return 0;
            }
            written = true;
            for (const auto &prefix : p.prefixes) written = written && lines_of(prefix).size() >= expected;
        }
        int64_t millis =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
        EXPECT_TRUE(written) << p.stem << ": the lines were not all written within 120 s: " << read_text(p.log);
        run.terminate();
        EXPECT_TRUE(run.wait_for(std::chrono::seconds(60))) << "the run did not stop on SIGTERM";
        EXPECT_TRUE(run.exited_with(0)) << run.outcome() << ": " << read_text(p.log);
        std::cout << "recovery: " << p.stem << " wrote its lines in " << millis << " ms" << std::endl;
        return millis;
    }

    // K kills at random moments (delays in [max(300 ms, D/4K), 3D/2K], D the clean run's time), then
    // a last run until the lines are written; every job's lines must equal `clean`'s.
    void killed_run_matches(const Pipeline &clean, const Pipeline &killed, int64_t clean_millis, size_t expected) {
        int total = static_cast<int>(clean_millis);
        int low = std::max(300, total / (4 * kills_)), high = std::max(low + 1, 3 * total / (2 * kills_));
        std::mt19937 random(seed_);
        std::uniform_int_distribution<int> delay_ms(low, high);
        for (int i = 1; i <= kills_; i++) {
            int delay = delay_ms(random);
            WeirProcess run({"--state", killed.state, "--checkpoint-interval", "200ms", "-f", killed.sql_path},
                            killed.log);
            ASSERT_FALSE(run.wait_for(std::chrono::milliseconds(delay)))
                << "run " << i << " ended by itself: " << run.outcome() << ": " << read_text(killed.log);
            run.kill_hard();
            ASSERT_TRUE(run.killed_by(SIGKILL)) << run.outcome();
            std::cout << "recovery: start " << i << ", kill -9 after " << delay << " ms" << std::endl;
        }
        run_until_written(killed, expected);
        if (HasFailure()) return;
        std::cout << "recovery: runs (job|run|resumed_from|status|records_in):\n"
                  << ShellCommand::run("sqlite3 " + ShellCommand::quote(killed.state + "/weir_state.db") +
                                       " 'SELECT job, run, resumed_from, status, records_in FROM weir_job_runs'")
                         .out
                  << std::flush;
        for (size_t j = 0; j < clean.prefixes.size(); j++) {
            std::vector<std::string> want = lines_of(clean.prefixes[j]), lines = lines_of(killed.prefixes[j]);
            EXPECT_EQ(std::set<std::string>(lines.begin(), lines.end()).size(), lines.size())
                << "job " << j << ": a line was written twice (seed " << seed_ << ")";
            EXPECT_EQ(lines.size(), want.size()) << "job " << j << " (seed " << seed_ << ")";
            EXPECT_TRUE(lines == want) << "job " << j << ": the lines differ from the clean run's (seed " << seed_
                                       << ")" << first_difference(want, lines);
        }
    }

    static std::string first_difference(const std::vector<std::string> &expected,
                                        const std::vector<std::string> &lines) {
        std::vector<std::string> missing, extra;
        std::set_difference(expected.begin(), expected.end(), lines.begin(), lines.end(), std::back_inserter(missing));
        std::set_difference(lines.begin(), lines.end(), expected.begin(), expected.end(), std::back_inserter(extra));
        std::string text = "; " + std::to_string(missing.size()) + " missing, " + std::to_string(extra.size()) + " extra";
        if (!missing.empty()) text += "; first missing: " + missing.front();
        if (!extra.empty()) text += "; first extra: " + extra.front();
        return text;
    }

    RedisTestServer redis;
    S3TestServer s3;
    std::string orders_, shipments_, readings_, devices_csv_;
    int expected_joined_ = 0;
    static int events_, kills_;
    static unsigned seed_;
};

int RecoveryJoinsTest::events_ = 0;
int RecoveryJoinsTest::kills_ = 0;
unsigned RecoveryJoinsTest::seed_ = 0;

TEST_F(RecoveryJoinsTest, IntervalJoinOfTwoStreamsKilledAndRestartedWritesTheCleanRunsLines) {
    add_interval_streams();
    if (HasFatalFailure()) return;
    Pipeline clean = interval_pipeline("interval_clean");
    const size_t expected = static_cast<size_t>(expected_joined_);
    int64_t millis = run_until_written(clean, expected);
    if (HasFailure()) return;
    std::vector<std::string> joined = lines_of(clean.prefixes[0]);
    ASSERT_EQ(joined.size(), expected) << "one line per shipment within the hour of its order";
    ASSERT_EQ(std::set<std::string>(joined.begin(), joined.end()).size(), joined.size());
    killed_run_matches(clean, interval_pipeline("interval_killed"), millis, expected);
}

TEST_F(RecoveryJoinsTest, LookupJoinOfAStreamAndACsvTableKilledAndRestartedWritesTheCleanRunsLines) {
    add_lookup_inputs();
    if (HasFatalFailure()) return;
    Pipeline clean = lookup_pipeline("lookup_clean");
    const size_t expected = static_cast<size_t>(events_);
    int64_t millis = run_until_written(clean, expected);
    if (HasFailure()) return;
    std::vector<std::string> lines = lines_of(clean.prefixes[0]);
    ASSERT_EQ(lines.size(), expected) << "one line per reading";
    // Readings of devices 50..59 (10 of every 60) have no room.
    auto unmatched = std::count_if(lines.begin(), lines.end(),
                                   [](const std::string &line) { return line.find("\"room\":null") != std::string::npos; });
    EXPECT_EQ(unmatched, static_cast<long>(events_ / 60 * 10 + std::max(0, events_ % 60 - 50)));
    killed_run_matches(clean, lookup_pipeline("lookup_killed"), millis, expected);
}

}  // namespace
}  // namespace weir

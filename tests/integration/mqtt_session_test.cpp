// What an MQTT source keeps across a kill -9 of weir: a persistent session with QoS 1 gets the messages
// published while weir was down; a clean session does not (issue 18, README guarantee table).
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "mqtt_test_broker.h"
#include "weir_process.h"

namespace weir {
namespace {

class MqttSessionTest : public ::testing::Test {
protected:
    MqttTestBroker broker;
    std::string prefix = ShellCommand::unique("weir_session");
    std::string dir;

    void SetUp() override {
        char path[] = "/tmp/weir-mqtt-session-XXXXXX";
        ASSERT_NE(::mkdtemp(path), nullptr);
        dir = path;
    }
    void TearDown() override { ShellCommand::run("rm -rf " + ShellCommand::quote(dir)); }

    // Writes the pipeline: the source (with `session` options) → a JSON file.
    std::string pipeline(const std::string &session) const {
        std::string file = dir + "/pipeline.sql";
        std::ofstream out(file);
        out << "CREATE SOURCE readings (city TEXT, temp DOUBLE, ts TIMESTAMP) WITH (connector = 'mqtt', url = '"
            << broker.url() << "', topic = '" << prefix << "/#', qos = '1'" << session << ");\n"
            << "CREATE SINK out WITH (connector = 'file', path = '" << dir << "/out.jsonl', format = 'json');\n"
            << "CREATE JOB keep AS INSERT INTO out SELECT city FROM readings;\n";
        return file;
    }

    std::vector<std::string> cities() const {
        std::vector<std::string> result;
        std::ifstream in(dir + "/out.jsonl");
        std::string line;
        while (std::getline(in, line)) {
            size_t start = line.find("\"city\":\"");
            if (start != std::string::npos) result.push_back(line.substr(start + 8, line.find('"', start + 8) - start - 8));
        }
        return result;
    }

    // Waits until the output holds `count` rows with city `city`.
    bool wait_for(const std::string &city, size_t count, int seconds) const {
        for (int i = 0; i < seconds * 10; i++) {
            size_t seen = 0;
            for (const auto &c : cities()) seen += c == city ? 1 : 0;
            if (seen >= count) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return false;
    }

    // Runs weir until it has written `count` rows of city `city` in all (then 300 ms more), then kills
    // it with SIGKILL.
    void run_until_then_kill(const std::string &file, const std::string &city, size_t count) {
        WeirProcess weir({"-f", file}, dir + "/weir.log");
        ASSERT_TRUE(wait_for(city, count, 20)) << ShellCommand::run("cat " + dir + "/weir.log").out;
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        weir.kill_hard();
    }

    size_t count_of(const std::string &city) const {
        size_t count = 0;
        for (const auto &c : cities()) count += c == city ? 1 : 0;
        return count;
    }

    std::vector<std::string> published_while_down() const {
        return {R"({"city":"m1","ts":"2025-01-15T14:00:01Z"})", R"({"city":"m2","ts":"2025-01-15T14:00:02Z"})",
                R"({"city":"m3","ts":"2025-01-15T14:00:03Z"})"};
    }
};

TEST_F(MqttSessionTest, PersistentSessionDeliversWhatWasPublishedWhileWeirWasDown) {
    std::string file = pipeline(", clean_session = 'false', client_id = '" + prefix + "'");
    ASSERT_EQ(broker.publish(prefix + "/ready", {R"({"city":"ready","ts":"2025-01-15T14:00:00Z"})"}, "-q 1 -r"), 0);
    run_until_then_kill(file, "ready", 1);
    ASSERT_EQ(broker.publish(prefix + "/d1", published_while_down()), 0);
    // The broker queued them in the session `<client_id>.keep` and delivers them on reconnection.
    run_until_then_kill(file, "m3", 1);
    std::vector<std::string> queued;
    for (const auto &city : cities()) {
        if (city != "ready") queued.push_back(city);
    }
    EXPECT_EQ(queued, (std::vector<std::string>{"m1", "m2", "m3"}));
    // The retained message comes again with the new subscription (at least once).
    EXPECT_EQ(count_of("ready"), 2u);
}

TEST_F(MqttSessionTest, CleanSessionLosesWhatWasPublishedWhileWeirWasDown) {
    std::string file = pipeline("");
    ASSERT_EQ(broker.publish(prefix + "/ready", {R"({"city":"ready","ts":"2025-01-15T14:00:00Z"})"}, "-q 1 -r"), 0);
    run_until_then_kill(file, "ready", 1);
    ASSERT_EQ(broker.publish(prefix + "/d1", published_while_down()), 0);
    run_until_then_kill(file, "ready", 2);
    EXPECT_EQ(cities(), (std::vector<std::string>{"ready", "ready"}));
}

}  // namespace
}  // namespace weir

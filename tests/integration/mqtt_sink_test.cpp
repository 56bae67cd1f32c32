// The MQTT sink against a real mosquitto broker through the weir command: column-templated topics,
// JSON and CSV payloads, retained messages, QoS, bad rows and an unreachable broker (issue 18).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "mqtt_test_broker.h"
#include "weir.h"

namespace weir {
namespace {

class MqttSinkTest : public ::testing::Test {
protected:
    MqttTestBroker broker;
    std::string prefix = ShellCommand::unique("weir_sink");
    std::string data = "/tmp/" + ShellCommand::unique("mqtt_sink_data") + ".jsonl";

    void SetUp() override {
        std::ofstream out(data);
        out << R"({"city":"Warsaw","temp":3.5,"ts":"2025-01-15T14:00:01Z"})" << "\n"
            << R"({"city":"Oslo","temp":-2,"ts":"2025-01-15T14:00:02Z"})" << "\n"
            << R"({"temp":7,"ts":"2025-01-15T14:00:03Z"})" << "\n"
            << R"({"city":"a+b","temp":1,"ts":"2025-01-15T14:00:04Z"})" << "\n";
    }
    void TearDown() override { std::remove(data.c_str()); }

    std::string source() const {
        return "CREATE SOURCE readings (city TEXT, temp DOUBLE, ts TIMESTAMP) WITH (connector = 'file', path = '" + data +
               "', format = 'json');";
    }

    static std::vector<std::string> lines(const std::string &text) {
        std::vector<std::string> result;
        std::istringstream in(text);
        std::string line;
        while (std::getline(in, line)) {
            if (!line.empty()) result.push_back(line);
        }
        std::sort(result.begin(), result.end());
        return result;
    }
};

// Each row goes to the topic its city names, as JSON, retained: a subscriber that comes later gets
// the last row of each topic. A NULL city and a city holding '+' cannot name a topic: bad rows, reported.
TEST_F(MqttSinkTest, TemplatedTopicsRetainedJson) {
    CommandResult result = ShellCommand::weir(
        source() + "CREATE SINK alerts WITH (connector = 'mqtt', url = '" + broker.url() + "', topic = '" + prefix +
        "/alerts/{city}', qos = '1', retain = 'true');"
        "INSERT INTO alerts SELECT city, temp, ts FROM readings;");
    EXPECT_EQ(result.status, 0) << result.err;
    EXPECT_NE(result.err.find("column `city` is NULL, so the row has no topic '" + prefix + "/alerts/{city}'"),
              std::string::npos) << result.err;
    EXPECT_NE(result.err.find("the row's topic '" + prefix + "/alerts/a+b' is not a valid MQTT topic (it holds + or #)"),
              std::string::npos) << result.err;
    std::string got = broker.subscribe(prefix + "/alerts/#", 2, 5);
    EXPECT_EQ(lines(got), (std::vector<std::string>{
                              prefix + R"(/alerts/Oslo {"city":"Oslo","temp":-2,"ts":"2025-01-15T14:00:02Z"})",
                              prefix + R"(/alerts/Warsaw {"city":"Warsaw","temp":3.5,"ts":"2025-01-15T14:00:01Z"})"}))
        << got;
}

// CSV payloads to one constant topic at QoS 2, retained (the last row stays).
TEST_F(MqttSinkTest, CsvToOneTopicAtQos2) {
    CommandResult result = ShellCommand::weir(
        source() + "CREATE SINK out WITH (connector = 'mqtt', url = '" + broker.url() + "', topic = '" + prefix +
        "/all', qos = '2', retain = 'true', format = 'csv');"
        "INSERT INTO out SELECT temp, ts FROM readings WHERE temp > 0;");
    EXPECT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(broker.subscribe(prefix + "/all", 1, 5), prefix + "/all 1,2025-01-15 14:00:04\n");
}

// An unreachable broker fails the job with one sentence naming it, password masked.
TEST_F(MqttSinkTest, UnreachableBrokerFailsWithOneSentence) {
    CommandResult result = ShellCommand::weir(
        source() + "CREATE SINK out WITH (connector = 'mqtt', url = 'mqtt://app:s3cret-pass@127.0.0.1:1', topic = 'x', "
                   "connect_timeout = '1s');"
                   "INSERT INTO out SELECT city FROM readings;");
    EXPECT_EQ(result.status, 1);
    EXPECT_NE(result.err.find("cannot reach MQTT broker mqtt://app:***@127.0.0.1:1 for sink `out` within 1s: "
                              "Connection refused"),
              std::string::npos) << result.err;
    EXPECT_EQ(result.err.find("s3cret-pass"), std::string::npos);
}

// The broker goes away while the job runs: the rows written since are retried (libmosquitto resends
// QoS 1 messages on reconnection) until flush_timeout, then the job fails with one sentence.
TEST_F(MqttSinkTest, BrokerGoneMidRunFailsTheJobAfterFlushTimeout) {
    weir_db *db = nullptr;
    ASSERT_EQ(weir_open(nullptr, &db), WEIR_OK);
    std::string sql = "CREATE SOURCE readings (city TEXT, ts TIMESTAMP) WITH (connector = 'memory');"
                      "CREATE SINK out WITH (connector = 'mqtt', url = '" + broker.url() + "', topic = '" + prefix +
                      "/out', qos = '1', flush_timeout = '2s');"
                      "INSERT INTO out SELECT city FROM readings;";
    ASSERT_EQ(weir_exec(db, sql.c_str()), WEIR_OK) << weir_errmsg(db);
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));  // the sink has connected
    std::string script = "bash " WEIR_SOURCE_DIR "/tests/support/services/mosquitto.sh ";
    ASSERT_EQ(ShellCommand::run(script + "down " WEIR_SERVICES_DIR).status, 0);
    std::string line = "{\"city\":\"Oslo\",\"ts\":\"2025-01-15T14:00:00Z\"}\n";
    ASSERT_EQ(weir_push_json(db, "readings", line.data(), line.size()), WEIR_OK);
    ASSERT_EQ(weir_source_end(db, "readings"), WEIR_OK);
    int rc = weir_wait_jobs(db, 30000);
    std::string error = weir_errmsg(db);
    ASSERT_EQ(ShellCommand::run(script + "restart " WEIR_SERVICES_DIR).status, 0);
    weir_close(db);
    EXPECT_EQ(rc, WEIR_ERROR);
    EXPECT_NE(error.find("MQTT broker " + broker.url() + " has not acknowledged 1 message(s) of sink `out` after 2s "
                         "(it is unreachable); the rows are lost for this run, check the broker"),
              std::string::npos) << error;
}

// A topic naming a column the query does not produce is refused when the job starts.
TEST_F(MqttSinkTest, TopicNamingAnUnknownColumnIsRefused) {
    CommandResult result = ShellCommand::weir(
        source() + "CREATE SINK out WITH (connector = 'mqtt', url = '" + broker.url() + "', topic = 'a/{town}');"
                   "INSERT INTO out SELECT city FROM readings;");
    EXPECT_EQ(result.status, 1);
    EXPECT_NE(result.err.find("topic 'a/{town}' names column `town`, which sink `out` does not receive from its query"),
              std::string::npos) << result.err;
}

}  // namespace
}  // namespace weir

// The MQTT source against a real mosquitto broker through the C API: formats, wildcards, topic
// columns, metadata, retained messages, per-topic watermarks and connection errors (issue 18).
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "mqtt_test_broker.h"
#include "weir.h"

namespace weir {
namespace {

using Clock = std::chrono::steady_clock;

class MqttSourceTest : public ::testing::Test {
protected:
    MqttTestBroker broker;
    weir_db *db = nullptr;
    std::string prefix = ShellCommand::unique("weir_test");

    void SetUp() override { ASSERT_EQ(weir_open(nullptr, &db), WEIR_OK); }
    void TearDown() override { weir_close(db); }

    void exec(const std::string &sql) { ASSERT_EQ(weir_exec(db, sql.c_str()), WEIR_OK) << weir_errmsg(db) << "\n" << sql; }

    // Steps `stmt` until a row arrives or `seconds` pass; the row's columns joined by '|', or "" on timeout.
    static std::string next_row(weir_stmt *stmt, int seconds) {
        auto deadline = Clock::now() + std::chrono::seconds(seconds);
        while (Clock::now() < deadline) {
            int rc = weir_step(stmt, 200);
            if (rc == WEIR_TIMEOUT) continue;
            if (rc != WEIR_ROW) return "<step returned " + std::to_string(rc) + ">";
            std::string row;
            for (int c = 0; c < weir_column_count(stmt); c++) {
                const char *text = weir_column_text(stmt, c);
                row += (c ? "|" : "") + std::string(text ? text : "NULL");
            }
            return row;
        }
        return "";
    }

    // Prepares `sql` after publishing a retained `ready` payload to `ready_topic` and returns once
    // that row arrived, so the source is subscribed before the test publishes.
    weir_stmt *start_query(const std::string &sql, const std::string &ready_topic, const std::string &ready_payload,
                           const std::string &ready_row) {
        EXPECT_EQ(broker.publish(ready_topic, {ready_payload}, "-q 1 -r"), 0);
        weir_stmt *stmt = nullptr;
        EXPECT_EQ(weir_prepare(db, sql.c_str(), &stmt), WEIR_OK) << weir_errmsg(db);
        if (!stmt) return nullptr;
        EXPECT_EQ(next_row(stmt, 15), ready_row);
        return stmt;
    }

    std::vector<std::string> rows(weir_stmt *stmt, size_t count, int seconds = 10) {
        std::vector<std::string> result;
        for (size_t i = 0; i < count; i++) result.push_back(next_row(stmt, seconds));
        return result;
    }
};

// JSON payloads from two topics a + wildcard matches; a topic outside the filter is not read; a
// malformed payload is skipped; the metadata columns and topic_columns fill from the topic.
TEST_F(MqttSourceTest, JsonWithWildcardTopicColumnsAndMetadata) {
    exec("CREATE SOURCE readings (device TEXT, kind TEXT, temp DOUBLE, ts TIMESTAMP, mqtt_topic TEXT, mqtt_qos BIGINT, "
         "mqtt_retain BOOLEAN) WITH (connector = 'mqtt', url = '" + broker.url() + "', topic = '" + prefix +
         "/+/temp', qos = '1', topic_columns = '" + prefix + "/{device}/{kind}');");
    weir_stmt *stmt = start_query("SELECT device, kind, temp, ts, mqtt_topic, mqtt_qos, mqtt_retain FROM readings;",
                                  prefix + "/d0/temp", R"({"temp":0,"ts":"2025-01-15T14:00:00Z"})",
                                  "d0|temp|0|2025-01-15 14:00:00|" + prefix + "/d0/temp|1|true");
    ASSERT_NE(stmt, nullptr);
    ASSERT_EQ(broker.publish(prefix + "/d1/temp", {R"({"temp":1.5,"ts":"2025-01-15T14:00:01Z"})", "not json",
                                                   R"({"temp":2.5,"ts":"2025-01-15T14:00:02Z"})"}), 0);
    ASSERT_EQ(broker.publish(prefix + "/d1/humidity", {R"({"temp":99,"ts":"2025-01-15T14:00:03Z"})"}), 0);
    ASSERT_EQ(broker.publish(prefix + "/d2/temp", {R"({"temp":3.5,"ts":"2025-01-15T14:00:04Z"})"}, "-q 0"), 0);
    std::vector<std::string> got = rows(stmt, 3);
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, (std::vector<std::string>{
                       "d1|temp|1.5|2025-01-15 14:00:01|" + prefix + "/d1/temp|1|false",
                       "d1|temp|2.5|2025-01-15 14:00:02|" + prefix + "/d1/temp|1|false",
                       // Delivered at the lower of the publish and subscription QoS.
                       "d2|temp|3.5|2025-01-15 14:00:04|" + prefix + "/d2/temp|0|false"}));
    EXPECT_EQ(next_row(stmt, 1), "");
    weir_finalize(stmt);
}

// CSV payloads (the declared payload columns in order, no header) and a # filter over several levels.
TEST_F(MqttSourceTest, CsvWithMultiLevelWildcard) {
    exec("CREATE SOURCE readings (city TEXT, temp DOUBLE, ts TIMESTAMP, mqtt_topic TEXT) WITH (connector = 'mqtt', "
         "url = '" + broker.url() + "', topic = '" + prefix + "/#', format = 'csv');");
    weir_stmt *stmt = start_query("SELECT city, temp, ts, mqtt_topic FROM readings;", prefix + "/ready",
                                  "Ready,0,2025-01-15 14:00:00", "Ready|0|2025-01-15 14:00:00|" + prefix + "/ready");
    ASSERT_NE(stmt, nullptr);
    ASSERT_EQ(broker.publish(prefix + "/eu/pl/waw", {"Warsaw,3.5,2025-01-15 14:00:01", "\"Kraków, PL\",4,2025-01-15 14:00:02"}), 0);
    ASSERT_EQ(broker.publish(prefix + "/eu", {"Oslo,-2,2025-01-15 14:00:03", "too,many,fields,here"}), 0);
    std::vector<std::string> got = rows(stmt, 3);
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, (std::vector<std::string>{"Kraków, PL|4|2025-01-15 14:00:02|" + prefix + "/eu/pl/waw",
                                             "Oslo|-2|2025-01-15 14:00:03|" + prefix + "/eu",
                                             "Warsaw|3.5|2025-01-15 14:00:01|" + prefix + "/eu/pl/waw"}));
    weir_finalize(stmt);
}

// format 'raw': the payload is the first TEXT column no message field fills; ts_source = 'arrival'
// stamps the event time; several topic filters in a list.
TEST_F(MqttSourceTest, RawPayloadsFromAListOfTopics) {
    exec("CREATE SOURCE pir (device TEXT, motion TEXT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH (connector = 'mqtt', url = '" + broker.url() +
         "', topic = '" + prefix + "/a/pir, " + prefix + "/b/pir', format = 'raw', ts_source = 'arrival', "
         "topic_columns = '" + prefix + "/{device}/pir');");
    weir_stmt *stmt = start_query("SELECT device, motion, ts IS NOT NULL AND ts > TIMESTAMP '2026-01-01 00:00:00' FROM pir;",
                                  prefix + "/a/pir", "ready", "a|ready|true");
    ASSERT_NE(stmt, nullptr);
    ASSERT_EQ(broker.publish(prefix + "/b/pir", {"1", "0"}), 0);
    ASSERT_EQ(broker.publish(prefix + "/c/pir", {"1"}), 0);  // not subscribed
    EXPECT_EQ(rows(stmt, 2), (std::vector<std::string>{"b|1|true", "b|0|true"}));
    EXPECT_EQ(next_row(stmt, 1), "");
    weir_finalize(stmt);
}

// QoS 2 end to end: a QoS 2 subscription receives QoS 2 messages exactly as published; QoS 1 ones
// keep their QoS.
TEST_F(MqttSourceTest, Qos2Subscription) {
    exec("CREATE SOURCE readings (city TEXT, ts TIMESTAMP, mqtt_qos BIGINT) WITH (connector = 'mqtt', url = '" +
         broker.url() + "', topic = '" + prefix + "/#', qos = '2');");
    weir_stmt *stmt = start_query("SELECT city, mqtt_qos FROM readings;", prefix + "/ready",
                                  R"({"city":"ready","ts":"2025-01-15T14:00:00Z"})", "ready|1");
    ASSERT_NE(stmt, nullptr);
    ASSERT_EQ(broker.publish(prefix + "/x", {R"({"city":"two","ts":"2025-01-15T14:00:01Z"})"}, "-q 2"), 0);
    ASSERT_EQ(broker.publish(prefix + "/x", {R"({"city":"one","ts":"2025-01-15T14:00:02Z"})"}, "-q 1"), 0);
    EXPECT_EQ(rows(stmt, 2), (std::vector<std::string>{"two|2", "one|1"}));
    EXPECT_EQ(next_row(stmt, 1), "");
    weir_finalize(stmt);
}

// A topic the topic_columns pattern does not match is a malformed message named by its topic, and
// on_error = 'fail' says so in one sentence.
TEST_F(MqttSourceTest, TopicThatDoesNotMatchTopicColumnsIsMalformed) {
    exec("CREATE SOURCE readings (device TEXT, temp DOUBLE, ts TIMESTAMP) WITH (connector = 'mqtt', url = '" + broker.url() +
         "', topic = '" + prefix + "/#', topic_columns = '" + prefix + "/{device}/temp', on_error = 'fail');");
    weir_stmt *stmt = start_query("SELECT device, temp FROM readings;", prefix + "/ready/temp",
                                  R"({"temp":1,"ts":"2025-01-15T14:00:00Z"})", "ready|1");
    ASSERT_NE(stmt, nullptr);
    ASSERT_EQ(broker.publish(prefix + "/d1/humidity", {R"({"temp":2,"ts":"2025-01-15T14:00:01Z"})"}), 0);
    std::string row = next_row(stmt, 10);
    EXPECT_EQ(row, "<step returned " + std::to_string(WEIR_ERROR) + ">");
    EXPECT_EQ(std::string(weir_errmsg(db)), "malformed record at " + prefix + "/d1/humidity#2: topic '" + prefix +
                                                "/d1/humidity' does not match topic_columns '" + prefix + "/{device}/temp'");
    weir_finalize(stmt);
}

// Each topic is a partition of the watermark: a device that goes silent holds the others' windows
// back only for idle_timeout.
TEST_F(MqttSourceTest, SilentTopicStopsHoldingWindowsAfterIdleTimeout) {
    exec("CREATE SOURCE readings (device TEXT, temp DOUBLE, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '0' SECOND) "
         "WITH (connector = 'mqtt', url = '" + broker.url() + "', topic = '" + prefix + "/+', topic_columns = '" + prefix +
         "/{device}', idle_timeout = '3s');");
    EXPECT_EQ(broker.publish(prefix + "/slow", {R"({"temp":1,"ts":"2025-01-15T14:00:05Z"})"}, "-q 1 -r"), 0);
    auto started = Clock::now();
    weir_stmt *stmt = nullptr;
    ASSERT_EQ(weir_prepare(db, "SELECT device, window_start, count(*) FROM readings GROUP BY device, TUMBLE(ts, 1m);", &stmt),
              WEIR_OK) << weir_errmsg(db);
    // `slow` (retained, delivered on subscription) stays at 14:00:05; `fast` reaches 14:01:30. The
    // window [14:00, 14:01) closes only once `slow` has been idle for 3 s.
    usleep(300 * 1000);
    ASSERT_EQ(broker.publish(prefix + "/fast", {R"({"temp":1,"ts":"2025-01-15T14:00:10Z"})",
                                               R"({"temp":2,"ts":"2025-01-15T14:01:30Z"})"}), 0);
    std::vector<std::string> got = rows(stmt, 2);
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, (std::vector<std::string>{"fast|2025-01-15 14:00:00|1", "slow|2025-01-15 14:00:00|1"}));
    auto waited = Clock::now() - started;
    EXPECT_GE(waited, std::chrono::milliseconds(2700));
    EXPECT_LT(waited, std::chrono::seconds(8));
    weir_finalize(stmt);
}

// The broker restarts mid-stream (losing every session): the source reconnects with backoff and
// subscribes again, so what is published after the restart is read.
TEST_F(MqttSourceTest, BrokerRestartMidStreamReconnectsAndSubscribesAgain) {
    exec("CREATE SOURCE readings (city TEXT, ts TIMESTAMP) WITH (connector = 'mqtt', url = '" + broker.url() +
         "', topic = '" + prefix + "/#');");
    weir_stmt *stmt = start_query("SELECT city FROM readings;", prefix + "/ready",
                                  R"({"city":"ready","ts":"2025-01-15T14:00:00Z"})", "ready");
    ASSERT_NE(stmt, nullptr);
    CommandResult restart = ShellCommand::run("bash " WEIR_SOURCE_DIR "/tests/support/services/mosquitto.sh restart "
                                              WEIR_SERVICES_DIR);
    ASSERT_EQ(restart.status, 0) << restart.err;
    // Publish until the source is back (the first reconnect comes after 1 s).
    std::string row;
    for (int i = 0; i < 40 && row.empty(); i++) {
        broker.publish(prefix + "/after", {R"({"city":"after","ts":"2025-01-15T14:00:01Z"})"});
        row = next_row(stmt, 1);
    }
    EXPECT_EQ(row, "after");
    weir_finalize(stmt);
}

// mqtts:// with the CA in ca_file reads; without it (the system's CAs do not know the test CA) the
// TLS failure is one sentence at once, not retried for connect_timeout.
TEST_F(MqttSourceTest, TlsWithCaFileAndWithoutIt) {
    exec("CREATE SOURCE secure (city TEXT, ts TIMESTAMP) WITH (connector = 'mqtt', url = '" + broker.tls_url() +
         "', topic = '" + prefix + "/#', ca_file = '" + broker.tls_ca() + "');");
    weir_stmt *stmt = nullptr;
    ASSERT_EQ(weir_prepare(db, "SELECT city FROM secure;", &stmt), WEIR_OK) << weir_errmsg(db);
    std::string port = broker.tls_url().substr(broker.tls_url().rfind(':') + 1);
    std::string row;
    for (int i = 0; i < 20 && row.empty(); i++) {
        ShellCommand::run("mosquitto_pub -h 127.0.0.1 -p " + port + " --cafile " + broker.tls_ca() + " -q 1 -t " + prefix +
                          "/x -m '{\"city\":\"secure\",\"ts\":\"2025-01-15T14:00:00Z\"}'");
        row = next_row(stmt, 1);
    }
    EXPECT_EQ(row, "secure");
    weir_finalize(stmt);

    exec("CREATE SOURCE untrusted (city TEXT, ts TIMESTAMP) WITH (connector = 'mqtt', url = '" + broker.tls_url() +
         "', topic = '" + prefix + "/#', connect_timeout = '20s');");
    auto started = Clock::now();
    stmt = nullptr;
    int rc = weir_prepare(db, "SELECT city FROM untrusted;", &stmt);
    if (rc == WEIR_OK) rc = weir_step(stmt, 10000);
    EXPECT_EQ(rc, WEIR_ERROR);
    EXPECT_LT(Clock::now() - started, std::chrono::seconds(5));
    // (libmosquitto names the failure "A TLS error occurred" or the socket error it ended with.)
    std::string message = weir_errmsg(db);
    EXPECT_EQ(message.rfind("cannot reach MQTT broker " + broker.tls_url() + " for source `untrusted`: ", 0), 0u) << message;
    EXPECT_NE(message.find(" (check that ca_file holds the CA that signed the broker's certificate, issued for the url's "
                           "host)"), std::string::npos) << message;
    weir_finalize(stmt);
}

// A wrong password: one sentence naming the broker with the password masked.
TEST_F(MqttSourceTest, BadPasswordIsOneSentenceWithThePasswordMasked) {
    std::string url = broker.auth_url();
    std::string wrong = url.substr(0, url.find(broker.password())) + "wrongpass1234" + url.substr(url.find('@'));
    exec("CREATE SOURCE readings (city TEXT, ts TIMESTAMP) WITH (connector = 'mqtt', url = '" + wrong + "', topic = '" +
         prefix + "/#', connect_timeout = '5s');");
    weir_stmt *stmt = nullptr;
    int rc = weir_prepare(db, "SELECT city FROM readings;", &stmt);
    if (rc == WEIR_OK) rc = weir_step(stmt, 10000);
    EXPECT_EQ(rc, WEIR_ERROR);
    std::string message = weir_errmsg(db);
    std::string port = url.substr(url.rfind(':') + 1);
    EXPECT_EQ(message, "MQTT broker mqtt://weir:***@127.0.0.1:" + port +
                           " refused source `readings`: Connection Refused: not authorised (check the user name and "
                           "password in url)");
    EXPECT_EQ(message.find("wrongpass1234"), std::string::npos);
    weir_finalize(stmt);
}

// The right password connects.
TEST_F(MqttSourceTest, RightPasswordReads) {
    exec("CREATE SOURCE readings (city TEXT, ts TIMESTAMP) WITH (connector = 'mqtt', url = '" + broker.auth_url() +
         "', topic = '" + prefix + "/#');");
    weir_stmt *stmt = nullptr;
    ASSERT_EQ(weir_prepare(db, "SELECT city FROM readings;", &stmt), WEIR_OK) << weir_errmsg(db);
    // Publish until the subscription is up (the auth broker's test client authenticates too).
    std::string row;
    for (int i = 0; i < 20 && row.empty(); i++) {
        std::string url = broker.auth_url();
        std::string credentials = url.substr(7, url.find('@') - 7);
        std::string user = credentials.substr(0, credentials.find(':'));
        std::string port = url.substr(url.rfind(':') + 1);
        ShellCommand::run("mosquitto_pub -h 127.0.0.1 -p " + port + " -u " + user + " -P " + broker.password() + " -t " +
                          prefix + "/x -m '{\"city\":\"Oslo\",\"ts\":\"2025-01-15T14:00:00Z\"}'");
        row = next_row(stmt, 1);
    }
    EXPECT_EQ(row, "Oslo");
    weir_finalize(stmt);
}

// An unreachable broker: retried with backoff for connect_timeout, then one sentence naming it.
TEST_F(MqttSourceTest, UnreachableBrokerIsOneSentenceAfterConnectTimeout) {
    exec("CREATE SOURCE readings (city TEXT, ts TIMESTAMP) WITH (connector = 'mqtt', url = "
         "'mqtt://app:s3cret-pass@127.0.0.1:1', topic = 'x/#', connect_timeout = '1s');");
    auto started = Clock::now();
    weir_stmt *stmt = nullptr;
    int rc = weir_prepare(db, "SELECT city FROM readings;", &stmt);
    if (rc == WEIR_OK) rc = weir_step(stmt, 10000);
    EXPECT_EQ(rc, WEIR_ERROR);
    EXPECT_GE(Clock::now() - started, std::chrono::milliseconds(700));
    EXPECT_EQ(std::string(weir_errmsg(db)),
              "cannot reach MQTT broker mqtt://app:***@127.0.0.1:1 for source `readings` within 1s: Connection refused");
    weir_finalize(stmt);
}

// CREATE-time checks: an invalid filter, a persistent session without client_id, a topic column that
// is not declared.
TEST_F(MqttSourceTest, InvalidOptionsAreRefusedAtCreate) {
    auto error_of = [&](const std::string &options, const std::string &columns = "city TEXT, ts TIMESTAMP") {
        std::string sql = "CREATE SOURCE bad (" + columns + ") WITH (connector = 'mqtt', url = '" + broker.url() + "', " +
                          options + ");";
        if (weir_exec(db, sql.c_str()) == WEIR_OK) return std::string("ok");
        return std::string(weir_errmsg(db));
    };
    EXPECT_EQ(error_of("topic = 'a/#/b'"), "topic 'a/#/b' is not a valid MQTT topic filter (+ stands for a whole level, "
                                           "# for the last levels: sensors/+/temp, sensors/#)");
    EXPECT_EQ(error_of("topic = 'a', clean_session = 'false'"),
              "clean_session = 'false' needs option `client_id`: the broker keeps the session under it while weir is down");
    EXPECT_EQ(error_of("topic = 'a/+', topic_columns = 'a/{device}'"),
              "topic_columns names `device`, which is not a declared TEXT column");
    EXPECT_EQ(error_of("topic = 'a', qos = '3'"), "qos must be an integer from 0 to 2, got '3'");
}

}  // namespace
}  // namespace weir

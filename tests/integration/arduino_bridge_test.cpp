// examples/arduino_bridge.sql end to end: PIR readings published to a real mosquitto reach one Kafka
// topic per sensor (the mock cluster) and 1-minute motion counts reach a JSON file (issue 18).
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "kafka_test_cluster.h"
#include "mqtt_test_broker.h"
#include "weir_process.h"

namespace weir {
namespace {

using weir_test::KafkaTestCluster;

bool log_has(const std::string &text) {
    std::ifstream in(std::string(WEIR_SERVICES_DIR) + "/mosquitto.log");
    std::string line;
    while (std::getline(in, line)) {
        if (line.find(text) != std::string::npos) return true;
    }
    return false;
}

std::vector<std::string> file_lines(const std::string &path) {
    std::vector<std::string> lines;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty()) lines.push_back(line);
    }
    std::sort(lines.begin(), lines.end());
    return lines;
}

TEST(ArduinoBridgeTest, ReadingsReachKafkaPerSensorAndMotionCountsReachTheFile) {
    MqttTestBroker broker;
    char path[] = "/tmp/weir-arduino-XXXXXX";
    ASSERT_NE(::mkdtemp(path), nullptr);
    std::string dir = path;
    std::string client = ShellCommand::unique("bridge");
    std::string counts = dir + "/motion_counts.jsonl";
    // Sensor names unique to this run (a Kafka topic per sensor; the mock keeps topics between tests).
    std::string d1 = ShellCommand::unique("d1");
    std::string d2 = ShellCommand::unique("d2");
    KafkaTestCluster::create_topic("sensor-" + d1, 1);
    KafkaTestCluster::create_topic("sensor-" + d2, 1);

    WeirProcess weir({"-f", std::string(WEIR_SOURCE_DIR) + "/examples/arduino_bridge.sql"}, dir + "/weir.log",
                     {{"MQTT_URL", broker.url()}, {"KAFKA_BROKERS", KafkaTestCluster::bootstrap()},
                      {"MQTT_CLIENT_ID", client}, {"MOTION_PATH", counts}});
    // Both jobs subscribed (each has a session of its own, `<client_id>.<job>`).
    bool subscribed = false;
    for (int i = 0; i < 200 && !subscribed; i++) {
        subscribed = log_has(client + ".to_kafka 1 sensors/+/pir") && log_has(client + ".motion_counts 1 sensors/+/pir");
        if (!subscribed) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_TRUE(subscribed) << ShellCommand::run("cat " + dir + "/weir.log").out;

    auto reading = [](int motion, const std::string &time) {
        return "{\"motion\":" + std::to_string(motion) + ",\"ts\":\"2025-01-15T" + time + "Z\"}";
    };
    // d2 speaks first: a topic is a partition of the watermark from its first message on, so a
    // sensor first heard after the others passed 14:01 would find its 14:00 window closed (late).
    ASSERT_EQ(broker.publish("sensors/" + d2 + "/pir", {reading(1, "14:00:20")}), 0);
    ASSERT_EQ(broker.publish("sensors/" + d1 + "/pir", {reading(1, "14:00:05"), reading(0, "14:00:30"),
                                                        reading(1, "14:00:50"), reading(1, "14:01:10")}), 0);
    // Both sensors reach 14:03:00: the watermark (14:02:55) closes the windows of 14:00 and 14:01.
    ASSERT_EQ(broker.publish("sensors/" + d1 + "/pir", {reading(0, "14:03:00")}), 0);
    ASSERT_EQ(broker.publish("sensors/" + d2 + "/pir", {reading(0, "14:03:00")}), 0);

    // Hand-computed: d1 14:00 → motions 1+0+1 = 2 of 3 readings; d1 14:01 → 1 of 1; d2 14:00 → 1 of 1.
    std::vector<std::string> expected = {
        "{\"device\":\"" + d1 + "\",\"window_start\":\"2025-01-15T14:00:00Z\",\"window_end\":\"2025-01-15T14:01:00Z\","
        "\"motions\":2,\"readings\":3}",
        "{\"device\":\"" + d1 + "\",\"window_start\":\"2025-01-15T14:01:00Z\",\"window_end\":\"2025-01-15T14:02:00Z\","
        "\"motions\":1,\"readings\":1}",
        "{\"device\":\"" + d2 + "\",\"window_start\":\"2025-01-15T14:00:00Z\",\"window_end\":\"2025-01-15T14:01:00Z\","
        "\"motions\":1,\"readings\":1}"};
    std::sort(expected.begin(), expected.end());
    for (int i = 0; i < 100 && file_lines(counts).size() < expected.size(); i++) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_EQ(file_lines(counts), expected) << ShellCommand::run("cat " + dir + "/weir.log").out;

    std::vector<std::string> d1_topic;
    for (int i = 0; i < 50 && d1_topic.size() < 5; i++) {
        d1_topic = KafkaTestCluster::consume("sensor-" + d1);
        if (d1_topic.size() < 5) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_EQ(d1_topic.size(), 5u);
    EXPECT_EQ(d1_topic[0], "0|" + d1 + "|{\"device\":\"" + d1 + "\",\"motion\":1,\"ts\":\"2025-01-15T14:00:05Z\"}");
    EXPECT_EQ(d1_topic[4], "0|" + d1 + "|{\"device\":\"" + d1 + "\",\"motion\":0,\"ts\":\"2025-01-15T14:03:00Z\"}");
    EXPECT_EQ(KafkaTestCluster::consume("sensor-" + d2),
              (std::vector<std::string>{"0|" + d2 + "|{\"device\":\"" + d2 + "\",\"motion\":1,\"ts\":\"2025-01-15T14:00:20Z\"}",
                                        "0|" + d2 + "|{\"device\":\"" + d2 + "\",\"motion\":0,\"ts\":\"2025-01-15T14:03:00Z\"}"}));
    weir.kill_hard();
    ShellCommand::run("rm -rf " + ShellCommand::quote(dir));
}

}  // namespace
}  // namespace weir

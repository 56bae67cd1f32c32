// Reading mosquitto.env and running mosquitto_pub/mosquitto_sub for the MQTT integration tests.
#include "mqtt_test_broker.h"

#include <cstdio>
#include <fstream>

#include "service_env.h"

namespace weir {

MqttTestBroker::MqttTestBroker() {
    ServiceEnv env("mosquitto");
    url_ = env.get("MQTT_URL");
    port_ = std::stoi(env.get("MQTT_PORT"));
    auth_url_ = env.get("MQTT_AUTH_URL");
    password_ = env.get("MQTT_AUTH_PASSWORD");
    tls_url_ = env.get("MQTT_TLS_URL");
    tls_ca_ = env.get("MQTT_TLS_CA");
}

int MqttTestBroker::publish(const std::string &topic, const std::vector<std::string> &payloads,
                            const std::string &options) const {
    std::string path = "/tmp/" + ShellCommand::unique("mqtt_payloads") + ".txt";
    {
        std::ofstream out(path);
        for (const auto &payload : payloads) out << payload << "\n";
    }
    // -l: one message per line of stdin.
    CommandResult result = ShellCommand::run("mosquitto_pub -h 127.0.0.1 -p " + std::to_string(port_) + " " + options +
                                             " -t " + ShellCommand::quote(topic) + " -l < " + ShellCommand::quote(path));
    std::remove(path.c_str());
    return result.status;
}

std::string MqttTestBroker::subscribe(const std::string &filter, int count, int seconds, const std::string &options) const {
    return ShellCommand::run("mosquitto_sub -h 127.0.0.1 -p " + std::to_string(port_) + " " + options + " -v -t " +
                             ShellCommand::quote(filter) + " -C " + std::to_string(count) + " -W " +
                             std::to_string(seconds))
        .out;
}

}  // namespace weir

// Access to the test MQTT brokers for integration tests: addresses and mosquitto_pub/mosquitto_sub.
#pragma once

#include <string>
#include <vector>

#include "shell_command.h"

namespace weir {

// Reads ${WEIR_SERVICES_DIR}/mosquitto.env (written by tests/support/services/mosquitto.sh start).
// Not thread-safe.
class MqttTestBroker {
public:
    MqttTestBroker();

    const std::string &url() const { return url_; }            // mqtt://127.0.0.1:<port>
    const std::string &auth_url() const { return auth_url_; }  // with user and password
    const std::string &password() const { return password_; }
    int port() const { return port_; }
    const std::string &tls_url() const { return tls_url_; }  // mqtts://127.0.0.1:<port>
    const std::string &tls_ca() const { return tls_ca_; }    // the CA file that signed its certificate

    // Publishes each payload to `topic` in one mosquitto_pub run (one message per payload, in order).
    // `options`: extra mosquitto_pub flags such as "-q 1 -r". Returns its exit status.
    int publish(const std::string &topic, const std::vector<std::string> &payloads, const std::string &options = "-q 1") const;
    // Subscribes to `filter` and returns the first `count` messages as "topic payload" lines (-v),
    std::string subscribe(const std::string &filter, int count, int seconds, const std::string &options = "") const;

private:
    std::string url_;
    std::string auth_url_;
    std::string password_;
    int port_ = 0;
    std::string tls_url_;
    std::string tls_ca_;
};

}  // namespace weir

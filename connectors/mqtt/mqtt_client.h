// One libmosquitto client: connecting with retries, TLS, the network thread, subscribing and publishing.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "connectors/mqtt/mqtt_url.h"
#include "connectors/option_reader.h"

struct mosquitto;
struct mosquitto_message;

namespace weir {

// The connection options shared by the MQTT source and sink.
//   url (required, MqttUrl), client_id (default: weir-<random>), keep_alive (default '60s', 5s..18h),
//   connect_timeout (default '30s'), ca_file / cert_file / key_file (mqtts://: the CA bundle to trust,
//   default the system's; a client certificate and its key, given together).
struct MqttClientSettings {
    MqttUrl url;
    std::string client_id;
    bool clean_session = true;
    int keep_alive_s = 60;
    int64_t connect_timeout_ms = 30000;
    std::string ca_file;
    std::string cert_file;
    std::string key_file;
    std::string what;  // "source `s`" / "sink `s`", for messages

    static const std::vector<std::string> &option_names();
    // Throws WeirError(Bind) sentences for invalid values.
    static void validate(const OptionReader &reader);
    static MqttClientSettings parse(const OptionReader &reader, const std::string &what);
};

// Contract: connect() once, then subscribe()/publish() from one thread while libmosquitto's network
// thread delivers messages to the handler (on that thread) and reconnects with backoff (1 s doubling
// to 30 s) when the connection drops, announcing the loss and the recovery through `notice`. Every
// error is a WeirError with one sentence naming the broker with its password masked.
class MqttClient {
public:
    // Called on the network thread for every message received.
    using MessageHandler = std::function<void(const mosquitto_message &)>;
    using Notice = std::function<void(const std::string &)>;

    MqttClient(MqttClientSettings settings, Notice notice);
    ~MqttClient();
    MqttClient(const MqttClient &) = delete;
    MqttClient &operator=(const MqttClient &) = delete;

    // Subscriptions made on every connection without a session the broker kept (so they survive
    // reconnects and broker restarts). Set before connect().
    void set_subscriptions(std::vector<std::string> topics, int qos);
    void set_message_handler(MessageHandler handler) { on_message_ = std::move(handler); }

    // Connects, retrying a broker that cannot be reached with backoff (100 ms doubling to 5 s) for
    // connect_timeout, and waits for the broker's answer. Throws WeirError(Io): "cannot reach MQTT
    // broker mqtt://u:***@h:1883 for source `s` within 30s: Connection refused" or "MQTT broker ...
    // refused source `s`: not authorised (check the user name and password of url)".
    void connect();
    // The first error the network thread met that the job cannot recover from (a refused reconnect, a
    // refused subscription), or "" — the caller turns it into a failure.
    std::string failure() const;

    // Queues one message, retrying while the client cannot take it for connect_timeout; waits while
    // more than `max_outstanding` messages are unacknowledged. Throws WeirError(Io) after that time.
    void publish(const std::string &topic, const std::string &payload, int qos, bool retain);
    // Waits up to `timeout_ms` until every published message is acknowledged (QoS 1/2) or sent
    // (QoS 0); throws WeirError(Io) naming how many are not.
    void flush(int64_t timeout_ms);
    // Disconnects and stops the network thread; idempotent.
    void disconnect();

    const MqttClientSettings &settings() const { return settings_; }
    std::string broker() const { return settings_.url.redacted(); }

    // libmosquitto's callbacks land here; not for other callers.
    void on_connect(int rc, int flags);
    void on_disconnect(int rc);
    void on_publish(int mid);
    void on_subscribe(int count, const int *granted);
    void on_message(const mosquitto_message &message);

    static constexpr uint64_t kMaxOutstanding = 10000;

private:
    // libmosquitto's text for `rc` (errno's for MOSQ_ERR_ERRNO), masked.
    std::string error_text(int rc) const;
    std::string masked(const std::string &text) const;
    [[noreturn]] void throw_tls_failure(const std::string &reason) const;

    MqttClientSettings settings_;
    Notice notice_;
    MessageHandler on_message_;
    std::vector<std::string> topics_;
    int qos_ = 0;
    struct mosquitto *handle_ = nullptr;
    bool loop_running_ = false;

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    int connack_ = -1;      // the last CONNACK code (0 = accepted), -1 before the first
    bool connected_ = false;
    bool announced_loss_ = false;
    std::string failure_;
    uint64_t published_ = 0;  // messages queued by publish()
    uint64_t completed_ = 0;  // acknowledged (QoS 1/2) or sent (QoS 0)
};

}  // namespace weir

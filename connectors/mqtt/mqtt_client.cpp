// Connecting, reconnecting, subscribing and publishing through libmosquitto's threaded client.
#include "connectors/mqtt/mqtt_client.h"

#include <mosquitto.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <random>
#include <thread>

#include "common/secret_option.h"
#include "common/weir_error.h"

namespace weir {
namespace {

using Clock = std::chrono::steady_clock;

MqttClient *client_of(void *object) { return static_cast<MqttClient *>(object); }

void connect_callback(struct mosquitto *, void *object, int rc, int flags, const mosquitto_property *) {
    client_of(object)->on_connect(rc, flags);
}
void disconnect_callback(struct mosquitto *, void *object, int rc) { client_of(object)->on_disconnect(rc); }
void publish_callback(struct mosquitto *, void *object, int mid) { client_of(object)->on_publish(mid); }
void subscribe_callback(struct mosquitto *, void *object, int, int count, const int *granted) {
    client_of(object)->on_subscribe(count, granted);
}
void message_callback(struct mosquitto *, void *object, const struct mosquitto_message *message) {
    client_of(object)->on_message(*message);
}

std::string random_id() {
    std::random_device device;
    std::mt19937_64 generator(device());
    static const char digits[] = "0123456789abcdef";
    std::string text = "weir-";
    for (int i = 0; i < 12; i++) text += digits[generator() % 16];
    return text;
}

// libmosquitto's sentences end with '.'; weir's messages go on after them.
std::string without_period(std::string text) {
    while (!text.empty() && (text.back() == '.' || text.back() == ' ')) text.pop_back();
    return text;
}

std::string seconds_text(int64_t ms) {
    return ms % 1000 == 0 ? std::to_string(ms / 1000) + "s" : std::to_string(ms) + "ms";
}

}  // namespace

const std::vector<std::string> &MqttClientSettings::option_names() {
    static const std::vector<std::string> names = {"ca_file", "cert_file", "client_id", "connect_timeout",
                                                   "keep_alive", "key_file", "url"};
    return names;
}

void MqttClientSettings::validate(const OptionReader &reader) {
    MqttUrl url = MqttUrl::parse(reader.required("url"));
    int64_t keep_alive = reader.duration("keep_alive", 60 * 1000000LL);
    if (keep_alive < 5 * 1000000LL || keep_alive > 65535 * 1000000LL) {
        throw WeirError(ErrorKind::Bind, "keep_alive must be from 5s to 65535s, got '" + reader.text("keep_alive") + "'");
    }
    if (reader.duration("connect_timeout", 30 * 1000000LL) < 1000) {
        throw WeirError(ErrorKind::Bind, "connect_timeout must be at least 1ms, got '" + reader.text("connect_timeout") + "'");
    }
    if (reader.has("client_id") && (reader.text("client_id").empty() || reader.text("client_id").size() > 200)) {
        throw WeirError(ErrorKind::Bind, "client_id must have 1 to 200 characters, got '" + reader.text("client_id") + "'");
    }
    bool any_tls_file = reader.has("ca_file") || reader.has("cert_file") || reader.has("key_file");
    if (any_tls_file && !url.tls) {
        throw WeirError(ErrorKind::Bind, "ca_file, cert_file and key_file are for TLS; use an mqtts:// url");
    }
    if (reader.has("cert_file") != reader.has("key_file")) {
        throw WeirError(ErrorKind::Bind, "cert_file and key_file go together (a client certificate and its key)");
    }
}

MqttClientSettings MqttClientSettings::parse(const OptionReader &reader, const std::string &what) {
    validate(reader);
    MqttClientSettings settings;
    settings.url = MqttUrl::parse(reader.required("url"));
    settings.client_id = reader.has("client_id") ? reader.text("client_id") : random_id();
    settings.keep_alive_s = static_cast<int>(reader.duration("keep_alive", 60 * 1000000LL) / 1000000);
    settings.connect_timeout_ms = reader.duration("connect_timeout", 30 * 1000000LL) / 1000;
    settings.ca_file = reader.text("ca_file");
    settings.cert_file = reader.text("cert_file");
    settings.key_file = reader.text("key_file");
    settings.what = what;
    return settings;
}

MqttClient::MqttClient(MqttClientSettings settings, Notice notice)
    : settings_(std::move(settings)), notice_(std::move(notice)) {
    static std::once_flag initialised;
    std::call_once(initialised, [] { mosquitto_lib_init(); });
}

MqttClient::~MqttClient() {
    disconnect();
    if (handle_) mosquitto_destroy(handle_);
}

void MqttClient::set_subscriptions(std::vector<std::string> topics, int qos) {
    topics_ = std::move(topics);
    qos_ = qos;
}

std::string MqttClient::masked(const std::string &text) const {
    return mask_secret_values(text, {settings_.url.password});
}

std::string MqttClient::error_text(int rc) const {
    if (rc == MOSQ_ERR_ERRNO) return masked(std::strerror(errno));
    return masked(without_period(mosquitto_strerror(rc)));
}

std::string MqttClient::failure() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return failure_;
}

void MqttClient::connect() {
    handle_ = mosquitto_new(settings_.client_id.c_str(), settings_.clean_session, this);
    if (!handle_) throw WeirError(ErrorKind::Io, "cannot create the MQTT client of " + settings_.what + ": " + std::strerror(errno));
    mosquitto_int_option(handle_, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
    const MqttUrl &url = settings_.url;
    if (!url.user.empty() || !url.password.empty()) {
        mosquitto_username_pw_set(handle_, url.user.c_str(), url.password.empty() ? nullptr : url.password.c_str());
    }
    if (url.tls) {
        int rc = MOSQ_ERR_SUCCESS;
        const char *cert = settings_.cert_file.empty() ? nullptr : settings_.cert_file.c_str();
        const char *key = settings_.key_file.empty() ? nullptr : settings_.key_file.c_str();
        if (!settings_.ca_file.empty()) {
            rc = mosquitto_tls_set(handle_, settings_.ca_file.c_str(), nullptr, cert, key, nullptr);
        } else {
            mosquitto_int_option(handle_, MOSQ_OPT_TLS_USE_OS_CERTS, 1);
            if (cert) rc = mosquitto_tls_set(handle_, nullptr, "/etc/ssl/certs", cert, key, nullptr);
        }
        if (rc != MOSQ_ERR_SUCCESS) {
            throw WeirError(ErrorKind::Bind, "cannot use the TLS files of " + settings_.what +
                                                 " (ca_file, cert_file, key_file): " + error_text(rc) +
                                                 "; check that they exist and are readable PEM files");
        }
    }
    mosquitto_connect_v5_callback_set(handle_, connect_callback);
    mosquitto_disconnect_callback_set(handle_, disconnect_callback);
    mosquitto_publish_callback_set(handle_, publish_callback);
    mosquitto_subscribe_callback_set(handle_, subscribe_callback);
    mosquitto_message_callback_set(handle_, message_callback);
    mosquitto_reconnect_delay_set(handle_, 1, 30, true);

    auto deadline = Clock::now() + std::chrono::milliseconds(settings_.connect_timeout_ms);
    auto delay = std::chrono::milliseconds(100);
    while (true) {
        int rc = mosquitto_connect(handle_, url.host.c_str(), url.port, settings_.keep_alive_s);
        if (rc == MOSQ_ERR_SUCCESS) break;
        std::string reason = error_text(rc);
        if (rc == MOSQ_ERR_TLS) throw_tls_failure(reason);
        if (Clock::now() + delay >= deadline) {
            throw WeirError(ErrorKind::Io, "cannot reach MQTT broker " + broker() + " for " + settings_.what + " within " +
                                               seconds_text(settings_.connect_timeout_ms) + ": " + reason);
        }
        std::this_thread::sleep_for(delay);
        delay = std::min(delay * 2, std::chrono::milliseconds(5000));
    }
    // The broker's answer (and over TLS the end of the handshake) is awaited on this thread, so that a
    // failure is seen here; then libmosquitto's thread takes over.
    auto answer_deadline = std::max(deadline, Clock::now() + std::chrono::seconds(2));
    int connack = -1;
    while (true) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            connack = connack_;
        }
        if (connack >= 0 || Clock::now() >= answer_deadline) break;
        int rc = mosquitto_loop(handle_, 100, 1);
        if (rc == MOSQ_ERR_SUCCESS || rc == MOSQ_ERR_CONN_REFUSED) continue;  // a refusal: on_connect saw it
        std::string reason = error_text(rc);
        mosquitto_disconnect(handle_);
        if (settings_.url.tls) throw_tls_failure(reason);
        throw WeirError(ErrorKind::Io, "MQTT broker " + broker() + " closed the connection of " + settings_.what +
                                           " before answering it: " + reason);
    }
    if (connack < 0) {
        mosquitto_disconnect(handle_);
        throw WeirError(ErrorKind::Io, "MQTT broker " + broker() + " did not answer the connection of " + settings_.what +
                                           " within " + seconds_text(settings_.connect_timeout_ms));
    }
    if (connack == 0) {
        int rc = mosquitto_loop_start(handle_);
        if (rc != MOSQ_ERR_SUCCESS) {
            throw WeirError(ErrorKind::Io, "cannot start the MQTT client of " + settings_.what + ": " + error_text(rc));
        }
        loop_running_ = true;
        return;
    }
    if (connack > 0) {
        mosquitto_disconnect(handle_);
        std::string hint = connack == 4 || connack == 5 ? " (check the user name and password in url)"
                           : connack == 2          ? " (check client_id)"
                                                   : "";
        throw WeirError(ErrorKind::Io, "MQTT broker " + broker() + " refused " + settings_.what + ": " +
                                           masked(without_period(mosquitto_connack_string(connack))) + hint);
    }
}

void MqttClient::throw_tls_failure(const std::string &reason) const {
    throw WeirError(ErrorKind::Io, "cannot reach MQTT broker " + broker() + " for " + settings_.what + ": " + reason +
                                       " (check that ca_file holds the CA that signed the broker's certificate, "
                                       "issued for the url's host)");
}

void MqttClient::on_connect(int rc, int) {
    bool recovered = false;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        bool first = connack_ < 0;
        connack_ = rc;
        connected_ = rc == 0;
        if (rc != 0 && !first && failure_.empty()) {
            failure_ = "MQTT broker " + broker() + " refused to reconnect " + settings_.what + ": " +
                       masked(without_period(mosquitto_connack_string(rc)));
        }
        recovered = rc == 0 && announced_loss_;
        if (recovered) announced_loss_ = false;
    }
    changed_.notify_all();
    if (recovered && notice_) notice_("reconnected " + settings_.what + " to MQTT broker " + broker());
    if (rc != 0 || topics_.empty()) return;
    // Subscribing again on every connection: the broker may have lost the session (clean_session,
    // a broker restart without persistence), and a persistent session then gains topics added to
    // `topic` since (a retained message is sent again for each subscription).
    std::vector<char *> names;
    for (auto &topic : topics_) names.push_back(topic.data());
    int sent = mosquitto_subscribe_multiple(handle_, nullptr, static_cast<int>(names.size()), names.data(), qos_, 0, nullptr);
    if (sent != MOSQ_ERR_SUCCESS) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (failure_.empty()) failure_ = "cannot subscribe " + settings_.what + " at MQTT broker " + broker() + ": " + error_text(sent);
    }
}

void MqttClient::on_disconnect(int rc) {
    bool announce = false;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        connected_ = false;
        announce = rc != 0 && connack_ == 0 && !announced_loss_;
        if (announce) announced_loss_ = true;
    }
    changed_.notify_all();
    if (announce && notice_) {
        notice_("lost the connection of " + settings_.what + " to MQTT broker " + broker() + " (" + error_text(rc) +
                "); reconnecting");
    }
}

void MqttClient::on_publish(int) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        completed_++;
    }
    changed_.notify_all();
}

void MqttClient::on_subscribe(int count, const int *granted) {
    std::string refused;
    for (int i = 0; i < count && i < static_cast<int>(topics_.size()); i++) {
        if (granted[i] >= 0x80) refused += (refused.empty() ? "'" : ", '") + topics_[i] + "'";
    }
    if (refused.empty()) return;
    std::lock_guard<std::mutex> lock(mutex_);
    if (failure_.empty()) {
        failure_ = "MQTT broker " + broker() + " refused the subscription of " + settings_.what + " to topic " + refused +
                   " (check the broker's access control list)";
    }
}

void MqttClient::on_message(const mosquitto_message &message) {
    if (on_message_) on_message_(message);
}

void MqttClient::publish(const std::string &topic, const std::string &payload, int qos, bool retain) {
    auto deadline = Clock::now() + std::chrono::milliseconds(settings_.connect_timeout_ms);
    {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait_until(lock, deadline, [&] { return published_ - completed_ < kMaxOutstanding || !failure_.empty(); });
        if (!failure_.empty()) throw WeirError(ErrorKind::Io, failure_);
        if (published_ - completed_ >= kMaxOutstanding) {
            throw WeirError(ErrorKind::Io, "MQTT broker " + broker() + " acknowledged none of the last " +
                                               std::to_string(published_ - completed_) + " messages of " + settings_.what +
                                               " within " + seconds_text(settings_.connect_timeout_ms) +
                                               "; check that the broker is running");
        }
    }
    auto delay = std::chrono::milliseconds(50);
    while (true) {
        int rc = mosquitto_publish(handle_, nullptr, topic.c_str(), static_cast<int>(payload.size()), payload.data(), qos,
                                   retain);
        // QoS 1/2: a message published while the connection is down is queued by libmosquitto and sent
        // on reconnection (retrying it here would send it twice); only QoS 0 is lost then.
        bool queued = rc == MOSQ_ERR_SUCCESS || (qos > 0 && (rc == MOSQ_ERR_NO_CONN || rc == MOSQ_ERR_CONN_LOST));
        if (queued) {
            std::lock_guard<std::mutex> lock(mutex_);
            published_++;
            return;
        }
        bool retryable = rc == MOSQ_ERR_NO_CONN || rc == MOSQ_ERR_CONN_LOST || rc == MOSQ_ERR_ERRNO || rc == MOSQ_ERR_NOMEM;
        if (!retryable || Clock::now() + delay >= deadline) {
            throw WeirError(ErrorKind::Io, "cannot publish a row of " + settings_.what + " to topic '" + topic +
                                               "' at MQTT broker " + broker() + ": " + error_text(rc) +
                                               (retryable ? " (retried for " + seconds_text(settings_.connect_timeout_ms) + ")" : ""));
        }
        std::this_thread::sleep_for(delay);
        delay = std::min(delay * 2, std::chrono::milliseconds(1000));
    }
}

void MqttClient::flush(int64_t timeout_ms) {
    std::unique_lock<std::mutex> lock(mutex_);
    auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    changed_.wait_until(lock, deadline, [&] { return completed_ >= published_ || !failure_.empty(); });
    if (!failure_.empty()) throw WeirError(ErrorKind::Io, failure_);
    if (completed_ < published_) {
        throw WeirError(ErrorKind::Io, "MQTT broker " + broker() + " has not acknowledged " +
                                           std::to_string(published_ - completed_) + " message(s) of " + settings_.what +
                                           " after " + seconds_text(timeout_ms) + (connected_ ? "" : " (it is unreachable)") +
                                           "; the rows are lost for this run, check the broker");
    }
}

void MqttClient::disconnect() {
    if (!handle_) return;
    if (loop_running_) {
        mosquitto_disconnect(handle_);
        mosquitto_loop_stop(handle_, false);
        loop_running_ = false;
    }
}

}  // namespace weir

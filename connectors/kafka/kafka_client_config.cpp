// Building and checking librdkafka configurations from connector options.
#include "connectors/kafka/kafka_client_config.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>

#include "common/secret_option.h"
#include "common/weir_error.h"

namespace weir {
namespace {

const std::vector<std::string> kOwnedProperties = {
    "bootstrap.servers", "metadata.broker.list", "group.id", "enable.auto.commit", "enable.auto.offset.store",
    "rebalance_cb", "offset_commit_cb", "error_cb", "log_cb", "dr_msg_cb", "dr_cb", "opaque", "enable.partition.eof"};

const char *owner_hint(const std::string &property) {
    if (property == "bootstrap.servers" || property == "metadata.broker.list") return "use option `brokers`";
    if (property == "group.id") return "use option `group_id`";
    if (property == "enable.auto.commit" || property == "enable.auto.offset.store") {
        return "weir commits offsets itself, after the checkpoint that covers them";
    }
    return "weir sets it itself";
}

void on_error(rd_kafka_t *, int code, const char *reason, void *opaque) {
    auto *events = static_cast<KafkaClientEvents *>(opaque);
    if (!events) return;
    events->set_last_error(reason ? reason : rd_kafka_err2str(static_cast<rd_kafka_resp_err_t>(code)));
    if (code == RD_KAFKA_RESP_ERR__FATAL) events->set_fatal();
}

void on_log(const rd_kafka_t *, int, const char *, const char *) {}

}  // namespace

KafkaClientConfig::KafkaClientConfig(std::string connector, const std::map<std::string, std::string> &options)
    : connector_(std::move(connector)) {
    auto brokers = options.find("brokers");
    if (brokers != options.end()) brokers_ = brokers->second;
    for (const auto &option : options) {
        if (is_secret_option(option.first) && !option.second.empty()) secrets_.push_back(option.second);
        if (!is_passthrough(option.first)) continue;
        user_[option.first.substr(std::char_traits<char>::length(kPrefix))] = option.second;
    }
}

bool KafkaClientConfig::is_passthrough(const std::string &option) {
    return option.size() > std::char_traits<char>::length(kPrefix) && option.rfind(kPrefix, 0) == 0;
}

void KafkaClientConfig::validate_property(const std::string &option, const std::string &value) {
    std::string property = option.substr(std::char_traits<char>::length(kPrefix));
    if (std::find(kOwnedProperties.begin(), kOwnedProperties.end(), property) != kOwnedProperties.end()) {
        throw WeirError(ErrorKind::Bind, "option `" + option + "` cannot be set on connector 'kafka': " + owner_hint(property));
    }
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    char error[512];
    error[0] = '\0';
    rd_kafka_conf_res_t result = rd_kafka_conf_set(conf, property.c_str(), value.c_str(), error, sizeof error);
    rd_kafka_conf_destroy(conf);
    if (result == RD_KAFKA_CONF_OK) return;
    if (result == RD_KAFKA_CONF_UNKNOWN) {
        throw WeirError(ErrorKind::Bind, "option `" + option + "` names no librdkafka property `" + property +
                                             "`; see librdkafka's CONFIGURATION.md for the valid names");
    }
    // librdkafka's own text may quote the value: only use it when the value is not a secret.
    std::string detail = is_secret_option(option) ? std::string("invalid value") : std::string(error);
    throw WeirError(ErrorKind::Bind, "option `" + option + "` is not valid (" + detail + "), got '" +
                                         printable_option_value(option, value) + "'");
}

void KafkaClientConfig::validate(const OptionReader &reader, const std::map<std::string, std::string> &options) {
    reader.required("brokers");
    for (const auto &option : options) {
        if (is_passthrough(option.first)) validate_property(option.first, option.second);
    }
}

std::map<std::string, std::string> KafkaClientConfig::properties() const {
    std::map<std::string, std::string> all = defaults_;
    for (const auto &entry : user_) all[entry.first] = entry.second;
    for (const auto &entry : forced_) all[entry.first] = entry.second;
    all["bootstrap.servers"] = brokers_;
    return all;
}

rd_kafka_conf_t *KafkaClientConfig::build(KafkaClientEvents *events) const {
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    char error[512];
    for (const auto &entry : properties()) {
        error[0] = '\0';
        if (rd_kafka_conf_set(conf, entry.first.c_str(), entry.second.c_str(), error, sizeof error) == RD_KAFKA_CONF_OK) {
            continue;
        }
        rd_kafka_conf_destroy(conf);
        throw WeirError(ErrorKind::Bind, "connector '" + connector_ + "' cannot set librdkafka property `" + entry.first +
                                             "`: " + mask(error));
    }
    rd_kafka_conf_set_error_cb(conf, on_error);
    rd_kafka_conf_set_log_cb(conf, on_log);
    rd_kafka_conf_set_opaque(conf, events);
    return conf;
}

std::string KafkaClientConfig::mask(const std::string &text) const { return mask_secret_values(text, secrets_); }

}  // namespace weir

// Turns a Kafka connector's WITH options into librdkafka configuration, never leaking secrets.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "connectors/kafka/kafka_client_events.h"
#include "connectors/option_reader.h"

typedef struct rd_kafka_conf_s rd_kafka_conf_t;

namespace weir {

// Properties come from `brokers` (bootstrap.servers), every option 'kafka.<property>' (passed to
// librdkafka as <property>), and the defaults/forced values the connector sets. Properties weir owns
// (bootstrap.servers, group.id, enable.auto.commit, enable.auto.offset.store, the callbacks) cannot
// be set through kafka.*. Secret values (sasl.*, ssl.*, *password*, ...: common/secret_option.h) never
// appear in messages: mask() masks them by structure and as whole tokens (common/secret_option.h).
class KafkaClientConfig {
public:
    static constexpr const char *kPrefix = "kafka.";

    KafkaClientConfig(std::string connector, const std::map<std::string, std::string> &options);

    // Checks one kafka.<property> option against librdkafka (unknown name, invalid value, a property
    // weir owns) without connecting. Throws WeirError(Bind).
    static void validate_property(const std::string &option, const std::string &value);
    // validate_property for every kafka.* option, and that `brokers` is present.
    static void validate(const OptionReader &reader, const std::map<std::string, std::string> &options);
    // True for an option name of the form kafka.<property>.
    static bool is_passthrough(const std::string &option);

    // A property set by the connector; `force` overrides what the user gave, else the user wins.
    void set_default(const std::string &property, const std::string &value) { defaults_[property] = value; }
    void set_forced(const std::string &property, const std::string &value) { forced_[property] = value; }

    // A new librdkafka configuration with every property and the error/log callbacks feeding `events`
    // (which must outlive the client handle). The caller owns the result. Throws WeirError(Bind).
    rd_kafka_conf_t *build(KafkaClientEvents *events) const;

    // mask_secret_values(text, the secret option values): never a substring of a longer word.
    std::string mask(const std::string &text) const;
    const std::string &brokers() const { return brokers_; }

private:
    std::map<std::string, std::string> properties() const;

    std::string connector_;
    std::string brokers_;
    std::map<std::string, std::string> user_;  // kafka.<property> without the prefix
    std::map<std::string, std::string> defaults_;
    std::map<std::string, std::string> forced_;
    std::vector<std::string> secrets_;
};

}  // namespace weir

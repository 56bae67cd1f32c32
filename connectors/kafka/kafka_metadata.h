// Cluster metadata for a Kafka connector: reaching the brokers with bounded retries, resolving topics.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "connectors/kafka/kafka_client_config.h"
#include "connectors/kafka/kafka_client_events.h"

typedef struct rd_kafka_s rd_kafka_t;

namespace weir {

struct KafkaTopicPartitions {
    std::string topic;
    int partitions = 0;
};

// Stateless helpers over one client handle. Every error is a WeirError(Io) sentence naming the
// connector's catalog object (`what`, e.g. "source `weather`") and the brokers, never a secret.
class KafkaMetadata {
public:
    // The topic names of the cluster with their partition counts (internal topics skipped). Retries
    // with growing timeouts and backoff (0.5 s, 1 s, 2 s, ... at most 5 s per attempt) until
    // `budget_ms` of wall-clock time is spent, then throws "cannot reach the Kafka brokers at ...".
    static std::vector<KafkaTopicPartitions> fetch(rd_kafka_t *handle, int64_t budget_ms, const std::string &what,
                                                   const KafkaClientConfig &config, const KafkaClientEvents &events);

    // The topics named by `topic` (one name, comma-separated names, or a regex starting with '^',
    // ECMAScript syntax, matched against the whole name). A named topic that does not exist, or a
    // regex matching nothing, is an error (with a did-you-mean for names).
    static std::vector<KafkaTopicPartitions> resolve(const std::vector<KafkaTopicPartitions> &cluster,
                                                     const std::string &topic, const std::string &what,
                                                     const std::string &brokers);

    // The topic option split into names (or the one regex).
    static std::vector<std::string> topic_names(const std::string &topic);
    static bool is_regex(const std::string &topic) { return !topic.empty() && topic[0] == '^'; }
};

}  // namespace weir

// Metadata requests with bounded retry, and topic resolution for Kafka connectors.
#include "connectors/kafka/kafka_metadata.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <chrono>
#include <regex>
#include <thread>

#include "common/name_suggester.h"
#include "common/weir_error.h"

namespace weir {
namespace {

int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

std::string trimmed(const std::string &text) {
    size_t begin = text.find_first_not_of(" \t");
    if (begin == std::string::npos) return "";
    size_t end = text.find_last_not_of(" \t");
    return text.substr(begin, end - begin + 1);
}

std::string seconds_text(int64_t ms) {
    if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
    return std::to_string(ms) + "ms";
}

}  // namespace

std::vector<KafkaTopicPartitions> KafkaMetadata::fetch(rd_kafka_t *handle, int64_t budget_ms, const std::string &what,
                                                       const KafkaClientConfig &config,
                                                       const KafkaClientEvents &events) {
    int64_t deadline = now_ms() + budget_ms;
    int64_t attempt_ms = 500;
    rd_kafka_resp_err_t last = RD_KAFKA_RESP_ERR_NO_ERROR;
    while (true) {
        int64_t remaining = deadline - now_ms();
        if (remaining <= 0) break;
        const rd_kafka_metadata_t *metadata = nullptr;
        int timeout = static_cast<int>(std::min(attempt_ms, remaining));
        last = rd_kafka_metadata(handle, 1, nullptr, &metadata, timeout);
        if (last == RD_KAFKA_RESP_ERR_NO_ERROR && metadata) {
            std::vector<KafkaTopicPartitions> topics;
            for (int i = 0; i < metadata->topic_cnt; i++) {
                const rd_kafka_metadata_topic_t &topic = metadata->topics[i];
                if (topic.err != RD_KAFKA_RESP_ERR_NO_ERROR || topic.partition_cnt <= 0) continue;
                if (std::string(topic.topic).rfind("__", 0) == 0) continue;
                topics.push_back(KafkaTopicPartitions{topic.topic, topic.partition_cnt});
            }
            rd_kafka_metadata_destroy(metadata);
            std::sort(topics.begin(), topics.end(),
                      [](const KafkaTopicPartitions &a, const KafkaTopicPartitions &b) { return a.topic < b.topic; });
            return topics;
        }
        if (metadata) rd_kafka_metadata_destroy(metadata);
        if (events.fatal()) break;
        int64_t pause = std::min<int64_t>(attempt_ms / 4, std::max<int64_t>(deadline - now_ms(), 0));
        std::this_thread::sleep_for(std::chrono::milliseconds(pause));
        attempt_ms = std::min<int64_t>(attempt_ms * 2, 5000);
    }
    std::string cause = events.last_error();
    if (cause.empty()) cause = rd_kafka_err2str(last);
    throw WeirError(ErrorKind::Io, "cannot reach the Kafka brokers at " + config.brokers() + " for " + what +
                                       " within " + seconds_text(budget_ms) + " (" + config.mask(cause) +
                                       "); check option `brokers` and that the brokers are running");
}

std::vector<std::string> KafkaMetadata::topic_names(const std::string &topic) {
    if (is_regex(topic)) return {topic};
    std::vector<std::string> names;
    size_t begin = 0;
    while (begin <= topic.size()) {
        size_t comma = topic.find(',', begin);
        if (comma == std::string::npos) comma = topic.size();
        std::string name = trimmed(topic.substr(begin, comma - begin));
        if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
        begin = comma + 1;
    }
    return names;
}

std::vector<KafkaTopicPartitions> KafkaMetadata::resolve(const std::vector<KafkaTopicPartitions> &cluster,
                                                         const std::string &topic, const std::string &what,
                                                         const std::string &brokers) {
    std::vector<KafkaTopicPartitions> chosen;
    if (is_regex(topic)) {
        std::regex pattern(topic, std::regex::ECMAScript);
        for (const auto &entry : cluster) {
            if (std::regex_match(entry.topic, pattern)) chosen.push_back(entry);
        }
        if (chosen.empty()) {
            throw WeirError(ErrorKind::Io, "no topic on the Kafka brokers at " + brokers + " matches the topic pattern of " +
                                               what + ": " + topic);
        }
        return chosen;
    }
    std::vector<std::string> existing;
    for (const auto &entry : cluster) existing.push_back(entry.topic);
    for (const auto &name : topic_names(topic)) {
        auto found = std::find_if(cluster.begin(), cluster.end(),
                                  [&](const KafkaTopicPartitions &entry) { return entry.topic == name; });
        if (found == cluster.end()) {
            throw WeirError(ErrorKind::Io, "topic `" + name + "` of " + what + " does not exist on the Kafka brokers at " +
                                               brokers + "; create it first" +
                                               NameSuggester::did_you_mean(name, existing));
        }
        chosen.push_back(*found);
    }
    return chosen;
}

}  // namespace weir

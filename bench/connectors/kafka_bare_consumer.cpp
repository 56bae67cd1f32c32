// weir_bench_kafka_bare: a bare librdkafka consumer loop, the peer of weir's Kafka source in the benchmark.
#include <librdkafka/rdkafka.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double peak_rss_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;
}

struct Partition {
    std::string topic;
    int32_t id;
    int64_t end;
    bool done;
};

}  // namespace

// Usage: weir_bench_kafka_bare BOOTSTRAP TOPICS — assigns every partition of the comma-separated TOPICS
// from the beginning (no group join, as weir's source without group_id), reads each up to the end offset
// it had at the start (as stop = 'latest'), sums the bytes of every payload so each one is touched, and
// prints "events cpu_seconds wall_seconds peak_rss_mb payload_bytes checksum". The client setup is the
// same as weir's source: a fresh group.id, enable.partition.eof, no auto commit, rd_kafka_consumer_poll.
int main(int argc, char **argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: weir_bench_kafka_bare BOOTSTRAP TOPICS\n");
        return 2;
    }
    double cpu_before = cpu_seconds();
    auto start = std::chrono::steady_clock::now();

    char error[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    std::string group = "bench-bare-" + std::to_string(std::random_device{}());
    const char *settings[][2] = {{"bootstrap.servers", argv[1]}, {"group.id", group.c_str()},
                                 {"enable.auto.commit", "false"}, {"enable.auto.offset.store", "false"},
                                 {"enable.partition.eof", "true"}, {"auto.offset.reset", "earliest"},
                                 {"log_level", "3"}};
    for (auto &setting : settings) {
        if (rd_kafka_conf_set(conf, setting[0], setting[1], error, sizeof error) != RD_KAFKA_CONF_OK) {
            std::fprintf(stderr, "weir_bench_kafka_bare: %s\n", error);
            return 1;
        }
    }
    rd_kafka_t *consumer = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
    if (!consumer) {
        std::fprintf(stderr, "weir_bench_kafka_bare: %s\n", error);
        return 1;
    }
    rd_kafka_poll_set_consumer(consumer);

    std::vector<Partition> partitions;
    std::stringstream names(argv[2]);
    for (std::string topic; std::getline(names, topic, ',');) {
        rd_kafka_topic_t *handle = rd_kafka_topic_new(consumer, topic.c_str(), nullptr);
        const rd_kafka_metadata_t *metadata = nullptr;
        rd_kafka_resp_err_t status = rd_kafka_metadata(consumer, 0, handle, &metadata, 10000);
        if (status != RD_KAFKA_RESP_ERR_NO_ERROR || metadata->topic_cnt != 1 || metadata->topics[0].partition_cnt < 1) {
            std::fprintf(stderr, "weir_bench_kafka_bare: no metadata for topic %s: %s\n", topic.c_str(), rd_kafka_err2str(status));
            return 1;
        }
        for (int p = 0; p < metadata->topics[0].partition_cnt; p++) {
            int64_t low = 0, high = 0;
            status = rd_kafka_query_watermark_offsets(consumer, topic.c_str(), p, &low, &high, 10000);
            if (status != RD_KAFKA_RESP_ERR_NO_ERROR) {
                std::fprintf(stderr, "weir_bench_kafka_bare: %s/%d: %s\n", topic.c_str(), p, rd_kafka_err2str(status));
                return 1;
            }
            partitions.push_back(Partition{topic, p, high, high <= low});
        }
        rd_kafka_metadata_destroy(metadata);
        rd_kafka_topic_destroy(handle);
    }
    rd_kafka_topic_partition_list_t *assignment = rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size()));
    size_t open = 0;
    for (const Partition &partition : partitions) {
        if (partition.done) continue;
        rd_kafka_topic_partition_list_add(assignment, partition.topic.c_str(), partition.id)->offset = RD_KAFKA_OFFSET_BEGINNING;
        open++;
    }
    rd_kafka_assign(consumer, assignment);
    rd_kafka_topic_partition_list_destroy(assignment);

    long long events = 0, bytes = 0;
    uint64_t checksum = 0;
    while (open > 0) {
        rd_kafka_message_t *message = rd_kafka_consumer_poll(consumer, 100);
        if (!message) continue;
        if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR || message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            const char *topic = rd_kafka_topic_name(message->rkt);
            for (Partition &partition : partitions) {
                if (partition.done || partition.id != message->partition || partition.topic != topic) continue;
                if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR && message->offset < partition.end) {
                    const unsigned char *payload = static_cast<const unsigned char *>(message->payload);
                    uint64_t sum = 0;
                    for (size_t i = 0; i < message->len; i++) sum += payload[i];
                    checksum += sum;
                    bytes += static_cast<long long>(message->len);
                    events++;
                }
                if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF || message->offset + 1 >= partition.end) {
                    partition.done = true;
                    open--;
                }
                break;
            }
        } else {
            std::fprintf(stderr, "weir_bench_kafka_bare: %s\n", rd_kafka_message_errstr(message));
        }
        rd_kafka_message_destroy(message);
    }
    rd_kafka_consumer_close(consumer);
    rd_kafka_destroy(consumer);
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double cpu = cpu_seconds() - cpu_before;
    std::printf("%lld %.4f %.4f %.1f %lld %llu\n", events, cpu, wall, peak_rss_mb(), bytes, (unsigned long long)checksum);
    return 0;
}

// weir_bench_kafka_producer: fills Kafka topics with JSON lines for the connector benchmark.
#include <librdkafka/rdkafka.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::vector<std::string> split(const std::string &text, char separator) {
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, separator)) {
        if (!item.empty()) out.push_back(item);
    }
    return out;
}

long long g_failed = 0;

void on_delivery(rd_kafka_t *, const rd_kafka_message_t *message, void *) {
    if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) g_failed++;
}

}  // namespace

// Usage: weir_bench_kafka_producer BOOTSTRAP FILE TOPICS PARTITIONS BYTES_PER_PARTITION
// Sends the lines of FILE (cycling when it runs out) to partitions 0..PARTITIONS-1 of every topic of the
// comma-separated TOPICS, round robin, until each partition holds BYTES_PER_PARTITION bytes of payload
// (the mock broker keeps ~5 MiB per partition and drops the oldest data beyond that). Then checks that
// every partition still starts at offset 0 and prints the number of messages sent.
int main(int argc, char **argv) {
    if (argc != 6) {
        std::fprintf(stderr, "usage: weir_bench_kafka_producer BOOTSTRAP FILE TOPICS PARTITIONS BYTES_PER_PARTITION\n");
        return 2;
    }
    std::vector<std::string> topics = split(argv[3], ',');
    int partitions = std::atoi(argv[4]);
    long long budget = std::atoll(argv[5]);
    std::ifstream file(argv[2]);
    std::vector<std::string> lines;
    for (std::string line; std::getline(file, line);) {
        if (!line.empty()) lines.push_back(line);
    }
    if (lines.empty() || topics.empty() || partitions < 1 || budget < 1) {
        std::fprintf(stderr, "weir_bench_kafka_producer: no lines in %s, or no topics/partitions/budget\n", argv[2]);
        return 2;
    }

    char error[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    const char *settings[][2] = {{"bootstrap.servers", argv[1]}, {"linger.ms", "20"}, {"batch.size", "1000000"},
                                 {"queue.buffering.max.messages", "1000000"}, {"log_level", "3"}};
    for (auto &setting : settings) {
        if (rd_kafka_conf_set(conf, setting[0], setting[1], error, sizeof error) != RD_KAFKA_CONF_OK) {
            std::fprintf(stderr, "weir_bench_kafka_producer: %s\n", error);
            return 1;
        }
    }
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    rd_kafka_t *producer = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
    if (!producer) {
        std::fprintf(stderr, "weir_bench_kafka_producer: %s\n", error);
        return 1;
    }

    size_t slots = topics.size() * partitions;
    std::vector<long long> bytes(slots, 0), counts(slots, 0);
    size_t full = 0, next_line = 0;
    long long sent = 0;
    for (size_t slot = 0; full < slots; slot = (slot + 1) % slots) {
        if (bytes[slot] >= budget) continue;
        const std::string &line = lines[next_line];
        next_line = (next_line + 1) % lines.size();
        const std::string &topic = topics[slot / partitions];
        int partition = static_cast<int>(slot % partitions);
        for (;;) {
            rd_kafka_resp_err_t status = rd_kafka_producev(
                producer, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(partition),
                RD_KAFKA_V_VALUE(const_cast<char *>(line.data()), line.size()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                RD_KAFKA_V_END);
            if (status == RD_KAFKA_RESP_ERR_NO_ERROR) break;
            if (status != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                std::fprintf(stderr, "weir_bench_kafka_producer: %s\n", rd_kafka_err2str(status));
                return 1;
            }
            rd_kafka_poll(producer, 50);
        }
        rd_kafka_poll(producer, 0);
        sent++;
        counts[slot]++;
        bytes[slot] += static_cast<long long>(line.size());
        if (bytes[slot] >= budget) full++;
    }
    if (rd_kafka_flush(producer, 120000) != RD_KAFKA_RESP_ERR_NO_ERROR || g_failed > 0) {
        std::fprintf(stderr, "weir_bench_kafka_producer: %lld messages not delivered\n", g_failed);
        return 1;
    }
    for (size_t slot = 0; slot < slots; slot++) {
        int64_t low = 0, high = 0;
        const std::string &topic = topics[slot / partitions];
        int partition = static_cast<int>(slot % partitions);
        rd_kafka_resp_err_t status = rd_kafka_query_watermark_offsets(producer, topic.c_str(), partition, &low, &high, 10000);
        if (status != RD_KAFKA_RESP_ERR_NO_ERROR || low != 0 || high != counts[slot]) {
            std::fprintf(stderr,
                         "weir_bench_kafka_producer: %s/%d holds offsets %lld..%lld, expected 0..%lld (%s): lower the budget\n",
                         topic.c_str(), partition, (long long)low, (long long)high, counts[slot], rd_kafka_err2str(status));
            return 1;
        }
    }
    rd_kafka_destroy(producer);
    std::printf("%lld\n", sent);
    return 0;
}

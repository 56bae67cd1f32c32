// A Kafka-protocol test broker: librdkafka's mock cluster in its own process, driven by a command file.
//
// Usage: weir_kafka_mock --dir DIR [--brokers N] [--topic NAME:PARTITIONS]...
// Writes DIR/bootstrap (host:port,...) once the cluster listens, then serves until SIGTERM/SIGINT.
// Commands: every 100 ms it reads and removes DIR/commands, one command a line:
//   topic NAME PARTITIONS   create a topic (the mock has no CreateTopics API)
//   down ID | up ID         take broker ID (1..N, or -1 for all) down or up
// and appends "ok <line>" or "error <line>" to DIR/replies so scripts can wait for the outcome.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <chrono>
#include <vector>

namespace {

volatile std::sig_atomic_t g_stop = 0;

void on_signal(int) { g_stop = 1; }

bool create_topic(rd_kafka_mock_cluster_t *cluster, const std::string &name, int partitions) {
    if (name.empty() || partitions < 1) return false;
    return rd_kafka_mock_topic_create(cluster, name.c_str(), partitions, 1) == RD_KAFKA_RESP_ERR_NO_ERROR;
}

bool run_command(rd_kafka_mock_cluster_t *cluster, const std::string &line) {
    std::istringstream words(line);
    std::string verb;
    words >> verb;
    if (verb == "topic") {
        std::string name;
        int partitions = 0;
        words >> name >> partitions;
        return create_topic(cluster, name, partitions);
    }
    int id = 0;
    if (!(words >> id)) return false;
    if (verb == "down") return rd_kafka_mock_broker_set_down(cluster, id) == RD_KAFKA_RESP_ERR_NO_ERROR;
    if (verb == "up") return rd_kafka_mock_broker_set_up(cluster, id) == RD_KAFKA_RESP_ERR_NO_ERROR;
    return false;
}

void serve_commands(rd_kafka_mock_cluster_t *cluster, const std::string &dir) {
    std::string commands = dir + "/commands";
    std::string taken = dir + "/commands.taken";
    if (std::rename(commands.c_str(), taken.c_str()) != 0) return;  // no command file: nothing to do
    std::ifstream in(taken);
    std::ofstream replies(dir + "/replies", std::ios::app);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        bool ok = run_command(cluster, line);
        replies << (ok ? "ok " : "error ") << line << "\n";
    }
    replies.flush();
    std::remove(taken.c_str());
}

}  // namespace

int main(int argc, char **argv) {
    std::string dir;
    int brokers = 1;
    std::vector<std::pair<std::string, int>> topics;
    for (int i = 1; i < argc; i++) {
        std::string arg = argv[i];
        bool has_value = i + 1 < argc;
        if (arg == "--dir" && has_value) {
            dir = argv[++i];
        } else if (arg == "--brokers" && has_value) {
            brokers = std::atoi(argv[++i]);
        } else if (arg == "--topic" && has_value) {
            std::string spec = argv[++i];
            size_t colon = spec.rfind(':');
            if (colon == std::string::npos) topics.emplace_back(spec, 1);
            else topics.emplace_back(spec.substr(0, colon), std::atoi(spec.c_str() + colon + 1));
        } else {
            std::fprintf(stderr, "usage: %s --dir DIR [--brokers N] [--topic NAME:PARTITIONS]...\n", argv[0]);
            return 2;
        }
    }
    if (dir.empty() || brokers < 1) {
        std::fprintf(stderr, "weir_kafka_mock: --dir is required and --brokers must be at least 1\n");
        return 2;
    }

    char error[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "log_level", "3", error, sizeof error);
    rd_kafka_t *handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
    if (!handle) {
        std::fprintf(stderr, "weir_kafka_mock: cannot create a client handle: %s\n", error);
        return 1;
    }
    rd_kafka_mock_cluster_t *cluster = rd_kafka_mock_cluster_new(handle, brokers);
    if (!cluster) {
        std::fprintf(stderr, "weir_kafka_mock: cannot start the mock cluster\n");
        rd_kafka_destroy(handle);
        return 1;
    }
    for (const auto &topic : topics) {
        if (!create_topic(cluster, topic.first, topic.second)) {
            std::fprintf(stderr, "weir_kafka_mock: cannot create topic %s\n", topic.first.c_str());
        }
    }

    std::signal(SIGTERM, on_signal);
    std::signal(SIGINT, on_signal);
    std::string bootstrap_path = dir + "/bootstrap";
    std::string temporary = bootstrap_path + ".tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << rd_kafka_mock_cluster_bootstraps(cluster) << "\n";
    }
    std::rename(temporary.c_str(), bootstrap_path.c_str());  // readers never see a half-written file

    while (!g_stop) {
        serve_commands(cluster, dir);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::remove(bootstrap_path.c_str());
    rd_kafka_mock_cluster_destroy(cluster);
    rd_kafka_destroy(handle);
    return 0;
}

// Test access to the mock Kafka cluster of the `kafka` fixture: topics, kcat produce/consume, brokers.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>

namespace weir_test {

// The fixture (tests/support/services/kafka.sh start) wrote WEIR_SERVICES_DIR/kafka.env.
class KafkaTestCluster {
public:
    static std::string bootstrap() {
        std::ifstream env(std::string(WEIR_SERVICES_DIR) + "/kafka.env");
        std::string line;
        while (std::getline(env, line)) {
            if (line.rfind("BOOTSTRAP=", 0) == 0) return line.substr(10);
        }
        ADD_FAILURE() << "no BOOTSTRAP in " << WEIR_SERVICES_DIR << "/kafka.env: is the kafka fixture running?";
        return "127.0.0.1:1";
    }

    // A topic name no other test (or earlier run against the same broker) uses.
    static std::string fresh_topic(const std::string &stem) {
        static int counter = 0;
        return stem + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
    }

    static void create_topic(const std::string &topic, int partitions) {
        ASSERT_EQ(run(script() + " topic " + std::string(WEIR_SERVICES_DIR) + " " + topic + " " +
                      std::to_string(partitions)),
                  0);
    }
    static void set_brokers_down(bool down) {
        ASSERT_EQ(run(script() + (down ? " down " : " up ") + std::string(WEIR_SERVICES_DIR) + " -1"), 0);
    }

    // Produces `lines` (one message each) with kcat into one partition; with key_separator, each line
    // is "key<sep>value".
    static void produce(const std::string &topic, int partition, const std::vector<std::string> &lines,
                        const std::string &key_separator = "") {
        std::string path = temporary_file();
        {
            std::ofstream out(path);
            for (const auto &line : lines) out << line << "\n";
        }
        std::string command = "timeout 30 kcat -P -q -b " + bootstrap() + " -t " + topic + " -p " +
                              std::to_string(partition) + (key_separator.empty() ? "" : " -K '" + key_separator + "'") +
                              " -l " + path;
        ASSERT_EQ(run(command), 0) << command;
        std::remove(path.c_str());
    }

    // Every message of the topic as "partition|key|value" lines, read with kcat to the current end.
    static std::vector<std::string> consume(const std::string &topic) {
        std::string command = "timeout 30 kcat -C -q -e -b " + bootstrap() + " -t " + topic + " -f '%p|%k|%s\\n'";
        std::vector<std::string> lines;
        FILE *pipe = ::popen(command.c_str(), "r");
        if (!pipe) return lines;
        std::string current;
        int c;
        while ((c = std::fgetc(pipe)) != EOF) {
            if (c == '\n') {
                lines.push_back(current);
                current.clear();
            } else {
                current += static_cast<char>(c);
            }
        }
        ::pclose(pipe);
        return lines;
    }

private:
    static std::string script() { return "bash " + std::string(WEIR_SOURCE_DIR) + "/tests/support/services/kafka.sh"; }
    static int run(const std::string &command) { return std::system(command.c_str()); }
    static std::string temporary_file() {
        char path[] = "/tmp/weir-kafka-test-XXXXXX";
        int fd = ::mkstemp(path);
        if (fd >= 0) ::close(fd);
        return path;
    }
};

}  // namespace weir_test

// Two `weir -f` processes sharing a Kafka consumer group against the mock broker: they split the
// partitions of a keyed topic, together read every message exactly once, and a keyed aggregation
// split across them equals the batch answer.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "kafka_test_cluster.h"
#include "shell_command.h"

namespace {

using weir::ShellCommand;
using weir_test::KafkaTestCluster;
using Clock = std::chrono::steady_clock;

constexpr int kPartitions = 4;
constexpr int kMessages = 400;
constexpr int kKeys = 20;

// A `weir -f pipeline.sql` child process with stdout and stderr in files.
class WeirProcess {
public:
    WeirProcess(const std::string &pipeline, const std::string &log_stem) : out_(log_stem + ".out"), err_(log_stem + ".err") {
        pid_ = ::fork();
        if (pid_ == 0) {
            int out = ::open(out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            int err = ::open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            int in = ::open("/dev/null", O_RDONLY);
            if (out < 0 || err < 0 || in < 0) ::_exit(127);
            ::dup2(in, 0);
            ::dup2(out, 1);
            ::dup2(err, 2);
            ::execl(WEIR_BINARY, WEIR_BINARY, "-f", pipeline.c_str(), static_cast<char *>(nullptr));
            ::_exit(127);
        }
    }
    ~WeirProcess() {
        if (pid_ > 0 && !exited_) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
    }

    bool running() {
        if (exited_) return false;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            exited_ = true;
            status_ = status;
            return false;
        }
        return true;
    }
    // SIGTERM, then waits up to `seconds` for the exit; the exit code, or -1 (killed, or did not exit).
    int terminate(int seconds) {
        if (running()) ::kill(pid_, SIGTERM);
        auto deadline = Clock::now() + std::chrono::seconds(seconds);
        while (running() && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (!exited_) {
            ADD_FAILURE() << "weir did not exit within " << seconds << " s of SIGTERM; killing it";
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, &status_, 0);
            exited_ = true;
            return -1;
        }
        return WIFEXITED(status_) ? WEXITSTATUS(status_) : -1;
    }
    std::string output() const { return read_text(out_) + read_text(err_); }

    static std::string read_text(const std::string &path) {
        std::ifstream in(path);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }

private:
    pid_t pid_ = -1;
    bool exited_ = false;
    int status_ = 0;
    std::string out_;
    std::string err_;
};

// The complete lines of a CSV file written by the file sink, without its header, split on ','
// (the values used here never need quoting; surrounding quotes are dropped anyway).
std::vector<std::vector<std::string>> read_csv(const std::string &path) {
    std::string text = WeirProcess::read_text(path);
    std::vector<std::vector<std::string>> rows;
    size_t begin = 0;
    bool header = true;
    while (true) {
        size_t end = text.find('\n', begin);
        if (end == std::string::npos) break;  // a line still being written
        std::string line = text.substr(begin, end - begin);
        begin = end + 1;
        if (header) {
            header = false;
            continue;
        }
        std::vector<std::string> fields;
        std::stringstream split(line);
        std::string field;
        while (std::getline(split, field, ',')) {
            if (field.size() >= 2 && field.front() == '"' && field.back() == '"') field = field.substr(1, field.size() - 2);
            fields.push_back(field);
        }
        rows.push_back(fields);
    }
    return rows;
}

std::string two_digits(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

// "2025-01-15T<hh:mm:ss>Z" for `seconds` after 2025-01-15 00:00:00.
std::string iso_time(int seconds) {
    return "2025-01-15T" + two_digits(seconds / 3600) + ":" + two_digits(seconds / 60 % 60) + ":" + two_digits(seconds % 60) + "Z";
}
std::string sql_time(int seconds) {
    return "2025-01-15 " + two_digits(seconds / 3600) + ":" + two_digits(seconds / 60 % 60) + ":" + two_digits(seconds % 60);
}

std::string message(const std::string &key, long v, int seconds) {
    return key + "|{\"k\":\"" + key + "\",\"v\":" + std::to_string(v) + ",\"ts\":\"" + iso_time(seconds) + "\"}";
}

std::string key_name(int key) { return "k" + two_digits(key); }
// Each key is produced into one fixed partition (as a key-hashing producer would).
int partition_of_key(int key) { return key % kPartitions; }

class KafkaConsumerGroupTest : public ::testing::Test {
protected:
    void SetUp() override {
        topic_ = KafkaTestCluster::fresh_topic("group-split");
        group_ = KafkaTestCluster::fresh_topic("weir-split-group");
        KafkaTestCluster::create_topic(topic_, kPartitions);
        char dir[] = "/tmp/weir-kafka-group-XXXXXX";
        ASSERT_NE(::mkdtemp(dir), nullptr);
        dir_ = dir;
    }
    void TearDown() override {
        if (!HasFailure()) ShellCommand::run("rm -rf " + ShellCommand::quote(dir_));
        else std::fprintf(stderr, "kept the outputs in %s\n", dir_.c_str());
    }

    // Writes pipeline `name`.sql: the kafka source `events` in the shared group into a CSV file sink.
    std::string write_pipeline(const std::string &name, const std::string &columns, const std::string &select) {
        std::string path = dir_ + "/" + name + ".sql";
        std::ofstream out(path);
        out << "CREATE SOURCE events (" << columns << ") WITH (connector = 'kafka', brokers = '"
            << KafkaTestCluster::bootstrap() << "', topic = '" << topic_ << "', group_id = '" << group_
            << "', start = 'earliest', stop = 'never', format = 'json', kafka.session.timeout.ms = '6000', "
               "kafka.heartbeat.interval.ms = '500');\n"
            << "CREATE SINK out WITH (connector = 'file', path = '" << dir_ << "/" << name << ".csv', format = 'csv');\n"
            << "INSERT INTO out " << select << "\n";
        return path;
    }
    std::string csv_of(const std::string &name) const { return dir_ + "/" + name + ".csv"; }

    // Produces `lines` ("key|json") grouped by partition.
    void produce(const std::map<int, std::vector<std::string>> &by_partition) {
        for (const auto &entry : by_partition) KafkaTestCluster::produce(topic_, entry.first, entry.second, "|");
    }

    // Sends probe rounds until two consecutive rounds were each seen exactly once per partition, split
    // the same way between the processes with both getting some: both are in the group and the
    // assignment is stable. `seen(round)` returns, per process, the partitions whose probe of that
    // round it output (a partition listed twice, or by both, means a rebalance re-read it).
    template <typename Send, typename Seen>
    void wait_for_stable_group(Send send, Seen seen, int probe_wait_seconds) {
        auto deadline = Clock::now() + std::chrono::seconds(90);
        std::vector<std::multiset<int>> previous;
        for (int round = 0; Clock::now() < deadline; round++) {
            send(round);
            std::vector<std::multiset<int>> got;
            auto round_deadline = Clock::now() + std::chrono::seconds(probe_wait_seconds);
            bool complete = false;
            while (Clock::now() < round_deadline) {
                ASSERT_TRUE(a_->running()) << a_->output();
                ASSERT_TRUE(b_->running()) << b_->output();
                got = seen(round);
                std::multiset<int> all(got[0].begin(), got[0].end());
                all.insert(got[1].begin(), got[1].end());
                if (std::set<int>(all.begin(), all.end()).size() == static_cast<size_t>(kPartitions)) {
                    complete = true;
                    break;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(200));
            }
            if (!complete) {
                previous.clear();
                continue;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(500));  // late duplicates of this round
            got = seen(round);
            bool clean = got[0].size() + got[1].size() == static_cast<size_t>(kPartitions) && !got[0].empty() &&
                         !got[1].empty();
            if (clean && previous == got) {
                std::fprintf(stderr, "group stable after probe round %d\n", round);
                return;
            }
            previous = clean ? got : std::vector<std::multiset<int>>{};
        }
        FAIL() << "the two weir processes did not settle into one consumer group within 90 s\nA:\n"
               << a_->output() << "\nB:\n"
               << b_->output();
    }

    std::string topic_;
    std::string group_;
    std::string dir_;
    std::unique_ptr<WeirProcess> a_;
    std::unique_ptr<WeirProcess> b_;
};

TEST_F(KafkaConsumerGroupTest, TwoProcessesSplitThePartitionsAndReadEveryMessageOnce) {
    std::string columns = "k TEXT, v BIGINT, ts TIMESTAMP, kafka_partition BIGINT, kafka_offset BIGINT";
    std::string select = "SELECT k, v, kafka_partition, kafka_offset FROM events;";
    a_ = std::make_unique<WeirProcess>(write_pipeline("a", columns, select), dir_ + "/a");
    b_ = std::make_unique<WeirProcess>(write_pipeline("b", columns, select), dir_ + "/b");
    auto started = Clock::now();

    // Probe round r: message {"k":"probe","v":r} in every partition, read back as raw rows.
    auto send = [&](int round) {
        std::map<int, std::vector<std::string>> lines;
        for (int p = 0; p < kPartitions; p++) lines[p].push_back(message("probe", round, 0));
        produce(lines);
    };
    auto seen = [&](int round) {
        std::vector<std::multiset<int>> got(2);
        for (int process = 0; process < 2; process++) {
            for (const auto &row : read_csv(csv_of(process == 0 ? "a" : "b"))) {
                if (row.size() == 4 && row[0] == "probe" && row[1] == std::to_string(round)) got[process].insert(std::stoi(row[2]));
            }
        }
        return got;
    };
    wait_for_stable_group(send, seen, 5);
    if (HasFatalFailure()) return;
    double settle_seconds = std::chrono::duration<double>(Clock::now() - started).count();

    std::map<int, std::vector<std::string>> lines;
    for (int i = 0; i < kMessages; i++) {
        int key = i % kKeys;
        lines[partition_of_key(key)].push_back(message(key_name(key), i, 14 * 3600 + i));
    }
    produce(lines);

    // Data rows (not probes) of each process: value -> (key, partition) per row.
    std::vector<std::vector<std::vector<std::string>>> data(2);
    auto read_data = [&]() {
        size_t total = 0;
        for (int process = 0; process < 2; process++) {
            data[process].clear();
            for (const auto &row : read_csv(csv_of(process == 0 ? "a" : "b"))) {
                if (!row.empty() && row[0] != "probe") data[process].push_back(row);
            }
            total += data[process].size();
        }
        return total;
    };
    auto deadline = Clock::now() + std::chrono::seconds(60);
    while (read_data() < static_cast<size_t>(kMessages) && Clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));  // give duplicates, if any, a chance to show
    EXPECT_EQ(a_->terminate(30), 0) << a_->output();
    EXPECT_EQ(b_->terminate(30), 0) << b_->output();
    read_data();
    std::fprintf(stderr, "group settled after %.1f s; rows: A %zu, B %zu\n", settle_seconds, data[0].size(),
                 data[1].size());

    std::vector<std::set<int>> partitions(2);
    std::multiset<long> values;
    for (int process = 0; process < 2; process++) {
        for (const auto &row : data[process]) {
            ASSERT_EQ(row.size(), 4u) << "process " << process;
            long v = std::stol(row[1]);
            int partition = std::stoi(row[2]);
            values.insert(v);
            partitions[process].insert(partition);
            EXPECT_EQ(row[0], key_name(static_cast<int>(v % kKeys))) << "v " << v;
            EXPECT_EQ(partition, partition_of_key(static_cast<int>(v % kKeys))) << "v " << v;
        }
    }
    std::multiset<long> expected;
    for (long i = 0; i < kMessages; i++) expected.insert(i);
    EXPECT_EQ(values.size(), static_cast<size_t>(kMessages)) << "rows read in all (duplicates or losses)";
    EXPECT_EQ(values, expected) << "the union of both outputs is exactly the produced messages";
    EXPECT_FALSE(partitions[0].empty()) << "process A read no partition";
    EXPECT_FALSE(partitions[1].empty()) << "process B read no partition";
    std::vector<int> shared;
    std::set_intersection(partitions[0].begin(), partitions[0].end(), partitions[1].begin(), partitions[1].end(),
                          std::back_inserter(shared));
    EXPECT_TRUE(shared.empty()) << "partitions read by both processes: " << shared.size();
}

TEST_F(KafkaConsumerGroupTest, KeyedWindowedAggregationSplitAcrossProcessesEqualsTheBatchAnswer) {
    std::string columns = "k TEXT, v BIGINT, ts TIMESTAMP, WATERMARK FOR ts AS ts - 10s";
    std::string select =
        "SELECT k, window_start, count(*) AS n, CAST(sum(v) AS BIGINT) AS total FROM events GROUP BY k, TUMBLE(ts, 1m);";
    a_ = std::make_unique<WeirProcess>(write_pipeline("a", columns, select), dir_ + "/a");
    b_ = std::make_unique<WeirProcess>(write_pipeline("b", columns, select), dir_ + "/b");
    auto started = Clock::now();

    // Probe round r: key probe-<p> in partition p stamped 10:00 + 2r minutes; it also closes the
    // probe windows of round r - 1, which is what `seen` looks for (a window row per partition).
    const int probe_base = 10 * 3600;
    auto send_next = [&](int round) {
        std::map<int, std::vector<std::string>> lines;
        for (int p = 0; p < kPartitions; p++) {
            if (round == 0) lines[p].push_back(message("probe-" + std::to_string(p), 0, probe_base));
            lines[p].push_back(message("probe-" + std::to_string(p), 0, probe_base + 120 * (round + 1)));
        }
        produce(lines);
    };
    auto seen = [&](int round) {
        std::vector<std::multiset<int>> got(2);
        std::string window = sql_time(probe_base + 120 * round);
        for (int process = 0; process < 2; process++) {
            for (const auto &row : read_csv(csv_of(process == 0 ? "a" : "b"))) {
                if (row.size() == 4 && row[0].rfind("probe-", 0) == 0 && row[1] == window) {
                    got[process].insert(std::stoi(row[0].substr(6)));
                }
            }
        }
        return got;
    };
    // A revoked partition holds a process's watermark until it is idle (10 s): allow for it.
    wait_for_stable_group(send_next, seen, 14);
    if (HasFatalFailure()) return;
    double settle_seconds = std::chrono::duration<double>(Clock::now() - started).count();

    // 400 messages one second apart from 14:00:00, key i % 20; each partition in time order.
    std::map<std::string, std::pair<long, long>> expected_cells;  // key|window_start -> (count, sum)
    std::map<int, std::vector<std::string>> lines;
    for (int i = 0; i < kMessages; i++) {
        int key = i % kKeys;
        int seconds = 14 * 3600 + i;
        lines[partition_of_key(key)].push_back(message(key_name(key), i, seconds));
        auto &cell = expected_cells[key_name(key) + "|" + sql_time(seconds / 60 * 60)];
        cell.first += 1;
        cell.second += i;
    }
    // One later message per partition closes every window of the data (its own stays open).
    for (int p = 0; p < kPartitions; p++) lines[p].push_back(message("end-" + std::to_string(p), 0, 15 * 3600));
    produce(lines);
    std::vector<std::string> expected;
    for (const auto &cell : expected_cells) {
        expected.push_back(cell.first + "|" + std::to_string(cell.second.first) + "|" + std::to_string(cell.second.second));
    }

    std::vector<std::vector<std::string>> results(2);  // "key|window_start|n|total" per process
    auto read_results = [&]() {
        size_t total = 0;
        for (int process = 0; process < 2; process++) {
            results[process].clear();
            for (const auto &row : read_csv(csv_of(process == 0 ? "a" : "b"))) {
                if (row.size() != 4 || row[0].rfind("k", 0) != 0) continue;  // probes and end markers
                results[process].push_back(row[0] + "|" + row[1] + "|" + row[2] + "|" + row[3]);
            }
            total += results[process].size();
        }
        return total;
    };
    auto deadline = Clock::now() + std::chrono::seconds(60);
    while (read_results() < expected.size() && Clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
    EXPECT_EQ(a_->terminate(30), 0) << a_->output();
    EXPECT_EQ(b_->terminate(30), 0) << b_->output();
    read_results();
    std::fprintf(stderr, "group settled after %.1f s; window rows: A %zu, B %zu (expected %zu in all)\n", settle_seconds,
                 results[0].size(), results[1].size(), expected.size());

    std::vector<std::string> together = results[0];
    together.insert(together.end(), results[1].begin(), results[1].end());
    std::sort(together.begin(), together.end());
    EXPECT_EQ(together, expected) << "both processes' windows together equal the batch answer";
    std::vector<std::set<std::string>> keys(2);
    for (int process = 0; process < 2; process++) {
        for (const auto &row : results[process]) keys[process].insert(row.substr(0, row.find('|')));
    }
    EXPECT_FALSE(keys[0].empty()) << "process A emitted no window";
    EXPECT_FALSE(keys[1].empty()) << "process B emitted no window";
    std::vector<std::string> shared;
    std::set_intersection(keys[0].begin(), keys[0].end(), keys[1].begin(), keys[1].end(), std::back_inserter(shared));
    EXPECT_TRUE(shared.empty()) << "keys aggregated by both processes: " << shared.size();
}

}  // namespace

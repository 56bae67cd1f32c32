// weir_datagen: writes Nexmark-style bid/event files and weather readings as JSON lines and CSV.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "nexmark_generator.h"
#include "weather_generator.h"

namespace {

constexpr int64_t kNexmarkBase = 1436918400000000LL;  // 2015-07-15 00:00:00 UTC, as the Rust port
constexpr int64_t kWeatherBase = 1736899200000000LL;  // 2025-01-15 00:00:00 UTC

void usage() {
    std::fprintf(stderr,
                 "usage: weir_datagen nexmark EVENTS DIR [--rate R] [--seed S] [--mixed]\n"
                 "       weir_datagen weather EVENTS DIR [--rate R] [--seed S] [--sensors N]\n"
                 "nexmark: EVENTS events of the 1:3:46 stream; writes DIR/bid.jsonl and DIR/bid.csv (the bids,\n"
                 "  92%%) and with --mixed DIR/nexmark.jsonl (every event, Flink Kafka layout). Event time advances\n"
                 "  R events per second (default 10000, the Nexmark default rate).\n"
                 "weather: EVENTS readings of N sensors (default 1000) in 40 cities; writes DIR/weather.jsonl and\n"
                 "  DIR/weather.csv; R readings per event-second (default 1000).\n");
}

class Output {
public:
    explicit Output(const std::string &path) : file_(std::fopen(path.c_str(), "w")), path_(path) {
        if (!file_) {
            std::fprintf(stderr, "weir_datagen: cannot write %s\n", path.c_str());
            std::exit(1);
        }
    }
    ~Output() {
        flush();
        std::fclose(file_);
    }
    std::string &buffer() { return buffer_; }
    void maybe_flush() {
        if (buffer_.size() > (1 << 20)) flush();
    }
    void flush() {
        std::fwrite(buffer_.data(), 1, buffer_.size(), file_);
        buffer_.clear();
    }

private:
    FILE *file_;
    std::string path_;
    std::string buffer_;
};

}  // namespace

int main(int argc, char **argv) {
    if (argc < 4) {
        usage();
        return 2;
    }
    std::string kind = argv[1];
    long long events = std::atoll(argv[2]);
    std::string dir = argv[3];
    double rate = kind == "nexmark" ? 10000 : 1000;
    unsigned long long seed = 42;
    int sensors = 1000;
    bool mixed = false;
    for (int i = 4; i < argc; i++) {
        if (!std::strcmp(argv[i], "--rate") && i + 1 < argc) rate = std::atof(argv[++i]);
        else if (!std::strcmp(argv[i], "--seed") && i + 1 < argc) seed = std::strtoull(argv[++i], nullptr, 10);
        else if (!std::strcmp(argv[i], "--sensors") && i + 1 < argc) sensors = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--mixed")) mixed = true;
        else {
            usage();
            return 2;
        }
    }
    if (events <= 0 || rate <= 0 || sensors <= 0) {
        usage();
        return 2;
    }
    if (kind == "nexmark") {
        weir_bench::NexmarkGenerator generator(rate, kNexmarkBase, seed);
        Output json(dir + "/bid.jsonl"), csv(dir + "/bid.csv");
        std::unique_ptr<Output> all;
        if (mixed) all = std::make_unique<Output>(dir + "/nexmark.jsonl");
        csv.buffer() += weir_bench::NexmarkGenerator::csv_bid_header();
        long long bids = 0;
        for (long long i = 0; i < events; i++) {
            auto event = generator.next();
            if (all) {
                generator.append_event_json(event, all->buffer());
                all->maybe_flush();
            }
            if (event != weir_bench::NexmarkGenerator::Kind::Bid) continue;
            generator.append_bid_json(json.buffer());
            generator.append_bid_csv(csv.buffer());
            json.maybe_flush();
            csv.maybe_flush();
            bids++;
        }
        std::printf("%lld\n", bids);  // the number of bids: the runner's event count
        return 0;
    }
    if (kind == "weather") {
        weir_bench::WeatherGenerator json_generator(rate, kWeatherBase, sensors, seed);
        weir_bench::WeatherGenerator csv_generator(rate, kWeatherBase, sensors, seed);
        Output json(dir + "/weather.jsonl"), csv(dir + "/weather.csv");
        csv.buffer() += weir_bench::WeatherGenerator::csv_header();
        for (long long i = 0; i < events; i++) {
            json_generator.append_json(json.buffer());
            csv_generator.append_csv(csv.buffer());
            json.maybe_flush();
            csv.maybe_flush();
        }
        std::printf("%lld\n", events);
        return 0;
    }
    usage();
    return 2;
}

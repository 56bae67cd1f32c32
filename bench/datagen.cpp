// weir_datagen: writes Nexmark-style bid/event files, weather readings and join inputs as JSON lines and CSV.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <string>

#include "nexmark_generator.h"
#include "weather_generator.h"

namespace {

constexpr int64_t kNexmarkBase = 1436918400000000LL;  // 2015-07-15 00:00:00 UTC, as the Rust port
constexpr int64_t kWeatherBase = 1736899200000000LL;  // 2025-01-15 00:00:00 UTC
constexpr int64_t kJoinsBase = 1736899200000000LL;

void usage() {
    std::fprintf(stderr,
                 "usage: weir_datagen nexmark EVENTS DIR [--rate R] [--seed S] [--mixed]\n"
                 "       weir_datagen weather EVENTS DIR [--rate R] [--seed S] [--sensors N]\n"
                 "       weir_datagen joins EVENTS DIR [--rate R] [--seed S] [--sensors N]\n"
                 "nexmark: EVENTS events of the 1:3:46 stream; writes DIR/bid.jsonl and DIR/bid.csv (the bids,\n"
                 "  92%%) and with --mixed DIR/nexmark.jsonl (every event, Flink Kafka layout). Event time advances\n"
                 "  R events per second (default 10000, the Nexmark default rate).\n"
                 "weather: EVENTS readings of N sensors (default 1000) in 40 cities; writes DIR/weather.jsonl and\n"
                 "  DIR/weather.csv; R readings per event-second (default 1000).\n"
                 "joins: DIR/devices.csv (N devices, default 10000: id,room,site), DIR/readings.jsonl (EVENTS\n"
                 "  readings of random devices), DIR/orders.jsonl (EVENTS orders, id = line number) and\n"
                 "  DIR/shipments.jsonl (one shipment per order, 0-120 s after it, in order-id order: up to 120 s\n"
                 "  out of event-time order); R events per event-second (default 1000).\n");
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

// The join benchmark's inputs (see usage()): a device table, readings of its devices, and orders
// with one shipment each.
void write_joins(long long events, double rate, int devices, unsigned long long seed, const std::string &dir) {
    static const char *const kRooms[] = {"kitchen", "bath", "hall", "office", "cellar", "attic", "garage", "lab"};
    static const char *const kCarriers[] = {"dhl", "ups", "fedex", "post", "gls"};
    {
        Output table(dir + "/devices.csv");
        table.buffer() += "id,room,site\n";
        for (int d = 0; d < devices; d++) {
            table.buffer() += std::to_string(d) + "," + kRooms[d % 8] + "-" + std::to_string(d / 8) + ",site-" +
                              std::to_string(d % 37) + "\n";
        }
    }
    std::mt19937_64 random(seed);
    const double step_us = 1e6 / rate;
    Output readings(dir + "/readings.jsonl"), orders(dir + "/orders.jsonl"), shipments(dir + "/shipments.jsonl");
    char line[200];
    for (long long i = 0; i < events; i++) {
        int64_t at = kJoinsBase + static_cast<int64_t>(i * step_us);
        int length = std::snprintf(line, sizeof line, "{\"device_id\":%d,\"temp\":%.2f,\"ts\":\"",
                                   static_cast<int>(random() % static_cast<uint64_t>(devices)),
                                   static_cast<double>(random() % 4000) / 100.0 - 5.0);
        readings.buffer().append(line, static_cast<size_t>(length));
        weir_bench::NexmarkGenerator::append_iso_time(at, readings.buffer());
        readings.buffer() += "\"}\n";
        length = std::snprintf(line, sizeof line, "{\"id\":%lld,\"customer\":%d,\"amount\":%d,\"ts\":\"", i,
                               static_cast<int>(random() % 50000), static_cast<int>(random() % 100000));
        orders.buffer().append(line, static_cast<size_t>(length));
        weir_bench::NexmarkGenerator::append_iso_time(at, orders.buffer());
        orders.buffer() += "\"}\n";
        length = std::snprintf(line, sizeof line, "{\"order_id\":%lld,\"carrier\":\"%s\",\"ts\":\"", i,
                               kCarriers[random() % 5]);
        shipments.buffer().append(line, static_cast<size_t>(length));
        weir_bench::NexmarkGenerator::append_iso_time(at + static_cast<int64_t>(random() % 120000000), shipments.buffer());
        shipments.buffer() += "\"}\n";
        readings.maybe_flush();
        orders.maybe_flush();
        shipments.maybe_flush();
    }
}

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
    int sensors = -1;  // default per kind: 1000 weather sensors, 10000 devices
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
    if (sensors < 0) sensors = kind == "joins" ? 10000 : 1000;
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
    if (kind == "joins") {
        write_joins(events, rate, sensors, seed, dir);
        std::printf("%lld\n", events);
        return 0;
    }
    usage();
    return 2;
}

// Deterministic Nexmark-style event generator (person / auction / bid) for the benchmarks.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace weir_bench {

// Follows the reference generator summed up in /work/shared/nexmark-generator.md:
// - event n is a person when n % 50 == 0, an auction when n % 50 is 1..3, else a bid (1 : 3 : 46);
// - person and auction ids are sequential from 1000; a bid's auction is the hot auction of the current
//   block of 100 with probability 1/2, else a random in-flight auction (last 100 + 10 lead); its bidder
//   is the hot bidder with probability 3/4, else a random active person (last 1000 + 10 lead);
// - event time of event n is base_us + n * 1e6 / rate (rate = events per event-second);
// - price is log-uniform in [100, 1e8]; channel/url half hot, half from 10000 generated channels;
//   `extra` pads each event to the reference's average size (person 200, auction 500, bid 100 bytes).
// (The reference adds the first person id twice to bidders; here bidders are person ids, offset once.)
// Same seed → same events. Not thread-safe.
class NexmarkGenerator {
public:
    enum class Kind { Person, Auction, Bid };

    struct Bid {
        int64_t auction = 0, bidder = 0, price = 0, time_us = 0;
        std::string channel, url, extra;
    };
    struct Person {
        int64_t id = 0, time_us = 0;
        std::string name, email, credit_card, city, state, extra;
    };
    struct Auction {
        int64_t id = 0, initial_bid = 0, reserve = 0, time_us = 0, expires_us = 0, seller = 0, category = 0;
        std::string item_name, description, extra;
    };

    // rate: events per second of event time (> 0). base_us: event time of event 0 (µs since the epoch).
    NexmarkGenerator(double rate, int64_t base_us, uint64_t seed);

    // Generates event number next_id() and advances; the result is in bid(), person() or auction().
    Kind next();
    uint64_t next_id() const { return next_id_; }
    const Bid &bid() const { return bid_; }
    const Person &person() const { return person_; }
    const Auction &auction() const { return auction_; }

    // Appends the current bid as one flat JSON object line / CSV line (header: csv_bid_header()).
    void append_bid_json(std::string &out) const;
    void append_bid_csv(std::string &out) const;
    static const char *csv_bid_header() { return "auction,bidder,price,channel,url,date_time,extra\n"; }
    // Appends the current event in the Flink Kafka layout {"event_type":k,"person":..,"auction":..,"bid":..}.
    void append_event_json(Kind kind, std::string &out) const;

    // ISO-8601 UTC with milliseconds, "2015-07-15T00:00:00.000Z".
    static void append_iso_time(int64_t time_us, std::string &out);

private:
    static int64_t last_person(uint64_t event_id);
    static int64_t last_auction(uint64_t event_id);
    int64_t random_person(uint64_t event_id);
    int64_t random_auction(uint64_t event_id);
    std::string random_string(int max_length);
    std::string random_extra(size_t current_size, size_t average_size);
    int64_t time_of(uint64_t event_id) const;

    double rate_;
    int64_t base_us_;
    std::mt19937_64 random_;
    uint64_t next_id_ = 0;
    Bid bid_;
    Person person_;
    Auction auction_;
    std::vector<std::pair<std::string, std::string>> channels_;  // cold channel names and urls
};

}  // namespace weir_bench

// Nexmark-style person/auction/bid generation and their JSON-lines and CSV encodings.
#include "nexmark_generator.h"

#include <cmath>
#include <cstdio>
#include <ctime>

namespace weir_bench {
namespace {

constexpr int kPersonProportion = 1, kAuctionProportion = 3, kTotalProportion = 50;
constexpr int64_t kFirstPersonId = 1000, kFirstAuctionId = 1000, kFirstCategoryId = 10;
constexpr int64_t kActivePeople = 1000, kInFlightAuctions = 100, kPersonLead = 10, kAuctionLead = 10;
constexpr int kHotAuctionRatio = 2, kHotBidderRatio = 4, kHotSellerRatio = 4, kHotChannelRatio = 2;
constexpr int kChannels = 10000;
const char *kHotChannels[] = {"Google", "Facebook", "Baidu", "Apple"};
const char *kHotUrls[] = {"https://www.nexmark.com/googl/item.htm?query=1", "https://www.nexmark.com/faceb/item.htm?query=1",
                          "https://www.nexmark.com/baidu/item.htm?query=1", "https://www.nexmark.com/apple/item.htm?query=1"};
const char *kFirstNames[] = {"Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah", "Deiter", "Walter"};
const char *kLastNames[] = {"Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris"};
const char *kCities[] = {"Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland", "Bend", "Redmond", "Seattle", "Kent", "Cheyenne"};
const char *kStates[] = {"AZ", "CA", "ID", "OR", "WA", "WY"};

int32_t reverse_bits(int32_t value) {
    uint32_t v = static_cast<uint32_t>(value), r = 0;
    for (int i = 0; i < 32; i++, v >>= 1) r = (r << 1) | (v & 1);
    return static_cast<int32_t>(r);
}

void append_number(int64_t value, std::string &out) {
    char text[24];
    int length = std::snprintf(text, sizeof text, "%lld", static_cast<long long>(value));
    out.append(text, static_cast<size_t>(length));
}

void append_json_string(const char *key, const std::string &value, std::string &out) {
    out += '"';
    out += key;
    out += "\":\"";
    out += value;  // generated text holds no quotes, backslashes or control characters
    out += '"';
}

}  // namespace

NexmarkGenerator::NexmarkGenerator(double rate, int64_t base_us, uint64_t seed)
    : rate_(rate), base_us_(base_us), random_(seed) {
    channels_.reserve(kChannels);
    for (int i = 0; i < kChannels; i++) {
        std::string url = "https://www.nexmark.com/" + random_string(5) + "/" + random_string(5) + "/" +
                          random_string(5) + "/item.htm?query=1";
        if (random_() % 10 > 0) url += "&channel_id=" + std::to_string(std::abs(static_cast<int64_t>(reverse_bits(i))));
        channels_.emplace_back("channel-" + std::to_string(i), std::move(url));
    }
}

int64_t NexmarkGenerator::time_of(uint64_t event_id) const {
    return base_us_ + static_cast<int64_t>(static_cast<double>(event_id) * 1e6 / rate_);
}

int64_t NexmarkGenerator::last_person(uint64_t event_id) {
    int64_t epoch = static_cast<int64_t>(event_id / kTotalProportion);
    int64_t offset = static_cast<int64_t>(event_id % kTotalProportion);
    if (offset >= kPersonProportion) offset = kPersonProportion - 1;
    return epoch * kPersonProportion + offset;
}

int64_t NexmarkGenerator::last_auction(uint64_t event_id) {
    int64_t epoch = static_cast<int64_t>(event_id / kTotalProportion);
    int64_t offset = static_cast<int64_t>(event_id % kTotalProportion);
    if (offset < kPersonProportion) {
        epoch--;
        offset = kAuctionProportion - 1;
    } else if (offset >= kPersonProportion + kAuctionProportion) {
        offset = kAuctionProportion - 1;
    } else {
        offset -= kPersonProportion;
    }
    return epoch * kAuctionProportion + offset;
}

int64_t NexmarkGenerator::random_person(uint64_t event_id) {
    int64_t people = last_person(event_id) + 1;
    int64_t active = std::min(people, kActivePeople);
    int64_t pick = static_cast<int64_t>(random_() % static_cast<uint64_t>(active + kPersonLead));
    return people - active + pick;
}

int64_t NexmarkGenerator::random_auction(uint64_t event_id) {
    int64_t last = last_auction(event_id);
    int64_t first = std::max<int64_t>(last - kInFlightAuctions, 0);
    return first + static_cast<int64_t>(random_() % static_cast<uint64_t>(last - first + 1 + kAuctionLead));
}

std::string NexmarkGenerator::random_string(int max_length) {
    int length = 3 + static_cast<int>(random_() % static_cast<uint64_t>(max_length - 3));
    std::string text;
    for (int i = 0; i < length; i++) text += random_() % 13 == 0 ? ' ' : static_cast<char>('a' + random_() % 26);
    size_t first = text.find_first_not_of(' '), last = text.find_last_not_of(' ');
    return first == std::string::npos ? std::string("x") : text.substr(first, last - first + 1);
}

std::string NexmarkGenerator::random_extra(size_t current_size, size_t average_size) {
    if (current_size > average_size) return std::string();
    size_t desired = average_size - current_size;
    size_t delta = static_cast<size_t>(std::llround(desired * 0.2));
    size_t length = desired - delta + static_cast<size_t>(random_() % (2 * delta + 1));
    std::string text(length, ' ');
    for (char &c : text) c = static_cast<char>('a' + random_() % 26);
    return text;
}

NexmarkGenerator::Kind NexmarkGenerator::next() {
    uint64_t id = next_id_++;
    int64_t time = time_of(id);
    int64_t remainder = static_cast<int64_t>(id % kTotalProportion);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    if (remainder < kPersonProportion) {
        person_.id = last_person(id) + kFirstPersonId;
        person_.time_us = time;
        person_.name = std::string(kFirstNames[random_() % 11]) + " " + kLastNames[random_() % 9];
        person_.email = random_string(7) + "@" + random_string(5) + ".com";
        char card[24];
        std::snprintf(card, sizeof card, "%04d %04d %04d %04d", int(random_() % 10000), int(random_() % 10000),
                      int(random_() % 10000), int(random_() % 10000));
        person_.credit_card = card;
        person_.city = kCities[random_() % 10];
        person_.state = kStates[random_() % 6];
        size_t size = 8 + person_.name.size() + person_.email.size() + person_.credit_card.size() +
                      person_.city.size() + person_.state.size() + 8;
        person_.extra = random_extra(size, 200);
        return Kind::Person;
    }
    if (remainder < kPersonProportion + kAuctionProportion) {
        auction_.id = last_auction(id) + kFirstAuctionId;
        auction_.time_us = time;
        auction_.item_name = random_string(20);
        auction_.description = random_string(100);
        auction_.initial_bid = std::llround(std::pow(10.0, unit(random_) * 6.0) * 100.0);
        auction_.reserve = auction_.initial_bid + std::llround(std::pow(10.0, unit(random_) * 6.0) * 100.0);
        auto horizon_us = static_cast<int64_t>(kInFlightAuctions * kTotalProportion / kAuctionProportion * 1e6 / rate_);
        auction_.expires_us = time + 1000 + static_cast<int64_t>(random_() % static_cast<uint64_t>(2 * horizon_us + 1));
        bool hot_seller = random_() % kHotSellerRatio > 0;
        auction_.seller = (hot_seller ? (last_person(id) / 100) * 100 : random_person(id)) + kFirstPersonId;
        auction_.category = kFirstCategoryId + static_cast<int64_t>(random_() % 5);
        size_t size = 8 + auction_.item_name.size() + auction_.description.size() + 8 + 8 + 8 + 8 + 8;
        auction_.extra = random_extra(size, 500);
        return Kind::Auction;
    }
    bool hot_auction = random_() % kHotAuctionRatio > 0;
    bid_.auction = (hot_auction ? (last_auction(id) / 100) * 100 : random_auction(id)) + kFirstAuctionId;
    bool hot_bidder = random_() % kHotBidderRatio > 0;
    bid_.bidder = (hot_bidder ? (last_person(id) / 100) * 100 + 1 : random_person(id)) + kFirstPersonId;
    bid_.price = std::llround(std::pow(10.0, unit(random_) * 6.0) * 100.0);
    if (random_() % kHotChannelRatio > 0) {
        size_t hot = random_() % 4;
        bid_.channel = kHotChannels[hot];
        bid_.url = kHotUrls[hot];
    } else {
        const auto &channel = channels_[random_() % kChannels];
        bid_.channel = channel.first;
        bid_.url = channel.second;
    }
    bid_.time_us = time;
    bid_.extra = random_extra(8 * 4 + bid_.channel.size() + bid_.url.size(), 100);
    return Kind::Bid;
}

void NexmarkGenerator::append_iso_time(int64_t time_us, std::string &out) {
    time_t seconds = static_cast<time_t>(time_us / 1000000);
    tm parts{};
    gmtime_r(&seconds, &parts);
    char text[40];
    int length = std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900,
                               parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
                               static_cast<int>(time_us % 1000000 / 1000));
    out.append(text, static_cast<size_t>(length));
}

void NexmarkGenerator::append_bid_json(std::string &out) const {
    out += "{\"auction\":";
    append_number(bid_.auction, out);
    out += ",\"bidder\":";
    append_number(bid_.bidder, out);
    out += ",\"price\":";
    append_number(bid_.price, out);
    out += ',';
    append_json_string("channel", bid_.channel, out);
    out += ',';
    append_json_string("url", bid_.url, out);
    out += ",\"date_time\":\"";
    append_iso_time(bid_.time_us, out);
    out += "\",";
    append_json_string("extra", bid_.extra, out);
    out += "}\n";
}

void NexmarkGenerator::append_bid_csv(std::string &out) const {
    append_number(bid_.auction, out);
    out += ',';
    append_number(bid_.bidder, out);
    out += ',';
    append_number(bid_.price, out);
    out += ',';
    out += bid_.channel;
    out += ',';
    out += bid_.url;
    out += ',';
    append_iso_time(bid_.time_us, out);
    out += ',';
    out += bid_.extra;
    out += '\n';
}

void NexmarkGenerator::append_event_json(Kind kind, std::string &out) const {
    out += "{\"event_type\":";
    out += kind == Kind::Person ? '0' : kind == Kind::Auction ? '1' : '2';
    out += ",\"person\":";
    if (kind == Kind::Person) {
        out += "{\"id\":";
        append_number(person_.id, out);
        for (const auto &[key, value] : {std::pair<const char *, const std::string *>{"name", &person_.name},
                                         {"emailAddress", &person_.email}, {"creditCard", &person_.credit_card},
                                         {"city", &person_.city}, {"state", &person_.state}}) {
            out += ',';
            append_json_string(key, *value, out);
        }
        out += ",\"dateTime\":\"";
        append_iso_time(person_.time_us, out);
        out += "\",";
        append_json_string("extra", person_.extra, out);
        out += '}';
    } else {
        out += "null";
    }
    out += ",\"auction\":";
    if (kind == Kind::Auction) {
        out += "{\"id\":";
        append_number(auction_.id, out);
        out += ',';
        append_json_string("itemName", auction_.item_name, out);
        out += ',';
        append_json_string("description", auction_.description, out);
        out += ",\"initialBid\":";
        append_number(auction_.initial_bid, out);
        out += ",\"reserve\":";
        append_number(auction_.reserve, out);
        out += ",\"dateTime\":\"";
        append_iso_time(auction_.time_us, out);
        out += "\",\"expires\":\"";
        append_iso_time(auction_.expires_us, out);
        out += "\",\"seller\":";
        append_number(auction_.seller, out);
        out += ",\"category\":";
        append_number(auction_.category, out);
        out += ',';
        append_json_string("extra", auction_.extra, out);
        out += '}';
    } else {
        out += "null";
    }
    out += ",\"bid\":";
    if (kind == Kind::Bid) {
        std::string line;
        append_bid_json(line);
        line.pop_back();  // the newline
        out += line;
    } else {
        out += "null";
    }
    out += "}\n";
}

}  // namespace weir_bench

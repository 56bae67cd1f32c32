// Sensor/weather reading generation and its JSON-lines and CSV encodings.
#include "weather_generator.h"

#include <cmath>
#include <cstdio>

#include "nexmark_generator.h"

namespace weir_bench {
namespace {

const char *kCities[] = {"Warsaw", "Krakow", "Gdansk", "Wroclaw", "Poznan", "Lodz", "Berlin", "Hamburg", "Munich",
                         "Vienna", "Prague", "Budapest", "Lisbon", "Porto", "Madrid", "Barcelona", "Paris", "Lyon",
                         "Rome", "Milan", "Oslo", "Bergen", "Stockholm", "Helsinki", "Tallinn", "Riga", "Vilnius",
                         "Copenhagen", "Amsterdam", "Brussels", "Dublin", "London", "Edinburgh", "Zurich", "Geneva",
                         "Athens", "Sofia", "Bucharest", "Zagreb", "Ljubljana"};
constexpr int kCityCount = 40;

}  // namespace

WeatherGenerator::WeatherGenerator(double rate, int64_t base_us, int sensors, uint64_t seed)
    : rate_(rate), base_us_(base_us), sensors_(sensors), random_(seed) {}

WeatherGenerator::Reading WeatherGenerator::next() {
    uint64_t id = next_id_++;
    Reading reading{};
    reading.sensor = static_cast<int>(id % static_cast<uint64_t>(sensors_));
    reading.city = kCities[reading.sensor % kCityCount];
    reading.time_us = base_us_ + static_cast<int64_t>(static_cast<double>(id) * 1e6 / rate_);
    std::uniform_real_distribution<double> noise(-2.0, 2.0), unit(0.0, 1.0);
    double day = static_cast<double>(reading.time_us % 86400000000LL) / 86400e6;
    reading.temp = 5.0 + (reading.sensor % kCityCount) * 0.4 + 8.0 * std::sin(day * 6.283185307) + noise(random_);
    reading.humidity = 40.0 + 50.0 * unit(random_);
    reading.pm25 = 2.0 + 60.0 * unit(random_) * unit(random_);
    return reading;
}

void WeatherGenerator::append_json(std::string &out) {
    Reading reading = next();
    char line[400];
    int length = std::snprintf(line, sizeof line,
                               "{\"city\":\"%s\",\"sensor_id\":\"sensor-%05d\",\"sensor_type\":\"air_quality\","
                               "\"temp\":%.2f,\"humidity\":%.1f,\"pm25\":%.1f,\"ts\":\"",
                               reading.city, reading.sensor, reading.temp, reading.humidity, reading.pm25);
    out.append(line, static_cast<size_t>(length));
    NexmarkGenerator::append_iso_time(reading.time_us, out);
    length = std::snprintf(line, sizeof line,
                           "\",\"firmware\":\"v2.3.1\",\"battery\":%.2f,\"location\":{\"lat\":52.2297,\"lon\":21.0122},"
                           "\"status\":\"ok\"}\n",
                           3.3 + (reading.sensor % 7) * 0.1);
    out.append(line, static_cast<size_t>(length));
}

void WeatherGenerator::append_csv(std::string &out) {
    Reading reading = next();
    char line[200];
    int length = std::snprintf(line, sizeof line, "%s,sensor-%05d,%.2f,%.1f,%.1f,", reading.city, reading.sensor,
                               reading.temp, reading.humidity, reading.pm25);
    out.append(line, static_cast<size_t>(length));
    NexmarkGenerator::append_iso_time(reading.time_us, out);
    out += '\n';
}

}  // namespace weir_bench

// Deterministic sensor/weather readings like the examples' pipelines, for the benchmarks.
#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace weir_bench {

// Event n comes from sensor n % sensors, in the city of that sensor (a fixed list of 40 cities);
// event time is base_us + n * 1e6 / rate. Readings: temp (°C, a daily sine per city plus noise),
// humidity, pm25 and a few unused fields (firmware, battery, status) so that an event is ~250 bytes of
// JSON like a real sensor payload. Same seed → same readings. Not thread-safe.
class WeatherGenerator {
public:
    WeatherGenerator(double rate, int64_t base_us, int sensors, uint64_t seed);

    // Appends event next_id() as one JSON object line / CSV line and advances.
    void append_json(std::string &out);
    void append_csv(std::string &out);
    static const char *csv_header() { return "city,sensor_id,temp,humidity,pm25,ts\n"; }

private:
    struct Reading {
        const char *city;
        int sensor;
        double temp, humidity, pm25;
        int64_t time_us;
    };
    Reading next();

    double rate_;
    int64_t base_us_;
    int sensors_;
    std::mt19937_64 random_;
    uint64_t next_id_ = 0;
};

}  // namespace weir_bench

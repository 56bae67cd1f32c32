// Deterministic sensor readings: a daily temperature curve per city plus noise, at a wall-clock rate.
#include "connectors/generator/generator_source.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <simdjson.h>
#include <thread>

#include "common/fast_math.h"
#include "common/schema.h"
#include "common/timestamp.h"
#include "common/weir_error.h"
#include "common/name_suggester.h"

namespace weir {
namespace {

struct City {
    const char *name;
    double mean_temp;  // °C, a plausible yearly mean
    double daily_swing;  // half the day/night difference
};

const City kCities[] = {
    {"Warsaw", 8.5, 5.0},    {"Berlin", 10.0, 5.0},   {"London", 11.5, 4.0},   {"Paris", 12.5, 5.0},
    {"Madrid", 15.5, 7.5},   {"Rome", 16.0, 6.0},     {"Oslo", 6.0, 4.0},      {"Stockholm", 7.5, 4.0},
    {"Helsinki", 5.5, 3.5},  {"Prague", 9.0, 5.5},    {"Vienna", 11.0, 5.0},   {"Athens", 18.5, 6.0},
    {"Lisbon", 17.5, 5.0},   {"Dublin", 10.0, 3.0},   {"Amsterdam", 10.5, 4.0}, {"Cairo", 22.5, 7.0},
    {"Nairobi", 18.0, 6.5},  {"Tokyo", 16.0, 4.5},    {"Sydney", 18.5, 5.0},   {"New York", 12.5, 6.0},
    {"Chicago", 10.0, 6.5},  {"Toronto", 8.5, 6.0},   {"Mexico City", 17.0, 7.0}, {"Mumbai", 27.0, 4.0},
    {"Singapore", 27.5, 3.0}, {"Reykjavik", 5.0, 2.5},
};
constexpr size_t kCityCount = sizeof(kCities) / sizeof(kCities[0]);

enum ColumnKind { kCity, kSensorId, kSensorType, kTemp, kHumidity, kPm25, kTs };

// SplitMix64 finaliser: a well-mixed 64-bit value for (seed, event, stream).
uint64_t mix(uint64_t seed, uint64_t event, uint64_t stream) {
    uint64_t z = seed * 0x9E3779B97F4A7C15ull + event * 0xBF58476D1CE4E5B9ull + stream * 0x94D049BB133111EBull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// Uniform in [0, 1).
double unit(uint64_t bits) { return static_cast<double>(bits >> 11) * (1.0 / 9007199254740992.0); }

// Roughly standard normal (Irwin–Hall with 4 terms), deterministic and cheap: the four 16-bit
// uniforms are summed as integers (exact) and scaled once.
double gaussian(uint64_t seed, uint64_t event, uint64_t stream) {
    uint64_t bits = mix(seed, event, stream);
    uint64_t sum = (bits & 0xFFFF) + ((bits >> 16) & 0xFFFF) + ((bits >> 32) & 0xFFFF) + (bits >> 48);
    return (static_cast<double>(sum) / 65536.0 - 2.0) * 1.7320508;
}

// The daily temperature curve, peaking at 15:00 UTC and lowest at 03:00, sampled once a minute;
// values between samples are interpolated linearly (within 3e-6 of the sine).
constexpr int kCurveSamples = 24 * 60;
const std::vector<double> &day_curve() {
    static const std::vector<double> curve = [] {
        std::vector<double> samples(kCurveSamples + 1);
        for (int m = 0; m <= kCurveSamples; m++) samples[m] = std::sin(2 * M_PI * (m / double(kCurveSamples) - 0.375));
        return samples;
    }();
    return curve;
}

}  // namespace

const Schema &GeneratorSource::produced_columns() {
    static const Schema schema({{"city", TypeId::Text},      {"sensor_id", TypeId::Text}, {"sensor_type", TypeId::Text},
                                {"temp", TypeId::Double},    {"humidity", TypeId::Double}, {"pm25", TypeId::Double},
                                {"ts", TypeId::Timestamp}});
    return schema;
}

const std::vector<std::string> &GeneratorSource::option_names() {
    static const std::vector<std::string> names = {"bad_ratio", "count", "interval", "jitter", "keys",
                                                   "rate",      "seed",  "speed",    "start"};
    return names;
}

void GeneratorSource::validate(const OptionReader &options, const Schema &declared) {
    std::string rate = options.text("rate", "1000");
    if (rate != "unbounded") options.number("rate", 1000, 0, 1e9);
    options.integer("count", 0, 0, INT64_MAX);
    options.integer("keys", 10, 1, 1000000);
    options.integer("seed", 42, INT64_MIN, INT64_MAX);
    options.duration("jitter", 0);
    options.number("speed", 1, 1e-6, 1e9);
    options.timestamp("start");
    if (options.has("interval") && options.duration("interval", 0) <= 0) {
        throw WeirError(ErrorKind::Bind, "interval must be a positive duration, got '" + options.text("interval") + "'");
    }
    options.number("bad_ratio", 0, 0, 1);
    const Schema &produced = produced_columns();
    std::vector<std::string> names;
    for (const auto &column : produced.columns()) names.push_back(column.name);
    for (const auto &column : declared.columns()) {
        auto index = produced.find(column.name);
        if (!index) {
            throw WeirError(ErrorKind::Bind, "the generator produces no column `" + column.name +
                                                 "`; it produces city, sensor_id, sensor_type, temp, humidity, "
                                                 "pm25, ts" + NameSuggester::did_you_mean(column.name, names));
        }
        if (produced[*index].type != column.type) {
            throw WeirError(ErrorKind::Bind, std::string("generator column `") + produced[*index].name + "` is " +
                                                 type_name(produced[*index].type) + ", declare it so instead of " +
                                                 type_name(column.type));
        }
    }
}

GeneratorSource::GeneratorSource(SourceSpec spec) : spec_(std::move(spec)) {
    OptionReader options(spec_.connector, spec_.options);
    validate(options, spec_.declared);
    batch_size_ = static_cast<size_t>(options.integer("batch_size", static_cast<int64_t>(spec_.batch_size), 1, 1000000));
    std::string rate = options.text("rate", "1000");
    rate_ = rate == "unbounded" ? 0 : options.number("rate", 1000, 0, 1e9);
    bounded_ = options.has("count");
    count_ = static_cast<uint64_t>(options.integer("count", 0, 0, INT64_MAX));
    seed_ = static_cast<uint64_t>(options.integer("seed", 42, INT64_MIN, INT64_MAX));
    jitter_us_ = options.duration("jitter", 0);
    double speed = options.number("speed", 1, 1e-6, 1e9);
    if (options.has("interval")) interval_us_ = options.duration("interval", 0);
    else if (rate_ == 0) interval_us_ = kMicrosPerMilli;
    else interval_us_ = std::max<int64_t>(1, std::llround(speed * 1e6 / rate_));
    auto start = options.timestamp("start");
    start_given_ = start.has_value();
    start_us_ = start.value_or(0);
    bad_ratio_ = options.number("bad_ratio", 0, 0, 1);

    size_t keys = static_cast<size_t>(options.integer("keys", 10, 1, 1000000));
    names_ = std::make_shared<StringArena>();
    auto types = std::make_shared<std::vector<std::string_view>>();
    types->push_back(names_->add("weather"));
    types->push_back(names_->add("air_quality"));
    auto cities = std::make_shared<std::vector<std::string_view>>();
    for (const auto &city : kCities) cities->push_back(names_->add(city.name));
    auto ids = std::make_shared<std::vector<std::string_view>>();
    for (size_t k = 0; k < keys; k++) {
        const City &city = kCities[k % kCityCount];
        char id[32];
        std::snprintf(id, sizeof id, "sensor-%04zu", k + 1);
        ids->push_back(names_->add(id));
        Sensor sensor;
        sensor.city = static_cast<uint32_t>(k % kCityCount);
        sensor.measures_pm25 = (k / kCityCount) % 2 == 1 || k % 3 == 2;
        sensor.type = sensor.measures_pm25 ? 1 : 0;
        sensor.base = city.mean_temp;
        sensor.amplitude = city.daily_swing;
        sensor.offset = (unit(mix(seed_, k, 99)) - 0.5) * 1.5;  // siting differences between sensors
        sensors_.push_back(sensor);
    }
    cities_ = std::move(cities);
    sensor_ids_ = std::move(ids);
    types_ = std::move(types);
}

std::optional<std::string> GeneratorSource::position() const {
    std::string text = "{\"event\":" + std::to_string(emitted_);
    // Before open() without a `start` option the start time is not known yet: the restore takes it then.
    if (start_given_ || opened_) text += ",\"start\":" + std::to_string(start_us_);
    return text + "}";
}

void GeneratorSource::restore_position(const std::string &position) {
    auto unreadable = [&]() {
        std::string shown = position.size() > 120 ? position.substr(0, 120) + "..." : position;
        return WeirError(ErrorKind::Data, "cannot restore source `" + spec_.name + "`: its checkpoint position is not "
                                          "a generator position (expected {\"event\":N,\"start\":micros}), got '" +
                                          shown + "'");
    };
    simdjson::dom::parser parser;
    simdjson::dom::element document;
    simdjson::dom::object object;
    uint64_t event = 0;
    if (parser.parse(simdjson::padded_string(position)).get(document)) throw unreadable();
    if (document.get_object().get(object) || object["event"].get_uint64().get(event)) throw unreadable();
    simdjson::dom::element start;
    auto start_error = object["start"].get(start);
    if (start_error != simdjson::SUCCESS && start_error != simdjson::NO_SUCH_FIELD) throw unreadable();
    if (start_error == simdjson::SUCCESS) {
        if (start.get_int64().get(start_us_)) throw unreadable();
        start_given_ = true;
    }
    emitted_ = event;
    first_event_ = event;
}

void GeneratorSource::open() {
    opened_ = true;
    if (!start_given_) {
        auto now = std::chrono::system_clock::now().time_since_epoch();
        start_us_ = std::chrono::duration_cast<std::chrono::milliseconds>(now).count() * kMicrosPerMilli;
    }
}

uint64_t GeneratorSource::due_events() const {
    uint64_t due = UINT64_MAX;
    if (rate_ > 0) {
        double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start_).count();
        due = first_event_ + static_cast<uint64_t>(elapsed * rate_) + 1;
    }
    if (bounded_) due = std::min(due, count_);
    return due;
}

Source::PollResult GeneratorSource::poll(Batch &out) {
    if (bounded_ && emitted_ >= count_) return PollResult::End;
    if (!clock_started_) {
        clock_started_ = true;
        wall_start_ = std::chrono::steady_clock::now();
    }
    uint64_t due = due_events();
    if (due <= emitted_) return PollResult::Idle;
    size_t rows = static_cast<size_t>(std::min<uint64_t>(batch_size_, due - emitted_));

    sensor_of_row_.resize(rows);
    time_of_row_.resize(rows);
    for (size_t i = 0; i < rows; i++) {
        uint64_t event = emitted_ + i;
        sensor_of_row_[i] = index_below(mix(seed_, event, 1), sensors_.size());
        int64_t lateness = jitter_us_ > 0 ? static_cast<int64_t>(mix(seed_, event, 2) % uint64_t(jitter_us_ + 1)) : 0;
        time_of_row_[i] = start_us_ + static_cast<int64_t>(event) * interval_us_ - lateness;
    }

    out.clear_selection();
    out.row_watermarks.clear();
    out.arenas.clear();
    out.arenas.push_back(names_);
    out.columns.resize(spec_.projection.size());
    for (size_t c = 0; c < spec_.projection.size(); c++) {
        const Column &declared = spec_.declared[spec_.projection[c]];
        out.columns[c].reset(declared.type, rows);
        fill_column(c, *produced_columns().find(declared.name), out, rows);
    }
    out.set_size(rows);
    emitted_ += rows;
    return PollResult::Data;
}

void GeneratorSource::fill_column(size_t output, size_t kind, Batch &out, size_t rows) {
    ColumnVector &column = out.columns[output];
    switch (kind) {
    case kCity:
        codes_.resize(rows);
        for (size_t i = 0; i < rows; i++) codes_[i] = sensors_[sensor_of_row_[i]].city;
        fill_text(column, cities_, codes_, rows);
        return;
    case kSensorId:
        fill_text(column, sensor_ids_, sensor_of_row_, rows);
        return;
    case kSensorType:
        codes_.resize(rows);
        for (size_t i = 0; i < rows; i++) codes_[i] = sensors_[sensor_of_row_[i]].type;
        fill_text(column, types_, codes_, rows);
        return;
    case kTs:
        for (size_t i = 0; i < rows; i++) column.ints()[i] = time_of_row_[i];
        return;
    default: break;
    }
    double *values = column.doubles();
    const double *curve_samples = day_curve().data();
    // Times within a batch are close together: keep the start of the current row's day and move it
    // by whole days instead of dividing per row.
    int64_t day_start = rows > 0 ? floor_div(time_of_row_[0], kMicrosPerDay) * kMicrosPerDay : 0;
    for (size_t i = 0; i < rows; i++) {
        uint64_t event = emitted_ + i;
        const Sensor &sensor = sensors_[sensor_of_row_[i]];
        int64_t into_day = time_of_row_[i] - day_start;
        while (into_day >= kMicrosPerDay) day_start += kMicrosPerDay, into_day -= kMicrosPerDay;
        while (into_day < 0) day_start -= kMicrosPerDay, into_day += kMicrosPerDay;
        double position = static_cast<double>(into_day) * (double(kCurveSamples) / double(kMicrosPerDay));
        int sample = static_cast<int>(position);
        double fraction = position - sample;
        double curve = sensor.amplitude * (curve_samples[sample] +
                                           fraction * (curve_samples[sample + 1] - curve_samples[sample]));
        double temp = sensor.base + sensor.offset + curve + 0.4 * gaussian(seed_, event, 3);
        double value = 0;
        if (kind == kTemp) {
            value = round_half_away(temp * 10) / 10;
            if (bad_ratio_ > 0 && unit(mix(seed_, event, 6)) < bad_ratio_) {
                if (mix(seed_, event, 7) & 1) column.set_null(i);
                else value = 999.9;
            }
        } else if (kind == kHumidity) {
            double humidity = 65 - 2.5 * curve + 4 * gaussian(seed_, event, 4);
            value = round_half_away(std::clamp(humidity, 5.0, 100.0) * 10) / 10;
        } else {
            if (!sensor.measures_pm25) column.set_null(i);
            double pm25 = std::exp(2.4 + 0.45 * gaussian(seed_, event, 5));
            value = round_half_away(pm25 * 10) / 10;
        }
        values[i] = value;
    }
}

void GeneratorSource::fill_text(ColumnVector &column, const Dictionary &dictionary, const std::vector<uint32_t> &codes,
                                size_t rows) {
    std::string_view *strings = column.strings();
    const std::string_view *values = dictionary->data();
    for (size_t i = 0; i < rows; i++) strings[i] = values[codes[i]];
    column.set_dictionary(dictionary, codes.data());
}

double GeneratorSource::wake_after(uint64_t pending, size_t batch_size, double rate) {
    // The next event is due at `next`; a full batch at `fuller`. Wait for the full batch only when it
    // comes within kPartialBatchWait (it used to be 50ms: every window then reached the host up to 50ms
    // after its watermark could pass, see bench/latency.cpp).
    double next = static_cast<double>(pending) / rate;
    double fuller = static_cast<double>(pending + batch_size - 1) / rate;
    return std::max(next, std::min(fuller, next + kPartialBatchWait));
}

void GeneratorSource::wait_for_data(int timeout_ms) {
    if (rate_ <= 0 || timeout_ms <= 0) return;
    if (bounded_ && emitted_ >= count_) return;
    double target = wake_after(emitted_ - first_event_, batch_size_, rate_);
    auto wake = wall_start_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                  std::chrono::duration<double>(target));
    auto limit = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    std::this_thread::sleep_until(std::min(wake, limit));
}

}  // namespace weir

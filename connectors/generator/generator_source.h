// Source connector 'generator': realistic, reproducible sensor/weather readings at a chosen rate.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/schema.h"
#include "common/string_arena.h"
#include "connectors/option_reader.h"
#include "connectors/source.h"

namespace weir {

// Produces the columns city TEXT, sensor_id TEXT, sensor_type TEXT ('weather' | 'air_quality'),
// temp DOUBLE, humidity DOUBLE, pm25 DOUBLE (NULL for weather sensors), ts TIMESTAMP; a source may
// declare any subset in any order. Options: rate (events per wall-clock second, '0' or 'unbounded'
// = as fast as possible; default 1000), count (bounded when set), keys (distinct sensors, spread over
// a fixed list of real cities; default 10), seed (default 42; same seed and start → same rows),
// jitter (max out-of-order lateness, default 0), speed (event time per wall time; default 1), start
// (first event time; default now), interval (event-time step; default speed/rate seconds, 1ms when
// unbounded), bad_ratio (0..1: share of readings with a NULL or out-of-range (999.9) temp; default 0).
// Every value of event i is a pure function of (seed, i), so columns are filled one at a time.
// Checkpoints: position() is {"event":N,"start":S}: the index of the next event and the event time of
// event 0 in microseconds (taken from the wall clock at open() when `start` is not set), so a restored
// source continues at event N with the event times of the uninterrupted run; count still bounds it
// and the rate paces the events after N from the restored process's first poll.
class GeneratorSource : public Source {
public:
    explicit GeneratorSource(SourceSpec spec);

    static const std::vector<std::string> &option_names();
    // The columns the generator produces.
    static const Schema &produced_columns();
    // Checks option values and that every declared column is produced with the same type.
    static void validate(const OptionReader &options, const Schema &declared);
    static bool is_bounded(const OptionReader &options) { return options.has("count"); }

    void open() override;
    PollResult poll(Batch &out) override;
    // Sleeps until the next event is due, or until a full batch is when that comes within
    // kPartialBatchWait of the next event: a partial batch never waits longer than that for more rows.
    void wait_for_data(int timeout_ms) override;
    // The longest a due event waits for a fuller batch. Short, so a slow stream's watermark follows the
    // wall clock closely (windows are emitted within a few ms of closing); a stream slower than
    // batch_size per 5ms costs about 200 wake-ups a second.
    static constexpr double kPartialBatchWait = 0.005;
    // When wait_for_data wakes, in seconds after the pacing clock started: `pending` = events emitted
    // since then (the next one is due at pending / rate).
    static double wake_after(uint64_t pending, size_t batch_size, double rate);

    std::optional<std::string> position() const override;
    void restore_position(const std::string &position) override;

private:
    struct Sensor {
        uint32_t city, type;  // indexes into cities_ and types_
        double base, amplitude, offset;
        bool measures_pm25;
    };
    using Dictionary = std::shared_ptr<const std::vector<std::string_view>>;
    // Fills a Text column from per-row codes into `dictionary` and keeps the encoding on the column.
    void fill_text(ColumnVector &column, const Dictionary &dictionary, const std::vector<uint32_t> &codes, size_t rows);
    // Events due by the wall clock now, capped by count.
    uint64_t due_events() const;
    void fill_column(size_t output, size_t declared, Batch &out, size_t rows);

    SourceSpec spec_;
    size_t batch_size_;
    double rate_ = 1000;  // 0 = unbounded
    bool bounded_ = false;
    uint64_t count_ = 0;
    uint64_t seed_ = 42;
    int64_t jitter_us_ = 0;
    int64_t interval_us_ = 0;
    int64_t start_us_ = 0;
    bool start_given_ = false;
    double bad_ratio_ = 0;
    std::shared_ptr<StringArena> names_;
    // The distinct text values (views into names_): text columns are dictionary-encoded over these.
    Dictionary cities_, sensor_ids_, types_;
    std::vector<Sensor> sensors_;
    uint64_t emitted_ = 0;
    uint64_t first_event_ = 0;  // the restored event index: the wall-clock pacing starts there
    bool clock_started_ = false;
    bool opened_ = false;
    std::chrono::steady_clock::time_point wall_start_;
    // Per-batch scratch: sensor index and event time of each row.
    std::vector<uint32_t> sensor_of_row_;
    std::vector<int64_t> time_of_row_;
    std::vector<uint32_t> codes_;
};

}  // namespace weir

// One source of a job and what the driver keeps for it: its watermark tracker, position and end.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "connectors/source.h"
#include "exec/operator.h"
#include "exec/watermark_tracker.h"

namespace weir {

// Configuration (set by whoever builds the job) and driver state (touched by the JobDriver and
// its JobCheckpointer only, on the driver thread). docs/joins.md#jobs-with-several-sources.
struct JobInput {
    std::unique_ptr<Source> source;
    // Where its batches, watermarks and end go (nullptr: straight to the sink).
    Operator *entry = nullptr;
    // The event-time column of its batches (none: no watermarks; windows close at the end).
    std::optional<size_t> event_time_column;
    int64_t watermark_delay = 0;
    int64_t idle_timeout = WatermarkTracker::kDefaultIdleTimeout;
    // A bounded source without a WATERMARK clause: its watermark stays at kWatermarkMin until it
    // ends, so every window over it closes at the end (the batch answer, whatever the order).
    bool hold_watermark = false;
    // The table side of a lookup join: read to its end before any other input is polled.
    bool read_first = false;
    // docs/semantics.md#future-timestamps: rows stamped more than this ahead of the wall clock
    // are reported through report_future and dropped before they can move the watermark.
    std::optional<int64_t> max_future;
    std::function<void(const BadRecord &)> report_future;

    // Driver state.
    WatermarkTracker tracker;
    int64_t forwarded = kWatermarkMin;  // the last watermark pushed into entry
    bool ended = false;
    bool closed = false;
};

}  // namespace weir

// Computes the job watermark from event times per source partition (docs/semantics.md#event-time-and-watermarks).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "common/batch.h"
#include "common/state_reader.h"
#include "common/state_writer.h"
#include "common/timestamp.h"

namespace weir {

// Per partition p: W_p = max(event times seen on p) - delay. The job watermark is the minimum of
// W_p over the partitions that are not idle (no data for idle_timeout of wall-clock time; a
// partition becomes active again with its next batch) and never moves backwards. A partition is
// known once it delivered data or was declared (declare_partitions); a declared partition without
// data holds the watermark at kWatermarkMin until it delivers or goes idle (idle_timeout after it
// was declared). When every partition is idle, the job watermark is the minimum of W_p over the
// partitions that delivered data, so a partition that never delivers cannot hold windows open.
// Not thread-safe.
class WatermarkTracker {
public:
    // Wall-clock microseconds (monotonic); injectable for tests.
    using Clock = std::function<int64_t()>;
    static constexpr int64_t kDefaultIdleTimeout = 10 * kMicrosPerSecond;

    explicit WatermarkTracker(int64_t delay = 0, int64_t idle_timeout = kDefaultIdleTimeout, Clock clock = {});

    // Fills batch.row_watermarks (one per physical row) with the job watermark holding before each
    // row, in physical row order, then leaves the state updated by every row of the batch. Every
    // row of `time_column` must be a non-NULL TIMESTAMP (sources never emit others); a NULL row is
    // skipped (it neither advances nor is checked).
    void assign(Batch &batch, size_t time_column, int partition);
    // The source reads exactly these partitions now: unknown ones become known, as if they had just
    // delivered an empty batch (so they hold the watermark back for up to idle_timeout); known ones
    // not listed (revoked by a rebalance, read to their end) stop holding it back at once, keeping
    // their maxima for when they are listed again. An empty list changes nothing (a source that does
    // not know its partitions, or one between a revocation and the next assignment).
    void declare_partitions(const std::vector<int> &partitions);
    // Re-evaluates idleness against the clock (the driver calls it while the source is idle): a
    // lagging partition that went idle stops holding the watermark back. Returns current().
    int64_t refresh();
    // The job watermark (kWatermarkMin before any data).
    int64_t current() const { return watermark_; }
    // The input ended: the watermark becomes kWatermarkMax.
    void end() { watermark_ = kWatermarkMax; }
    // Checkpoints: the per-partition maxima and the job watermark (idle clocks are not kept: a
    // restored partition counts as having delivered data at restore time).
    void snapshot(StateWriter &out) const;
    void restore(StateReader &in);

private:
    struct Partition {
        int64_t max_time = kWatermarkMin;
        int64_t last_data = 0;  // clock value of its last batch
        bool known = false;
    };
    int64_t partition_watermark(const Partition &p) const;
    // Minimum W_q over active partitions q != skip (kWatermarkMax if none).
    int64_t others_min(int skip, int64_t now) const;
    // Minimum W_q over known partitions that delivered data, idle or not (kWatermarkMax if none).
    int64_t delivered_min() const;

    int64_t delay_;
    int64_t idle_timeout_;
    Clock clock_;
    std::vector<Partition> partitions_;
    int64_t watermark_ = kWatermarkMin;
};

}  // namespace weir

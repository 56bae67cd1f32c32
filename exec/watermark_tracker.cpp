// Per-partition running maxima and the carried per-row job watermark.
#include "exec/watermark_tracker.h"

#include <algorithm>
#include <chrono>

#include "common/weir_error.h"

namespace weir {

WatermarkTracker::WatermarkTracker(int64_t delay, int64_t idle_timeout, Clock clock)
    : delay_(delay), idle_timeout_(idle_timeout), clock_(std::move(clock)) {
    if (!clock_) {
        clock_ = [] {
            return std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::steady_clock::now().time_since_epoch())
                .count();
        };
    }
}

int64_t WatermarkTracker::partition_watermark(const Partition &p) const {
    if (p.max_time == kWatermarkMin) return kWatermarkMin;
    // Saturate instead of overflowing for times near the ends of the range.
    if (delay_ > 0 && p.max_time < kWatermarkMin + delay_) return kWatermarkMin;
    return p.max_time - delay_;
}

int64_t WatermarkTracker::others_min(int skip, int64_t now) const {
    int64_t result = kWatermarkMax;
    for (size_t q = 0; q < partitions_.size(); q++) {
        const Partition &p = partitions_[q];
        if (!p.known || static_cast<int>(q) == skip) continue;
        if (now - p.last_data >= idle_timeout_) continue;
        result = std::min(result, partition_watermark(p));
    }
    return result;
}

void WatermarkTracker::declare_partitions(const std::vector<int> &partitions) {
    if (partitions.empty()) return;
    int64_t now = clock_();
    std::vector<bool> listed(partitions_.size(), false);
    for (int partition : partitions) {
        if (partition < 0) throw WeirError(ErrorKind::Internal, "a source declared a negative partition number.");
        if (static_cast<size_t>(partition) >= partitions_.size()) {
            partitions_.resize(partition + 1);
            listed.resize(partition + 1, false);
        }
        listed[partition] = true;
        Partition &declared = partitions_[partition];
        if (declared.known) continue;
        declared.known = true;
        declared.last_data = now;
    }
    // Partitions the source no longer reads (revoked in a rebalance, or read to their end) stop
    // holding the watermark back; their maxima stay for when they come back.
    for (size_t q = 0; q < partitions_.size(); q++) {
        if (!listed[q]) partitions_[q].known = false;
    }
}

void WatermarkTracker::assign(Batch &batch, size_t time_column, int partition) {
    if (partition < 0) throw WeirError(ErrorKind::Internal, "a source reported a negative partition number.");
    if (static_cast<size_t>(partition) >= partitions_.size()) partitions_.resize(partition + 1);
    int64_t now = clock_();
    Partition &self = partitions_[partition];
    self.known = true;
    self.last_data = now;
    const int64_t others = others_min(partition, now);

    size_t rows = batch.size();
    batch.row_watermarks.resize(rows);
    int64_t *out = batch.row_watermarks.data();
    const ColumnVector &times = batch.columns[time_column];
    const int64_t *ts = times.ints();
    const bool all_valid = times.all_valid();
    int64_t watermark = watermark_;
    int64_t max_time = self.max_time;
    for (size_t i = 0; i < rows; i++) {
        out[i] = watermark;
        if (!all_valid && times.is_null(i)) continue;
        if (ts[i] <= max_time) continue;
        max_time = ts[i];
        self.max_time = max_time;
        int64_t candidate = std::min(others, partition_watermark(self));
        if (candidate > watermark) watermark = candidate;
    }
    // A batch with no rows still counts as activity; recompute once in case others went idle.
    int64_t candidate = std::min(others, partition_watermark(self));
    if (self.max_time != kWatermarkMin && candidate > watermark) watermark = candidate;
    watermark_ = watermark;
}

int64_t WatermarkTracker::refresh() {
    if (watermark_ == kWatermarkMax) return watermark_;
    int64_t now = clock_();
    int64_t candidate = others_min(-1, now);
    // All partitions idle: the ones that never delivered stop counting too (they held the watermark
    // only while they might still deliver), so it is the minimum over those that delivered.
    if (candidate == kWatermarkMax) candidate = delivered_min();
    if (candidate != kWatermarkMax && candidate > watermark_) watermark_ = candidate;
    return watermark_;
}

int64_t WatermarkTracker::delivered_min() const {
    int64_t result = kWatermarkMax;
    for (const Partition &p : partitions_) {
        if (p.known && p.max_time != kWatermarkMin) result = std::min(result, partition_watermark(p));
    }
    return result;
}

}  // namespace weir

namespace weir {

void WatermarkTracker::snapshot(StateWriter &out) const {
    out.write_tag("watermarks");
    out.write_i64(watermark_);
    out.write_u64(partitions_.size());
    for (const Partition &partition : partitions_) {
        out.write_u8(partition.known ? 1 : 0);
        out.write_i64(partition.max_time);
    }
}

void WatermarkTracker::restore(StateReader &in) {
    in.expect_tag("watermarks");
    watermark_ = in.read_i64();
    size_t count = in.read_count(1 << 20);
    int64_t now = clock_();
    partitions_.assign(count, Partition{});
    for (Partition &partition : partitions_) {
        partition.known = in.read_u8() != 0;
        partition.max_time = in.read_i64();
        partition.last_data = now;
    }
}

}  // namespace weir

// Pane and window boundary arithmetic with floor division (times before 1970 align too).
#include "exec/window_assigner.h"

#include <numeric>

#include "common/batch.h"
#include "common/timestamp.h"
#include "common/weir_error.h"
#include "planner/query_plan.h"

namespace weir {

WindowAssigner::WindowAssigner(int64_t size, int64_t slide) : size_(size), slide_(slide) {
    check_window_shape(size, slide, "the window");
    pane_ = std::gcd(size, slide);
}

int64_t WindowAssigner::pane_start(int64_t time) const { return floor_div(time, pane_) * pane_; }

int64_t WindowAssigner::first_window_start(int64_t pane_start) const {
    // The smallest multiple of slide strictly greater than pane_start - size.
    if (pane_start < kWatermarkMin + size_) return kWatermarkMin;
    return (floor_div(pane_start - size_, slide_) + 1) * slide_;
}

int64_t WindowAssigner::last_window_end(int64_t time) const {
    int64_t start = floor_div(time, slide_) * slide_;
    if (start > kWatermarkMax - size_) return kWatermarkMax;
    return start + size_;
}

int64_t WindowAssigner::next_window_end(int64_t watermark) const {
    if (watermark == kWatermarkMin) return kWatermarkMin;
    // Window ends are size + k * slide; the first one above watermark.
    int64_t k = floor_div(watermark - size_ % slide_, slide_) + 1;
    int64_t base = size_ % slide_;
    if (k > (kWatermarkMax - base) / slide_) return kWatermarkMax;
    return base + k * slide_;
}

}  // namespace weir

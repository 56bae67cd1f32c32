// The arithmetic of TUMBLE/HOP windows over shared panes of length gcd(slide, size).
#pragma once

#include <cstdint>

namespace weir {

// Windows are [s, s + size) for every s that is a multiple of slide (TUMBLE: slide == size). Time
// is cut into panes [p, p + pane) with pane = gcd(slide, size); every window is a whole number of
// panes, so a row is stored once, in its pane, and a window's value merges its panes. All
// arguments are event times in µs; results saturate instead of overflowing at the range ends.
class WindowAssigner {
public:
    // Throws WeirError(Bind) unless the shape passes check_window_shape (planner/query_plan.h).
    WindowAssigner(int64_t size, int64_t slide);

    int64_t size() const { return size_; }
    int64_t slide() const { return slide_; }
    int64_t pane() const { return pane_; }
    // Start of the pane holding `time`.
    int64_t pane_start(int64_t time) const;
    // Start of the earliest window containing the pane starting at `pane_start`.
    int64_t first_window_start(int64_t pane_start) const;
    // End of the latest window containing `time` (a row whose carried watermark is >= this is late).
    int64_t last_window_end(int64_t time) const;
    // The smallest window end strictly greater than `watermark`.
    int64_t next_window_end(int64_t watermark) const;

private:
    int64_t size_;
    int64_t slide_;
    int64_t pane_;
};

}  // namespace weir

// Tests of WindowAssigner: panes of gcd(slide, size), window boundaries, negative times.
#include "exec/window_assigner.h"

#include <gtest/gtest.h>

#include "common/batch.h"
#include "common/timestamp.h"
#include "common/weir_error.h"

namespace weir {
namespace {

TEST(WindowAssignerTest, TumblePaneIsTheWindow) {
    WindowAssigner tumble(10, 10);
    EXPECT_EQ(tumble.pane(), 10);
    EXPECT_EQ(tumble.pane_start(19), 10);
    EXPECT_EQ(tumble.pane_start(-1), -10);
    EXPECT_EQ(tumble.first_window_start(10), 10);
    EXPECT_EQ(tumble.last_window_end(19), 20);
    EXPECT_EQ(tumble.next_window_end(19), 20);
    EXPECT_EQ(tumble.next_window_end(20), 30);
    EXPECT_EQ(tumble.next_window_end(-5), 0);
}

TEST(WindowAssignerTest, HopUsesGcdPanes) {
    // HOP(slide 4, size 10): panes of 2; windows [0,10), [4,14), [8,18), ...
    WindowAssigner hop(10, 4);
    EXPECT_EQ(hop.pane(), 2);
    EXPECT_EQ(hop.pane_start(9), 8);
    // Pane [8,10) is in the windows starting at 0, 4 and 8: the first is 0.
    EXPECT_EQ(hop.first_window_start(8), 0);
    // Pane [10,12) is in windows starting at 4 and 8.
    EXPECT_EQ(hop.first_window_start(10), 4);
    EXPECT_EQ(hop.last_window_end(9), 18);
    // Ends are 10, 14, 18, ...: 2 mod 4.
    EXPECT_EQ(hop.next_window_end(10), 14);
    EXPECT_EQ(hop.next_window_end(9), 10);
    EXPECT_EQ(hop.next_window_end(kWatermarkMin), kWatermarkMin);
    EXPECT_EQ(hop.next_window_end(kWatermarkMax - 1), kWatermarkMax);
}

TEST(WindowAssignerTest, RejectsBadSizes) {
    EXPECT_THROW(WindowAssigner(0, 0), WeirError);
    EXPECT_THROW(WindowAssigner(5, 10), WeirError);
    EXPECT_THROW(WindowAssigner(10, -1), WeirError);
}

TEST(WindowAssignerTest, RefusesMoreThanTenThousandWindowsPerRow) {
    // HOP(ts, 1ms, 1d) put each row in 86.4 million windows; the job grew until bad_alloc.
    try {
        WindowAssigner(kMicrosPerDay, kMicrosPerMilli);
        FAIL() << "HOP(ts, 1ms, 1d) was accepted";
    } catch (const WeirError &error) {
        EXPECT_NE(std::string(error.what()).find("puts every row in 86400000 windows (size 1d / slide 1ms)"),
                  std::string::npos)
            << error.what();
        EXPECT_NE(std::string(error.what()).find("a slide of at least 8640ms"), std::string::npos) << error.what();
    }
    EXPECT_NO_THROW(WindowAssigner(10000 * kMicrosPerSecond, kMicrosPerSecond));  // exactly 10,000
    EXPECT_THROW(WindowAssigner(10000 * kMicrosPerSecond + 1, kMicrosPerSecond), WeirError);  // 10,001
}

TEST(WindowAssignerTest, RefusesASizeLongerThanTheTimestampRange) {
    EXPECT_NO_THROW(WindowAssigner(kMaxIntervalSpan, kMaxIntervalSpan));
    EXPECT_THROW(WindowAssigner(kMaxIntervalSpan + 1, kMaxIntervalSpan + 1), WeirError);
    // Window boundaries at both ends of the range do not overflow.
    WindowAssigner tumble(kMaxIntervalSpan, kMaxIntervalSpan);
    EXPECT_GT(tumble.last_window_end(kMaxTimestamp), kMaxTimestamp);
    EXPECT_LE(tumble.first_window_start(tumble.pane_start(kMinTimestamp)), kMinTimestamp);
}

}  // namespace
}  // namespace weir

// Tests of WatermarkTracker: carried per-row watermarks, partitions, idleness, monotonicity.
#include "exec/watermark_tracker.h"

#include <gtest/gtest.h>

#include "common/weir_error.h"
#include "operator_test_batches.h"

namespace weir {
namespace {

constexpr int64_t kSecond = kMicrosPerSecond;

Batch times(const std::vector<int64_t> &seconds) {
    std::vector<std::vector<Value>> rows;
    for (int64_t s : seconds) rows.push_back({Value::timestamp(s * kSecond)});
    return test::make_batch({TypeId::Timestamp}, rows);
}

std::vector<int64_t> in_seconds(const std::vector<int64_t> &watermarks) {
    std::vector<int64_t> out;
    for (int64_t w : watermarks) out.push_back(w == kWatermarkMin ? -1 : w / kSecond);
    return out;
}

TEST(WatermarkTrackerTest, EachRowCarriesTheWatermarkBeforeIt) {
    WatermarkTracker tracker(2 * kSecond);
    Batch batch = times({10, 12, 11, 15, 13});
    tracker.assign(batch, 0, 0);
    // Before row 0 nothing is known (-1 = kWatermarkMin); then max - 2s: 8, 10, 10, 13.
    EXPECT_EQ(in_seconds(batch.row_watermarks), (std::vector<int64_t>{-1, 8, 10, 10, 13}));
    EXPECT_EQ(tracker.current(), 13 * kSecond);
    // The next batch continues from the state: an older row does not move it back.
    Batch next = times({9, 20});
    tracker.assign(next, 0, 0);
    EXPECT_EQ(in_seconds(next.row_watermarks), (std::vector<int64_t>{13, 13}));
    EXPECT_EQ(tracker.current(), 18 * kSecond);
}

TEST(WatermarkTrackerTest, DeclaredPartitionHoldsTheWatermarkUntilItDeliversOrGoesIdle) {
    int64_t now = 0;
    WatermarkTracker tracker(0, 10 * kSecond, [&] { return now; });
    tracker.declare_partitions({0, 1});
    Batch p0 = times({100, 110});
    tracker.assign(p0, 0, 0);
    // Partition 1 has said nothing yet: the watermark stays before everything, so its records
    // stamped 50 s are not late when they come.
    EXPECT_EQ(tracker.current(), kWatermarkMin);
    now = 1 * kSecond;
    Batch p1 = times({50});
    tracker.assign(p1, 0, 1);
    EXPECT_EQ(in_seconds(p1.row_watermarks), (std::vector<int64_t>{-1}));
    EXPECT_EQ(tracker.current(), 50 * kSecond);
    // A partition declared at 5 s that never delivers holds the watermark until 15 s; partition 1
    // (last data at 1 s) is idle from 11 s on.
    now = 5 * kSecond;
    tracker.declare_partitions({0, 1, 2});
    now = 12 * kSecond;
    Batch more = times({120});
    tracker.assign(more, 0, 0);
    EXPECT_EQ(tracker.current(), 50 * kSecond);
    now = 16 * kSecond;
    EXPECT_EQ(tracker.refresh(), 120 * kSecond);
}

TEST(WatermarkTrackerTest, DeclaredPartitionThatNeverDeliversGoesIdleEvenWhenEveryOtherIsIdleToo) {
    // Issue 12 item 4: streams 0 and 1 are declared at open; stream 0 delivers its backlog at once and
    // then nothing more, stream 1 never delivers. Both are idle after the timeout; the silent one must
    // not keep the watermark before everything: it becomes stream 0's, so its windows close.
    int64_t now = 0;
    WatermarkTracker tracker(5 * kSecond, 2 * kSecond, [&] { return now; });
    tracker.declare_partitions({0, 1});
    now = kSecond / 100;
    Batch backlog = times({100, 130, 170});
    tracker.assign(backlog, 0, 0);
    EXPECT_EQ(tracker.current(), kWatermarkMin);
    now = 1 * kSecond;
    EXPECT_EQ(tracker.refresh(), kWatermarkMin);  // stream 1 may still deliver
    now = 3 * kSecond;  // both silent for 2 s or more
    EXPECT_EQ(tracker.refresh(), 165 * kSecond);
    // Stream 1 finally delivers, behind: the watermark never moves back.
    Batch late = times({150});
    tracker.assign(late, 0, 1);
    EXPECT_EQ(tracker.current(), 165 * kSecond);
    // Both idle again: the minimum over the partitions that delivered, 145 s, is behind 165 s.
    now = 10 * kSecond;
    EXPECT_EQ(tracker.refresh(), 165 * kSecond);
}

TEST(WatermarkTrackerTest, PartitionsNoLongerListedStopHoldingTheWatermarkAtOnce) {
    int64_t now = 0;
    WatermarkTracker tracker(0, 60 * kSecond, [&] { return now; });
    tracker.declare_partitions({0, 1, 2});
    for (auto [partition, second] : {std::pair<int, int64_t>{0, 100}, {1, 50}, {2, 80}}) {
        Batch batch = times({second});
        tracker.assign(batch, 0, partition);
    }
    EXPECT_EQ(tracker.current(), 50 * kSecond);
    // A rebalance moved partition 1 to another process: it stops holding the watermark now, not
    // after the 60 s idle timeout.
    now = 1 * kSecond;
    tracker.declare_partitions({0, 2});
    EXPECT_EQ(tracker.refresh(), 80 * kSecond);
    // An empty list (between a revocation and the next assignment) changes nothing.
    tracker.declare_partitions({});
    EXPECT_EQ(tracker.refresh(), 80 * kSecond);
    // Partition 1 comes back: it holds again from its old maximum (the watermark never moves back)
    // until it delivers.
    tracker.declare_partitions({0, 1, 2});
    Batch p0 = times({120});
    tracker.assign(p0, 0, 0);
    Batch p2 = times({130});
    tracker.assign(p2, 0, 2);
    EXPECT_EQ(tracker.current(), 80 * kSecond);
    Batch p1 = times({125});
    tracker.assign(p1, 0, 1);
    EXPECT_EQ(tracker.current(), 120 * kSecond);
}

TEST(WatermarkTrackerTest, JobWatermarkIsTheMinimumOverPartitions) {
    int64_t now = 0;
    WatermarkTracker tracker(0, 10 * kSecond, [&] { return now; });
    Batch p0 = times({100});
    tracker.assign(p0, 0, 0);
    EXPECT_EQ(tracker.current(), 100 * kSecond);
    Batch p1 = times({50, 60});
    tracker.assign(p1, 0, 1);
    // Partition 1 is behind, but the watermark never moves backwards.
    EXPECT_EQ(in_seconds(p1.row_watermarks), (std::vector<int64_t>{100, 100}));
    EXPECT_EQ(tracker.current(), 100 * kSecond);
    Batch p1_more = times({120});
    tracker.assign(p1_more, 0, 1);
    // min(100, 120) = 100.
    EXPECT_EQ(tracker.current(), 100 * kSecond);
    Batch p0_more = times({130});
    tracker.assign(p0_more, 0, 0);
    EXPECT_EQ(tracker.current(), 120 * kSecond);
}

TEST(WatermarkTrackerTest, IdlePartitionIsIgnoredUntilItSendsAgain) {
    int64_t now = 0;
    WatermarkTracker tracker(0, 10 * kSecond, [&] { return now; });
    Batch a = times({10});
    tracker.assign(a, 0, 0);
    Batch b = times({5});
    tracker.assign(b, 0, 1);
    now = 5 * kSecond;
    Batch a2 = times({40});
    tracker.assign(a2, 0, 0);
    EXPECT_EQ(tracker.current(), 10 * kSecond);  // min(40, 5) = 5, but never backwards from 10
    now = 11 * kSecond;  // partition 1 silent for 11 s: idle; partition 0 for 6 s: active
    EXPECT_EQ(tracker.refresh(), 40 * kSecond);
    Batch a3 = times({50});
    tracker.assign(a3, 0, 0);
    EXPECT_EQ(tracker.current(), 50 * kSecond);
    // Partition 1 comes back behind: it holds the watermark again, which stays at 50.
    Batch b2 = times({45});
    tracker.assign(b2, 0, 1);
    EXPECT_EQ(tracker.current(), 50 * kSecond);
    Batch a4 = times({70});
    tracker.assign(a4, 0, 0);
    EXPECT_EQ(in_seconds(a4.row_watermarks), (std::vector<int64_t>{50}));
    EXPECT_EQ(tracker.current(), 50 * kSecond);  // min(70, 45) → held at 50
    Batch b3 = times({60});
    tracker.assign(b3, 0, 1);
    EXPECT_EQ(tracker.current(), 60 * kSecond);
}

TEST(WatermarkTrackerTest, EndJumpsToMaxAndBadPartitionThrows) {
    WatermarkTracker tracker;
    EXPECT_EQ(tracker.current(), kWatermarkMin);
    tracker.end();
    EXPECT_EQ(tracker.current(), kWatermarkMax);
    Batch batch = times({1});
    EXPECT_THROW(tracker.assign(batch, 0, -1), WeirError);
}

}  // namespace
}  // namespace weir

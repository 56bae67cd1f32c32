// Timestamp and duration parsing/printing: UTC, offsets, fractions, invalid inputs.
#include "common/timestamp.h"

#include <gtest/gtest.h>

using namespace weir;

TEST(Timestamp, ParsesIsoWithAndWithoutOffset) {
    // 2025-01-15 14:00:00 UTC = 1736949600 s since the epoch.
    EXPECT_EQ(parse_timestamp("2025-01-15 14:00:00"), 1736949600LL * kMicrosPerSecond);
    EXPECT_EQ(parse_timestamp("2025-01-15T14:00:00Z"), 1736949600LL * kMicrosPerSecond);
    EXPECT_EQ(parse_timestamp("2025-01-15T15:00:00+01:00"), 1736949600LL * kMicrosPerSecond);
    EXPECT_EQ(parse_timestamp("2025-01-15T09:30:00-0430"), 1736949600LL * kMicrosPerSecond);
    EXPECT_EQ(parse_timestamp("2025-01-15T14:00:00.25Z"), 1736949600LL * kMicrosPerSecond + 250000);
    EXPECT_EQ(parse_timestamp("1970-01-01"), 0);
    EXPECT_EQ(parse_timestamp("1969-12-31 23:59:59.999999"), -1);
}

TEST(Timestamp, RejectsMalformed) {
    for (const char *bad : {"", "2025", "2025-13-01", "2025-02-30", "2025-01-15 25:00", "2025-01-15x", "yesterday",
                            "2025-01-15T14:00:00+25:00"}) {
        EXPECT_FALSE(parse_timestamp(bad).has_value()) << bad;
    }
}

TEST(Timestamp, FormatsUtc) {
    EXPECT_EQ(format_timestamp(1736949600LL * kMicrosPerSecond), "2025-01-15 14:00:00");
    EXPECT_EQ(format_timestamp(1736949600LL * kMicrosPerSecond + 1500), "2025-01-15 14:00:00.0015");
    EXPECT_EQ(format_timestamp(-1), "1969-12-31 23:59:59.999999");
    EXPECT_EQ(format_timestamp_iso(0), "1970-01-01T00:00:00Z");
}

TEST(Duration, ShorthandAndUnits) {
    EXPECT_EQ(parse_duration("500ms"), 500 * kMicrosPerMilli);
    EXPECT_EQ(parse_duration("10s"), 10 * kMicrosPerSecond);
    EXPECT_EQ(parse_duration("5m"), 5 * kMicrosPerMinute);
    EXPECT_EQ(parse_duration("1h"), kMicrosPerHour);
    EXPECT_EQ(parse_duration("1d"), kMicrosPerDay);
    EXPECT_FALSE(parse_duration("5x").has_value());
    EXPECT_FALSE(parse_duration("m").has_value());
    EXPECT_EQ(interval_from_unit("5", "MINUTE"), 5 * kMicrosPerMinute);
    EXPECT_EQ(interval_from_unit("1.5", "hours"), 90 * kMicrosPerMinute);
    EXPECT_FALSE(interval_from_unit("5", "fortnight").has_value());
    EXPECT_EQ(format_interval(5 * kMicrosPerMinute), "5m");
    EXPECT_EQ(format_interval(1500 * kMicrosPerMilli), "1500ms");
}

TEST(FloorDiv, RoundsTowardNegativeInfinity) {
    EXPECT_EQ(floor_div(7, 5), 1);
    EXPECT_EQ(floor_div(-1, 5), -1);
    EXPECT_EQ(floor_div(-5, 5), -1);
    EXPECT_EQ(floor_div(-6, 5), -2);
}

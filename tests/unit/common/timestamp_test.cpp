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

TEST(TimestampRange, IsYearsOneToNineThousandNineHundredNinetyNine) {
    // By hand: 0001-01-01 is 719162 days before 1970-01-01; 10000-01-01 is 2932897 days after it.
    EXPECT_EQ(kMinTimestamp, -62135596800LL * kMicrosPerSecond);
    EXPECT_EQ(kMaxTimestamp, 253402300800LL * kMicrosPerSecond - 1);
    EXPECT_EQ(parse_timestamp("0001-01-01T00:00:00Z"), kMinTimestamp);
    EXPECT_EQ(parse_timestamp("0001-01-01 00:00:00"), kMinTimestamp);
    EXPECT_EQ(parse_timestamp("9999-12-31T23:59:59.999999Z"), kMaxTimestamp);
    EXPECT_EQ(parse_timestamp("9999-12-31 23:59:59.999999"), kMaxTimestamp);
    EXPECT_EQ(format_timestamp(kMinTimestamp), "0001-01-01 00:00:00");
    EXPECT_EQ(format_timestamp(kMaxTimestamp), "9999-12-31 23:59:59.999999");
}

TEST(TimestampRange, ParsesRejectInstantsOutsideIt) {
    for (const char *outside : {"0000-01-01T00:00:00Z", "0000-12-31 23:59:59", "9999-12-31T23:59:60Z",
                                "9999-12-31T23:30:00-01:00", "0001-01-01T00:30:00+01:00"}) {
        EXPECT_EQ(parse_timestamp(outside), std::nullopt) << outside;
    }
}

TEST(TimestampRange, AddingAnIntervalChecksTheRangeAndOverflow) {
    int64_t result = 0;
    EXPECT_TRUE(add_to_timestamp(0, kMicrosPerDay, result));
    EXPECT_EQ(result, kMicrosPerDay);
    EXPECT_TRUE(add_to_timestamp(kMaxTimestamp - 1, 1, result));
    EXPECT_FALSE(add_to_timestamp(kMaxTimestamp, 1, result));
    EXPECT_FALSE(add_to_timestamp(kMinTimestamp, -1, result));
    EXPECT_FALSE(add_to_timestamp(INT64_MAX - 5, 10, result));  // would wrap
    EXPECT_FALSE(add_to_timestamp(0, INT64_MIN, result));
}

TEST(Duration, TooLongToFitTheTimestampRangeIsRejected) {
    // 200000000d and 106751992d overflowed int64 microseconds into negative durations.
    EXPECT_EQ(parse_duration("200000000d"), std::nullopt);
    EXPECT_EQ(parse_duration("106751992d"), std::nullopt);
    EXPECT_EQ(parse_duration("3652059d"), 3652059 * kMicrosPerDay);  // the whole range, 0001-01-01 to 10000-01-01
    EXPECT_EQ(parse_duration("3652060d"), std::nullopt);
    EXPECT_EQ(interval_from_unit("200000000", "DAY"), std::nullopt);
    EXPECT_EQ(interval_from_unit("-200000000", "DAY"), std::nullopt);
    EXPECT_EQ(interval_from_unit("1e300", "SECOND"), std::nullopt);
    EXPECT_EQ(interval_from_unit("nan", "SECOND"), std::nullopt);
    EXPECT_EQ(interval_from_unit("-3", "DAY"), -3 * kMicrosPerDay);
}

TEST(FloorDiv, RoundsTowardNegativeInfinity) {
    EXPECT_EQ(floor_div(7, 5), 1);
    EXPECT_EQ(floor_div(-1, 5), -1);
    EXPECT_EQ(floor_div(-5, 5), -1);
    EXPECT_EQ(floor_div(-6, 5), -2);
}

// parse_timestamp's fast path for "YYYY-MM-DDTHH:MM:SS[.ffffff]Z" agrees with the general parser.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>

#include "common/timestamp.h"

namespace weir {
namespace {

// The same instant written with "+00:00" instead of "Z" never takes the fast path.
std::optional<int64_t> general(const std::string &zulu) {
    return parse_timestamp(zulu.substr(0, zulu.size() - 1) + "+00:00");
}

TEST(TimestampFixedForm, KnownValues) {
    EXPECT_EQ(parse_timestamp("1970-01-01T00:00:00Z"), 0);
    EXPECT_EQ(parse_timestamp("1970-01-01T00:00:00.000001Z"), 1);
    EXPECT_EQ(parse_timestamp("1969-12-31T23:59:59Z"), -kMicrosPerSecond);
    EXPECT_EQ(parse_timestamp("1969-12-31T23:59:59.5Z"), -kMicrosPerSecond / 2);
    EXPECT_EQ(parse_timestamp("1900-01-01T00:00:00Z"), int64_t(-2208988800) * kMicrosPerSecond);
    EXPECT_EQ(parse_timestamp("2025-01-15T14:00:00Z"), int64_t(1736949600) * kMicrosPerSecond);
    EXPECT_EQ(parse_timestamp("2015-07-15T00:00:00.000Z"), int64_t(1436918400) * kMicrosPerSecond);
    EXPECT_EQ(parse_timestamp("2000-02-29T00:00:00Z"), int64_t(951782400) * kMicrosPerSecond);
    EXPECT_EQ(parse_timestamp("2024-02-29T12:00:00Z"), int64_t(1709208000) * kMicrosPerSecond);
}

TEST(TimestampFixedForm, FractionDigitsOneToSix) {
    const int64_t base = int64_t(1736949600) * kMicrosPerSecond;
    EXPECT_EQ(parse_timestamp("2025-01-15T14:00:00.1Z"), base + 100000);
    EXPECT_EQ(parse_timestamp("2025-01-15T14:00:00.12Z"), base + 120000);
    EXPECT_EQ(parse_timestamp("2025-01-15T14:00:00.123Z"), base + 123000);
    EXPECT_EQ(parse_timestamp("2025-01-15T14:00:00.1234Z"), base + 123400);
    EXPECT_EQ(parse_timestamp("2025-01-15T14:00:00.12345Z"), base + 123450);
    EXPECT_EQ(parse_timestamp("2025-01-15T14:00:00.123456Z"), base + 123456);
    // 7..9 digits are truncated to µs by the general parser; 10 are rejected.
    EXPECT_EQ(parse_timestamp("2025-01-15T14:00:00.1234567Z"), base + 123456);
    EXPECT_EQ(parse_timestamp("2025-01-15T14:00:00.123456789Z"), base + 123456);
    EXPECT_EQ(parse_timestamp("2025-01-15T14:00:00.1234567891Z"), std::nullopt);
}

TEST(TimestampFixedForm, CalendarBoundaries) {
    EXPECT_EQ(parse_timestamp("2023-02-29T00:00:00Z"), std::nullopt);
    EXPECT_EQ(parse_timestamp("1900-02-29T00:00:00Z"), std::nullopt);
    EXPECT_EQ(parse_timestamp("2000-02-30T00:00:00Z"), std::nullopt);
    EXPECT_EQ(parse_timestamp("2025-04-31T00:00:00Z"), std::nullopt);
    EXPECT_EQ(parse_timestamp("2025-00-10T00:00:00Z"), std::nullopt);
    EXPECT_EQ(parse_timestamp("2025-13-10T00:00:00Z"), std::nullopt);
    EXPECT_EQ(parse_timestamp("2025-01-00T00:00:00Z"), std::nullopt);
    EXPECT_EQ(parse_timestamp("2025-01-15T24:00:00Z"), std::nullopt);
    EXPECT_EQ(parse_timestamp("2025-01-15T23:60:00Z"), std::nullopt);
    EXPECT_EQ(parse_timestamp("2025-01-15T23:59:61Z"), std::nullopt);
    EXPECT_EQ(parse_timestamp("2025-01-15T23:59:60Z"), general("2025-01-15T23:59:60Z"));  // a leap second
    EXPECT_EQ(parse_timestamp("0000-01-01T00:00:00Z"), general("0000-01-01T00:00:00Z"));
    EXPECT_EQ(parse_timestamp("9999-12-31T23:59:59.999999Z"), general("9999-12-31T23:59:59.999999Z"));
}

TEST(TimestampFixedForm, OtherFormsFallBackToTheGeneralParser) {
    const int64_t base = int64_t(1736949600) * kMicrosPerSecond;
    EXPECT_EQ(parse_timestamp("2025-01-15T16:00:00+02:00"), base);
    EXPECT_EQ(parse_timestamp("2025-01-15T13:00:00.000-01:00"), base);
    EXPECT_EQ(parse_timestamp("2025-01-15T14:00:00z"), base);
    EXPECT_EQ(parse_timestamp("2025-01-15t14:00:00Z"), base);
    EXPECT_EQ(parse_timestamp("2025-01-15 14:00:00Z"), base);
    EXPECT_EQ(parse_timestamp(" 2025-01-15T14:00:00Z "), base);
    EXPECT_EQ(parse_timestamp("2025-01-15T14:00:00"), base);
    EXPECT_EQ(parse_timestamp("2025-01-15T14:00Z"), base);
    EXPECT_EQ(parse_timestamp("2025-01-15T14:00:00,5Z"), base + 500000);
    EXPECT_EQ(parse_timestamp("2025-01-15T14:00:00.Z"), std::nullopt);
    EXPECT_EQ(parse_timestamp("2025-01-15T14:00:00.12a4Z"), std::nullopt);
    EXPECT_EQ(parse_timestamp("2025-01-15X14:00:00Z"), std::nullopt);
    EXPECT_EQ(parse_timestamp("2025-1-15T14:00:00.00Z"), std::nullopt);
    EXPECT_EQ(parse_timestamp("+025-01-15T14:00:00Z"), std::nullopt);
    EXPECT_EQ(parse_timestamp("2025-01-15T14:00:0xZ"), std::nullopt);
}

TEST(TimestampFixedForm, TheFastPathAloneTakesOnlyTheFixedForm) {
    int64_t micros = -1;
    EXPECT_TRUE(parse_timestamp_zulu("1970-01-01T00:00:00Z", micros));
    EXPECT_EQ(micros, 0);
    EXPECT_TRUE(parse_timestamp_zulu("0004-02-29T23:59:59.999999Z", micros));  // year 4 is a leap year
    EXPECT_EQ(micros, general("0004-02-29T23:59:59.999999Z"));
    EXPECT_FALSE(parse_timestamp_zulu("0000-02-29T23:59:59.999999Z", micros));  // before the TIMESTAMP range
    EXPECT_TRUE(parse_timestamp_zulu("1600-03-01T00:00:00.5Z", micros));
    EXPECT_EQ(micros, general("1600-03-01T00:00:00.5Z"));
    for (const char *other : {"2025-01-15T14:00:00", "2025-01-15T14:00:00+00:00", "2025-01-15 14:00:00Z",
                              " 2025-01-15T14:00:00Z", "2025-01-15T14:00:00.1234567Z", "2025-01-15T14:00Z",
                              "2025-02-29T00:00:00Z", "2025-01-15T14:00:00.Z", ""}) {
        EXPECT_FALSE(parse_timestamp_zulu(other, micros)) << other;
    }
}

TEST(TimestampFixedForm, RandomInstantsAgreeWithTheGeneralParser) {
    std::mt19937_64 random(20261202);
    for (int i = 0; i < 20000; i++) {
        unsigned year = static_cast<unsigned>(random() % 10000), month = 1 + static_cast<unsigned>(random() % 12),
                 day = 1 + static_cast<unsigned>(random() % 31), hour = static_cast<unsigned>(random() % 24),
                 minute = static_cast<unsigned>(random() % 60), second = static_cast<unsigned>(random() % 61);
        char text[64];
        int written = std::snprintf(text, sizeof text, "%04u-%02u-%02uT%02u:%02u:%02u", year, month, day, hour,
                                    minute, second);
        std::string zulu(text, static_cast<size_t>(written));
        size_t digits = random() % 7;
        if (digits > 0) {
            zulu += '.';
            for (size_t d = 0; d < digits; d++) zulu += static_cast<char>('0' + random() % 10);
        }
        zulu += 'Z';
        EXPECT_EQ(parse_timestamp(zulu), general(zulu)) << zulu;
        int64_t micros = 0;
        if (parse_timestamp_zulu(zulu, micros)) EXPECT_EQ(micros, general(zulu)) << zulu;
        else EXPECT_EQ(general(zulu), std::nullopt) << zulu;
    }
}

}  // namespace
}  // namespace weir

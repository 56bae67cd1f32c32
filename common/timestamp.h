// Event-time values: parsing and printing UTC timestamps and interval durations (microseconds).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace weir {

constexpr int64_t kMicrosPerMilli = 1000;
constexpr int64_t kMicrosPerSecond = 1000 * kMicrosPerMilli;
constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;

// The TIMESTAMP range: 0001-01-01 00:00:00 through 9999-12-31 23:59:59.999999 UTC (the years ISO-8601
// text can write, as in PostgreSQL and DuckDB), the same for ISO text and epoch numbers. Every parse
// rejects a value outside it; arithmetic leaving it is an error, never a wrap.
constexpr int64_t kMinTimestamp = -719162 * kMicrosPerDay;          // days_from_civil(1, 1, 1)
constexpr int64_t kMaxTimestamp = 2932897 * kMicrosPerDay - 1;      // days_from_civil(10000, 1, 1), minus 1µs
// The longest meaningful interval: the span of the TIMESTAMP range (window sizes are capped by it).
constexpr int64_t kMaxIntervalSpan = 3652059 * kMicrosPerDay;  // kMaxTimestamp - kMinTimestamp + 1µs
inline bool timestamp_in_range(int64_t micros) { return micros >= kMinTimestamp && micros <= kMaxTimestamp; }
// timestamp + micros into `result`; false (result unspecified) when it leaves the TIMESTAMP range.
inline bool add_to_timestamp(int64_t timestamp, int64_t micros, int64_t &result) {
    return !__builtin_add_overflow(timestamp, micros, &result) && timestamp_in_range(result);
}

// Parses ISO-8601 / SQL timestamps: "2025-01-15", "2025-01-15 14:00", "2025-01-15T14:00:00",
// optional fraction up to 9 digits (truncated to µs), optional "Z" or "+HH:MM" / "+HHMM" / "+HH"
// offset (converted to UTC; no offset means UTC). Returns nullopt if the text is not such a timestamp
// or names an instant outside the TIMESTAMP range (year 0000, or 9999-12-31T23:00:00-02:00).
std::optional<int64_t> parse_timestamp(std::string_view text);
// parse_timestamp's fast path for the common machine form "YYYY-MM-DDTHH:MM:SS[.f{1..6}]Z" exactly (no
// blanks, no offset): true with the same value as parse_timestamp, false for any other text (which
// may still be a timestamp of another form). For decoders on the hot path (no std::optional).
bool parse_timestamp_zulu(std::string_view text, int64_t &micros);

// "YYYY-MM-DD HH:MM:SS" plus ".ffffff" with trailing zeros removed when the fraction is non-zero. UTC.
std::string format_timestamp(int64_t micros);
// ISO-8601 with a Z: "2025-01-15T14:00:00Z" (fraction as above). Used by JSON output.
std::string format_timestamp_iso(int64_t micros);

// Parses the duration shorthand "500ms", "10s", "5m", "1h", "1d", "250us" (one number, one unit);
// nullopt when it is longer than kMaxIntervalSpan (it could not fit a TIMESTAMP difference).
std::optional<int64_t> parse_duration(std::string_view text);
// Parses `INTERVAL '<count>' <UNIT>` parts: unit is MICROSECOND, MILLISECOND, SECOND, MINUTE, HOUR,
// DAY (singular or plural, any case). Count may be negative or fractional ('1.5' HOUR); nullopt when
// the magnitude exceeds kMaxIntervalSpan.
std::optional<int64_t> interval_from_unit(std::string_view count, std::string_view unit);
// Shorthand display of an interval: the largest unit that divides it exactly ("5m", "90s", "1500ms").
std::string format_interval(int64_t micros);

// Days since 1970-01-01 for a proleptic Gregorian date, and the inverse.
int64_t days_from_civil(int64_t year, unsigned month, unsigned day);
void civil_from_days(int64_t days, int64_t &year, unsigned &month, unsigned &day);

// Calendar parts of a UTC timestamp (for Hive partition folders and time functions).
struct CivilTime {
    int64_t year;
    unsigned month, day, hour, minute, second;
    int64_t micros;  // fraction of the second
};
CivilTime to_civil(int64_t micros);

// Floor division that rounds toward negative infinity (window alignment of pre-1970 times).
inline int64_t floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

}  // namespace weir

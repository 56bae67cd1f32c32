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

// Parses ISO-8601 / SQL timestamps: "2025-01-15", "2025-01-15 14:00", "2025-01-15T14:00:00",
// optional fraction up to 9 digits (truncated to µs), optional "Z" or "+HH:MM" / "+HHMM" / "+HH"
// offset (converted to UTC; no offset means UTC). Returns nullopt if the text is not such a timestamp.
std::optional<int64_t> parse_timestamp(std::string_view text);
// parse_timestamp's fast path for the common machine form "YYYY-MM-DDTHH:MM:SS[.f{1..6}]Z" exactly (no
// blanks, no offset): true with the same value as parse_timestamp, false for any other text (which
// may still be a timestamp of another form). For decoders on the hot path (no std::optional).
bool parse_timestamp_zulu(std::string_view text, int64_t &micros);

// "YYYY-MM-DD HH:MM:SS" plus ".ffffff" with trailing zeros removed when the fraction is non-zero. UTC.
std::string format_timestamp(int64_t micros);
// ISO-8601 with a Z: "2025-01-15T14:00:00Z" (fraction as above). Used by JSON output.
std::string format_timestamp_iso(int64_t micros);

// Parses the duration shorthand "500ms", "10s", "5m", "1h", "1d", "250us" (one number, one unit).
std::optional<int64_t> parse_duration(std::string_view text);
// Parses `INTERVAL '<count>' <UNIT>` parts: unit is MICROSECOND, MILLISECOND, SECOND, MINUTE, HOUR,
// DAY (singular or plural, any case). Count may be negative or fractional ('1.5' HOUR).
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

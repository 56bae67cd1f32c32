// Hand-written ISO-8601 and duration parsing: these sit on the decode hot path.
#include "common/timestamp.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <string>

namespace weir {

namespace {

bool read_digits(std::string_view text, size_t &pos, size_t count, int64_t &out) {
    if (pos + count > text.size()) return false;
    int64_t value = 0;
    for (size_t i = 0; i < count; i++) {
        char c = text[pos + i];
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    pos += count;
    out = value;
    return true;
}

unsigned days_in_month(int64_t year, unsigned month) {
    static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

std::string format_with(int64_t micros, char separator, bool zulu) {
    CivilTime t = to_civil(micros);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02u%c%02u:%02u:%02u", static_cast<long long>(t.year), t.month,
                  t.day, separator, t.hour, t.minute, t.second);
    std::string out = buffer;
    if (t.micros != 0) {
        std::snprintf(buffer, sizeof buffer, ".%06lld", static_cast<long long>(t.micros));
        std::string fraction = buffer;
        while (fraction.back() == '0') fraction.pop_back();
        out += fraction;
    }
    if (zulu) out += 'Z';
    return out;
}

}  // namespace

int64_t days_from_civil(int64_t year, unsigned month, unsigned day) {
    year -= month <= 2;
    const int64_t era = (year >= 0 ? year : year - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(year - era * 400);
    const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t days, int64_t &year, unsigned &month, unsigned &day) {
    days += 719468;
    const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    day = doy - (153 * mp + 2) / 5 + 1;
    month = mp < 10 ? mp + 3 : mp - 9;
    year = static_cast<int64_t>(yoe) + era * 400 + (month <= 2);
}

CivilTime to_civil(int64_t micros) {
    int64_t days = floor_div(micros, kMicrosPerDay);
    int64_t rest = micros % kMicrosPerDay;  // not micros - days * kMicrosPerDay: that overflows at INT64_MIN
    if (rest < 0) rest += kMicrosPerDay;
    CivilTime t{};
    civil_from_days(days, t.year, t.month, t.day);
    t.hour = static_cast<unsigned>(rest / kMicrosPerHour);
    rest %= kMicrosPerHour;
    t.minute = static_cast<unsigned>(rest / kMicrosPerMinute);
    rest %= kMicrosPerMinute;
    t.second = static_cast<unsigned>(rest / kMicrosPerSecond);
    t.micros = rest % kMicrosPerSecond;
    return t;
}

bool parse_timestamp_zulu(std::string_view text, int64_t &micros) {
    const size_t size = text.size();
    if (size < 20 || size > 27 || text[size - 1] != 'Z') return false;
    const char *t = text.data();
    if (t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':') return false;
    auto digit = [t](size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(t[i]) - '0'); };
    static constexpr size_t kDigitAt[] = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};
    unsigned bad = 0;
    for (size_t i : kDigitAt) bad |= digit(i) > 9 ? 1u : 0u;
    if (bad) return false;
    int64_t fraction = 0;
    if (size > 20) {
        // ".f" .. ".ffffff" between the seconds and the Z.
        if (t[19] != '.' || size == 21) return false;
        for (size_t i = 20; i < size - 1; i++) {
            unsigned d = digit(i);
            if (d > 9) return false;
            fraction = fraction * 10 + d;
        }
        for (size_t digits = size - 21; digits < 6; digits++) fraction *= 10;
    }
    const unsigned year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
    const unsigned month = digit(5) * 10 + digit(6), day = digit(8) * 10 + digit(9);
    const int64_t hour = digit(11) * 10 + digit(12), minute = digit(14) * 10 + digit(15),
                  second = digit(17) * 10 + digit(18);
    if (month < 1 || month > 12 || day < 1 || (day > 28 && day > days_in_month(year, month))) return false;
    if (hour > 23 || minute > 59 || second > 60) return false;
    // days_from_civil for years 0..9999 in unsigned arithmetic (one era later, so never negative).
    const unsigned shifted = year + 400 - (month <= 2 ? 1 : 0);
    const unsigned era = shifted / 400, yoe = shifted - era * 400;
    const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const int64_t days = static_cast<int64_t>(era) * 146097 + doe - 719468 - 146097;
    micros = days * kMicrosPerDay + hour * kMicrosPerHour + minute * kMicrosPerMinute + second * kMicrosPerSecond +
             fraction;
    return year != 0 && micros <= kMaxTimestamp;  // year 0000 and 9999-12-31T23:59:60Z are out of range
}

std::optional<int64_t> parse_timestamp(std::string_view text) {
    int64_t fixed;
    if (parse_timestamp_zulu(text, fixed)) return fixed;
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    size_t pos = 0;
    int64_t year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, fraction = 0;
    if (!read_digits(text, pos, 4, year) || pos >= text.size() || text[pos++] != '-') return std::nullopt;
    if (!read_digits(text, pos, 2, month) || pos >= text.size() || text[pos++] != '-') return std::nullopt;
    if (!read_digits(text, pos, 2, day)) return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, static_cast<unsigned>(month))) {
        return std::nullopt;
    }
    if (pos < text.size() && (text[pos] == 'T' || text[pos] == 't' || text[pos] == ' ')) {
        pos++;
        if (!read_digits(text, pos, 2, hour)) return std::nullopt;
        if (pos >= text.size() || text[pos++] != ':') return std::nullopt;
        if (!read_digits(text, pos, 2, minute)) return std::nullopt;
        if (pos < text.size() && text[pos] == ':') {
            pos++;
            if (!read_digits(text, pos, 2, second)) return std::nullopt;
            if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
                pos++;
                size_t digits = 0;
                while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
                    if (digits < 6) fraction = fraction * 10 + (text[pos] - '0');
                    digits++;
                    pos++;
                }
                if (digits == 0 || digits > 9) return std::nullopt;
                for (size_t i = digits; i < 6; i++) fraction *= 10;
            }
        }
        if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
    }
    int64_t offset = 0;
    if (pos < text.size()) {
        char sign = text[pos];
        if (sign == 'Z' || sign == 'z') {
            pos++;
        } else if (sign == '+' || sign == '-') {
            pos++;
            int64_t offset_hours = 0, offset_minutes = 0;
            if (!read_digits(text, pos, 2, offset_hours)) return std::nullopt;
            if (pos < text.size() && text[pos] == ':') pos++;
            if (pos < text.size() && !read_digits(text, pos, 2, offset_minutes)) return std::nullopt;
            if (offset_hours > 23 || offset_minutes > 59) return std::nullopt;
            offset = (offset_hours * 60 + offset_minutes) * kMicrosPerMinute;
            if (sign == '-') offset = -offset;
        } else {
            return std::nullopt;
        }
    }
    if (pos != text.size()) return std::nullopt;
    int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    int64_t micros = days * kMicrosPerDay + hour * kMicrosPerHour + minute * kMicrosPerMinute +
                     second * kMicrosPerSecond + fraction - offset;
    if (!timestamp_in_range(micros)) return std::nullopt;
    return micros;
}

std::string format_timestamp(int64_t micros) { return format_with(micros, ' ', false); }

std::string format_timestamp_iso(int64_t micros) { return format_with(micros, 'T', true); }

std::optional<int64_t> parse_duration(std::string_view text) {
    size_t pos = 0;
    int64_t count = 0;
    if (text.empty()) return std::nullopt;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
        count = count * 10 + (text[pos] - '0');
        if (count > (int64_t(1) << 40)) return std::nullopt;
        pos++;
    }
    if (pos == 0) return std::nullopt;
    std::string_view unit = text.substr(pos);
    int64_t scale;
    if (unit == "us") scale = 1;
    else if (unit == "ms") scale = kMicrosPerMilli;
    else if (unit == "s") scale = kMicrosPerSecond;
    else if (unit == "m") scale = kMicrosPerMinute;
    else if (unit == "h") scale = kMicrosPerHour;
    else if (unit == "d") scale = kMicrosPerDay;
    else return std::nullopt;
    int64_t micros;
    if (__builtin_mul_overflow(count, scale, &micros) || micros > kMaxIntervalSpan) return std::nullopt;
    return micros;
}

std::optional<int64_t> interval_from_unit(std::string_view count, std::string_view unit) {
    std::string upper;
    for (char c : unit) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!upper.empty() && upper.back() == 'S') upper.pop_back();
    int64_t scale;
    if (upper == "MICROSECOND") scale = 1;
    else if (upper == "MILLISECOND") scale = kMicrosPerMilli;
    else if (upper == "SECOND") scale = kMicrosPerSecond;
    else if (upper == "MINUTE") scale = kMicrosPerMinute;
    else if (upper == "HOUR") scale = kMicrosPerHour;
    else if (upper == "DAY") scale = kMicrosPerDay;
    else return std::nullopt;
    std::string number(count);
    if (number.empty()) return std::nullopt;
    size_t used = 0;
    double value;
    try {
        value = std::stod(number, &used);
    } catch (...) {
        return std::nullopt;
    }
    if (used != number.size()) return std::nullopt;
    double micros = value * static_cast<double>(scale);
    if (!(std::fabs(micros) <= static_cast<double>(kMaxIntervalSpan))) return std::nullopt;  // NaN too
    return static_cast<int64_t>(micros);
}

std::string format_interval(int64_t micros) {
    if (micros == 0) return "0s";
    struct Unit {
        int64_t scale;
        const char *name;
    };
    static const Unit units[] = {{kMicrosPerDay, "d"}, {kMicrosPerHour, "h"}, {kMicrosPerMinute, "m"},
                                 {kMicrosPerSecond, "s"}, {kMicrosPerMilli, "ms"}, {1, "us"}};
    for (const auto &unit : units) {
        if (micros % unit.scale == 0) return std::to_string(micros / unit.scale) + unit.name;
    }
    return std::to_string(micros) + "us";
}

}  // namespace weir

// Text-to-cell conversions shared by the JSON and CSV decoders.
#include "connectors/formats/field_converter.h"

#include <charconv>
#include <cmath>
#include <limits>

#include "common/schema.h"
#include "common/timestamp.h"

namespace weir {
namespace {

int64_t micros_per_unit(TimestampFormat format) {
    switch (format) {
    case TimestampFormat::EpochSeconds: return kMicrosPerSecond;
    case TimestampFormat::EpochMillis: return kMicrosPerMilli;
    default: return 1;
    }
}

bool parse_integer(std::string_view text, int64_t &value) {
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    return !text.empty() && result.ec == std::errc() && result.ptr == text.data() + text.size();
}

bool parse_double(std::string_view text, double &value) {
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    return !text.empty() && result.ec == std::errc() && result.ptr == text.data() + text.size();
}

}  // namespace

std::string FieldConverter::quoted(std::string_view text) {
    if (text.size() > 40) return "'" + std::string(text.substr(0, 40)) + "...'";
    return "'" + std::string(text) + "'";
}

std::optional<int64_t> FieldConverter::epoch_integer_to_micros(int64_t value, TimestampFormat format) {
    int64_t scale = micros_per_unit(format);
    int64_t result;
    if (__builtin_mul_overflow(value, scale, &result) || !timestamp_in_range(result)) return std::nullopt;
    return result;
}

std::optional<int64_t> FieldConverter::epoch_double_to_micros(double value, TimestampFormat format) {
    double micros = value * static_cast<double>(micros_per_unit(format));
    if (!std::isfinite(micros) || std::fabs(micros) >= 9.2e18) return std::nullopt;
    int64_t result = static_cast<int64_t>(std::llround(micros));
    if (!timestamp_in_range(result)) return std::nullopt;
    return result;
}

bool FieldConverter::from_text(std::string_view text, TimestampFormat format, ColumnVector &column, size_t row,
                               StringArena &arena, std::string &reason) {
    switch (column.type()) {
    case TypeId::Text: column.strings()[row] = arena.add(text); return true;
    case TypeId::BigInt: {
        int64_t value;
        if (parse_integer(text, value)) {
            column.ints()[row] = value;
            return true;
        }
        double number;
        if (parse_double(text, number) && std::trunc(number) == number && std::fabs(number) < 9.2e18) {
            column.ints()[row] = static_cast<int64_t>(number);
            return true;
        }
        reason = "expected an integer but found " + quoted(text);
        return false;
    }
    case TypeId::Double: {
        double value;
        if (parse_double(text, value) && std::isfinite(value)) {
            column.doubles()[row] = value;
            return true;
        }
        // NaN and infinity are refused, as JSON has no such numbers.
        reason = std::string(parse_double(text, value) ? "expected a finite number" : "expected a number") +
                 " but found " + quoted(text);
        return false;
    }
    case TypeId::Boolean: {
        std::string lower = to_lower(std::string(text));
        if (lower == "true" || lower == "1" || lower == "yes" || lower == "t") {
            column.bools()[row] = 1;
            return true;
        }
        if (lower == "false" || lower == "0" || lower == "no" || lower == "f") {
            column.bools()[row] = 0;
            return true;
        }
        reason = "expected true or false but found " + quoted(text);
        return false;
    }
    case TypeId::Timestamp: {
        if (format == TimestampFormat::Iso) {
            auto parsed = parse_timestamp(text);
            if (!parsed) {
                reason = "expected an ISO-8601 timestamp but found " + quoted(text);
                return false;
            }
            column.ints()[row] = *parsed;
            return true;
        }
        int64_t integer;
        double number;
        std::optional<int64_t> micros;
        if (parse_integer(text, integer)) micros = epoch_integer_to_micros(integer, format);
        else if (parse_double(text, number)) micros = epoch_double_to_micros(number, format);
        if (!micros) {
            reason = "expected an epoch number within the TIMESTAMP range (years 0001 to 9999) but found " + quoted(text);
            return false;
        }
        column.ints()[row] = *micros;
        return true;
    }
    case TypeId::Interval: {
        int64_t integer;
        if (parse_integer(text, integer)) {
            column.ints()[row] = integer;
            return true;
        }
        auto parsed = parse_duration(text);
        if (!parsed) {
            reason = "expected a duration such as '5m' but found " + quoted(text);
            return false;
        }
        column.ints()[row] = *parsed;
        return true;
    }
    case TypeId::Null: return true;
    }
    return true;
}

}  // namespace weir

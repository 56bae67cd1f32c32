// Per-type conversion loops of CAST / TRY_CAST.
#include "exec/cast_function.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>

#include "common/number_format.h"
#include "common/timestamp.h"
#include "common/weir_error.h"

namespace weir {

namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return text;
}

std::optional<int64_t> parse_bigint(std::string_view text) {
    text = trim(text);
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<double> parse_double(std::string_view text) {
    text = trim(text);
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    double value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

bool iequals_ascii(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); i++) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
    }
    return true;
}

std::optional<bool> parse_boolean(std::string_view text) {
    text = trim(text);
    for (const char *word : {"true", "t", "1", "yes", "y", "on"}) {
        if (iequals_ascii(text, word)) return true;
    }
    for (const char *word : {"false", "f", "0", "no", "n", "off"}) {
        if (iequals_ascii(text, word)) return false;
    }
    return std::nullopt;
}

// "5m", "-90s" (shorthand with an optional sign) or "1.5 hours" (count and unit).
std::optional<int64_t> parse_interval(std::string_view text) {
    text = trim(text);
    size_t space = text.find(' ');
    if (space != std::string_view::npos) return interval_from_unit(text.substr(0, space), trim(text.substr(space)));
    bool negative = !text.empty() && text.front() == '-';
    if (negative || (!text.empty() && text.front() == '+')) text.remove_prefix(1);
    auto micros = parse_duration(text);
    if (!micros) return std::nullopt;
    return negative ? -*micros : *micros;
}

std::optional<int64_t> double_to_bigint(double value) {
    double rounded = std::round(value);
    if (!(rounded >= -9223372036854775808.0 && rounded < 9223372036854775808.0)) return std::nullopt;
    return static_cast<int64_t>(rounded);
}

// Handles one failed row: NULL for TRY_CAST, otherwise the Data error naming the value.
void fail(bool try_cast, ColumnVector &out, uint32_t row, const std::string &shown) {
    if (try_cast) {
        out.set_null(row);
        return;
    }
    throw WeirError(ErrorKind::Data, "could not convert " + shown + " to " + type_name(out.type()));
}

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

void cast_from_text(const Operand &in, const uint32_t *selection, size_t count, bool try_cast, ColumnVector &out) {
    auto each = [&](auto &&convert) {
        for_each_live_row(selection, count, [&](uint32_t row) {
            if (out.is_valid(row) && !convert(row, in.text_at(row))) fail(try_cast, out, row, quoted(in.text_at(row)));
        });
    };
    switch (out.type()) {
    case TypeId::BigInt:
        return each([&](uint32_t row, std::string_view text) {
            auto value = parse_bigint(text);
            if (value) out.ints()[row] = *value;
            return value.has_value();
        });
    case TypeId::Double:
        return each([&](uint32_t row, std::string_view text) {
            auto value = parse_double(text);
            if (value) out.doubles()[row] = *value;
            return value.has_value();
        });
    case TypeId::Boolean:
        return each([&](uint32_t row, std::string_view text) {
            auto value = parse_boolean(text);
            if (value) out.bools()[row] = *value;
            return value.has_value();
        });
    case TypeId::Timestamp:
        return each([&](uint32_t row, std::string_view text) {
            auto value = parse_timestamp(text);
            if (value) out.ints()[row] = *value;
            return value.has_value();
        });
    case TypeId::Interval:
        return each([&](uint32_t row, std::string_view text) {
            auto value = parse_interval(text);
            if (value) out.ints()[row] = *value;
            return value.has_value();
        });
    default: break;
    }
}

void cast_to_text(const Operand &in, const uint32_t *selection, size_t count, Batch &batch, ColumnVector &out) {
    std::string_view *result = out.strings();
    auto each = [&](auto &&format) {
        for_each_live_row(selection, count, [&](uint32_t row) {
            if (out.is_valid(row)) result[row] = format(row);
        });
    };
    switch (in.column->type()) {
    case TypeId::Boolean:
        return each([&](uint32_t row) { return std::string_view(in.bool_at(row) ? "true" : "false"); });
    case TypeId::BigInt:
        return each([&](uint32_t row) {
            char buffer[24];
            auto end = std::to_chars(buffer, buffer + sizeof buffer, in.int_at(row)).ptr;
            return batch.arena().add(std::string_view(buffer, static_cast<size_t>(end - buffer)));
        });
    case TypeId::Double:
        return each([&](uint32_t row) { return batch.arena().add(format_double(in.double_at(row))); });
    case TypeId::Timestamp:
        return each([&](uint32_t row) { return batch.arena().add(format_timestamp(in.int_at(row))); });
    case TypeId::Interval:
        return each([&](uint32_t row) { return batch.arena().add(format_interval(in.int_at(row))); });
    case TypeId::Text: return each([&](uint32_t row) { return in.text_at(row); });
    case TypeId::Null: break;
    }
}

bool supported(TypeId from, TypeId to) {
    if (from == to || from == TypeId::Null || to == TypeId::Text) return true;
    switch (from) {
    case TypeId::Text: return to != TypeId::Null;
    case TypeId::BigInt: return to == TypeId::Double || to == TypeId::Boolean;
    case TypeId::Double: return to == TypeId::BigInt || to == TypeId::Boolean;
    case TypeId::Boolean: return to == TypeId::BigInt || to == TypeId::Double;
    default: return false;
    }
}

}  // namespace

void CastFunction::check_supported(TypeId from, TypeId to) {
    if (supported(from, to)) return;
    throw WeirError(ErrorKind::Bind, std::string("cannot cast ") + type_name(from) + " to " + type_name(to));
}

void CastFunction::execute(const Operand &in, const uint32_t *selection, size_t count, bool try_cast, Batch &batch,
                           ColumnVector &out) {
    TypeId from = in.column->type();
    TypeId to = out.type();
    if (from == TypeId::Null) {
        for_each_live_row(selection, count, [&](uint32_t row) { out.set_null(row); });
        return;
    }
    if (to == TypeId::Text) return cast_to_text(in, selection, count, batch, out);
    if (from == TypeId::Text) return cast_from_text(in, selection, count, try_cast, out);
    auto each = [&](auto &&convert) { for_each_live_row(selection, count, convert); };
    switch (to) {
    case TypeId::BigInt:
    case TypeId::Timestamp:
    case TypeId::Interval:
        if (from == TypeId::Double) {
            return each([&](uint32_t row) {
                if (out.is_null(row)) return;
                auto value = double_to_bigint(in.double_at(row));
                if (value) out.ints()[row] = *value;
                else fail(try_cast, out, row, format_double(in.double_at(row)));
            });
        }
        if (from == TypeId::Boolean) return each([&](uint32_t row) { out.ints()[row] = in.bool_at(row) ? 1 : 0; });
        return each([&](uint32_t row) { out.ints()[row] = in.int_at(row); });
    case TypeId::Double:
        if (from == TypeId::Boolean) return each([&](uint32_t row) { out.doubles()[row] = in.bool_at(row) ? 1 : 0; });
        if (from == TypeId::Double) return each([&](uint32_t row) { out.doubles()[row] = in.double_at(row); });
        return each([&](uint32_t row) { out.doubles()[row] = static_cast<double>(in.int_at(row)); });
    case TypeId::Boolean:
        if (from == TypeId::Double) return each([&](uint32_t row) { out.bools()[row] = in.double_at(row) != 0; });
        if (from == TypeId::Boolean) return each([&](uint32_t row) { out.bools()[row] = in.bool_at(row); });
        return each([&](uint32_t row) { out.bools()[row] = in.int_at(row) != 0; });
    default: break;
    }
}

}  // namespace weir

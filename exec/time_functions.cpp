// Calendar arithmetic on int64 microseconds via common/timestamp.h; units parsed once when constant.
#include "exec/time_functions.h"

#include <chrono>
#include <cmath>
#include <ctime>
#include <optional>
#include <string>

#include "common/number_format.h"
#include "common/timestamp.h"
#include "common/weir_error.h"
#include "exec/function_registry.h"

namespace weir {

namespace {

constexpr TypeId I = TypeId::BigInt;
constexpr TypeId D = TypeId::Double;
constexpr TypeId T = TypeId::Text;
constexpr TypeId TS = TypeId::Timestamp;

enum class TimeUnit { Microsecond, Millisecond, Second, Minute, Hour, Day, Week, Month, Quarter, Year, Dow, Doy, Epoch };

std::optional<TimeUnit> parse_unit(std::string_view text) {
    std::string unit;
    for (char c : text) unit += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (unit.size() > 3 && unit.back() == 's') unit.pop_back();
    static const std::pair<const char *, TimeUnit> kUnits[] = {
        {"microsecond", TimeUnit::Microsecond}, {"millisecond", TimeUnit::Millisecond}, {"second", TimeUnit::Second},
        {"minute", TimeUnit::Minute},           {"hour", TimeUnit::Hour},               {"day", TimeUnit::Day},
        {"week", TimeUnit::Week},               {"month", TimeUnit::Month},             {"quarter", TimeUnit::Quarter},
        {"year", TimeUnit::Year},               {"dow", TimeUnit::Dow},                 {"doy", TimeUnit::Doy},
        {"epoch", TimeUnit::Epoch}};
    for (const auto &[name, value] : kUnits) {
        if (unit == name) return value;
    }
    return std::nullopt;
}

bool truncatable(TimeUnit unit) { return unit != TimeUnit::Dow && unit != TimeUnit::Doy && unit != TimeUnit::Epoch; }

// Resolves the unit text of a date_trunc/date_part call, throwing `kind` for an unknown one.
TimeUnit resolve_unit(std::string_view text, bool for_trunc, ErrorKind kind) {
    auto unit = parse_unit(text);
    if (unit && (!for_trunc || truncatable(*unit))) return *unit;
    const char *valid = for_trunc ? "microsecond, millisecond, second, minute, hour, day, week, month, quarter, year"
                                  : "microsecond, millisecond, second, minute, hour, day, week, month, quarter, year, "
                                    "dow, doy, epoch";
    throw WeirError(kind, std::string(for_trunc ? "date_trunc" : "date_part") + " unit must be one of " + valid +
                              "; got '" + std::string(text) + "'");
}

int64_t days_of(int64_t micros) { return floor_div(micros, kMicrosPerDay); }
int64_t floor_to(int64_t micros, int64_t unit) { return floor_div(micros, unit) * unit; }
// Monday-based weekday 0..6 of a day number (1970-01-01 was a Thursday).
int64_t weekday_from_monday(int64_t days) { return ((days + 3) % 7 + 7) % 7; }

int64_t truncate(TimeUnit unit, int64_t micros) {
    switch (unit) {
    case TimeUnit::Microsecond: return micros;
    case TimeUnit::Millisecond: return floor_to(micros, kMicrosPerMilli);
    case TimeUnit::Second: return floor_to(micros, kMicrosPerSecond);
    case TimeUnit::Minute: return floor_to(micros, kMicrosPerMinute);
    case TimeUnit::Hour: return floor_to(micros, kMicrosPerHour);
    case TimeUnit::Day: return floor_to(micros, kMicrosPerDay);
    case TimeUnit::Week: {
        int64_t days = days_of(micros);
        return (days - weekday_from_monday(days)) * kMicrosPerDay;
    }
    default: break;
    }
    CivilTime t = to_civil(micros);
    unsigned month = unit == TimeUnit::Month ? t.month : unit == TimeUnit::Quarter ? (t.month - 1) / 3 * 3 + 1 : 1;
    return days_from_civil(t.year, month, 1) * kMicrosPerDay;
}

int64_t iso_week(int64_t micros) {
    int64_t days = days_of(micros);
    int64_t thursday = days - weekday_from_monday(days) + 3;
    int64_t year;
    unsigned month, day;
    civil_from_days(thursday, year, month, day);
    return (thursday - days_from_civil(year, 1, 1)) / 7 + 1;
}

int64_t part(TimeUnit unit, int64_t micros) {
    CivilTime t = to_civil(micros);
    switch (unit) {
    case TimeUnit::Microsecond: return t.second * kMicrosPerSecond + t.micros;
    case TimeUnit::Millisecond: return t.second * 1000 + t.micros / 1000;
    case TimeUnit::Second: return t.second;
    case TimeUnit::Minute: return t.minute;
    case TimeUnit::Hour: return t.hour;
    case TimeUnit::Day: return t.day;
    case TimeUnit::Week: return iso_week(micros);
    case TimeUnit::Month: return t.month;
    case TimeUnit::Quarter: return (t.month - 1) / 3 + 1;
    case TimeUnit::Year: return t.year;
    case TimeUnit::Dow: return (weekday_from_monday(days_of(micros)) + 1) % 7;
    case TimeUnit::Doy: return days_of(micros) - days_from_civil(t.year, 1, 1) + 1;
    case TimeUnit::Epoch: return floor_div(micros, kMicrosPerSecond);
    }
    return 0;
}

class UnitState : public KernelState {
public:
    explicit UnitState(TimeUnit unit) : unit(unit) {}
    TimeUnit unit;
};

template <bool kTrunc>
std::unique_ptr<KernelState> prepare_unit(const std::vector<const Value *> &constants) {
    if (constants[0] == nullptr || constants[0]->is_null()) return nullptr;
    return std::make_unique<UnitState>(resolve_unit(constants[0]->as_text(), kTrunc, ErrorKind::Bind));
}

template <bool kTrunc>
void unit_function(const KernelInput &input, ColumnVector &out) {
    const Operand &unit_text = input.operands[0];
    const Operand &ts = input.operands[1];
    const auto *state = static_cast<const UnitState *>(input.state);
    int64_t *result = out.ints();
    for_each_valid_row(input, out, [&](uint32_t row) {
        TimeUnit unit = state ? state->unit : resolve_unit(unit_text.text_at(row), kTrunc, ErrorKind::Data);
        result[row] = kTrunc ? truncate(unit, ts.int_at(row)) : part(unit, ts.int_at(row));
    });
}

template <TimeUnit kUnit>
void fixed_part(const KernelInput &input, ColumnVector &out) {
    const Operand &ts = input.operands[0];
    for_each_valid_row(input, out, [&](uint32_t row) { out.ints()[row] = part(kUnit, ts.int_at(row)); });
}

void to_timestamp(const KernelInput &input, ColumnVector &out) {
    const Operand &seconds = input.operands[0];
    for_each_valid_row(input, out, [&](uint32_t row) {
        double micros = std::round(seconds.double_at(row) * 1e6);
        if (!(micros >= static_cast<double>(kMinTimestamp) && micros <= static_cast<double>(kMaxTimestamp))) {
            throw WeirError(ErrorKind::Data, "to_timestamp needs epoch seconds within the TIMESTAMP range (years 0001 "
                                             "to 9999), got " + format_double(seconds.double_at(row)));
        }
        out.ints()[row] = static_cast<int64_t>(micros);
    });
}

void epoch_seconds(const KernelInput &input, ColumnVector &out) {
    const Operand &ts = input.operands[0];
    for_each_valid_row(input, out, [&](uint32_t row) {
        out.doubles()[row] = static_cast<double>(ts.int_at(row)) / static_cast<double>(kMicrosPerSecond);
    });
}

void epoch_millis(const KernelInput &input, ColumnVector &out) {
    const Operand &ts = input.operands[0];
    for_each_valid_row(input, out, [&](uint32_t row) { out.ints()[row] = floor_div(ts.int_at(row), kMicrosPerMilli); });
}

void from_epoch_millis(const KernelInput &input, ColumnVector &out) {
    const Operand &millis = input.operands[0];
    for_each_valid_row(input, out, [&](uint32_t row) {
        int64_t &micros = out.ints()[row];
        if (__builtin_mul_overflow(millis.int_at(row), kMicrosPerMilli, &micros) || !timestamp_in_range(micros)) {
            throw WeirError(ErrorKind::Data, "epoch_ms value is outside the TIMESTAMP range (years 0001 to 9999): " +
                                                 std::to_string(millis.int_at(row)));
        }
    });
}

// strftime of `pattern` into `buffer`, grown as needed so that output of any length is whole.
// strftime returns 0 both for a too small buffer and for an empty result; only the empty pattern
// gives an empty result in practice, and an output beyond kMaxStrftime is refused with a sentence.
constexpr size_t kMaxStrftime = size_t(16) << 20;
std::string_view strftime_text(const std::string &pattern, const std::tm &parts, std::string &buffer) {
    if (pattern.empty()) return {};
    while (true) {
        size_t length = std::strftime(buffer.data(), buffer.size(), pattern.c_str(), &parts);
        if (length > 0) return std::string_view(buffer.data(), length);
        if (buffer.size() >= kMaxStrftime) {
            throw WeirError(ErrorKind::Data, "strftime output would be longer than 16 MB (format '" +
                                                 pattern.substr(0, 40) + "')");
        }
        buffer.resize(buffer.size() * 2);
    }
}

void format_time(const KernelInput &input, ColumnVector &out) {
    const Operand &ts = input.operands[0];
    const Operand &format = input.operands[1];
    std::string pattern;
    bool have_pattern = false;
    std::string buffer(256, '\0');
    for_each_valid_row(input, out, [&](uint32_t row) {
        std::string_view text = format.text_at(row);
        if (!have_pattern || text != pattern) {
            pattern.assign(text);
            have_pattern = true;
        }
        std::time_t seconds = static_cast<std::time_t>(floor_div(ts.int_at(row), kMicrosPerSecond));
        std::tm parts{};
        gmtime_r(&seconds, &parts);
        out.strings()[row] = input.batch->arena().add(strftime_text(pattern, parts, buffer));
    });
}

void proctime(const KernelInput &input, ColumnVector &out) {
    auto now = std::chrono::system_clock::now().time_since_epoch();
    int64_t micros = std::chrono::duration_cast<std::chrono::microseconds>(now).count();
    for_each_live_row(input.selection, input.count, [&](uint32_t row) { out.ints()[row] = micros; });
}

KernelEntry entry(ScalarKernel kernel, KernelPrepare prepare = nullptr) {
    return KernelEntry{kernel, NullHandling::Propagate, prepare, false};
}

}  // namespace

void TimeFunctions::register_all(FunctionRegistry &registry) {
    registry.add("date_trunc", {T, TS}, entry(unit_function<true>, prepare_unit<true>));
    registry.add("date_part", {T, TS}, entry(unit_function<false>, prepare_unit<false>));
    registry.add("year", {TS}, entry(fixed_part<TimeUnit::Year>));
    registry.add("month", {TS}, entry(fixed_part<TimeUnit::Month>));
    registry.add("day", {TS}, entry(fixed_part<TimeUnit::Day>));
    registry.add("hour", {TS}, entry(fixed_part<TimeUnit::Hour>));
    registry.add("minute", {TS}, entry(fixed_part<TimeUnit::Minute>));
    registry.add("second", {TS}, entry(fixed_part<TimeUnit::Second>));
    registry.add("to_timestamp", {D}, entry(to_timestamp));
    registry.add("epoch", {TS}, entry(epoch_seconds));
    registry.add("epoch_ms", {TS}, entry(epoch_millis));
    registry.add("epoch_ms", {I}, entry(from_epoch_millis));
    registry.add("strftime", {TS, T}, entry(format_time));
    registry.add("proctime", {}, entry(proctime));
}

}  // namespace weir

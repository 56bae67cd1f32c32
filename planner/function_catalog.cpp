// The table of built-in scalar functions and operators.
#include "planner/function_catalog.h"

#include <algorithm>
#include <set>

namespace weir {

namespace {
constexpr TypeId B = TypeId::Boolean;
constexpr TypeId I = TypeId::BigInt;
constexpr TypeId D = TypeId::Double;
constexpr TypeId T = TypeId::Text;
constexpr TypeId TS = TypeId::Timestamp;
constexpr TypeId IV = TypeId::Interval;
}  // namespace

FunctionCatalog::FunctionCatalog() {
    auto add = [this](std::string name, std::vector<TypeId> args, TypeId result, bool variadic = false) {
        signatures_.push_back(FunctionSignature{std::move(name), std::move(args), result, variadic});
    };
    // Arithmetic. Integer division truncates toward zero; x / 0 and x % 0 give NULL.
    for (const char *op : {"+", "-", "*", "/", "%"}) {
        add(op, {I, I}, I);
        add(op, {D, D}, D);
    }
    add("+", {TS, IV}, TS);
    add("+", {IV, TS}, TS);
    add("-", {TS, IV}, TS);
    add("-", {TS, TS}, IV);
    add("+", {IV, IV}, IV);
    add("-", {IV, IV}, IV);
    add("*", {IV, I}, IV);
    add("negate", {I}, I);
    add("negate", {D}, D);
    add("negate", {IV}, IV);
    // Comparison, for every comparable type.
    for (const char *op : {"=", "<>", "<", "<=", ">", ">="}) {
        for (TypeId type : {B, I, D, T, TS, IV}) add(op, {type, type}, B);
    }
    // LIKE with % and _ (pattern usually constant), concatenation.
    add("like", {T, T}, B);
    add("||", {T, T}, T);
    // Math.
    add("abs", {I}, I);
    add("abs", {D}, D);
    add("round", {D}, D);
    add("round", {D, I}, D);
    add("floor", {D}, D);
    add("ceil", {D}, D);
    add("sqrt", {D}, D);
    add("ln", {D}, D);
    add("log10", {D}, D);
    add("exp", {D}, D);
    add("power", {D, D}, D);
    add("sign", {D}, D);
    add("greatest", {D, D}, D, true);
    add("least", {D, D}, D, true);
    add("greatest", {I, I}, I, true);
    add("least", {I, I}, I, true);
    // Strings (positions are 1-based, lengths in bytes... of UTF-8 code points for length/substr).
    add("lower", {T}, T);
    add("upper", {T}, T);
    add("length", {T}, I);
    add("trim", {T}, T);
    add("ltrim", {T}, T);
    add("rtrim", {T}, T);
    add("substr", {T, I}, T);
    add("substr", {T, I, I}, T);
    add("replace", {T, T, T}, T);
    add("concat", {T}, T, true);
    add("starts_with", {T, T}, B);
    add("ends_with", {T, T}, B);
    add("contains", {T, T}, B);
    add("strpos", {T, T}, I);
    add("split_part", {T, T, I}, T);
    // Regular expressions (RE2 syntax; the pattern is compiled once when constant).
    add("regexp_matches", {T, T}, B);
    add("regexp_extract", {T, T}, T);
    add("regexp_extract", {T, T, I}, T);
    add("regexp_replace", {T, T, T}, T);
    // Time (UTC). date_trunc/date_part units: microsecond, millisecond, second, minute, hour, day,
    // week (ISO, Monday), month, quarter, year; date_part also dow (0 = Sunday), doy, epoch.
    add("date_trunc", {T, TS}, TS);
    add("date_part", {T, TS}, I);
    add("year", {TS}, I);
    add("month", {TS}, I);
    add("day", {TS}, I);
    add("hour", {TS}, I);
    add("minute", {TS}, I);
    add("second", {TS}, I);
    add("to_timestamp", {D}, TS);      // epoch seconds
    add("epoch", {TS}, D);             // epoch seconds
    add("epoch_ms", {TS}, I);          // epoch milliseconds
    add("epoch_ms", {I}, TS);          // from epoch milliseconds
    add("strftime", {TS, T}, T);       // C strftime format, UTC
    add("proctime", {}, TS);           // wall clock at evaluation (processing time, not replayable)
    add("nullif", {I, I}, I);
    add("nullif", {D, D}, D);
    add("nullif", {T, T}, T);
}

const FunctionCatalog &FunctionCatalog::instance() {
    static const FunctionCatalog catalog;
    return catalog;
}

std::vector<const FunctionSignature *> FunctionCatalog::overloads(const std::string &name) const {
    std::vector<const FunctionSignature *> out;
    for (const auto &signature : signatures_) {
        if (signature.name == name) out.push_back(&signature);
    }
    return out;
}

bool FunctionCatalog::exists(const std::string &name) const {
    return std::any_of(signatures_.begin(), signatures_.end(),
                       [&](const FunctionSignature &s) { return s.name == name; });
}

std::vector<std::string> FunctionCatalog::names() const {
    std::set<std::string> unique;
    for (const auto &signature : signatures_) unique.insert(signature.name);
    return std::vector<std::string>(unique.begin(), unique.end());
}

}  // namespace weir

// Text kernels: per-row loops over valid rows, results as views or new bytes in the batch arena.
#include "exec/string_functions.h"

#include <cctype>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

#include "common/weir_error.h"
#include "exec/function_registry.h"
#include "exec/like_matcher.h"

namespace weir {

namespace {

constexpr TypeId I = TypeId::BigInt;
constexpr TypeId T = TypeId::Text;

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

int64_t code_points(std::string_view text) {
    int64_t count = 0;
    for (char c : text) count += !is_continuation(c);
    return count;
}

// Byte offset of the code point with 0-based index `index` (text.size() if past the end).
size_t byte_offset(std::string_view text, int64_t index) {
    size_t pos = 0;
    while (pos < text.size() && index > 0) {
        pos++;
        while (pos < text.size() && is_continuation(text[pos])) pos++;
        index--;
    }
    return pos;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

KernelEntry entry(ScalarKernel kernel, bool returns_views = false) {
    return KernelEntry{kernel, NullHandling::Propagate, nullptr, returns_views};
}

template <bool kUpper>
void change_case(const KernelInput &input, ColumnVector &out) {
    const Operand &a = input.operands[0];
    for_each_valid_row(input, out, [&](uint32_t row) {
        std::string_view text = a.text_at(row);
        char *bytes = input.batch->arena().allocate(text.size());
        for (size_t i = 0; i < text.size(); i++) {
            char c = text[i];
            if (kUpper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
            if (!kUpper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            bytes[i] = c;
        }
        out.strings()[row] = std::string_view(bytes, text.size());
    });
}

void length(const KernelInput &input, ColumnVector &out) {
    const Operand &a = input.operands[0];
    for_each_valid_row(input, out, [&](uint32_t row) { out.ints()[row] = code_points(a.text_at(row)); });
}

template <bool kLeft, bool kRight>
void trim(const KernelInput &input, ColumnVector &out) {
    const Operand &a = input.operands[0];
    for_each_valid_row(input, out, [&](uint32_t row) {
        std::string_view text = a.text_at(row);
        while (kLeft && !text.empty() && is_space(text.front())) text.remove_prefix(1);
        while (kRight && !text.empty() && is_space(text.back())) text.remove_suffix(1);
        out.strings()[row] = text;
    });
}

// PostgreSQL substring: code points [start, start + length) intersected with [1, n].
template <bool kHasLength>
void substr(const KernelInput &input, ColumnVector &out) {
    const Operand &a = input.operands[0];
    const Operand &start = input.operands[1];
    for_each_valid_row(input, out, [&](uint32_t row) {
        std::string_view text = a.text_at(row);
        int64_t first = start.int_at(row);
        int64_t end = INT64_MAX;  // exclusive, in 1-based code points
        if (kHasLength) {
            int64_t length = input.operands[2].int_at(row);
            if (length < 0) {
                throw WeirError(ErrorKind::Data, "substr length must not be negative, got " + std::to_string(length));
            }
            if (__builtin_add_overflow(first, length, &end)) end = INT64_MAX;
        }
        if (first < 1) first = 1;
        if (end <= first) {
            out.strings()[row] = std::string_view();
            return;
        }
        size_t from = byte_offset(text, first - 1);
        size_t to = end == INT64_MAX ? text.size() : from + byte_offset(text.substr(from), end - first);
        out.strings()[row] = text.substr(from, to - from);
    });
}

void replace(const KernelInput &input, ColumnVector &out) {
    const Operand &a = input.operands[0];
    const Operand &from = input.operands[1];
    const Operand &to = input.operands[2];
    std::string built;
    for_each_valid_row(input, out, [&](uint32_t row) {
        std::string_view text = a.text_at(row), needle = from.text_at(row), with = to.text_at(row);
        if (needle.empty() || text.find(needle) == std::string_view::npos) {
            out.strings()[row] = text;
            return;
        }
        built.clear();
        size_t pos = 0;
        for (size_t hit; (hit = text.find(needle, pos)) != std::string_view::npos; pos = hit + needle.size()) {
            built.append(text.substr(pos, hit - pos));
            built.append(with);
        }
        built.append(text.substr(pos));
        out.strings()[row] = input.batch->arena().add(built);
    });
}

// Joins the non-NULL arguments of a row; `skip_nulls` false means the executor already made rows
// with a NULL argument NULL (||).
void join_arguments(const KernelInput &input, ColumnVector &out) {
    for_each_valid_row(input, out, [&](uint32_t row) {
        size_t total = 0;
        for (size_t i = 0; i < input.operand_count; i++) {
            if (!input.operands[i].is_null(row)) total += input.operands[i].text_at(row).size();
        }
        char *bytes = total == 0 ? nullptr : input.batch->arena().allocate(total);
        size_t pos = 0;
        for (size_t i = 0; i < input.operand_count; i++) {
            if (input.operands[i].is_null(row)) continue;
            std::string_view part = input.operands[i].text_at(row);
            if (!part.empty()) std::memcpy(bytes + pos, part.data(), part.size());
            pos += part.size();
        }
        out.strings()[row] = std::string_view(bytes, total);
    });
}

struct StartsWith {
    static uint8_t apply(std::string_view a, std::string_view b) { return a.substr(0, b.size()) == b; }
};
struct EndsWith {
    static uint8_t apply(std::string_view a, std::string_view b) {
        return a.size() >= b.size() && a.substr(a.size() - b.size()) == b;
    }
};
struct Contains {
    static uint8_t apply(std::string_view a, std::string_view b) { return a.find(b) != std::string_view::npos; }
};

template <typename Op>
void text_predicate(const KernelInput &input, ColumnVector &out) {
    const Operand &a = input.operands[0];
    const Operand &b = input.operands[1];
    for_each_valid_row(input, out, [&](uint32_t row) { out.bools()[row] = Op::apply(a.text_at(row), b.text_at(row)); });
}

void strpos(const KernelInput &input, ColumnVector &out) {
    const Operand &a = input.operands[0];
    const Operand &b = input.operands[1];
    for_each_valid_row(input, out, [&](uint32_t row) {
        std::string_view text = a.text_at(row);
        size_t hit = text.find(b.text_at(row));
        out.ints()[row] = hit == std::string_view::npos ? 0 : code_points(text.substr(0, hit)) + 1;
    });
}

void split_part(const KernelInput &input, ColumnVector &out) {
    const Operand &a = input.operands[0];
    const Operand &delimiter = input.operands[1];
    const Operand &field = input.operands[2];
    for_each_valid_row(input, out, [&](uint32_t row) {
        std::string_view text = a.text_at(row), separator = delimiter.text_at(row);
        int64_t n = field.int_at(row);
        if (n == 0) throw WeirError(ErrorKind::Data, "split_part field position must not be zero");
        int64_t count = text.empty() && separator.empty() ? 0 : 1;
        if (!separator.empty()) {
            for (size_t hit = text.find(separator); hit != std::string_view::npos;
                 hit = text.find(separator, hit + separator.size())) {
                count++;
            }
        }
        int64_t index = n > 0 ? n - 1 : count + n;
        if (index < 0 || index >= count) {
            out.strings()[row] = std::string_view();
            return;
        }
        size_t pos = 0;
        for (int64_t skipped = 0; skipped < index; skipped++) pos = text.find(separator, pos) + separator.size();
        size_t end = separator.empty() ? std::string_view::npos : text.find(separator, pos);
        out.strings()[row] = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    });
}

class LikeState : public KernelState {
public:
    explicit LikeState(LikeMatcher matcher) : matcher(std::move(matcher)) {}
    LikeMatcher matcher;
};

std::string ends_in_escape(std::string_view pattern) {
    return "LIKE pattern must not end with the escape character '\\': '" + std::string(pattern) + "'";
}

std::unique_ptr<KernelState> prepare_like(const std::vector<const Value *> &constants) {
    const Value *pattern = constants[1];
    if (pattern == nullptr || pattern->is_null()) return nullptr;
    auto matcher = LikeMatcher::compile(pattern->as_text());
    if (!matcher) throw WeirError(ErrorKind::Bind, ends_in_escape(pattern->as_text()));
    return std::make_unique<LikeState>(std::move(*matcher));
}

void like(const KernelInput &input, ColumnVector &out) {
    const Operand &a = input.operands[0];
    const Operand &pattern = input.operands[1];
    uint8_t *result = out.bools();
    if (input.state != nullptr) {
        const LikeMatcher &matcher = static_cast<const LikeState *>(input.state)->matcher;
        for_each_valid_row(input, out, [&](uint32_t row) { result[row] = matcher.matches(a.text_at(row)); });
        return;
    }
    for_each_valid_row(input, out, [&](uint32_t row) {
        auto matcher = LikeMatcher::compile(pattern.text_at(row));
        if (!matcher) throw WeirError(ErrorKind::Data, ends_in_escape(pattern.text_at(row)));
        result[row] = matcher->matches(a.text_at(row));
    });
}

}  // namespace

void StringFunctions::register_all(FunctionRegistry &registry) {
    registry.add("like", {T, T}, KernelEntry{like, NullHandling::Propagate, prepare_like, false});
    registry.add("||", {T, T}, entry(join_arguments));
    registry.add("concat", {T}, KernelEntry{join_arguments, NullHandling::Custom, nullptr, false}, true);
    registry.add("lower", {T}, entry(change_case<false>));
    registry.add("upper", {T}, entry(change_case<true>));
    registry.add("length", {T}, entry(length));
    registry.add("trim", {T}, entry(trim<true, true>, true));
    registry.add("ltrim", {T}, entry(trim<true, false>, true));
    registry.add("rtrim", {T}, entry(trim<false, true>, true));
    registry.add("substr", {T, I}, entry(substr<false>, true));
    registry.add("substr", {T, I, I}, entry(substr<true>, true));
    registry.add("replace", {T, T, T}, entry(replace, true));
    registry.add("starts_with", {T, T}, entry(text_predicate<StartsWith>));
    registry.add("ends_with", {T, T}, entry(text_predicate<EndsWith>));
    registry.add("contains", {T, T}, entry(text_predicate<Contains>));
    registry.add("strpos", {T, T}, entry(strpos));
    registry.add("split_part", {T, T, I}, entry(split_part, true));
}

}  // namespace weir

// RE2-backed kernels: constant patterns compiled once, others compiled when the pattern changes.
#include "exec/regex_functions.h"

#include <memory>
#include <string>

#include <re2/re2.h>

#include "common/weir_error.h"
#include "exec/function_registry.h"

namespace weir {

namespace {

constexpr TypeId I = TypeId::BigInt;
constexpr TypeId T = TypeId::Text;

// Compiles `pattern`, throwing WeirError(kind) naming it and RE2's reason if it is invalid.
std::unique_ptr<RE2> compile(std::string_view pattern, ErrorKind kind) {
    auto re = std::make_unique<RE2>(re2::StringPiece(pattern.data(), pattern.size()), RE2::Quiet);
    if (!re->ok()) {
        throw WeirError(kind, "regular expression does not compile (" + re->error() + "): '" + std::string(pattern) + "'");
    }
    return re;
}

void check_group(const RE2 &re, int64_t group, ErrorKind kind) {
    if (group >= 0 && group <= re.NumberOfCapturingGroups()) return;
    throw WeirError(kind, "regexp_extract group must be between 0 and " + std::to_string(re.NumberOfCapturingGroups()) +
                              " for '" + re.pattern() + "', got " + std::to_string(group));
}

void check_rewrite(const RE2 &re, std::string_view rewrite, ErrorKind kind) {
    std::string error;
    if (re.CheckRewriteString(re2::StringPiece(rewrite.data(), rewrite.size()), &error)) return;
    throw WeirError(kind, "regexp_replace replacement is invalid (" + error + "): '" + std::string(rewrite) + "'");
}

class RegexState : public KernelState {
public:
    std::unique_ptr<RE2> re;  // the constant pattern, compiled
};

std::unique_ptr<KernelState> prepare(const std::vector<const Value *> &constants) {
    const Value *pattern = constants[1];
    if (pattern == nullptr || pattern->is_null()) return nullptr;
    auto state = std::make_unique<RegexState>();
    state->re = compile(pattern->as_text(), ErrorKind::Bind);
    if (constants.size() > 2 && constants[2] != nullptr && !constants[2]->is_null()) {
        if (constants[2]->type() == TypeId::BigInt) check_group(*state->re, constants[2]->as_int(), ErrorKind::Bind);
        else check_rewrite(*state->re, constants[2]->as_text(), ErrorKind::Bind);
    }
    return state;
}

// Supplies the regex of each row: the compiled constant, or the row's pattern compiled when it
// differs from the previous row's.
class RowRegex {
public:
    explicit RowRegex(const KernelInput &input)
        : constant_(input.state ? static_cast<const RegexState *>(input.state)->re.get() : nullptr),
          pattern_(input.operands[1]) {}

    const RE2 &at(uint32_t row) {
        if (constant_ != nullptr) return *constant_;
        std::string_view pattern = pattern_.text_at(row);
        if (!last_ || pattern != last_->pattern()) last_ = compile(pattern, ErrorKind::Data);
        return *last_;
    }
    bool is_constant() const { return constant_ != nullptr; }

private:
    const RE2 *constant_;
    const Operand &pattern_;
    std::unique_ptr<RE2> last_;
};

re2::StringPiece piece(std::string_view text) { return re2::StringPiece(text.data(), text.size()); }

void regexp_matches(const KernelInput &input, ColumnVector &out) {
    const Operand &a = input.operands[0];
    RowRegex regex(input);
    for_each_valid_row(input, out, [&](uint32_t row) {
        out.bools()[row] = RE2::PartialMatch(piece(a.text_at(row)), regex.at(row));
    });
}

template <bool kHasGroup>
void regexp_extract(const KernelInput &input, ColumnVector &out) {
    const Operand &a = input.operands[0];
    RowRegex regex(input);
    re2::StringPiece groups[10];
    std::vector<re2::StringPiece> many;
    const bool checked_once = regex.is_constant() && (!kHasGroup || input.operands[2].is_constant());
    for_each_valid_row(input, out, [&](uint32_t row) {
        const RE2 &re = regex.at(row);
        int64_t group = kHasGroup ? input.operands[2].int_at(row) : 0;
        if (!checked_once) check_group(re, group, ErrorKind::Data);
        re2::StringPiece *slots = groups;
        if (group >= 10) {
            many.resize(static_cast<size_t>(group) + 1);
            slots = many.data();
        }
        std::string_view text = a.text_at(row);
        bool found = re.Match(piece(text), 0, text.size(), RE2::UNANCHORED, slots, static_cast<int>(group) + 1);
        const re2::StringPiece &match = slots[group];
        if (!found || match.data() == nullptr) {
            out.set_null(row);
            return;
        }
        out.strings()[row] = std::string_view(match.data(), match.size());
    });
}

void regexp_replace(const KernelInput &input, ColumnVector &out) {
    const Operand &a = input.operands[0];
    const Operand &rewrite = input.operands[2];
    RowRegex regex(input);
    std::string text;
    for_each_valid_row(input, out, [&](uint32_t row) {
        const RE2 &re = regex.at(row);
        std::string_view with = rewrite.text_at(row);
        if (!regex.is_constant() || !rewrite.is_constant()) check_rewrite(re, with, ErrorKind::Data);
        text.assign(a.text_at(row));
        RE2::GlobalReplace(&text, re, piece(with));
        out.strings()[row] = input.batch->arena().add(text);
    });
}

}  // namespace

void RegexFunctions::register_all(FunctionRegistry &registry) {
    registry.add("regexp_matches", {T, T}, KernelEntry{regexp_matches, NullHandling::Propagate, prepare, false});
    registry.add("regexp_extract", {T, T}, KernelEntry{regexp_extract<false>, NullHandling::Propagate, prepare, true});
    registry.add("regexp_extract", {T, T, I}, KernelEntry{regexp_extract<true>, NullHandling::Propagate, prepare, true});
    registry.add("regexp_replace", {T, T, T}, KernelEntry{regexp_replace, NullHandling::Propagate, prepare, false});
}

}  // namespace weir

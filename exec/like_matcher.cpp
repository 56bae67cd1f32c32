// LIKE pattern compilation into a shape or token list, and matching with one backtrack point.
#include "exec/like_matcher.h"

namespace weir {

namespace {

// Length in bytes of the UTF-8 code point starting at text[pos] (at least 1, within the text).
size_t code_point_length(std::string_view text, size_t pos) {
    size_t length = 1;
    while (pos + length < text.size() && (static_cast<unsigned char>(text[pos + length]) & 0xC0) == 0x80) length++;
    return length;
}

}  // namespace

std::optional<LikeMatcher> LikeMatcher::compile(std::string_view pattern) {
    LikeMatcher matcher;
    for (size_t i = 0; i < pattern.size(); i++) {
        char c = pattern[i];
        if (c == '%') {
            if (matcher.tokens_.empty() || matcher.tokens_.back().kind != TokenKind::AnyRun) {
                matcher.tokens_.push_back(Token{TokenKind::AnyRun, {}});
            }
            continue;
        }
        if (c == '_') {
            matcher.tokens_.push_back(Token{TokenKind::AnyOne, {}});
            continue;
        }
        if (c == '\\') {
            if (++i == pattern.size()) return std::nullopt;
            c = pattern[i];
        }
        if (matcher.tokens_.empty() || matcher.tokens_.back().kind != TokenKind::Literal) {
            matcher.tokens_.push_back(Token{TokenKind::Literal, {}});
        }
        matcher.tokens_.back().literal += c;
    }
    const auto &t = matcher.tokens_;
    auto is = [&](size_t i, TokenKind kind) { return t[i].kind == kind; };
    if (t.empty()) {
        matcher.shape_ = Shape::Exact;
    } else if (t.size() == 1 && is(0, TokenKind::Literal)) {
        matcher.shape_ = Shape::Exact;
        matcher.literal_ = t[0].literal;
    } else if (t.size() == 1 && is(0, TokenKind::AnyRun)) {
        matcher.shape_ = Shape::Prefix;  // '%': every string has the empty prefix
    } else if (t.size() == 2 && is(0, TokenKind::Literal) && is(1, TokenKind::AnyRun)) {
        matcher.shape_ = Shape::Prefix;
        matcher.literal_ = t[0].literal;
    } else if (t.size() == 2 && is(0, TokenKind::AnyRun) && is(1, TokenKind::Literal)) {
        matcher.shape_ = Shape::Suffix;
        matcher.literal_ = t[1].literal;
    } else if (t.size() == 3 && is(0, TokenKind::AnyRun) && is(1, TokenKind::Literal) && is(2, TokenKind::AnyRun)) {
        matcher.shape_ = Shape::Contains;
        matcher.literal_ = t[1].literal;
    }
    return matcher;
}

bool LikeMatcher::matches(std::string_view text) const {
    std::string_view literal = literal_;
    switch (shape_) {
    case Shape::Exact: return text == literal;
    case Shape::Prefix: return text.size() >= literal.size() && text.compare(0, literal.size(), literal) == 0;
    case Shape::Suffix:
        return text.size() >= literal.size() && text.compare(text.size() - literal.size(), literal.size(), literal) == 0;
    case Shape::Contains: return text.find(literal) != std::string_view::npos;
    case Shape::General: return matches_general(text);
    }
    return false;
}

// Greedy matching that remembers the last `%`: on a mismatch, that `%` absorbs one more code point
// and matching resumes after it. One backtrack point suffices because a later `%` can absorb
// whatever an earlier one would have.
bool LikeMatcher::matches_general(std::string_view text) const {
    size_t token = 0, pos = 0;
    size_t star_token = SIZE_MAX, star_pos = 0;
    while (true) {
        if (token < tokens_.size()) {
            const Token &t = tokens_[token];
            if (t.kind == TokenKind::AnyRun) {
                star_token = token++;
                star_pos = pos;
                continue;
            }
            if (t.kind == TokenKind::AnyOne && pos < text.size()) {
                pos += code_point_length(text, pos);
                token++;
                continue;
            }
            if (t.kind == TokenKind::Literal && text.compare(pos, t.literal.size(), t.literal) == 0) {
                pos += t.literal.size();
                token++;
                continue;
            }
        } else if (pos == text.size()) {
            return true;
        }
        if (star_token == SIZE_MAX || star_pos >= text.size()) return false;
        star_pos += code_point_length(text, star_pos);
        pos = star_pos;
        token = star_token + 1;
    }
}

}  // namespace weir

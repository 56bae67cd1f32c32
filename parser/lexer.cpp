// Hand-written SQL lexer: words, quoted names, strings, numbers, durations, operators, comments.
#include "parser/lexer.h"

#include <array>
#include <cctype>

#include "common/weir_error.h"

namespace weir {
namespace {

bool is_word_start(char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return std::isalpha(u) || c == '_' || u >= 0x80;
}

bool is_word_char(char c) {
    return is_word_start(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$';
}

bool is_digit(char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); i++) {
        if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

std::string position_text(const SourcePosition &at) {
    return "line " + std::to_string(at.line) + ", column " + std::to_string(at.column);
}

}  // namespace

Lexer::Lexer(std::string_view sql) : sql_(sql) {}

bool Lexer::is_reserved(std::string_view word) {
    static const std::array<std::string_view, 26> reserved = {
        "SELECT", "FROM", "WHERE", "GROUP",   "BY",   "HAVING", "ORDER", "LIMIT", "EMIT",
        "AND",    "OR",   "NOT",   "IS",      "NULL", "TRUE",   "FALSE", "BETWEEN",
        "IN",     "LIKE", "CASE",  "WHEN",    "THEN", "ELSE",   "END",   "AS",    "DISTINCT"};
    for (std::string_view r : reserved) {
        if (equals_ignoring_case(r, word)) return true;
    }
    return false;
}

std::vector<Token> Lexer::tokenize() {
    std::vector<Token> tokens;
    while (true) {
        tokens.push_back(next());
        if (tokens.back().kind == TokenKind::End) return tokens;
    }
}

char Lexer::current(size_t ahead) const {
    return offset_ + ahead < sql_.size() ? sql_[offset_ + ahead] : '\0';
}

void Lexer::advance_char() {
    char c = sql_[offset_++];
    if (c == '\n') {
        line_++;
        column_ = 1;
        return;
    }
    // Columns count characters, not bytes: UTF-8 continuation bytes do not start a new column.
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) column_++;
}

Token Lexer::make(TokenKind kind, std::string text, const SourcePosition &start) const {
    Token token;
    token.kind = kind;
    token.text = std::move(text);
    token.position = start;
    token.length = offset_ - start.offset;
    return token;
}

void Lexer::fail(const SourcePosition &at, const std::string &message) const {
    throw WeirError(ErrorKind::Syntax, "syntax error at " + position_text(at) + ": " + message);
}

void Lexer::skip_whitespace_and_comments() {
    while (offset_ < sql_.size()) {
        char c = current();
        if (std::isspace(static_cast<unsigned char>(c))) {
            advance_char();
        } else if (c == '-' && current(1) == '-') {
            while (offset_ < sql_.size() && current() != '\n') advance_char();
        } else if (c == '/' && current(1) == '*') {
            SourcePosition start{line_, column_, offset_};
            advance_char();
            advance_char();
            while (!(current() == '*' && current(1) == '/')) {
                if (offset_ >= sql_.size()) {
                    throw WeirError(ErrorKind::Syntax,
                                    "unterminated block comment starting at " + position_text(start) +
                                        "; close it with */");
                }
                advance_char();
            }
            advance_char();
            advance_char();
        } else {
            return;
        }
    }
}

Token Lexer::next() {
    skip_whitespace_and_comments();
    SourcePosition start{line_, column_, offset_};
    if (offset_ >= sql_.size()) return make(TokenKind::End, "", start);
    char c = current();
    if (is_word_start(c)) return lex_word(start);
    if (c == '\'' || c == '"') return lex_quoted(c, start);
    if (is_digit(c) || (c == '.' && is_digit(current(1)))) return lex_number(start);
    return lex_operator(start);
}

Token Lexer::lex_word(const SourcePosition &start) {
    while (offset_ < sql_.size() && is_word_char(current())) advance_char();
    std::string text(sql_.substr(start.offset, offset_ - start.offset));
    TokenKind kind = is_reserved(text) ? TokenKind::Keyword : TokenKind::Identifier;
    return make(kind, std::move(text), start);
}

Token Lexer::lex_quoted(char quote, const SourcePosition &start) {
    advance_char();
    std::string text;
    while (true) {
        if (offset_ >= sql_.size()) {
            const char *what = quote == '\'' ? "string literal" : "quoted identifier";
            throw WeirError(ErrorKind::Syntax, std::string("unterminated ") + what + " starting at " +
                                                   position_text(start) + "; close it with " + quote);
        }
        char c = current();
        if (c == quote) {
            if (current(1) != quote) break;
            advance_char();  // a doubled quote stands for one quote character
        }
        text += c;
        advance_char();
    }
    advance_char();
    if (quote == '"' && text.empty()) fail(start, "a quoted identifier cannot be empty");
    return make(quote == '\'' ? TokenKind::String : TokenKind::QuotedIdentifier, std::move(text), start);
}

Token Lexer::lex_number(const SourcePosition &start) {
    bool decimal = false;
    while (is_digit(current())) advance_char();
    if (current() == '.') {
        decimal = true;
        advance_char();
        while (is_digit(current())) advance_char();
    }
    if ((current() == 'e' || current() == 'E') &&
        (is_digit(current(1)) || ((current(1) == '+' || current(1) == '-') && is_digit(current(2))))) {
        decimal = true;
        advance_char();
        if (current() == '+' || current() == '-') advance_char();
        while (is_digit(current())) advance_char();
    }
    if (!is_word_char(current())) {
        std::string text(sql_.substr(start.offset, offset_ - start.offset));
        return make(decimal ? TokenKind::Decimal : TokenKind::Integer, std::move(text), start);
    }
    size_t unit_start = offset_;
    while (offset_ < sql_.size() && is_word_char(current())) advance_char();
    std::string text(sql_.substr(start.offset, offset_ - start.offset));
    std::string_view unit = sql_.substr(unit_start, offset_ - unit_start);
    bool known_unit = unit == "us" || unit == "ms" || unit == "s" || unit == "m" || unit == "h" || unit == "d";
    if (decimal || !known_unit) {
        fail(start, "invalid number or duration '" + text +
                        "'; a duration is a whole number followed by one of us, ms, s, m, h, d (for example 5m)");
    }
    return make(TokenKind::Duration, std::move(text), start);
}

Token Lexer::lex_operator(const SourcePosition &start) {
    char c = current();
    char n = current(1);
    std::string two{c, n};
    if (two == "||" || two == "<>" || two == "!=" || two == "<=" || two == ">=") {
        advance_char();
        advance_char();
        return make(TokenKind::Operator, two, start);
    }
    static const std::string_view single = "+-*/%=<>(),;.";
    if (single.find(c) != std::string_view::npos) {
        advance_char();
        return make(TokenKind::Operator, std::string(1, c), start);
    }
    if (c == '|') fail(start, "unexpected character '|'; string concatenation is written ||");
    fail(start, "unexpected character '" + std::string(1, c) + "'");
}

}  // namespace weir

// Token matching and syntax error messages shared by the statement and expression parsers.
#include "parser/token_cursor.h"

#include <cctype>

#include "common/weir_error.h"

namespace weir {
namespace {

bool same_word(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); i++) {
        if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

}  // namespace

TokenCursor::TokenCursor(const std::vector<Token> &tokens) : tokens_(tokens) {}

const Token &TokenCursor::peek(size_t ahead) const {
    size_t at = index_ + ahead;
    return at < tokens_.size() ? tokens_[at] : tokens_.back();
}

const Token &TokenCursor::advance() {
    const Token &token = peek();
    if (index_ + 1 < tokens_.size()) index_++;
    return token;
}

const Token &TokenCursor::previous() const {
    return index_ == 0 ? tokens_[0] : tokens_[index_ - 1];
}

bool TokenCursor::at_word(std::string_view word, size_t ahead) const {
    const Token &token = peek(ahead);
    return (token.kind == TokenKind::Identifier || token.kind == TokenKind::Keyword) && same_word(token.text, word);
}

bool TokenCursor::accept_word(std::string_view word) {
    if (!at_word(word)) return false;
    advance();
    return true;
}

void TokenCursor::expect_word(std::string_view word) {
    if (!accept_word(word)) fail_expected(word);
}

bool TokenCursor::at_operator(std::string_view op, size_t ahead) const {
    const Token &token = peek(ahead);
    return token.kind == TokenKind::Operator && token.text == op;
}

bool TokenCursor::accept_operator(std::string_view op) {
    if (!at_operator(op)) return false;
    advance();
    return true;
}

void TokenCursor::expect_operator(std::string_view op) {
    if (!accept_operator(op)) fail_expected("'" + std::string(op) + "'");
}

bool TokenCursor::at_identifier(size_t ahead) const {
    TokenKind kind = peek(ahead).kind;
    return kind == TokenKind::Identifier || kind == TokenKind::QuotedIdentifier;
}

std::string TokenCursor::expect_identifier(std::string_view what) {
    if (!at_identifier()) {
        // A reserved word where a name could end (`FROM select;`) was most likely meant as a name.
        const Token &after = peek(1);
        bool name_could_end = after.kind == TokenKind::End ||
                              (after.kind == TokenKind::Operator && std::string_view(";,().").find(after.text) !=
                                                                        std::string_view::npos);
        if (peek().kind == TokenKind::Keyword && name_could_end) {
            fail_expected(std::string(what) + " (" + peek().text +
                          " is a reserved word; write it in double quotes to use it as a name)");
        }
        fail_expected(what);
    }
    return advance().text;
}

void TokenCursor::fail_expected(std::string_view expected) const {
    fail_at(peek().position, "expected " + std::string(expected) + " but found " + peek().describe());
}

void TokenCursor::fail_at(const SourcePosition &at, const std::string &message) const {
    throw WeirError(ErrorKind::Syntax, "syntax error at line " + std::to_string(at.line) + ", column " +
                                           std::to_string(at.column) + ": " + message);
}

TokenCursor::NestingGuard::NestingGuard(TokenCursor &cursor, int levels) : cursor_(cursor) {
    for (int i = 0; i < levels; i++) add_level();
}

void TokenCursor::NestingGuard::add_level() {
    if (cursor_.depth_ >= kMaxDepth) {
        cursor_.fail_at(cursor_.peek().position, "the expression is nested too deeply (more than " +
                                                     std::to_string(kMaxDepth) + " levels); simplify it");
    }
    cursor_.depth_++;
    levels_++;
}

TokenCursor::NestingGuard::~NestingGuard() {
    cursor_.depth_ -= levels_;
}

}  // namespace weir

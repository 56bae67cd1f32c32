// A read position in a token list with the matching, expecting and error-reporting steps the parsers share.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "parser/token.h"

namespace weir {

class TokenCursor {
public:
    // Deepest expression nesting accepted; deeper input is a syntax error rather than a stack overflow.
    // At the limit, nested parentheses use about 1.5 MB of stack in a Debug build (3 MB under ASan),
    // well within the default 8 MB of a Linux thread.
    static constexpr int kMaxDepth = 500;

    // `tokens` must end with a TokenKind::End token and outlive the cursor.
    explicit TokenCursor(const std::vector<Token> &tokens);

    // The token `ahead` tokens after the current one (the End token when past the end).
    const Token &peek(size_t ahead = 0) const;
    // Returns the current token and moves past it (never past End).
    const Token &advance();
    // The token before the current one (the current one at the start).
    const Token &previous() const;
    size_t index() const { return index_; }

    // True when the token is the unquoted word `word` (case-insensitive), reserved or not.
    bool at_word(std::string_view word, size_t ahead = 0) const;
    bool accept_word(std::string_view word);
    // Throws "expected WORD but found ..." unless the current token is `word`.
    void expect_word(std::string_view word);

    bool at_operator(std::string_view op, size_t ahead = 0) const;
    bool accept_operator(std::string_view op);
    void expect_operator(std::string_view op);

    // True for a name: an unquoted non-reserved word or a double-quoted identifier.
    bool at_identifier(size_t ahead = 0) const;
    // Consumes a name and returns it as written (quoted: without the quotes); otherwise throws
    // "expected <what> but found ...", e.g. what = "a source name".
    std::string expect_identifier(std::string_view what);

    // Throws WeirError(Syntax) "syntax error at line L, column C: expected <expected> but found <token>"
    // at the current token.
    [[noreturn]] void fail_expected(std::string_view expected) const;
    // Throws WeirError(Syntax) "syntax error at line L, column C: <message>".
    [[noreturn]] void fail_at(const SourcePosition &at, const std::string &message) const;

    // Counts levels of expression nesting for as long as it lives; throws past kMaxDepth. A chain of
    // left-associative operators adds one level per operator (the tree it builds gets that deep).
    class NestingGuard {
    public:
        explicit NestingGuard(TokenCursor &cursor, int levels = 1);
        ~NestingGuard();
        void add_level();
        NestingGuard(const NestingGuard &) = delete;
        NestingGuard &operator=(const NestingGuard &) = delete;

    private:
        TokenCursor &cursor_;
        int levels_ = 0;
    };

private:
    const std::vector<Token> &tokens_;
    size_t index_ = 0;
    int depth_ = 0;
};

}  // namespace weir

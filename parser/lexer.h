// Splits SQL text into tokens with 1-based line:column positions, skipping whitespace and comments.
#pragma once

#include <string_view>
#include <vector>

#include "parser/token.h"

namespace weir {

class Lexer {
public:
    // The text must outlive the lexer.
    explicit Lexer(std::string_view sql);

    // All tokens of the text, ending with one TokenKind::End token. Throws WeirError(Syntax) for an
    // unterminated string, quoted identifier or block comment, an unexpected character, or a number
    // glued to letters that are not a duration unit ("5min").
    std::vector<Token> tokenize();

    // True for words that can never be identifiers unless double-quoted (SELECT, FROM, AND, ...).
    // Compared case-insensitively.
    static bool is_reserved(std::string_view word);

private:
    Token next();
    void skip_whitespace_and_comments();
    void advance_char();
    char current(size_t ahead = 0) const;
    Token make(TokenKind kind, std::string text, const SourcePosition &start) const;
    Token lex_word(const SourcePosition &start);
    Token lex_quoted(char quote, const SourcePosition &start);
    Token lex_number(const SourcePosition &start);
    Token lex_operator(const SourcePosition &start);
    [[noreturn]] void fail(const SourcePosition &at, const std::string &message) const;

    std::string_view sql_;
    size_t offset_ = 0;
    int line_ = 1;
    int column_ = 1;
};

}  // namespace weir

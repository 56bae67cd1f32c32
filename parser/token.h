// One lexical token of SQL text: its kind, its text and where it starts.
#pragma once

#include <cstddef>
#include <string>

#include "parser/ast.h"

namespace weir {

enum class TokenKind {
    Identifier,        // an unquoted word that is not reserved (may still be a non-reserved keyword such as SOURCE)
    Keyword,           // a reserved word (SELECT, FROM, AND, NULL, ...): never an identifier unless quoted
    QuotedIdentifier,  // "double quoted": text is the name with "" unescaped, case kept
    String,            // 'single quoted': text is the value with '' unescaped
    Integer,           // digits only; text as written (range is checked by the parser)
    Decimal,           // 1.5, .5, 1e3, 2.5E-3; text as written
    Duration,          // a number immediately followed by a unit: 500ms 10s 5m 1h 1d 250us; text as written
    Operator,          // + - * / % || = <> != < <= > >= ( ) , ; .
    End,               // end of input (always the last token)
};

struct Token {
    TokenKind kind = TokenKind::End;
    std::string text;          // see TokenKind; words keep the case they were written in
    SourcePosition position;   // of the first character
    size_t length = 0;         // bytes of SQL text the token spans (quotes included)

    // How an error message names the token: 'FORM', the string 'abc', "Name", end of input.
    std::string describe() const;
};

}  // namespace weir

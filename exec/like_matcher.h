// A compiled SQL LIKE pattern: % (any run of characters), _ (one character), \ escapes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace weir {

// Contract: matching is by bytes for literal text and by UTF-8 code point for `_`; it is case
// sensitive and anchored at both ends. `\%`, `\_` and `\\` match the literal character. Patterns
// of the shapes 'abc', 'abc%', '%abc' and '%abc%' (no `_`) use memcmp/memmem-style fast paths.
class LikeMatcher {
public:
    // Compiles `pattern`; nullopt if it ends with a lone escape character.
    static std::optional<LikeMatcher> compile(std::string_view pattern);

    bool matches(std::string_view text) const;

private:
    enum class Shape { Exact, Prefix, Suffix, Contains, General };
    enum class TokenKind { Literal, AnyOne, AnyRun };
    struct Token {
        TokenKind kind;
        std::string literal;  // Literal only
    };

    bool matches_general(std::string_view text) const;

    Shape shape_ = Shape::General;
    std::string literal_;  // the text of the fast-path shapes
    std::vector<Token> tokens_;
};

}  // namespace weir

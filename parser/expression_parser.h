// Recursive-descent parsing of SQL expressions, column types and interval literals from a token cursor.
#pragma once

#include <cstdint>
#include <memory>

#include "parser/ast.h"
#include "parser/token_cursor.h"

namespace weir {

// Precedence, loosest first: OR, AND, NOT, comparison (= <> != < <= > >=, IS [NOT] NULL,
// [NOT] BETWEEN, [NOT] IN, [NOT] LIKE), ||, + -, * / %, unary - +, primary.
// A minus or plus directly before a numeric or interval literal is folded into the literal
// (`-5` is Literal -5, not Unary); on anything else it is a Unary node.
class ExpressionParser {
public:
    explicit ExpressionParser(TokenCursor &cursor);

    // One full expression starting at the current token; throws WeirError(Syntax) on bad input.
    std::unique_ptr<Expr> parse_expression();
    // A column type name (BIGINT, INT, DOUBLE [PRECISION], TEXT, VARCHAR[(n)], TIMESTAMP, ...).
    TypeId parse_type();
    // A duration: shorthand (10s) or INTERVAL '10' SECOND; returns microseconds.
    int64_t parse_interval();

private:
    std::unique_ptr<Expr> parse_or();
    std::unique_ptr<Expr> parse_and();
    std::unique_ptr<Expr> parse_not();
    std::unique_ptr<Expr> parse_comparison();
    std::unique_ptr<Expr> parse_concat();
    std::unique_ptr<Expr> parse_additive();
    std::unique_ptr<Expr> parse_multiplicative();
    std::unique_ptr<Expr> parse_unary();
    std::unique_ptr<Expr> parse_primary();
    std::unique_ptr<Expr> parse_predicate_suffix(std::unique_ptr<Expr> value);
    std::unique_ptr<Expr> parse_word();
    std::unique_ptr<Expr> parse_function_call();
    std::unique_ptr<Expr> parse_case();
    std::unique_ptr<Expr> parse_cast();
    std::unique_ptr<Expr> parse_integer_literal();
    std::unique_ptr<Expr> parse_timestamp_literal();
    // After the INTERVAL word: '<count>' UNIT, '<count> <unit>' or '10s'.
    int64_t parse_interval_after_keyword();

    TokenCursor &cursor_;
};

}  // namespace weir

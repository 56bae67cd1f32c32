// Expression grammar: one function per precedence level, literals, calls, CASE and CAST.
#include "parser/expression_parser.h"

#include <charconv>
#include <cstdlib>
#include <limits>

#include "common/schema.h"
#include "common/timestamp.h"

namespace weir {
namespace {

std::unique_ptr<Expr> make_node(ExprKind kind, const SourcePosition &position) {
    auto node = std::make_unique<Expr>();
    node->kind = kind;
    node->position = position;
    return node;
}

std::unique_ptr<Expr> make_binary(const std::string &op, const SourcePosition &position, std::unique_ptr<Expr> left,
                                  std::unique_ptr<Expr> right) {
    auto node = make_node(ExprKind::Binary, position);
    node->name = op;
    node->children.push_back(std::move(left));
    node->children.push_back(std::move(right));
    return node;
}

// Negates a numeric or interval literal in place; false when it is not one (or would overflow).
bool negate_literal(Expr &expr) {
    if (expr.kind != ExprKind::Literal || expr.literal.is_null()) return false;
    const Value &v = expr.literal;
    switch (v.type()) {
    case TypeId::BigInt:
        if (v.as_int() == std::numeric_limits<int64_t>::min()) return false;
        expr.literal = Value::bigint(-v.as_int());
        return true;
    case TypeId::Double: expr.literal = Value::float64(-v.as_double()); return true;
    case TypeId::Interval:
        if (v.as_int() == std::numeric_limits<int64_t>::min()) return false;
        expr.literal = Value::interval(-v.as_int());
        return true;
    default: return false;
    }
}

bool is_numeric_literal(const Expr &expr) {
    if (expr.kind != ExprKind::Literal || expr.literal.is_null()) return false;
    TypeId type = expr.literal.type();
    return type == TypeId::BigInt || type == TypeId::Double || type == TypeId::Interval;
}

}  // namespace

ExpressionParser::ExpressionParser(TokenCursor &cursor) : cursor_(cursor) {}

std::unique_ptr<Expr> ExpressionParser::parse_expression() {
    TokenCursor::NestingGuard guard(cursor_);
    return parse_or();
}

std::unique_ptr<Expr> ExpressionParser::parse_or() {
    auto left = parse_and();
    TokenCursor::NestingGuard chain(cursor_, 0);
    while (cursor_.at_word("OR")) {
        SourcePosition at = cursor_.advance().position;
        chain.add_level();
        left = make_binary("or", at, std::move(left), parse_and());
    }
    return left;
}

std::unique_ptr<Expr> ExpressionParser::parse_and() {
    auto left = parse_not();
    TokenCursor::NestingGuard chain(cursor_, 0);
    while (cursor_.at_word("AND")) {
        SourcePosition at = cursor_.advance().position;
        chain.add_level();
        left = make_binary("and", at, std::move(left), parse_not());
    }
    return left;
}

std::unique_ptr<Expr> ExpressionParser::parse_not() {
    if (!cursor_.at_word("NOT")) return parse_comparison();
    TokenCursor::NestingGuard guard(cursor_);
    auto node = make_node(ExprKind::Unary, cursor_.advance().position);
    node->name = "not";
    node->children.push_back(parse_not());
    return node;
}

std::unique_ptr<Expr> ExpressionParser::parse_comparison() {
    auto left = parse_concat();
    TokenCursor::NestingGuard chain(cursor_, 0);
    while (true) {
        const Token &token = cursor_.peek();
        if (token.kind == TokenKind::Operator &&
            (token.text == "=" || token.text == "<>" || token.text == "!=" || token.text == "<" ||
             token.text == "<=" || token.text == ">" || token.text == ">=")) {
            std::string op = token.text == "!=" ? "<>" : token.text;
            SourcePosition at = cursor_.advance().position;
            chain.add_level();
            left = make_binary(op, at, std::move(left), parse_concat());
            continue;
        }
        bool negated_predicate = cursor_.at_word("NOT") && (cursor_.at_word("BETWEEN", 1) || cursor_.at_word("IN", 1) ||
                                                            cursor_.at_word("LIKE", 1));
        if (cursor_.at_word("IS") || cursor_.at_word("BETWEEN") || cursor_.at_word("IN") || cursor_.at_word("LIKE") ||
            negated_predicate) {
            chain.add_level();
            left = parse_predicate_suffix(std::move(left));
            continue;
        }
        return left;
    }
}

std::unique_ptr<Expr> ExpressionParser::parse_predicate_suffix(std::unique_ptr<Expr> value) {
    SourcePosition at = cursor_.peek().position;
    if (cursor_.accept_word("IS")) {
        auto node = make_node(ExprKind::IsNull, at);
        node->negated = cursor_.accept_word("NOT");
        cursor_.expect_word("NULL");
        node->children.push_back(std::move(value));
        return node;
    }
    bool negated = cursor_.accept_word("NOT");
    if (cursor_.accept_word("BETWEEN")) {
        auto node = make_node(ExprKind::Between, at);
        node->negated = negated;
        node->children.push_back(std::move(value));
        node->children.push_back(parse_concat());
        cursor_.expect_word("AND");
        node->children.push_back(parse_concat());
        return node;
    }
    if (cursor_.accept_word("IN")) {
        auto node = make_node(ExprKind::In, at);
        node->negated = negated;
        node->children.push_back(std::move(value));
        cursor_.expect_operator("(");
        do {
            node->children.push_back(parse_expression());
        } while (cursor_.accept_operator(","));
        cursor_.expect_operator(")");
        return node;
    }
    cursor_.expect_word("LIKE");
    auto node = make_node(ExprKind::Like, at);
    node->negated = negated;
    node->children.push_back(std::move(value));
    node->children.push_back(parse_concat());
    return node;
}

std::unique_ptr<Expr> ExpressionParser::parse_concat() {
    auto left = parse_additive();
    TokenCursor::NestingGuard chain(cursor_, 0);
    while (cursor_.at_operator("||")) {
        SourcePosition at = cursor_.advance().position;
        chain.add_level();
        left = make_binary("||", at, std::move(left), parse_additive());
    }
    return left;
}

std::unique_ptr<Expr> ExpressionParser::parse_additive() {
    auto left = parse_multiplicative();
    TokenCursor::NestingGuard chain(cursor_, 0);
    while (cursor_.at_operator("+") || cursor_.at_operator("-")) {
        const Token &token = cursor_.advance();
        chain.add_level();
        left = make_binary(token.text, token.position, std::move(left), parse_multiplicative());
    }
    return left;
}

std::unique_ptr<Expr> ExpressionParser::parse_multiplicative() {
    auto left = parse_unary();
    TokenCursor::NestingGuard chain(cursor_, 0);
    while (cursor_.at_operator("*") || cursor_.at_operator("/") || cursor_.at_operator("%")) {
        const Token &token = cursor_.advance();
        chain.add_level();
        left = make_binary(token.text, token.position, std::move(left), parse_unary());
    }
    return left;
}

std::unique_ptr<Expr> ExpressionParser::parse_unary() {
    if (!cursor_.at_operator("-") && !cursor_.at_operator("+")) return parse_primary();
    TokenCursor::NestingGuard guard(cursor_);
    const Token &sign = cursor_.advance();
    // -9223372036854775808 is the one integer whose magnitude alone does not fit in BIGINT.
    if (sign.text == "-" && cursor_.peek().kind == TokenKind::Integer && cursor_.peek().text == "9223372036854775808") {
        auto node = make_node(ExprKind::Literal, sign.position);
        node->literal = Value::bigint(std::numeric_limits<int64_t>::min());
        cursor_.advance();
        return node;
    }
    auto operand = parse_unary();
    if (is_numeric_literal(*operand) && (sign.text == "+" || negate_literal(*operand))) {
        operand->position = sign.position;
        return operand;
    }
    auto node = make_node(ExprKind::Unary, sign.position);
    node->name = sign.text;
    node->children.push_back(std::move(operand));
    return node;
}

std::unique_ptr<Expr> ExpressionParser::parse_primary() {
    const Token &token = cursor_.peek();
    switch (token.kind) {
    case TokenKind::Integer: return parse_integer_literal();
    case TokenKind::Decimal: {
        auto node = make_node(ExprKind::Literal, token.position);
        node->literal = Value::float64(std::strtod(token.text.c_str(), nullptr));
        cursor_.advance();
        return node;
    }
    case TokenKind::Duration: {
        std::optional<int64_t> micros = parse_duration(token.text);
        if (!micros) cursor_.fail_at(token.position, "the duration " + token.text + " is too large");
        auto node = make_node(ExprKind::Literal, token.position);
        node->literal = Value::interval(*micros);
        cursor_.advance();
        return node;
    }
    case TokenKind::String: {
        auto node = make_node(ExprKind::Literal, token.position);
        node->literal = Value::text(token.text);
        cursor_.advance();
        return node;
    }
    case TokenKind::Identifier:
    case TokenKind::QuotedIdentifier: return parse_word();
    case TokenKind::Keyword: {
        auto node = make_node(ExprKind::Literal, token.position);
        if (cursor_.accept_word("TRUE")) {
            node->literal = Value::boolean(true);
            return node;
        }
        if (cursor_.accept_word("FALSE")) {
            node->literal = Value::boolean(false);
            return node;
        }
        if (cursor_.accept_word("NULL")) return node;
        if (cursor_.at_word("CASE")) return parse_case();
        break;
    }
    case TokenKind::Operator:
        if (cursor_.accept_operator("(")) {
            if (cursor_.at_word("SELECT")) cursor_.fail_at(cursor_.peek().position, "subqueries are not supported");
            auto inner = parse_expression();
            cursor_.expect_operator(")");
            return inner;
        }
        break;
    case TokenKind::End: break;
    }
    cursor_.fail_expected("an expression");
}

std::unique_ptr<Expr> ExpressionParser::parse_integer_literal() {
    const Token &token = cursor_.advance();
    int64_t value = 0;
    const char *begin = token.text.data();
    const char *end = begin + token.text.size();
    auto [ptr, error] = std::from_chars(begin, end, value);
    if (error != std::errc() || ptr != end) {
        cursor_.fail_at(token.position, "the integer " + token.text +
                                            " is too large for BIGINT (at most 9223372036854775807); "
                                            "write it as a decimal such as " + token.text + ".0 if that is meant");
    }
    auto node = make_node(ExprKind::Literal, token.position);
    node->literal = Value::bigint(value);
    return node;
}

std::unique_ptr<Expr> ExpressionParser::parse_word() {
    const Token &token = cursor_.peek();
    bool plain = token.kind == TokenKind::Identifier;
    if (plain && cursor_.at_word("TIMESTAMP") && cursor_.peek(1).kind == TokenKind::String) {
        return parse_timestamp_literal();
    }
    if (plain && cursor_.at_word("INTERVAL") && cursor_.peek(1).kind == TokenKind::String) {
        SourcePosition at = cursor_.advance().position;
        auto node = make_node(ExprKind::Literal, at);
        node->literal = Value::interval(parse_interval_after_keyword());
        return node;
    }
    if (plain && (cursor_.at_word("CAST") || cursor_.at_word("TRY_CAST")) && cursor_.at_operator("(", 1)) {
        return parse_cast();
    }
    if (cursor_.at_operator("(", 1)) return parse_function_call();
    auto node = make_node(ExprKind::ColumnRef, token.position);
    node->name = cursor_.advance().text;
    if (cursor_.accept_operator(".")) {
        node->qualifier = node->name;
        node->name = cursor_.expect_identifier("a column name after '" + node->qualifier + ".'");
    }
    return node;
}

std::unique_ptr<Expr> ExpressionParser::parse_timestamp_literal() {
    SourcePosition at = cursor_.advance().position;
    const Token &literal = cursor_.advance();
    std::optional<int64_t> micros = parse_timestamp(literal.text);
    if (!micros) {
        cursor_.fail_at(literal.position, "invalid timestamp '" + literal.text +
                                              "'; write it like '2025-01-15 14:00:00' or '2025-01-15T14:00:00Z'");
    }
    auto node = make_node(ExprKind::Literal, at);
    node->literal = Value::timestamp(*micros);
    return node;
}

int64_t ExpressionParser::parse_interval_after_keyword() {
    const Token &literal = cursor_.advance();
    const Token &unit = cursor_.peek();
    std::optional<int64_t> micros;
    if (unit.kind == TokenKind::Identifier && interval_from_unit("1", unit.text).has_value()) {
        cursor_.advance();
        micros = interval_from_unit(literal.text, unit.text);
    } else {
        micros = parse_duration(literal.text);
        size_t space = literal.text.find(' ');
        if (!micros && space != std::string::npos) {
            micros = interval_from_unit(literal.text.substr(0, space), literal.text.substr(space + 1));
        }
        if (!micros && interval_from_unit(literal.text, "SECOND").has_value()) {
            cursor_.fail_expected("an interval unit such as SECOND, MINUTE, HOUR or DAY after INTERVAL '" +
                                  literal.text + "'");
        }
    }
    if (!micros) {
        cursor_.fail_at(literal.position, "invalid interval '" + literal.text +
                                              "'; write it like INTERVAL '5' MINUTE or INTERVAL '10s'");
    }
    return *micros;
}

std::unique_ptr<Expr> ExpressionParser::parse_function_call() {
    const Token &name = cursor_.advance();
    auto node = make_node(ExprKind::Function, name.position);
    node->name = to_lower(name.text);
    cursor_.expect_operator("(");
    if (cursor_.at_operator("*") && cursor_.at_operator(")", 1)) {
        node->children.push_back(make_node(ExprKind::Star, cursor_.advance().position));
        cursor_.advance();
        return node;
    }
    node->distinct = cursor_.accept_word("DISTINCT");
    if (cursor_.accept_operator(")")) {
        if (node->distinct) cursor_.fail_at(cursor_.previous().position, "DISTINCT needs an argument");
        return node;
    }
    do {
        node->children.push_back(parse_expression());
    } while (cursor_.accept_operator(","));
    if (!cursor_.accept_operator(")")) cursor_.fail_expected("',' or ')' in the arguments of " + node->name + "(...)");
    return node;
}

std::unique_ptr<Expr> ExpressionParser::parse_case() {
    auto node = make_node(ExprKind::Case, cursor_.advance().position);
    if (cursor_.at_word("THEN") || cursor_.at_word("ELSE") || cursor_.at_word("END")) cursor_.fail_expected("WHEN");
    if (!cursor_.at_word("WHEN")) {
        node->has_operand = true;
        node->children.push_back(parse_expression());
    }
    if (!cursor_.at_word("WHEN")) cursor_.fail_expected("WHEN");
    while (cursor_.accept_word("WHEN")) {
        node->children.push_back(parse_expression());
        cursor_.expect_word("THEN");
        node->children.push_back(parse_expression());
    }
    if (cursor_.accept_word("ELSE")) {
        node->has_else = true;
        node->children.push_back(parse_expression());
    }
    if (!cursor_.accept_word("END")) cursor_.fail_expected(node->has_else ? "END" : "WHEN, ELSE or END");
    return node;
}

std::unique_ptr<Expr> ExpressionParser::parse_cast() {
    const Token &keyword = cursor_.advance();
    auto node = make_node(ExprKind::Cast, keyword.position);
    node->try_cast = iequals(keyword.text, "TRY_CAST");
    cursor_.expect_operator("(");
    node->children.push_back(parse_expression());
    cursor_.expect_word("AS");
    node->cast_type = parse_type();
    cursor_.expect_operator(")");
    return node;
}

TypeId ExpressionParser::parse_type() {
    const Token &token = cursor_.peek();
    std::optional<TypeId> type;
    if (token.kind == TokenKind::Identifier) type = parse_type_name(token.text);
    if (!type || *type == TypeId::Null) {
        cursor_.fail_expected("a column type such as BIGINT, DOUBLE, TEXT, TIMESTAMP");
    }
    cursor_.advance();
    if (*type == TypeId::Double) cursor_.accept_word("PRECISION");
    if (*type == TypeId::Text && cursor_.at_operator("(") && cursor_.peek(1).kind == TokenKind::Integer &&
        cursor_.at_operator(")", 2)) {
        cursor_.advance();
        cursor_.advance();
        cursor_.advance();
    }
    return *type;
}

int64_t ExpressionParser::parse_interval() {
    const Token &token = cursor_.peek();
    if (token.kind == TokenKind::Duration) {
        std::optional<int64_t> micros = parse_duration(token.text);
        if (!micros) cursor_.fail_at(token.position, "the duration " + token.text + " is too large");
        cursor_.advance();
        return *micros;
    }
    if (cursor_.at_word("INTERVAL") && cursor_.peek(1).kind == TokenKind::String) {
        cursor_.advance();
        return parse_interval_after_keyword();
    }
    cursor_.fail_expected("a duration such as 10s or INTERVAL '10' SECOND");
}

}  // namespace weir

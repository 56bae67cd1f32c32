// Turns SQL text into statements (recursive descent over the lexer's tokens); knows nothing of execution.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parser/ast.h"
#include "parser/expression_parser.h"
#include "parser/token_cursor.h"

namespace weir {

// Not thread-safe: use one Parser per thread. parse() may be called any number of times.
class Parser {
public:
    // Zero or more statements separated by `;` (a final `;` is optional, empty statements are skipped).
    // Each statement gets the position of its first token and its own text without the `;`.
    // Throws WeirError(ErrorKind::Syntax) with a message naming line:column, what was expected and
    // what was found, e.g. "syntax error at line 1, column 13: expected FROM but found 'FORM'".
    std::vector<std::unique_ptr<Statement>> parse(std::string_view sql);

    // Parses only the first non-empty statement, like sqlite3_prepare: a syntax error in a later
    // statement does not stop the first one. Returns nullptr when the text holds no statement.
    // `*tail` (if given) receives the offset just past the first statement's `;` (or sql.size()),
    // where the next call should continue. Positions are offsets into `sql`.
    std::unique_ptr<Statement> parse_first(std::string_view sql, size_t *tail = nullptr);

    // For the REPL: true when the text ends with a `;` outside strings, quoted identifiers and
    // comments (only whitespace and comments may follow it). False for blank text.
    static bool is_complete(std::string_view text);

    // Every keyword of the dialect in upper case, sorted (for REPL completion and highlighting).
    static std::vector<std::string> keywords();

private:
    // Offset of the first `;` at or after `from` that is outside strings, quoted identifiers and
    // comments; npos when there is none.
    static size_t find_terminator(std::string_view text, size_t from);
    std::unique_ptr<Statement> parse_statement();
    std::unique_ptr<Statement> parse_create();
    std::unique_ptr<Statement> parse_create_source();
    std::unique_ptr<Statement> parse_create_sink();
    std::unique_ptr<Statement> parse_create_view();
    std::unique_ptr<Statement> parse_create_job();
    std::unique_ptr<Statement> parse_insert(std::string job_name);
    std::unique_ptr<Statement> parse_show();
    std::unique_ptr<Statement> parse_describe();
    std::unique_ptr<Statement> parse_explain();
    std::unique_ptr<Statement> parse_drop();
    // [WITH ...] core [UNION ALL core]... [ORDER BY ...] [LIMIT n]
    std::unique_ptr<SelectStmt> parse_select();
    // SELECT items [FROM ...] [WHERE] [GROUP BY] [HAVING] [EMIT]
    std::unique_ptr<SelectStmt> parse_select_core();
    void parse_order_and_limit(SelectStmt &select);
    std::unique_ptr<TableRef> parse_from();
    std::unique_ptr<TableRef> parse_table_primary();
    // True at SELECT or WITH.
    bool at_query() const;
    // True when the token `ahead` is a word that ends a FROM item (WHERE, JOIN, ON, ...), so it is
    // not read as an alias.
    bool at_reserved_after_table(size_t ahead) const;
    void parse_select_items(SelectStmt &select);
    void parse_source_element(CreateSourceStmt &source);
    OptionList parse_options();
    std::string parse_option_key();
    bool parse_if_not_exists();
    // Stamps position and text (first token through the last consumed token) onto a statement.
    void finish(Statement &statement, size_t first_token);

    std::string_view sql_;
    std::vector<Token> tokens_;
    std::unique_ptr<TokenCursor> cursor_;
    std::unique_ptr<ExpressionParser> expressions_;
    // What may follow the statement parsed last, for the "expected ... but found" message.
    std::string expected_next_;
};

}  // namespace weir

// Statement grammar: CREATE SOURCE/SINK/VIEW/JOB, INSERT, SELECT, SHOW, DESCRIBE, EXPLAIN, DROP.
#include "parser/parser.h"

#include <algorithm>
#include <charconv>
#include <cctype>

#include "common/schema.h"
#include "parser/lexer.h"

namespace weir {
namespace {

// The optional clauses of a SELECT after FROM, in the only order they may appear.
const char *const kSelectClauses[] = {"WHERE", "GROUP BY", "HAVING", "EMIT", "ORDER BY", "LIMIT"};
constexpr size_t kSelectClauseCount = sizeof(kSelectClauses) / sizeof(kSelectClauses[0]);

// "HAVING, EMIT, ORDER BY, LIMIT, ';' or end of input": what may follow once clauses before `next` are done.
std::string select_tail(size_t next) {
    std::string out;
    for (size_t i = next; i < kSelectClauseCount; i++) out += std::string(kSelectClauses[i]) + ", ";
    return out + "';' or end of input";
}

}  // namespace

std::vector<std::unique_ptr<Statement>> Parser::parse(std::string_view sql) {
    sql_ = sql;
    tokens_ = Lexer(sql).tokenize();
    cursor_ = std::make_unique<TokenCursor>(tokens_);
    expressions_ = std::make_unique<ExpressionParser>(*cursor_);
    std::vector<std::unique_ptr<Statement>> statements;
    while (true) {
        while (cursor_->accept_operator(";")) {
        }
        if (cursor_->peek().kind == TokenKind::End) break;
        expected_next_ = "';' or end of input";
        statements.push_back(parse_statement());
        if (cursor_->peek().kind == TokenKind::End) break;
        if (!cursor_->accept_operator(";")) cursor_->fail_expected(expected_next_);
    }
    return statements;
}

std::unique_ptr<Statement> Parser::parse_first(std::string_view sql, size_t *tail) {
    size_t from = 0;
    while (true) {
        size_t end = find_terminator(sql, from);
        // Statements before `end` are empty (only `;`, whitespace, comments), so re-parsing them is cheap.
        auto statements = parse(sql.substr(0, end == std::string_view::npos ? sql.size() : end));
        if (!statements.empty() || end == std::string_view::npos) {
            if (tail) *tail = end == std::string_view::npos ? sql.size() : end + 1;
            return statements.empty() ? nullptr : std::move(statements.front());
        }
        from = end + 1;
    }
}

size_t Parser::find_terminator(std::string_view text, size_t from) {
    size_t i = from;
    while (i < text.size()) {
        char c = text[i];
        char next = i + 1 < text.size() ? text[i + 1] : '\0';
        if (c == ';') return i;
        if (c == '-' && next == '-') {
            size_t end = text.find('\n', i);
            if (end == std::string_view::npos) return std::string_view::npos;
            i = end + 1;
        } else if (c == '/' && next == '*') {
            size_t end = text.find("*/", i + 2);
            if (end == std::string_view::npos) return std::string_view::npos;
            i = end + 2;
        } else if (c == '\'' || c == '"') {
            // A doubled quote reads as closing and reopening, which ends in the same state.
            size_t end = text.find(c, i + 1);
            if (end == std::string_view::npos) return std::string_view::npos;
            i = end + 1;
        } else {
            i++;
        }
    }
    return std::string_view::npos;
}

void Parser::finish(Statement &statement, size_t first_token) {
    const Token &first = tokens_[first_token];
    const Token &last = cursor_->previous();
    statement.position = first.position;
    size_t end = last.position.offset + last.length;
    statement.text = std::string(sql_.substr(first.position.offset, end - first.position.offset));
    if (statement.kind == StatementKind::Insert) {
        auto &insert = static_cast<InsertStmt &>(statement);
        insert.insert_offset -= first.position.offset;
    }
}

std::unique_ptr<Statement> Parser::parse_statement() {
    size_t first = cursor_->index();
    std::unique_ptr<Statement> statement;
    if (cursor_->at_word("CREATE")) {
        statement = parse_create();
    } else if (cursor_->at_word("INSERT")) {
        statement = parse_insert("");
    } else if (at_query()) {
        auto select = std::make_unique<SelectStatement>();
        select->query = parse_select();
        statement = std::move(select);
    } else if (cursor_->at_word("SHOW")) {
        statement = parse_show();
    } else if (cursor_->at_word("DESCRIBE")) {
        statement = parse_describe();
    } else if (cursor_->at_word("EXPLAIN")) {
        statement = parse_explain();
    } else if (cursor_->at_word("DROP")) {
        statement = parse_drop();
    } else {
        cursor_->fail_expected("a statement such as SELECT, INSERT, CREATE, SHOW, DESCRIBE, EXPLAIN or DROP");
    }
    finish(*statement, first);
    return statement;
}

std::unique_ptr<Statement> Parser::parse_create() {
    cursor_->expect_word("CREATE");
    if (cursor_->at_word("SOURCE")) return parse_create_source();
    if (cursor_->at_word("SINK")) return parse_create_sink();
    if (cursor_->at_word("VIEW")) return parse_create_view();
    if (cursor_->at_word("JOB")) return parse_create_job();
    cursor_->fail_expected("SOURCE, SINK, VIEW or JOB after CREATE");
}

bool Parser::parse_if_not_exists() {
    if (!cursor_->accept_word("IF")) return false;
    cursor_->expect_word("NOT");
    cursor_->expect_word("EXISTS");
    return true;
}

std::unique_ptr<Statement> Parser::parse_create_source() {
    cursor_->expect_word("SOURCE");
    auto source = std::make_unique<CreateSourceStmt>();
    source->if_not_exists = parse_if_not_exists();
    source->name = cursor_->expect_identifier("a source name");
    cursor_->expect_operator("(");
    do {
        parse_source_element(*source);
    } while (cursor_->accept_operator(","));
    if (!cursor_->accept_operator(")")) cursor_->fail_expected("',' or ')' in the column list");
    if (source->columns.empty()) cursor_->fail_at(cursor_->previous().position, "a source needs at least one column");
    source->options = parse_options();
    return source;
}

void Parser::parse_source_element(CreateSourceStmt &source) {
    if (cursor_->at_word("WATERMARK") && cursor_->at_word("FOR", 1)) {
        WatermarkDef watermark;
        watermark.position = cursor_->advance().position;
        if (source.watermark) cursor_->fail_at(watermark.position, "a source can have only one WATERMARK clause");
        cursor_->expect_word("FOR");
        watermark.column = cursor_->expect_identifier("the event-time column name");
        cursor_->expect_word("AS");
        const Token &again = cursor_->peek();
        std::string column = cursor_->expect_identifier("the event-time column name");
        if (!iequals(column, watermark.column)) {
            cursor_->fail_at(again.position, "the watermark must be written WATERMARK FOR " + watermark.column +
                                                 " AS " + watermark.column + " - <delay>, but it names '" + column +
                                                 "' after AS");
        }
        if (cursor_->accept_operator("-")) watermark.delay = expressions_->parse_interval();
        source.watermark = watermark;
        return;
    }
    ColumnDef column;
    column.position = cursor_->peek().position;
    column.name = cursor_->expect_identifier("a column name or WATERMARK FOR");
    for (const ColumnDef &existing : source.columns) {
        if (iequals(existing.name, column.name)) {
            cursor_->fail_at(column.position, "the column '" + column.name + "' is declared twice");
        }
    }
    column.type = expressions_->parse_type();
    source.columns.push_back(std::move(column));
}

OptionList Parser::parse_options() {
    OptionList options;
    expected_next_ = "WITH, ';' or end of input";
    if (!cursor_->accept_word("WITH")) return options;
    expected_next_ = "';' or end of input";
    cursor_->expect_operator("(");
    if (cursor_->accept_operator(")")) return options;
    do {
        const Token &key_token = cursor_->peek();
        std::string key = parse_option_key();
        for (const auto &existing : options) {
            if (existing.first == key) cursor_->fail_at(key_token.position, "the option '" + key + "' is given twice");
        }
        cursor_->expect_operator("=");
        std::string value;
        bool negative = cursor_->accept_operator("-");
        const Token &token = cursor_->peek();
        bool number = token.kind == TokenKind::Integer || token.kind == TokenKind::Decimal ||
                      token.kind == TokenKind::Duration;
        bool text = !negative && (token.kind == TokenKind::String || token.kind == TokenKind::Identifier ||
                                  token.kind == TokenKind::QuotedIdentifier || cursor_->at_word("TRUE") ||
                                  cursor_->at_word("FALSE"));
        if (!number && !text) cursor_->fail_expected("a quoted option value such as 'kafka' for option '" + key + "'");
        value = (negative ? "-" : "") + cursor_->advance().text;
        options.emplace_back(std::move(key), std::move(value));
    } while (cursor_->accept_operator(","));
    if (!cursor_->accept_operator(")")) cursor_->fail_expected("',' or ')' in the WITH options");
    return options;
}

std::string Parser::parse_option_key() {
    std::string key;
    do {
        const Token &token = cursor_->peek();
        if (token.kind != TokenKind::Identifier && token.kind != TokenKind::Keyword &&
            token.kind != TokenKind::QuotedIdentifier && token.kind != TokenKind::String) {
            cursor_->fail_expected(key.empty() ? "an option name such as connector" : "an option name after '.'");
        }
        if (!key.empty()) key += '.';
        key += to_lower(cursor_->advance().text);
    } while (cursor_->accept_operator("."));
    return key;
}

std::unique_ptr<Statement> Parser::parse_create_sink() {
    cursor_->expect_word("SINK");
    auto sink = std::make_unique<CreateSinkStmt>();
    sink->if_not_exists = parse_if_not_exists();
    sink->name = cursor_->expect_identifier("a sink name");
    sink->options = parse_options();
    return sink;
}

std::unique_ptr<Statement> Parser::parse_create_view() {
    cursor_->expect_word("VIEW");
    auto view = std::make_unique<CreateViewStmt>();
    view->if_not_exists = parse_if_not_exists();
    view->name = cursor_->expect_identifier("a view name");
    cursor_->expect_word("AS");
    view->query = parse_select();
    return view;
}

std::unique_ptr<Statement> Parser::parse_create_job() {
    cursor_->expect_word("JOB");
    std::string name = cursor_->expect_identifier("a job name");
    OptionList options = parse_options();
    cursor_->expect_word("AS");
    if (!cursor_->at_word("INSERT")) cursor_->fail_expected("INSERT INTO <sink> SELECT ... after CREATE JOB " + name + " AS");
    auto insert = parse_insert(std::move(name));
    static_cast<InsertStmt &>(*insert).options = std::move(options);
    return insert;
}

std::unique_ptr<Statement> Parser::parse_insert(std::string job_name) {
    cursor_->expect_word("INSERT");
    size_t insert_offset = cursor_->previous().position.offset;
    cursor_->expect_word("INTO");
    auto insert = std::make_unique<InsertStmt>();
    insert->insert_offset = insert_offset;
    insert->job_name = std::move(job_name);
    insert->sink = cursor_->expect_identifier("a sink name");
    if (!at_query()) cursor_->fail_expected("SELECT after INSERT INTO " + insert->sink);
    insert->query = parse_select();
    return insert;
}

std::unique_ptr<Statement> Parser::parse_show() {
    cursor_->expect_word("SHOW");
    auto show = std::make_unique<ShowStmt>();
    if (cursor_->accept_word("SOURCES")) {
        show->what = ObjectKind::Source;
    } else if (cursor_->accept_word("SINKS")) {
        show->what = ObjectKind::Sink;
    } else if (cursor_->accept_word("VIEWS")) {
        show->what = ObjectKind::View;
    } else if (cursor_->accept_word("JOBS")) {
        show->what = ObjectKind::Job;
    } else {
        cursor_->fail_expected("SOURCES, SINKS, VIEWS or JOBS after SHOW");
    }
    return show;
}

std::unique_ptr<Statement> Parser::parse_describe() {
    cursor_->expect_word("DESCRIBE");
    auto describe = std::make_unique<DescribeStmt>();
    describe->name = cursor_->expect_identifier("the name of a source, sink, view or job");
    return describe;
}

std::unique_ptr<Statement> Parser::parse_explain() {
    cursor_->expect_word("EXPLAIN");
    auto explain = std::make_unique<ExplainStmt>();
    size_t first = cursor_->index();
    if (at_query()) {
        auto select = std::make_unique<SelectStatement>();
        select->query = parse_select();
        explain->inner = std::move(select);
    } else if (cursor_->at_word("INSERT")) {
        explain->inner = parse_insert("");
    } else if (cursor_->at_word("CREATE") && cursor_->at_word("JOB", 1)) {
        cursor_->advance();
        explain->inner = parse_create_job();
    } else {
        cursor_->fail_expected("SELECT or INSERT after EXPLAIN");
    }
    finish(*explain->inner, first);
    return explain;
}

std::unique_ptr<Statement> Parser::parse_drop() {
    cursor_->expect_word("DROP");
    auto drop = std::make_unique<DropStmt>();
    if (cursor_->accept_word("SOURCE")) {
        drop->what = ObjectKind::Source;
    } else if (cursor_->accept_word("SINK")) {
        drop->what = ObjectKind::Sink;
    } else if (cursor_->accept_word("VIEW")) {
        drop->what = ObjectKind::View;
    } else if (cursor_->accept_word("JOB")) {
        drop->what = ObjectKind::Job;
    } else {
        cursor_->fail_expected("SOURCE, SINK, VIEW or JOB after DROP");
    }
    if (cursor_->accept_word("IF")) {
        cursor_->expect_word("EXISTS");
        drop->if_exists = true;
    }
    drop->name = cursor_->expect_identifier("a name to drop");
    return drop;
}

bool Parser::at_query() const { return cursor_->at_word("SELECT") || cursor_->at_word("WITH"); }

std::unique_ptr<SelectStmt> Parser::parse_select() {
    std::vector<CommonTable> with;
    if (cursor_->accept_word("WITH")) {
        do {
            CommonTable table;
            table.name = cursor_->expect_identifier("a name for the WITH query");
            cursor_->expect_word("AS");
            cursor_->expect_operator("(");
            table.query = parse_select();
            cursor_->expect_operator(")");
            with.push_back(std::move(table));
        } while (cursor_->accept_operator(","));
    }
    auto select = parse_select_core();
    select->with = std::move(with);
    while (cursor_->accept_word("UNION")) {
        if (!cursor_->accept_word("ALL")) {
            cursor_->fail_expected("ALL after UNION (only UNION ALL is supported: it keeps duplicates, which a "
                                   "stream cannot remove without unbounded state)");
        }
        auto branch = parse_select_core();
        select->union_all.push_back(std::move(branch));
    }
    parse_order_and_limit(*select);
    return select;
}

std::unique_ptr<TableRef> Parser::parse_table_primary() {
    auto ref = std::make_unique<TableRef>();
    ref->position = cursor_->peek().position;
    if (cursor_->accept_operator("(")) {
        ref->kind = TableRefKind::Subquery;
        if (!at_query()) cursor_->fail_expected("SELECT in a subquery after '('");
        ref->subquery = parse_select();
        cursor_->expect_operator(")");
    } else {
        ref->name = cursor_->expect_identifier("a source or view name after FROM");
    }
    if (cursor_->accept_word("AS")) {
        ref->alias = cursor_->expect_identifier("an alias after AS");
    } else if (cursor_->at_identifier() && !at_reserved_after_table(0) &&
               (!cursor_->at_identifier(1) || at_reserved_after_table(1))) {
        // An alias without AS is taken only where no clause could follow it, so `t WHER a > 1`
        // reports WHER instead of reading it as an alias.
        ref->alias = cursor_->advance().text;
    }
    return ref;
}

bool Parser::at_reserved_after_table(size_t ahead) const {
    static const char *const words[] = {"WHERE", "GROUP", "HAVING", "EMIT",  "ORDER", "LIMIT", "JOIN", "INNER",
                                        "LEFT",  "RIGHT", "FULL",   "CROSS", "ON",    "UNION", "OUTER", "WINDOW"};
    if (cursor_->peek(ahead).kind != TokenKind::Identifier) return false;
    for (const char *word : words) {
        if (cursor_->at_word(word, ahead)) return true;
    }
    return false;
}

std::unique_ptr<TableRef> Parser::parse_from() {
    auto ref = parse_table_primary();
    while (true) {
        auto join = std::make_unique<TableRef>();
        join->kind = TableRefKind::Join;
        join->position = cursor_->peek().position;
        bool needs_on = true;
        if (cursor_->accept_operator(",")) {
            join->join = JoinKind::Cross;
            needs_on = false;
        } else if (cursor_->accept_word("CROSS")) {
            cursor_->expect_word("JOIN");
            join->join = JoinKind::Cross;
            needs_on = false;
        } else if (cursor_->accept_word("JOIN")) {
            join->join = JoinKind::Inner;
        } else if (cursor_->accept_word("INNER")) {
            cursor_->expect_word("JOIN");
            join->join = JoinKind::Inner;
        } else if (cursor_->at_word("LEFT") || cursor_->at_word("RIGHT") || cursor_->at_word("FULL")) {
            std::string word = to_lower(cursor_->advance().text);
            join->join = word == "left" ? JoinKind::Left : word == "right" ? JoinKind::Right : JoinKind::Full;
            cursor_->accept_word("OUTER");
            cursor_->expect_word("JOIN");
        } else {
            return ref;
        }
        join->left = std::move(ref);
        join->right = parse_table_primary();
        if (needs_on) {
            if (!cursor_->accept_word("ON")) cursor_->fail_expected("ON <condition> after JOIN " + join->right->name);
            join->on = expressions_->parse_expression();
        }
        ref = std::move(join);
    }
}

std::unique_ptr<SelectStmt> Parser::parse_select_core() {
    cursor_->expect_word("SELECT");
    auto select = std::make_unique<SelectStmt>();
    parse_select_items(*select);
    if (cursor_->accept_word("FROM")) {
        select->from_position = cursor_->peek().position;
        select->from_ref = parse_from();
        if (select->from_ref->kind == TableRefKind::Named) select->from = select->from_ref->name;
        expected_next_ = select_tail(0);
    } else {
        // No FROM: the query reads one row of no columns. A name here is a misspelt FROM, not a clause.
        if (cursor_->at_identifier()) cursor_->fail_expected("FROM");
        expected_next_ = "FROM, " + select_tail(0);
    }
    if (cursor_->accept_word("WHERE")) {
        select->where = expressions_->parse_expression();
        expected_next_ = select_tail(1);
    }
    if (cursor_->accept_word("GROUP")) {
        cursor_->expect_word("BY");
        do {
            select->group_by.push_back(expressions_->parse_expression());
        } while (cursor_->accept_operator(","));
        expected_next_ = select_tail(2);
    }
    if (cursor_->accept_word("HAVING")) {
        select->having = expressions_->parse_expression();
        expected_next_ = select_tail(3);
    }
    if (cursor_->accept_word("EMIT")) {
        if (cursor_->accept_word("CHANGES")) {
            select->emit = EmitMode::Changes;
        } else if (cursor_->accept_word("ON")) {
            cursor_->expect_word("WINDOW");
            cursor_->expect_word("CLOSE");
            select->emit = EmitMode::OnWindowClose;
        } else {
            cursor_->fail_expected("CHANGES or ON WINDOW CLOSE after EMIT");
        }
        expected_next_ = select_tail(4);
    }
    return select;
}

void Parser::parse_order_and_limit(SelectStmt &statement) {
    SelectStmt *select = &statement;
    if (cursor_->accept_word("ORDER")) {
        cursor_->expect_word("BY");
        do {
            OrderItem item;
            item.expr = expressions_->parse_expression();
            if (cursor_->accept_word("DESC")) {
                item.descending = true;
            } else {
                cursor_->accept_word("ASC");
            }
            select->order_by.push_back(std::move(item));
        } while (cursor_->accept_operator(","));
        expected_next_ = select_tail(5);
    }
    if (cursor_->accept_word("LIMIT")) {
        const Token &count = cursor_->peek();
        int64_t limit = 0;
        if (count.kind != TokenKind::Integer) cursor_->fail_expected("a row count such as 10 after LIMIT");
        auto [ptr, error] = std::from_chars(count.text.data(), count.text.data() + count.text.size(), limit);
        if (error != std::errc() || ptr != count.text.data() + count.text.size()) {
            cursor_->fail_at(count.position, "the LIMIT " + count.text + " is too large");
        }
        cursor_->advance();
        select->limit = limit;
        expected_next_ = select_tail(6);
    }
    for (size_t i = 0; i < kSelectClauseCount; i++) {
        std::string_view clause = kSelectClauses[i];
        std::string_view first_word = clause.substr(0, clause.find(' '));
        if (cursor_->at_word(first_word)) {
            cursor_->fail_at(cursor_->peek().position,
                             std::string(kSelectClauses[i]) + " is out of place; the clauses of a SELECT come in "
                             "the order FROM, WHERE, GROUP BY, HAVING, EMIT, ORDER BY, LIMIT");
        }
    }
}

void Parser::parse_select_items(SelectStmt &select) {
    do {
        SelectItem item;
        if (cursor_->at_identifier() && cursor_->at_operator(".", 1) && cursor_->at_operator("*", 2)) {
            item.expr = std::make_unique<Expr>();
            item.expr->kind = ExprKind::Star;
            item.expr->position = cursor_->peek().position;
            item.expr->qualifier = cursor_->advance().text;
            cursor_->advance();
            cursor_->advance();
            select.items.push_back(std::move(item));
            continue;
        }
        if (cursor_->at_operator("*")) {
            item.expr = std::make_unique<Expr>();
            item.expr->kind = ExprKind::Star;
            item.expr->position = cursor_->advance().position;
            select.items.push_back(std::move(item));
            continue;
        }
        item.expr = expressions_->parse_expression();
        if (cursor_->accept_word("AS")) {
            item.alias = cursor_->expect_identifier("a column alias after AS");
        } else if (cursor_->at_identifier() && (cursor_->at_operator(",", 1) || cursor_->at_word("FROM", 1) ||
                                                cursor_->at_operator(";", 1) || cursor_->peek(1).kind == TokenKind::End)) {
            // An alias without AS is taken only where nothing else fits, so `city FORM weather` reports FORM.
            item.alias = cursor_->advance().text;
        }
        select.items.push_back(std::move(item));
    } while (cursor_->accept_operator(","));
}

bool Parser::is_complete(std::string_view text) {
    bool ends_with_semicolon = false;
    size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        char next = i + 1 < text.size() ? text[i + 1] : '\0';
        if (c == '-' && next == '-') {
            size_t end = text.find('\n', i);
            if (end == std::string_view::npos) return ends_with_semicolon;
            i = end + 1;
        } else if (c == '/' && next == '*') {
            size_t end = text.find("*/", i + 2);
            if (end == std::string_view::npos) return false;
            i = end + 2;
        } else if (c == '\'' || c == '"') {
            // A doubled quote inside reads as closing and reopening, which ends in the same state.
            size_t end = text.find(c, i + 1);
            if (end == std::string_view::npos) return false;
            ends_with_semicolon = false;
            i = end + 1;
        } else {
            if (!std::isspace(static_cast<unsigned char>(c))) ends_with_semicolon = c == ';';
            i++;
        }
    }
    return ends_with_semicolon;
}

std::vector<std::string> Parser::keywords() {
    std::vector<std::string> words = {
        "AND",      "AS",       "ASC",     "BETWEEN", "BY",      "CASE",    "CAST",     "CHANGES",  "CLOSE",
        "CREATE",   "DESC",     "DESCRIBE", "DISTINCT", "DROP",  "ELSE",    "EMIT",     "END",      "EXISTS",
        "EXPLAIN",  "FALSE",    "FOR",     "FROM",    "GROUP",   "HAVING",  "IF",       "IN",       "INSERT",
        "INTERVAL", "INTO",     "IS",      "JOB",     "JOBS",    "LIKE",    "LIMIT",    "NOT",      "NULL",
        "ON",       "OR",       "ORDER",   "SELECT",  "SHOW",    "SINK",    "SINKS",    "SOURCE",   "SOURCES",
        "THEN",     "TIMESTAMP", "TRUE",   "TRY_CAST", "VIEW",   "VIEWS",   "WATERMARK", "WHEN",    "WHERE",
        "WINDOW",   "WITH",     "JOIN",    "INNER",   "LEFT",    "RIGHT",   "FULL",     "OUTER",    "CROSS",
        "UNION",    "ALL",      "BIGINT",  "BOOLEAN", "DOUBLE",  "TEXT",    "HOP",      "TUMBLE",   "SESSION"};
    std::sort(words.begin(), words.end());
    return words;
}

}  // namespace weir

// The syntax tree the parser produces: statements and expressions, with source positions.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/type_id.h"
#include "common/value.h"

namespace weir {

// 1-based line and column of the first character of a token, plus its byte offset in the SQL text.
struct SourcePosition {
    int line = 1;
    int column = 1;
    size_t offset = 0;
};

enum class ExprKind {
    Literal,    // literal: Value (TIMESTAMP '...' → Timestamp, INTERVAL '5' MINUTE and 5m → Interval)
    ColumnRef,  // name (as written; quoted identifiers keep case), qualifier (optional "t." prefix)
    Star,       // `*` in a select list or count(*); `t.*` has qualifier t
    Unary,      // name ∈ {"-", "+", "not"}; children[0]
    Binary,     // name ∈ {"+","-","*","/","%","||","=","<>","<","<=",">",">=","and","or"}; children[0..1]
                // ("!=" is normalized to "<>")
    Function,   // name lower-cased; children = arguments (count(*) has one Star child); distinct flag
    Case,       // children: [operand if has_operand], when1, then1, when2, then2, ..., [else if has_else]
    Cast,       // children[0]; cast_type; try_cast for TRY_CAST
    Between,    // children: value, low, high; negated for NOT BETWEEN
    In,         // children: value, item1, item2, ...; negated for NOT IN
    Like,       // children: value, pattern; negated for NOT LIKE
    IsNull,     // children[0]; negated for IS NOT NULL
};

struct Expr {
    ExprKind kind = ExprKind::Literal;
    SourcePosition position;
    Value literal;
    std::string name;
    std::string qualifier;
    std::vector<std::unique_ptr<Expr>> children;
    bool distinct = false;
    bool negated = false;
    bool has_operand = false;
    bool has_else = false;
    bool try_cast = false;
    TypeId cast_type = TypeId::Null;

    // The expression as SQL-like text, used for default column names ("avg(temp)") and EXPLAIN.
    std::string to_string() const;
};

struct SelectItem {
    std::unique_ptr<Expr> expr;  // ExprKind::Star for `*`
    std::string alias;           // empty when none was written
};

struct OrderItem {
    std::unique_ptr<Expr> expr;
    bool descending = false;
};

enum class EmitMode { Default, OnWindowClose, Changes };

struct SelectStmt;

enum class TableRefKind { Named, Subquery, Join };
enum class JoinKind { Inner, Left, Right, Full, Cross };

// One item of a FROM clause (docs/joins.md): a named source, view or WITH table (`name [AS] alias`),
// a subquery (`(SELECT ...) [AS] alias`), or a join of two items (`left <kind> JOIN right ON on`;
// CROSS JOIN and `a, b` have no condition). `alias` is empty when none was written.
struct TableRef {
    TableRefKind kind = TableRefKind::Named;
    SourcePosition position;
    std::string name;
    std::string alias;
    std::unique_ptr<SelectStmt> subquery;
    JoinKind join = JoinKind::Inner;
    std::unique_ptr<TableRef> left;
    std::unique_ptr<TableRef> right;
    std::unique_ptr<Expr> on;

    // The name its columns are qualified with: the alias, else the name ("" for a join).
    const std::string &qualifier() const { return alias.empty() ? name : alias; }
};

// WITH name AS (query): visible to the FROM clauses of the statement it precedes.
struct CommonTable {
    std::string name;
    std::unique_ptr<SelectStmt> query;
};

struct SelectStmt {
    std::vector<CommonTable> with;
    std::vector<SelectItem> items;
    std::string from;  // a source or view name; empty without FROM (one row of no columns) or for a join/subquery
    SourcePosition from_position;
    std::unique_ptr<TableRef> from_ref;  // the whole FROM clause (null without FROM)
    std::unique_ptr<Expr> where;
    std::vector<std::unique_ptr<Expr>> group_by;  // may contain TUMBLE(...) / HOP(...) function calls
    std::unique_ptr<Expr> having;
    std::vector<OrderItem> order_by;
    std::optional<int64_t> limit;
    EmitMode emit = EmitMode::Default;  // EMIT CHANGES | EMIT ON WINDOW CLOSE after GROUP BY/HAVING
    // `UNION ALL SELECT ...` branches after this one; order_by and limit (of this statement) apply to
    // the union of all of them.
    std::vector<std::unique_ptr<SelectStmt>> union_all;
};

struct ColumnDef {
    std::string name;
    TypeId type = TypeId::Null;
    SourcePosition position;
};

struct WatermarkDef {
    std::string column;  // WATERMARK FOR <column> AS <column> - <interval>
    int64_t delay = 0;   // microseconds (0 for `AS ts`)
    SourcePosition position;
};

// WITH (key = 'value', ...): keys lower-cased, values as written inside the quotes.
using OptionList = std::vector<std::pair<std::string, std::string>>;

enum class StatementKind {
    CreateSource, CreateSink, CreateView, Insert, Select, Show, Describe, Explain, Drop
};

struct Statement {
    explicit Statement(StatementKind k) : kind(k) {}
    virtual ~Statement() = default;
    StatementKind kind;
    SourcePosition position;
    std::string text;  // the statement's own SQL text, without the trailing semicolon
};

struct CreateSourceStmt : Statement {
    CreateSourceStmt() : Statement(StatementKind::CreateSource) {}
    std::string name;
    bool if_not_exists = false;
    std::vector<ColumnDef> columns;
    std::optional<WatermarkDef> watermark;
    OptionList options;
};

struct CreateSinkStmt : Statement {
    CreateSinkStmt() : Statement(StatementKind::CreateSink) {}
    std::string name;
    bool if_not_exists = false;
    OptionList options;
};

struct CreateViewStmt : Statement {
    CreateViewStmt() : Statement(StatementKind::CreateView) {}
    std::string name;
    bool if_not_exists = false;
    std::unique_ptr<SelectStmt> query;
};

// INSERT INTO sink SELECT ...; or CREATE JOB name [WITH (checkpoint_interval = '5s')] AS INSERT INTO sink SELECT ...
struct InsertStmt : Statement {
    InsertStmt() : Statement(StatementKind::Insert) {}
    std::string sink;
    std::string job_name;  // empty: the job is named after the sink
    OptionList options;    // CREATE JOB ... WITH (...)
    size_t insert_offset = 0;  // where "INSERT INTO ..." starts in `text` (after CREATE JOB ... AS)
    std::unique_ptr<SelectStmt> query;
};

struct SelectStatement : Statement {
    SelectStatement() : Statement(StatementKind::Select) {}
    std::unique_ptr<SelectStmt> query;
};

enum class ObjectKind { Source, Sink, View, Job };

// SHOW SOURCES | SINKS | VIEWS | JOBS
struct ShowStmt : Statement {
    ShowStmt() : Statement(StatementKind::Show) {}
    ObjectKind what = ObjectKind::Source;
};

struct DescribeStmt : Statement {
    DescribeStmt() : Statement(StatementKind::Describe) {}
    std::string name;
};

struct ExplainStmt : Statement {
    ExplainStmt() : Statement(StatementKind::Explain) {}
    std::unique_ptr<Statement> inner;  // a Select or an Insert
};

// DROP SOURCE|SINK|VIEW|JOB [IF EXISTS] name   (DROP JOB stops the job)
struct DropStmt : Statement {
    DropStmt() : Statement(StatementKind::Drop) {}
    ObjectKind what = ObjectKind::Source;
    std::string name;
    bool if_exists = false;
};

}  // namespace weir

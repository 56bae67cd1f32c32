// The physical plan of one continuous query: a tree of nodes from its sources (leaves) to the result (root).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/schema.h"
#include "parser/ast.h"
#include "planner/bound_expression.h"

namespace weir {

enum class PlanNodeKind { Scan, Filter, Project, Aggregate, Sort, Limit, Join, Union };
// How a Join runs (docs/joins.md#join-strategies): Batch (both inputs bounded: hash join at the end of the input),
// Lookup (one input bounded: it is read completely first and becomes a hash table the stream probes),
// Interval (two streams with a time bound: state kept only while the watermarks allow a match).
enum class JoinStrategy { Batch, Lookup, Interval };
enum class WindowKind { None, Tumble, Hop };
enum class AggregateKind { CountStar, Count, CountDistinct, Sum, Avg, Min, Max, StddevSamp, VarSamp, StddevPop, VarPop };

// `sum` of BIGINT is BIGINT, of DOUBLE is DOUBLE; avg/stddev/variance are DOUBLE; count is BIGINT;
// min/max keep the argument type. argument is null only for CountStar.
struct AggregateCall {
    AggregateKind kind = AggregateKind::CountStar;
    std::unique_ptr<BoundExpr> argument;  // over the aggregate node's input
    TypeId result_type = TypeId::BigInt;
};

// A row belongs to ceil(size / slide) windows; more than this many per row is refused at plan time:
// each row would update and emit that many windows (HOP(ts, 1ms, 1d): 86.4 million), which no job
// finishes. 10,000 still allows HOP(ts, 10s, 1d) and HOP(ts, 1s, 2h).
constexpr int64_t kMaxWindowsPerRow = 10000;
// Throws WeirError(Bind) with one sentence naming the window `kind` ("HOP", "TUMBLE") unless
// 0 < slide <= size <= kMaxIntervalSpan and ceil(size / slide) <= kMaxWindowsPerRow.
void check_window_shape(int64_t size, int64_t slide, const std::string &kind);

// TUMBLE(ts, size): slide == size. HOP(ts, slide, size). Times in microseconds.
struct WindowSpec {
    WindowKind kind = WindowKind::None;
    size_t time_column = 0;  // index into the aggregate node's input (a TIMESTAMP column)
    int64_t size = 0;
    int64_t slide = 0;
};

// Each node reads the outputs of its children (one child, except Join: two, Union: two or more;
// a Scan has none). Field use by kind:
// - Scan: source_name, connector, options, declared (every declared column), projection (indexes
//   into declared, in output order: only the columns the query uses), event_time (index into the
//   output, if the source has a time attribute), watermark_delay, watermark_declared (false: the source
//   has no WATERMARK clause and event_time is the column a window names). output = declared[projection].
//   A SELECT without FROM scans one row of no columns: source_name empty, the generator with count 1.
// - Filter: predicate (BOOLEAN) over the input; output = input.
// - Project: expressions over the input; output names/types per expression.
// - Aggregate: group_keys and aggregates over the input, window; output columns are
//   group keys..., then window_start, window_end (TIMESTAMP, only with a window), then aggregates...
//   emit: OnWindowClose (final rows when W >= window_end) or Changes (current row of every changed
//   group, once per input batch). Without a window: final rows at the end of a bounded input; over
//   an unbounded input the result is an updating one (QueryPlan::updating).
// - Sort: sort_keys (indexes into the input) and descending flags; bounded inputs only (emits at end).
// - Limit: limit rows, then the query is done.
// - Join: children[0] (left) and children[1] (right); output = left columns then right columns (the
//   side that an outer join may leave unmatched is nullable). join_kind; left_keys/right_keys: the
//   equality conditions (indexes into each child's output, NULL never equal); condition: the rest of
//   ON (over the output row), or null. strategy: see JoinStrategy; Lookup: stream_side (0/1) is the
//   unbounded input. Interval: left_time/right_time (indexes into each child's output) with
//   lower <= right_time - left_time <= upper (µs, inclusive; the strict forms are in `condition`),
//   left_slack/right_slack: see TimeAttribute.
// - Union: every child has the output's column types (UNION ALL; casts are Project nodes below it).
struct PlanNode {
    PlanNodeKind kind = PlanNodeKind::Scan;
    Schema output;
    std::vector<std::unique_ptr<PlanNode>> children;

    std::string source_name;
    std::string connector;
    std::map<std::string, std::string> options;
    std::map<std::string, std::string> written_options;  // SourceEntry::written: shown instead of options
    Schema declared;
    std::vector<size_t> projection;
    std::optional<size_t> event_time;
    int64_t watermark_delay = 0;
    bool watermark_declared = false;  // the source has a WATERMARK clause (else event_time is the window's column)
    bool bounded = false;             // the source ends by itself (a file, a generator with count, ...)

    std::unique_ptr<BoundExpr> predicate;
    std::vector<std::unique_ptr<BoundExpr>> expressions;

    std::vector<std::unique_ptr<BoundExpr>> group_keys;
    std::vector<AggregateCall> aggregates;
    WindowSpec window;
    EmitMode emit = EmitMode::OnWindowClose;

    std::vector<size_t> sort_keys;
    std::vector<bool> descending;

    int64_t limit = 0;

    JoinKind join_kind = JoinKind::Inner;
    JoinStrategy strategy = JoinStrategy::Batch;
    std::vector<size_t> left_keys;
    std::vector<size_t> right_keys;
    std::unique_ptr<BoundExpr> condition;
    int stream_side = 0;
    size_t left_time = 0;
    size_t right_time = 0;
    int64_t lower = 0;
    int64_t upper = 0;
    int64_t left_slack = 0;   // TimeAttribute::make's slack of left_time and right_time
    int64_t right_slack = 0;

    const PlanNode &child(size_t i = 0) const { return *children[i]; }
    PlanNode &child(size_t i = 0) { return *children[i]; }
};

// True if every Scan under `node` (itself included) is bounded.
bool subtree_bounded(const PlanNode &node);

struct QueryPlan {
    std::unique_ptr<PlanNode> root;
    // The result is a changelog keyed by key_columns (EMIT CHANGES, or a non-windowed GROUP BY over an
    // unbounded source): an upsert sink converges to the final table, an append sink gets every update.
    bool updating = false;
    // Output columns identifying a result row: group keys plus window_start for windowed aggregations,
    // group keys for plain aggregations; empty for non-aggregating queries.
    std::vector<size_t> key_columns;

    // Makes `node` the new root, reading the old root (its only child).
    void push(std::unique_ptr<PlanNode> node);
    // The Scan leaves, left to right (the job's sources, in the order the driver numbers them).
    std::vector<const PlanNode *> scans() const;
    std::vector<PlanNode *> scans();
    // The first Scan (the only one of a plan without Join or Union).
    const PlanNode &scan() const { return *scans().front(); }
    // The path from the leftmost Scan up to the root (the whole plan when it has no Join or Union).
    std::vector<const PlanNode *> chain() const;
    // Every node, children before their parent (left to right): the order operators are built in.
    std::vector<const PlanNode *> post_order() const;
    // True if every Scan is bounded (the whole input ends by itself).
    bool bounded() const;
    // True if some Aggregate node has no window (its output is final only at the end of the input).
    bool has_unwindowed_aggregate() const;
    const Schema &output() const { return root->output; }
    // The plan as indented text, one node per line, root first and each child indented below its
    // parent like Flink/DuckDB ("Project [city, avg_temp]\n  Aggregate ...\n    Scan weather ..."). Never
    // prints option values whose key suggests a secret (password, secret, key, token, sasl, ssl).
    std::string explain() const;
};

}  // namespace weir

// Equality keys, interval bounds and the choice of join strategy.
#include "planner/join_planner.h"

#include <algorithm>
#include <limits>
#include <optional>

#include "common/weir_error.h"
#include "planner/expression_binder.h"
#include "planner/time_attribute.h"

namespace weir {

namespace {

void split_and(std::unique_ptr<BoundExpr> expr, std::vector<std::unique_ptr<BoundExpr>> &out) {
    if (expr->kind == BoundExprKind::And) {
        for (auto &child : expr->children) split_and(std::move(child), out);
        return;
    }
    out.push_back(std::move(expr));
}

// `column + constant` (constant 0 for a bare column) over a TIMESTAMP column.
struct TimeTerm {
    size_t column = 0;
    int64_t offset = 0;
};

std::optional<TimeTerm> time_term(const BoundExpr &expr) {
    if (expr.kind == BoundExprKind::ColumnRef && expr.type == TypeId::Timestamp) return TimeTerm{expr.column_index, 0};
    if (expr.kind != BoundExprKind::Call || expr.children.size() != 2) return std::nullopt;
    if (expr.function != "+" && expr.function != "-") return std::nullopt;
    const BoundExpr &a = *expr.children[0];
    const BoundExpr &b = *expr.children[1];
    bool constant_interval = b.kind == BoundExprKind::Constant && b.type == TypeId::Interval && !b.constant.is_null();
    if (!constant_interval) return std::nullopt;
    auto inner = time_term(a);
    if (!inner) return std::nullopt;
    inner->offset += expr.function == "+" ? b.constant.as_int() : -b.constant.as_int();
    return inner;
}

struct Bounds {
    std::optional<size_t> left_time;
    std::optional<size_t> right_time;
    int64_t lower = std::numeric_limits<int64_t>::min();
    int64_t upper = std::numeric_limits<int64_t>::max();
    bool has_lower = false;
    bool has_upper = false;
};

// Records `expr` if it bounds right_time - left_time; returns false when it is not such a bound.
bool add_bound(const BoundExpr &expr, size_t left_width, Bounds &bounds) {
    if (expr.kind != BoundExprKind::Call || expr.children.size() != 2) return false;
    const std::string &op = expr.function;
    if (op != "<" && op != "<=" && op != ">" && op != ">=") return false;
    auto a = time_term(*expr.children[0]);
    auto b = time_term(*expr.children[1]);
    if (!a || !b) return false;
    bool a_left = a->column < left_width;
    bool b_left = b->column < left_width;
    if (a_left == b_left) return false;
    // a.col + a.off OP b.col + b.off  ⇔  a.col - b.col OP b.off - a.off.
    int64_t constant = b->offset - a->offset;
    bool less = op[0] == '<';
    // d = right - left. If a is the right column: d OP constant; else -d OP constant ⇔ d OP' -constant.
    if (a_left) {
        constant = -constant;
        less = !less;
    }
    size_t left = a_left ? a->column : b->column;
    size_t right = (a_left ? b->column : a->column) - left_width;
    if ((bounds.left_time && *bounds.left_time != left) || (bounds.right_time && *bounds.right_time != right)) {
        return false;  // a bound on another pair of columns: only checked row by row
    }
    bounds.left_time = left;
    bounds.right_time = right;
    if (less) {
        bounds.upper = std::min(bounds.upper, constant);
        bounds.has_upper = true;
    } else {
        bounds.lower = std::max(bounds.lower, constant);
        bounds.has_lower = true;
    }
    return true;
}

std::unique_ptr<BoundExpr> join_and(std::vector<std::unique_ptr<BoundExpr>> parts) {
    if (parts.empty()) return nullptr;
    if (parts.size() == 1) return std::move(parts[0]);
    auto node = std::make_unique<BoundExpr>();
    node->kind = BoundExprKind::And;
    node->type = TypeId::Boolean;
    node->children = std::move(parts);
    return node;
}

const char *kind_text(JoinKind kind) {
    switch (kind) {
    case JoinKind::Inner: return "JOIN";
    case JoinKind::Left: return "LEFT JOIN";
    case JoinKind::Right: return "RIGHT JOIN";
    case JoinKind::Full: return "FULL JOIN";
    case JoinKind::Cross: return "CROSS JOIN";
    }
    return "JOIN";
}

}  // namespace

std::unique_ptr<PlanNode> JoinPlanner::plan(std::unique_ptr<PlanNode> left, std::unique_ptr<PlanNode> right,
                                            JoinKind kind, const Expr *on, const std::string &label) {
    auto join = std::make_unique<PlanNode>();
    join->kind = PlanNodeKind::Join;
    join->join_kind = kind;
    for (const auto &column : left->output.columns()) join->output.add(column.name, column.type, column.qualifier);
    for (const auto &column : right->output.columns()) join->output.add(column.name, column.type, column.qualifier);
    size_t left_width = left->output.size();
    Bounds bounds;
    if (on) {
        ExpressionBinder binder(join->output, label, "ON");
        std::vector<std::unique_ptr<BoundExpr>> parts;
        split_and(binder.bind_condition(*on), parts);
        std::vector<std::unique_ptr<BoundExpr>> rest;
        for (auto &part : parts) {
            bool equality = part->kind == BoundExprKind::Call && part->function == "=" &&
                            part->children[0]->kind == BoundExprKind::ColumnRef &&
                            part->children[1]->kind == BoundExprKind::ColumnRef &&
                            part->children[0]->type == part->children[1]->type;
            if (equality) {
                size_t a = part->children[0]->column_index;
                size_t b = part->children[1]->column_index;
                if ((a < left_width) != (b < left_width)) {
                    size_t l = a < left_width ? a : b;
                    size_t r = (a < left_width ? b : a) - left_width;
                    join->left_keys.push_back(l);
                    join->right_keys.push_back(r);
                    // Equal times (joining windows on window_start) are the zero-width interval.
                    bool times = part->children[0]->type == TypeId::Timestamp;
                    bool same_pair = (!bounds.left_time || *bounds.left_time == l) &&
                                     (!bounds.right_time || *bounds.right_time == r);
                    if (times && same_pair) {
                        bounds.left_time = l;
                        bounds.right_time = r;
                        bounds.lower = std::max<int64_t>(bounds.lower, 0);
                        bounds.upper = std::min<int64_t>(bounds.upper, 0);
                        bounds.has_lower = bounds.has_upper = true;
                    }
                    continue;
                }
            }
            add_bound(*part, left_width, bounds);
            rest.push_back(std::move(part));
        }
        join->condition = join_and(std::move(rest));
    }
    bool left_bounded = subtree_bounded(*left);
    bool right_bounded = subtree_bounded(*right);
    std::string what = "the " + std::string(kind_text(kind)) + " in " + label;
    if (left_bounded && right_bounded) {
        join->strategy = JoinStrategy::Batch;
    } else if (left_bounded || right_bounded) {
        join->strategy = JoinStrategy::Lookup;
        join->stream_side = left_bounded ? 1 : 0;
        bool allowed = kind == JoinKind::Inner || kind == JoinKind::Cross ||
                       (kind == JoinKind::Left && join->stream_side == 0) ||
                       (kind == JoinKind::Right && join->stream_side == 1);
        if (!allowed) {
            throw WeirError(ErrorKind::Bind,
                            what + " joins a stream with a bounded input, which is a lookup join: it can be an inner "
                                   "join or keep the stream's unmatched rows (stream LEFT JOIN table), but not keep the "
                                   "table's, because the stream never ends");
        }
    } else {
        bool interval = bounds.has_lower && bounds.has_upper && kind != JoinKind::Cross;
        if (!interval) {
            throw WeirError(ErrorKind::Bind,
                            what + " joins two unbounded streams without a time bound, so it would keep both "
                                   "forever; bound one side's time by the other's in ON (an interval join: `b.ts "
                                   "BETWEEN a.ts - INTERVAL '1' HOUR AND a.ts + INTERVAL '1' HOUR`) or join a bounded "
                                   "source instead (a lookup join)");
        }
        if (bounds.lower > bounds.upper) {
            throw WeirError(ErrorKind::Bind, what + " bounds the time difference to an empty range, so nothing "
                                                    "could ever match");
        }
        join->strategy = JoinStrategy::Interval;
        join->left_time = *bounds.left_time;
        join->right_time = *bounds.right_time;
        join->lower = bounds.lower;
        join->upper = bounds.upper;
        join->left_slack = TimeAttribute::make(*left, join->left_time, what);
        join->right_slack = TimeAttribute::make(*right, join->right_time, what);
    }
    join->children.push_back(std::move(left));
    join->children.push_back(std::move(right));
    return join;
}

}  // namespace weir

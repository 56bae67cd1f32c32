// Plans one JOIN of two planned FROM items: binds ON, finds equality keys and time bounds, picks the strategy.
#pragma once

#include <memory>
#include <string>

#include "parser/ast.h"
#include "planner/query_plan.h"

namespace weir {

// docs/joins.md#join-strategies. The ON condition is bound over the left columns followed by the right columns.
// Its AND-ed parts of the form `left_col = right_col` (same type) become the keys; parts bounding
// right_time - left_time between constants (`b.ts BETWEEN a.ts - X AND a.ts + Y`, or pairs of
// >=, <=, >, <) give the interval; every part except the keys stays in the residual condition, so
// strict bounds and anything else are still checked row by row.
// Strategy: both inputs bounded → Batch (any kind); exactly one bounded → Lookup (INNER, CROSS,
// LEFT with the stream on the left, RIGHT with the stream on the right); both unbounded → Interval
// (needs both bounds, not CROSS). Anything else → WeirError(Bind) with one sentence naming the
// alternatives.
class JoinPlanner {
public:
    static std::unique_ptr<PlanNode> plan(std::unique_ptr<PlanNode> left, std::unique_ptr<PlanNode> right,
                                          JoinKind kind, const Expr *on, const std::string &label);
};

}  // namespace weir

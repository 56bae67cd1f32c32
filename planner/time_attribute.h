// Finds the source column behind a plan column used as event time (a window's or an interval join's).
#pragma once

#include <cstddef>
#include <string>

#include "planner/query_plan.h"

namespace weir {

// docs/joins.md#time-attributes: a column carries watermarks when it is a source's event-time
// column passed through unchanged (by projections, filters, joins and every branch of a UNION ALL),
// or the window_start/window_end of a windowed aggregation. make(node, column, use) follows
// `column` of `node`'s output down to its Scan(s) and makes it their event time when they have
// none (a source without a WATERMARK clause: delay 0). Throws WeirError(Bind) with one sentence
// naming `use` ("the window", "the interval join") when the column is computed, is not a
// TIMESTAMP, or the source's WATERMARK names another column.
// Returns the column's slack: how far below its input's watermark a row that is not late may still
// be. 0 for a source column (a row below its watermark is late) and for window_end (a window is
// emitted before the watermark passes its end); the window size for window_start.
class TimeAttribute {
public:
    static int64_t make(PlanNode &node, size_t column, const std::string &use);
};

}  // namespace weir

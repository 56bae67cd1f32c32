// Tracing a time column through the plan tree to the sources whose watermarks it carries.
#include "planner/time_attribute.h"

#include <algorithm>

#include "common/weir_error.h"

namespace weir {

int64_t TimeAttribute::make(PlanNode &node, size_t column, const std::string &use) {
    const std::string &name = node.output[column].name;
    switch (node.kind) {
    case PlanNodeKind::Scan:
        if (node.output[column].type != TypeId::Timestamp) {
            throw WeirError(ErrorKind::Bind, use + " needs a TIMESTAMP column, but `" + name + "` is " +
                                                 type_name(node.output[column].type));
        }
        if (node.event_time && *node.event_time != column) {
            throw WeirError(ErrorKind::Bind, "source `" + node.source_name + "` has the time attribute `" +
                                                 node.output[*node.event_time].name + "` (its WATERMARK column); " +
                                                 use + " must use `" + node.output[*node.event_time].name +
                                                 "` instead of `" + name + "`");
        }
        node.event_time = column;
        return 0;
    case PlanNodeKind::Filter:
    case PlanNodeKind::Sort:
    case PlanNodeKind::Limit: return make(node.child(), column, use);
    case PlanNodeKind::Project: {
        const BoundExpr &expr = *node.expressions[column];
        if (expr.kind != BoundExprKind::ColumnRef) {
            throw WeirError(ErrorKind::Bind, use + " needs a source's time column passed through unchanged, so it "
                                                   "carries watermarks; `" + name + "` is computed");
        }
        return make(node.child(), expr.column_index, use);
    }
    case PlanNodeKind::Join: {
        size_t left = node.child(0).output.size();
        return column < left ? make(node.child(0), column, use) : make(node.child(1), column - left, use);
    }
    case PlanNodeKind::Union: {
        int64_t slack = 0;
        for (auto &child : node.children) slack = std::max(slack, make(*child, column, use));
        return slack;
    }
    case PlanNodeKind::Aggregate: {
        size_t keys = node.group_keys.size();
        bool windowed = node.window.kind != WindowKind::None;
        if (windowed && column == keys) return node.window.size;
        if (windowed && column == keys + 1) return 0;
        throw WeirError(ErrorKind::Bind, use + " needs a time column that carries watermarks; `" + name +
                                             "` is computed by an aggregation (window_start and window_end are not)");
    }
    }
    return 0;
}

}  // namespace weir

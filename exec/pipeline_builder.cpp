// Plan node → operator mapping, over the plan tree.
#include "exec/pipeline_builder.h"

#include "common/weir_error.h"
#include "exec/changelog_filter_operator.h"
#include "exec/filter_operator.h"
#include "exec/hash_aggregate_operator.h"
#include "exec/join_operator.h"
#include "exec/limit_operator.h"
#include "exec/project_operator.h"
#include "exec/sort_operator.h"
#include "exec/union_operator.h"
#include "exec/window_aggregate_operator.h"

namespace weir {

namespace {

// HAVING over an updating aggregation (EMIT CHANGES, or no window over an unbounded source): a
// filter that deletes the rows of keys that stop matching (docs/changelog.md).
std::unique_ptr<Operator> make_changelog_filter(const PlanNode &filter, const PlanNode &aggregate, bool source_bounded) {
    bool windowed = aggregate.window.kind != WindowKind::None;
    bool updating = aggregate.emit == EmitMode::Changes || (!windowed && !source_bounded);
    if (!updating) return nullptr;
    std::vector<size_t> key_columns;
    std::vector<TypeId> key_types;
    for (size_t i = 0; i < aggregate.group_keys.size(); i++) {
        key_columns.push_back(i);
        key_types.push_back(aggregate.group_keys[i]->type);
    }
    std::optional<size_t> window_start;
    if (windowed) window_start = aggregate.group_keys.size();
    return std::make_unique<ChangelogFilterOperator>(*filter.predicate, key_columns, key_types, window_start);
}

std::unique_ptr<Operator> make_operator(const PlanNode &node, JobMetrics &metrics, LateRowHandler *late_rows) {
    switch (node.kind) {
    case PlanNodeKind::Filter:
        // HAVING over an updating aggregation deletes the rows of groups that stop matching.
        if (node.child().kind == PlanNodeKind::Aggregate) {
            if (auto filter = make_changelog_filter(node, node.child(), subtree_bounded(node.child()))) return filter;
        }
        return std::make_unique<FilterOperator>(*node.predicate);
    case PlanNodeKind::Project: return std::make_unique<ProjectOperator>(node.expressions);
    case PlanNodeKind::Aggregate:
        if (node.window.kind != WindowKind::None) {
            auto window = std::make_unique<WindowAggregateOperator>(node, metrics);
            window->set_late_row_handler(late_rows);
            return window;
        }
        return std::make_unique<HashAggregateOperator>(node, !subtree_bounded(node), &metrics);
    case PlanNodeKind::Sort: return std::make_unique<SortOperator>(node.sort_keys, node.descending);
    case PlanNodeKind::Limit: return std::make_unique<LimitOperator>(node.limit);
    case PlanNodeKind::Join: return std::make_unique<JoinOperator>(node, metrics);
    case PlanNodeKind::Union: return std::make_unique<UnionOperator>(node.children.size());
    case PlanNodeKind::Scan: break;
    }
    throw WeirError(ErrorKind::Internal, "a Scan was given to the pipeline builder; Scans are sources.");
}

// Builds the operators of `node`'s subtree; `into` is where the subtree's output goes (nullptr at
// the root). Scans record `into` as their entry.
void build_node(const PlanNode &node, Operator *into, JobMetrics &metrics, LateRowHandler *late_rows,
                Pipeline &pipeline, std::vector<std::pair<const PlanNode *, Operator *>> &entries) {
    if (node.kind == PlanNodeKind::Scan) {
        entries.emplace_back(&node, into);
        return;
    }
    auto op = make_operator(node, metrics, late_rows);
    Operator *self = op.get();
    if (into) self->set_next(into);
    else pipeline.root = self;
    auto *multi = dynamic_cast<MultiInputOperator *>(self);
    // Children first, so operators are listed children before parents.
    std::vector<std::unique_ptr<Operator>> mine;
    mine.push_back(std::move(op));
    for (size_t i = 0; i < node.children.size(); i++) {
        Operator *target = multi ? multi->input(i) : self;
        build_node(*node.children[i], target, metrics, late_rows, pipeline, entries);
    }
    pipeline.operators.push_back(std::move(mine.front()));
}

}  // namespace

Pipeline PipelineBuilder::build(const QueryPlan &plan, JobMetrics &metrics, LateRowHandler *late_rows) {
    Pipeline pipeline;
    std::vector<std::pair<const PlanNode *, Operator *>> entries;
    build_node(*plan.root, nullptr, metrics, late_rows, pipeline, entries);
    for (const auto &[scan, entry] : entries) pipeline.entries.push_back(entry);
    return pipeline;
}

std::optional<Schema> PipelineBuilder::window_input(const QueryPlan &plan) {
    for (const PlanNode *node : plan.post_order()) {
        if (node->kind == PlanNodeKind::Aggregate && node->window.kind != WindowKind::None) return node->child().output;
    }
    return std::nullopt;
}

}  // namespace weir

// Plan node → operator mapping.
#include "exec/pipeline_builder.h"

#include "common/weir_error.h"
#include "exec/changelog_filter_operator.h"
#include "exec/filter_operator.h"
#include "exec/hash_aggregate_operator.h"
#include "exec/limit_operator.h"
#include "exec/project_operator.h"
#include "exec/sort_operator.h"
#include "exec/window_aggregate_operator.h"

namespace weir {

namespace {

std::unique_ptr<Operator> make_operator(const PlanNode &node, JobMetrics &metrics, bool source_bounded,
                                        LateRowHandler *late_rows) {
    switch (node.kind) {
    case PlanNodeKind::Filter: return std::make_unique<FilterOperator>(*node.predicate);
    case PlanNodeKind::Project: return std::make_unique<ProjectOperator>(node.expressions);
    case PlanNodeKind::Aggregate:
        if (node.window.kind != WindowKind::None) {
            auto window = std::make_unique<WindowAggregateOperator>(node, metrics);
            window->set_late_row_handler(late_rows);
            return window;
        }
        return std::make_unique<HashAggregateOperator>(node, !source_bounded, &metrics);
    case PlanNodeKind::Sort: return std::make_unique<SortOperator>(node.sort_keys, node.descending);
    case PlanNodeKind::Limit: return std::make_unique<LimitOperator>(node.limit);
    case PlanNodeKind::Scan: break;
    }
    throw WeirError(ErrorKind::Internal, "a plan has a Scan after its first node; only the first node reads a source.");
}

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

}  // namespace

std::vector<std::unique_ptr<Operator>> PipelineBuilder::build(const QueryPlan &plan, JobMetrics &metrics,
                                                              bool source_bounded, LateRowHandler *late_rows) {
    std::vector<std::unique_ptr<Operator>> operators;
    for (size_t i = 1; i < plan.nodes.size(); i++) {
        const PlanNode &node = *plan.nodes[i];
        std::unique_ptr<Operator> changelog_filter;
        if (node.kind == PlanNodeKind::Filter && plan.nodes[i - 1]->kind == PlanNodeKind::Aggregate) {
            changelog_filter = make_changelog_filter(node, *plan.nodes[i - 1], source_bounded);
        }
        operators.push_back(changelog_filter ? std::move(changelog_filter)
                                             : make_operator(node, metrics, source_bounded, late_rows));
        if (operators.size() > 1) operators[operators.size() - 2]->set_next(operators.back().get());
    }
    return operators;
}

std::optional<Schema> PipelineBuilder::window_input(const QueryPlan &plan) {
    for (size_t i = 1; i < plan.nodes.size(); i++) {
        const PlanNode &node = *plan.nodes[i];
        if (node.kind == PlanNodeKind::Aggregate && node.window.kind != WindowKind::None) return plan.nodes[i - 1]->output;
    }
    return std::nullopt;
}

}  // namespace weir

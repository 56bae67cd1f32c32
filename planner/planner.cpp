// Query structure: FROM resolution, scan pruning, filter pushdown, projection, ordering and limits.
#include "planner/planner.h"

#include "common/weir_error.h"
#include "planner/aggregate_planner.h"
#include "planner/column_namer.h"
#include "planner/expression_binder.h"
#include "planner/statement_clock.h"
#include "common/name_suggester.h"

namespace weir {

namespace {

constexpr int kMaxViewDepth = 16;

// Marks every declared column that `expr` names; a name that is not declared is an error here,
// where every declared column can be suggested (later binders see only the pruned columns).
void mark_columns(const Expr &expr, const SourceEntry &source, std::vector<bool> &used) {
    if (expr.kind == ExprKind::ColumnRef) {
        if (auto index = source.columns.find(expr.name)) {
            used[*index] = true;
        } else if (!iequals(expr.name, "window_start") && !iequals(expr.name, "window_end")) {
            std::vector<std::string> names;
            for (const auto &column : source.columns.columns()) names.push_back(column.name);
            throw WeirError(ErrorKind::Bind, "unknown column `" + expr.name + "` in source `" + source.name + "`" +
                                                 NameSuggester::did_you_mean(expr.name, names));
        }
    }
    for (const auto &child : expr.children) mark_columns(*child, source, used);
}

// The column a window call names as its time attribute, or "" if there is no such plain column.
std::string window_time_column(const Expr *window_call) {
    if (window_call == nullptr || window_call->children.empty()) return "";
    const Expr &time = *window_call->children[0];
    return time.kind == ExprKind::ColumnRef ? time.name : "";
}

bool has_aggregate_node(const QueryPlan &plan) {
    for (const auto &node : plan.nodes) {
        if (node->kind == PlanNodeKind::Aggregate) return true;
    }
    return false;
}

[[noreturn]] void throw_time_attribute_mismatch(const std::string &label, const std::string &attribute,
                                                const std::string &window_column) {
    throw WeirError(ErrorKind::Bind, label + " has the time attribute `" + attribute +
                                         "` (its WATERMARK column); window over `" + attribute + "` instead of `" +
                                         window_column + "`");
}

}  // namespace

Planner::Planner(const Catalog &catalog) : catalog_(catalog) {}

QueryPlan Planner::plan(const SelectStmt &query) {
    StatementClock clock;
    return plan_at_depth(query, 0);
}

ViewEntry Planner::plan_view(const std::string &name, std::shared_ptr<const SelectStmt> query, const std::string &sql) {
    QueryPlan view_plan = plan(*query);
    ViewEntry entry;
    entry.name = name;
    entry.query = std::move(query);
    entry.output = view_plan.output();
    entry.sql = sql;
    return entry;
}

QueryPlan Planner::plan_at_depth(const SelectStmt &query, int depth) {
    if (depth > kMaxViewDepth) {
        throw WeirError(ErrorKind::Bind, "views nest more than " + std::to_string(kMaxViewDepth) + " levels deep at `" +
                                             query.from + "`");
    }
    bool aggregating = !query.group_by.empty() || AggregatePlanner::has_aggregates(query);
    const Expr *window_call = AggregatePlanner::find_window(query);
    QueryPlan plan;
    std::string label;
    const SourceEntry *source = query.from.empty() ? nullptr : catalog_.find_source(query.from);
    const ViewEntry *view = source || query.from.empty() ? nullptr : catalog_.find_view(query.from);
    if (query.from.empty()) {
        label = "a SELECT without FROM";
        plan.nodes.push_back(build_one_row_scan(query, window_call));
    } else if (!source && !view) {
        std::string hint = NameSuggester::did_you_mean(query.from, catalog_.relation_names());
        if (hint.empty()) hint = "; SHOW SOURCES and SHOW VIEWS list them";
        throw WeirError(ErrorKind::Catalog, "no source or view named `" + query.from + "`" + hint);
    } else if (source) {
        label = "source `" + source->name + "`";
        plan.nodes.push_back(build_scan(*source, query));
    } else {
        label = "view `" + view->name + "`";
        plan = plan_at_depth(*view->query, depth + 1);
        if (aggregating && has_aggregate_node(plan)) {
            throw WeirError(ErrorKind::Bind, "aggregating over a view that aggregates itself is not supported yet: `" +
                                                 view->name + "`");
        }
        if (window_call) attach_view_event_time(plan, *view, query);
    }
    Schema input = plan.output();
    if (query.where) {
        ExpressionBinder binder(input, label, "WHERE");
        auto filter = std::make_unique<PlanNode>();
        filter->kind = PlanNodeKind::Filter;
        filter->predicate = binder.bind_condition(*query.where);
        filter->output = input;
        plan.nodes.push_back(std::move(filter));
    }
    if (aggregating) {
        AggregatePlanner(input, label).plan(query, plan);
    } else {
        if (query.having) {
            throw WeirError(ErrorKind::Bind, "HAVING needs GROUP BY or an aggregate function; use WHERE instead: " +
                                                 query.having->to_string());
        }
        if (query.emit != EmitMode::Default) {
            throw WeirError(ErrorKind::Bind, "EMIT applies only to queries with GROUP BY or aggregates, not to `SELECT ..." +
                                                 (query.from.empty() ? "" : " FROM " + query.from) + "`");
        }
        plan_projection(query, label, plan);
    }
    plan_order_and_limit(query, plan);
    return plan;
}

std::unique_ptr<PlanNode> Planner::build_scan(const SourceEntry &source, const SelectStmt &query) {
    const Schema &declared = source.columns;
    std::vector<bool> used(declared.size(), false);
    for (const auto &item : query.items) {
        if (item.expr->kind == ExprKind::Star) used.assign(declared.size(), true);
        mark_columns(*item.expr, source, used);
    }
    if (query.where) mark_columns(*query.where, source, used);
    for (const auto &item : query.group_by) mark_columns(*item, source, used);
    if (query.having) mark_columns(*query.having, source, used);

    std::optional<size_t> event;
    std::string window_column = window_time_column(AggregatePlanner::find_window(query));
    std::optional<size_t> window_index = window_column.empty() ? std::nullopt : declared.find(window_column);
    if (window_index && declared[*window_index].type != TypeId::Timestamp) window_index.reset();  // binder reports it
    if (source.watermark_column) {
        event = declared.find(*source.watermark_column);
        if (window_index && event && *window_index != *event) {
            throw_time_attribute_mismatch("source `" + source.name + "`", declared[*event].name, window_column);
        }
    } else if (window_index) {
        event = window_index;
    }
    if (event) used[*event] = true;

    auto scan = std::make_unique<PlanNode>();
    scan->kind = PlanNodeKind::Scan;
    scan->source_name = source.name;
    scan->connector = source.connector;
    scan->options = source.options;
    scan->written_options = source.written;
    scan->declared = declared;
    scan->watermark_delay = source.watermark_delay;
    scan->watermark_declared = source.watermark_column.has_value();
    for (size_t i = 0; i < declared.size(); ++i) {
        if (!used[i]) continue;
        if (event && *event == i) scan->event_time = scan->projection.size();
        scan->projection.push_back(i);
        scan->output.add(declared[i].name, declared[i].type);
    }
    return scan;
}

std::unique_ptr<PlanNode> Planner::build_one_row_scan(const SelectStmt &query, const Expr *window_call) {
    for (const auto &item : query.items) {
        if (item.expr->kind == ExprKind::Star) {
            throw WeirError(ErrorKind::Bind, "SELECT * needs FROM: a SELECT without FROM has no columns to list");
        }
    }
    if (window_call) {
        throw WeirError(ErrorKind::Bind, "a window in GROUP BY needs FROM: a SELECT without FROM reads one row, "
                                         "which has no event time: " + window_call->to_string());
    }
    // The generator's first event with none of its columns projected: one row of no columns, at once.
    auto scan = std::make_unique<PlanNode>();
    scan->kind = PlanNodeKind::Scan;
    scan->connector = "generator";
    scan->options = {{"count", "1"}, {"rate", "0"}};
    return scan;
}

void Planner::attach_view_event_time(QueryPlan &plan, const ViewEntry &view, const SelectStmt &query) {
    std::string window_column = window_time_column(AggregatePlanner::find_window(query));
    auto found = plan.output().find(window_column);
    if (window_column.empty() || !found) return;  // the window binder reports the problem
    size_t index = *found;
    for (size_t n = plan.nodes.size() - 1; n > 0; --n) {
        const PlanNode &node = *plan.nodes[n];
        if (node.kind != PlanNodeKind::Project) continue;
        const BoundExpr &expr = *node.expressions[index];
        if (expr.kind != BoundExprKind::ColumnRef) {
            throw WeirError(ErrorKind::Bind, "a window's time column must be a source column passed through view `" +
                                                 view.name + "` unchanged, so it carries watermarks; `" + window_column +
                                                 "` is computed");
        }
        index = expr.column_index;
    }
    PlanNode &scan = *plan.nodes.front();
    if (scan.event_time && *scan.event_time != index) {
        throw_time_attribute_mismatch("source `" + scan.source_name + "`", scan.output[*scan.event_time].name,
                                      window_column);
    }
    if (scan.output[index].type == TypeId::Timestamp) scan.event_time = index;
}

void Planner::plan_projection(const SelectStmt &query, const std::string &label, QueryPlan &plan) {
    Schema input = plan.output();
    ExpressionBinder binder(input, label, "SELECT");
    auto project = std::make_unique<PlanNode>();
    project->kind = PlanNodeKind::Project;
    ColumnNamer namer;
    for (const auto &item : query.items) {
        if (item.expr->kind == ExprKind::Star) {
            for (size_t i = 0; i < input.size(); ++i) {
                project->expressions.push_back(BoundExpr::make_column(i, input[i].type));
                project->output.add(namer.unique(input[i].name), input[i].type);
            }
            continue;
        }
        project->expressions.push_back(binder.bind(*item.expr));
        project->output.add(namer.name(*item.expr, item.alias), project->expressions.back()->type);
    }
    // Keys of an updating view survive if the select list passes them through.
    std::vector<size_t> keys;
    for (size_t key : plan.key_columns) {
        for (size_t i = 0; i < project->expressions.size(); ++i) {
            const BoundExpr &expr = *project->expressions[i];
            if (expr.kind == BoundExprKind::ColumnRef && expr.column_index == key) {
                keys.push_back(i);
                break;
            }
        }
    }
    plan.key_columns = keys.size() == plan.key_columns.size() ? keys : std::vector<size_t>{};
    plan.nodes.push_back(std::move(project));
}

void Planner::plan_order_and_limit(const SelectStmt &query, QueryPlan &plan) {
    if (!query.order_by.empty()) {
        const Schema &output = plan.output();
        auto sort = std::make_unique<PlanNode>();
        sort->kind = PlanNodeKind::Sort;
        sort->output = output;
        for (const auto &item : query.order_by) {
            const Expr &expr = *item.expr;
            std::optional<size_t> index;
            if (expr.kind == ExprKind::Literal && expr.literal.type() == TypeId::BigInt) {
                int64_t position = expr.literal.as_int();
                if (position < 1 || position > static_cast<int64_t>(output.size())) {
                    throw WeirError(ErrorKind::Bind, "ORDER BY position is out of range 1.." +
                                                         std::to_string(output.size()) + ": " + std::to_string(position));
                }
                index = static_cast<size_t>(position - 1);
            } else {
                index = output.find(expr.kind == ExprKind::ColumnRef ? expr.name : expr.to_string());
            }
            if (!index) {
                std::vector<std::string> names;
                for (const auto &column : output.columns()) names.push_back(column.name);
                throw WeirError(ErrorKind::Bind, "ORDER BY must name an output column, an alias or a 1-based position: `" +
                                                     expr.to_string() + "`" + NameSuggester::did_you_mean(expr.to_string(), names));
            }
            sort->sort_keys.push_back(*index);
            sort->descending.push_back(item.descending);
        }
        plan.nodes.push_back(std::move(sort));
    }
    if (query.limit) {
        if (*query.limit < 0) {
            throw WeirError(ErrorKind::Bind, "LIMIT must not be negative: " + std::to_string(*query.limit));
        }
        auto limit = std::make_unique<PlanNode>();
        limit->kind = PlanNodeKind::Limit;
        limit->limit = *query.limit;
        limit->output = plan.output();
        plan.nodes.push_back(std::move(limit));
    }
}

}  // namespace weir

// Query structure: FROM resolution, scan pruning, filter pushdown, projection, ordering and limits.
#include "planner/planner.h"

#include "common/weir_error.h"
#include "planner/aggregate_planner.h"
#include "planner/column_namer.h"
#include "planner/expression_binder.h"
#include "planner/join_planner.h"
#include "planner/statement_clock.h"
#include "planner/time_attribute.h"
#include "common/name_suggester.h"

namespace weir {

namespace {

constexpr int kMaxViewDepth = 16;

// Marks every declared column of `source` (read as `qualifier`) that `expr` names. With `strict`
// (the query reads only this source), a name that is not declared is an error here, where every
// declared column can be suggested (later binders see only the pruned columns); otherwise names of
// other FROM items are skipped.
void mark_columns(const Expr &expr, const SourceEntry &source, const std::string &qualifier, bool strict,
                  std::vector<bool> &used) {
    bool ours = expr.qualifier.empty() || iequals(expr.qualifier, qualifier);
    if (expr.kind == ExprKind::ColumnRef && ours) {
        if (auto index = source.columns.find(expr.name)) {
            used[*index] = true;
        } else if (strict && expr.qualifier.empty() && !iequals(expr.name, "window_start") &&
                   !iequals(expr.name, "window_end")) {
            std::vector<std::string> names;
            for (const auto &column : source.columns.columns()) names.push_back(column.name);
            throw WeirError(ErrorKind::Bind, "unknown column `" + expr.name + "` in source `" + source.name + "`" +
                                                 NameSuggester::did_you_mean(expr.name, names));
        }
    }
    for (const auto &child : expr.children) mark_columns(*child, source, qualifier, strict, used);
}

// Every ON condition of a FROM clause.
void collect_conditions(const TableRef &ref, std::vector<const Expr *> &out) {
    if (ref.kind != TableRefKind::Join) return;
    if (ref.on) out.push_back(ref.on.get());
    collect_conditions(*ref.left, out);
    collect_conditions(*ref.right, out);
}

// The Aggregate node of a single-input query part, or nullptr.
PlanNode *find_aggregate(PlanNode *node, const PlanNode *stop) {
    for (; node && node != stop; node = node->children.empty() ? nullptr : node->children[0].get()) {
        if (node->kind == PlanNodeKind::Aggregate) return node;
    }
    return nullptr;
}

bool contains_unwindowed_aggregate(const PlanNode &node) {
    if (node.kind == PlanNodeKind::Aggregate && node.window.kind == WindowKind::None) return true;
    for (const auto &child : node.children) {
        if (contains_unwindowed_aggregate(*child)) return true;
    }
    return false;
}

// The column a window call names as its time attribute, or "" if there is no such plain column.
std::string window_time_column(const Expr *window_call) {
    if (window_call == nullptr || window_call->children.empty()) return "";
    const Expr &time = *window_call->children[0];
    return time.kind == ExprKind::ColumnRef ? time.name : "";
}

[[noreturn]] void throw_time_attribute_mismatch(const std::string &label, const std::string &attribute,
                                                const std::string &window_column) {
    throw WeirError(ErrorKind::Bind, label + " has the time attribute `" + attribute +
                                         "` (its WATERMARK column); window over `" + attribute + "` instead of `" +
                                         window_column + "`");
}

bool has_aggregate_node(const PlanNode &node) {
    if (node.kind == PlanNodeKind::Aggregate) return true;
    for (const auto &child : node.children) {
        if (has_aggregate_node(*child)) return true;
    }
    return false;
}

}  // namespace

Planner::Planner(const Catalog &catalog, BoundedCheck bounded) : catalog_(catalog), bounded_(std::move(bounded)) {}

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
        throw WeirError(ErrorKind::Bind, "views and subqueries nest more than " + std::to_string(kMaxViewDepth) +
                                             " levels deep at `" + query.from + "`");
    }
    size_t scope = ctes_.size();
    for (const auto &table : query.with) ctes_.push_back(&table);
    QueryPlan plan;
    try {
        plan = plan_core(query, depth);
        if (!query.union_all.empty()) plan_union(query, depth, plan);
        plan_order_and_limit(query, plan);
    } catch (...) {
        ctes_.resize(scope);
        throw;
    }
    ctes_.resize(scope);
    return plan;
}

const CommonTable *Planner::find_cte(const std::string &name) const {
    for (size_t i = ctes_.size(); i-- > 0;) {
        if (iequals(ctes_[i]->name, name)) return ctes_[i];
    }
    return nullptr;
}

void Planner::plan_union(const SelectStmt &query, int depth, QueryPlan &plan) {
    auto node = std::make_unique<PlanNode>();
    node->kind = PlanNodeKind::Union;
    node->output = plan.output();
    std::vector<QueryPlan> branches;
    for (const auto &branch : query.union_all) {
        branches.push_back(plan_core(*branch, depth));
        const Schema &output = branches.back().output();
        if (output.size() != node->output.size()) {
            throw WeirError(ErrorKind::Bind, "each SELECT of a UNION ALL must have the same number of columns: the first "
                                             "has " + std::to_string(node->output.size()) + ", branch " +
                                             std::to_string(branches.size() + 1) + " has " + std::to_string(output.size()));
        }
    }
    // Column types: equal, or BIGINT and DOUBLE (DOUBLE), or NULL and anything.
    std::vector<TypeId> types;
    for (size_t c = 0; c < node->output.size(); ++c) {
        TypeId type = node->output[c].type;
        for (const auto &branch : branches) {
            TypeId other = branch.output()[c].type;
            if (other == type || other == TypeId::Null) continue;
            if (type == TypeId::Null) type = other;
            else if (is_numeric(type) && is_numeric(other)) type = TypeId::Double;
            else {
                throw WeirError(ErrorKind::Bind, "column " + std::to_string(c + 1) + " (`" + node->output[c].name +
                                                     "`) of the UNION ALL is " + type_name(type) + " in one SELECT and " +
                                                     type_name(other) + " in another; add a CAST");
            }
        }
        types.push_back(type);
    }
    Schema output;
    for (size_t c = 0; c < types.size(); ++c) output.add(node->output[c].name, types[c]);
    node->output = output;
    auto cast_to = [&types](QueryPlan &branch) {
        const Schema &have = branch.output();
        bool same = true;
        for (size_t c = 0; c < types.size(); ++c) same = same && have[c].type == types[c];
        if (same) return std::move(branch.root);
        auto project = std::make_unique<PlanNode>();
        project->kind = PlanNodeKind::Project;
        for (size_t c = 0; c < types.size(); ++c) {
            auto column = BoundExpr::make_column(c, have[c].type);
            project->expressions.push_back(have[c].type == types[c] ? std::move(column)
                                                                    : BoundExpr::make_cast(std::move(column), types[c]));
            project->output.add(have[c].name, types[c]);
        }
        branch.push(std::move(project));
        return std::move(branch.root);
    };
    bool updating = plan.updating;
    node->children.push_back(cast_to(plan));
    for (auto &branch : branches) {
        updating = updating || branch.updating;
        node->children.push_back(cast_to(branch));
    }
    plan.root = std::move(node);
    plan.updating = updating;
    plan.key_columns.clear();
}

std::unique_ptr<PlanNode> Planner::build_from(const TableRef &ref, const SelectStmt &query, int depth, bool single,
                                              QueryPlan &plan, std::string &label) {
    if (ref.kind == TableRefKind::Join) {
        std::string left_label;
        std::string right_label;
        auto left = build_from(*ref.left, query, depth, false, plan, left_label);
        auto right = build_from(*ref.right, query, depth, false, plan, right_label);
        label = "the join of " + left_label + " and " + right_label;
        for (const PlanNode *side : {left.get(), right.get()}) {
            if (contains_unwindowed_aggregate(*side) && !subtree_bounded(*side)) {
                throw WeirError(ErrorKind::Bind, label + " reads an updating result (a GROUP BY without a window over a "
                                                         "stream), which joins cannot take yet; aggregate in windows "
                                                         "(TUMBLE, HOP) before joining");
            }
        }
        return JoinPlanner::plan(std::move(left), std::move(right), ref.join, ref.on.get(), label);
    }
    const std::string &qualifier = ref.qualifier();
    const SelectStmt *inner = nullptr;
    if (ref.kind == TableRefKind::Subquery) {
        inner = ref.subquery.get();
        label = ref.alias.empty() ? "a subquery" : "subquery `" + ref.alias + "`";
    } else if (const CommonTable *cte = find_cte(ref.name)) {
        inner = cte->query.get();
        label = "WITH query `" + cte->name + "`";
    } else if (const SourceEntry *source = catalog_.find_source(ref.name)) {
        label = "source `" + source->name + "`";
        return build_scan(*source, qualifier, query, single);
    } else if (const ViewEntry *view = catalog_.find_view(ref.name)) {
        inner = view->query.get();
        label = "view `" + view->name + "`";
    } else {
        std::vector<std::string> names = catalog_.relation_names();
        for (const auto *cte : ctes_) names.push_back(cte->name);
        std::string hint = NameSuggester::did_you_mean(ref.name, names);
        if (hint.empty()) hint = "; SHOW SOURCES and SHOW VIEWS list them";
        throw WeirError(ErrorKind::Catalog, "no source or view named `" + ref.name + "`" + hint);
    }
    QueryPlan inner_plan = plan_at_depth(*inner, depth + 1);
    if (single) {
        plan.updating = inner_plan.updating;
        plan.key_columns = inner_plan.key_columns;
    }
    auto root = std::move(inner_plan.root);
    if (!qualifier.empty()) root->output = root->output.qualified(qualifier);
    return root;
}

QueryPlan Planner::plan_core(const SelectStmt &query, int depth) {
    bool aggregating = !query.group_by.empty() || AggregatePlanner::has_aggregates(query);
    const Expr *window_call = AggregatePlanner::find_window(query);
    QueryPlan plan;
    std::string label;
    if (!query.from_ref) {
        label = "a SELECT without FROM";
        plan.push(build_one_row_scan(query, window_call));
    } else {
        bool single = query.from_ref->kind != TableRefKind::Join;
        plan.push(build_from(*query.from_ref, query, depth, single, plan, label));
        if (aggregating && query.from_ref->kind != TableRefKind::Join && plan.root->kind != PlanNodeKind::Scan &&
            has_aggregate_node(*plan.root)) {
            const TableRef &ref = *query.from_ref;
            std::string what = ref.kind == TableRefKind::Subquery ? "a subquery" : catalog_.find_view(ref.name) ? "a view" : "a WITH query";
            throw WeirError(ErrorKind::Bind, "aggregating over " + what + " that aggregates itself is not supported yet" +
                                                 (ref.name.empty() ? "" : ": `" + ref.name + "`"));
        }
    }
    PlanNode *input_root = plan.root.get();
    Schema input = plan.output();
    if (query.where) {
        ExpressionBinder binder(input, label, "WHERE");
        auto filter = std::make_unique<PlanNode>();
        filter->kind = PlanNodeKind::Filter;
        filter->predicate = binder.bind_condition(*query.where);
        filter->output = input;
        plan.push(std::move(filter));
    }
    if (aggregating) {
        PlanNode *aggregate_input = plan.root.get();
        AggregatePlanner(input, label).plan(query, plan);
        PlanNode *aggregate = find_aggregate(plan.root.get(), aggregate_input);
        if (aggregate && aggregate->window.kind != WindowKind::None) {
            TimeAttribute::make(aggregate->child(), aggregate->window.time_column, "the window");
        }
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
    (void)input_root;
    return plan;
}

std::unique_ptr<PlanNode> Planner::build_scan(const SourceEntry &source, const std::string &qualifier,
                                              const SelectStmt &query, bool strict) {
    const Schema &declared = source.columns;
    std::vector<bool> used(declared.size(), false);
    std::vector<const Expr *> roots;
    for (const auto &item : query.items) roots.push_back(item.expr.get());
    if (query.where) roots.push_back(query.where.get());
    for (const auto &item : query.group_by) roots.push_back(item.get());
    if (query.having) roots.push_back(query.having.get());
    if (query.from_ref) collect_conditions(*query.from_ref, roots);
    for (const Expr *root : roots) mark_columns(*root, source, qualifier, strict, used);
    // `*` and `q.*` in the select list (not count(*)) read every column.
    for (const auto &item : query.items) {
        const Expr &expr = *item.expr;
        bool ours = expr.qualifier.empty() || iequals(expr.qualifier, qualifier);
        if (expr.kind == ExprKind::Star && ours) used.assign(declared.size(), true);
    }

    std::optional<size_t> event;
    // A join's windows find their sources through TimeAttribute once the plan is built.
    std::string window_column = strict ? window_time_column(AggregatePlanner::find_window(query)) : "";
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
        scan->output.add(declared[i].name, declared[i].type, qualifier);
    }
    scan->bounded = bounded_ ? bounded_(*scan) : false;
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
    scan->bounded = true;
    return scan;
}

void Planner::plan_projection(const SelectStmt &query, const std::string &label, QueryPlan &plan) {
    Schema input = plan.output();
    ExpressionBinder binder(input, label, "SELECT");
    auto project = std::make_unique<PlanNode>();
    project->kind = PlanNodeKind::Project;
    ColumnNamer namer;
    for (const auto &item : query.items) {
        if (item.expr->kind == ExprKind::Star) {
            bool any = false;
            for (size_t i = 0; i < input.size(); ++i) {
                if (!item.expr->qualifier.empty() && !iequals(input[i].qualifier, item.expr->qualifier)) continue;
                any = true;
                project->expressions.push_back(BoundExpr::make_column(i, input[i].type));
                project->output.add(namer.unique(input[i].name), input[i].type);
            }
            if (!any) {
                throw WeirError(ErrorKind::Bind, "`" + item.expr->qualifier + ".*` names no FROM item of " + label);
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
    plan.push(std::move(project));
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
        plan.push(std::move(sort));
    }
    if (query.limit) {
        if (*query.limit < 0) {
            throw WeirError(ErrorKind::Bind, "LIMIT must not be negative: " + std::to_string(*query.limit));
        }
        auto limit = std::make_unique<PlanNode>();
        limit->kind = PlanNodeKind::Limit;
        limit->limit = *query.limit;
        limit->output = plan.output();
        plan.push(std::move(limit));
    }
}

}  // namespace weir

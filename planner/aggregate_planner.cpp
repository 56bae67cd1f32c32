// Grouping keys, windows, aggregate calls and the expressions computed over grouped rows.
#include "planner/aggregate_planner.h"

#include "common/timestamp.h"
#include "common/weir_error.h"
#include "planner/aggregate_function_table.h"
#include "planner/column_namer.h"
#include "planner/expr_fingerprint.h"
#include "planner/function_resolver.h"

namespace weir {

namespace {

bool is_window_call(const Expr &expr) {
    return expr.kind == ExprKind::Function && (expr.name == "tumble" || expr.name == "hop" || expr.name == "session");
}

bool contains_aggregate(const Expr &expr) {
    if (expr.kind == ExprKind::Function && AggregateFunctionTable::is_aggregate(expr.name)) return true;
    for (const auto &child : expr.children) {
        if (contains_aggregate(*child)) return true;
    }
    return false;
}

std::string upper(std::string text) {
    for (char &c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

}  // namespace

AggregatePlanner::AggregatePlanner(const Schema &input, std::string input_label)
    : input_(input), input_label_(std::move(input_label)) {}

const Expr *AggregatePlanner::find_window(const SelectStmt &query) {
    const Expr *window = nullptr;
    for (const auto &item : query.group_by) {
        if (!is_window_call(*item)) continue;
        if (item->name == "session") {
            throw WeirError(ErrorKind::Bind, "SESSION windows are not supported yet; use TUMBLE or HOP: " + item->to_string());
        }
        if (window != nullptr) {
            throw WeirError(ErrorKind::Bind, "GROUP BY may hold only one window (TUMBLE or HOP), found a second: " +
                                                 item->to_string());
        }
        window = item.get();
    }
    return window;
}

bool AggregatePlanner::has_aggregates(const SelectStmt &query) {
    for (const auto &item : query.items) {
        if (contains_aggregate(*item.expr)) return true;
    }
    return query.having && contains_aggregate(*query.having);
}

int64_t AggregatePlanner::interval_argument(const Expr &argument, const std::string &window, const char *what) const {
    std::optional<int64_t> micros;
    if (argument.kind == ExprKind::Literal && argument.literal.type() == TypeId::Interval) {
        micros = argument.literal.as_int();
    } else if (argument.kind == ExprKind::Literal && argument.literal.type() == TypeId::Text) {
        micros = parse_duration(argument.literal.as_text());
    }
    if (!micros) {
        throw WeirError(ErrorKind::Bind, "the " + std::string(what) + " of " + window +
                                             " must be a constant INTERVAL such as 5m or INTERVAL '5' MINUTE, not " +
                                             argument.to_string());
    }
    if (*micros <= 0) {
        throw WeirError(ErrorKind::Bind, "the " + std::string(what) + " of " + window + " must be positive, not " +
                                             argument.to_string());
    }
    return *micros;
}

WindowSpec AggregatePlanner::bind_window(const Expr &call) {
    std::string name = upper(call.name);
    size_t expected = call.name == "tumble" ? 2 : 3;
    if (call.children.size() != expected) {
        throw WeirError(ErrorKind::Bind, name + (expected == 2 ? " takes (time_column, size)" : " takes (time_column, slide, size)") +
                                             "; got " + call.to_string());
    }
    ExpressionBinder binder(input_, input_label_, name);
    const Expr &time = *call.children[0];
    auto bound = binder.bind(time);
    if (bound->kind != BoundExprKind::ColumnRef || bound->type != TypeId::Timestamp) {
        throw WeirError(ErrorKind::Bind, "the first argument of " + name + " must be a TIMESTAMP column, but it is " +
                                             type_name(bound->type) + ": " + time.to_string());
    }
    WindowSpec spec;
    spec.time_column = bound->column_index;
    if (call.name == "tumble") {
        spec.kind = WindowKind::Tumble;
        spec.size = interval_argument(*call.children[1], name, "size");
        spec.slide = spec.size;
        check_window_shape(spec.size, spec.slide, name);
        return spec;
    }
    spec.kind = WindowKind::Hop;
    spec.slide = interval_argument(*call.children[1], name, "slide");
    spec.size = interval_argument(*call.children[2], name, "size");
    check_window_shape(spec.size, spec.slide, name);
    return spec;
}

size_t AggregatePlanner::aggregate_index(const Expr &call) {
    for (size_t i = 0; i < aggregate_exprs_.size(); ++i) {
        if (ExprFingerprint::same(*aggregate_exprs_[i], call)) return i;
    }
    bool star = call.children.size() == 1 && call.children[0]->kind == ExprKind::Star;
    AggregateCall aggregate;
    aggregate.kind = AggregateFunctionTable::kind_of(call.name, star, call.distinct);
    if (!star) {
        if (call.children.size() != 1) {
            throw WeirError(ErrorKind::Bind, call.name + " takes exactly one argument: " + call.to_string());
        }
        ExpressionBinder binder(input_, input_label_, "the argument of another aggregate");
        aggregate.argument = binder.bind(*call.children[0]);
        if (aggregate.argument->type == TypeId::Null) {
            aggregate.argument = FunctionResolver::coerce(std::move(aggregate.argument), TypeId::Double);
        }
    }
    TypeId argument_type = aggregate.argument ? aggregate.argument->type : TypeId::Null;
    aggregate.result_type = AggregateFunctionTable::result_type(aggregate.kind, call.name, argument_type);
    aggregate_exprs_.push_back(&call);
    aggregates_.push_back(std::move(aggregate));
    return aggregates_.size() - 1;
}

std::unique_ptr<BoundExpr> AggregatePlanner::intercept(const Expr &expr, ExpressionBinder &binder) {
    if (expr.kind == ExprKind::Function && AggregateFunctionTable::is_aggregate(expr.name)) {
        size_t index = aggregate_index(expr);
        return BoundExpr::make_column(aggregate_column(index), aggregates_[index].result_type);
    }
    for (size_t i = 0; i < key_exprs_.size(); ++i) {
        if (ExprFingerprint::same(*key_exprs_[i], expr)) return BoundExpr::make_column(i, keys_[i]->type);
    }
    if (expr.kind == ExprKind::Star) {
        throw WeirError(ErrorKind::Bind, "SELECT * cannot be combined with GROUP BY or aggregates; list the columns instead");
    }
    if (expr.kind != ExprKind::ColumnRef) return nullptr;
    for (size_t i = 0; i < key_exprs_.size(); ++i) {
        if (key_exprs_[i]->kind == ExprKind::ColumnRef && iequals(key_exprs_[i]->name, expr.name) &&
            keys_[i]->column_index == binder.resolve_column(expr)) {
            return BoundExpr::make_column(i, keys_[i]->type);
        }
    }
    bool windowed = window_.kind != WindowKind::None;
    if (windowed && iequals(expr.name, "window_start")) return BoundExpr::make_column(keys_.size(), TypeId::Timestamp);
    if (windowed && iequals(expr.name, "window_end")) return BoundExpr::make_column(keys_.size() + 1, TypeId::Timestamp);
    size_t index = binder.resolve_column(expr);
    throw WeirError(ErrorKind::Bind, "column `" + input_[index].name +
                                         "` must appear in GROUP BY or be used in an aggregate function");
}

std::unique_ptr<BoundExpr> AggregatePlanner::bind_grouped(const Expr &expr, const std::string &clause) {
    ExpressionBinder binder(input_, input_label_, clause);
    binder.set_interceptor([this, &binder](const Expr &node) { return intercept(node, binder); });
    return clause == "HAVING" ? binder.bind_condition(expr) : binder.bind(expr);
}

void AggregatePlanner::plan(const SelectStmt &query, QueryPlan &plan) {
    const Expr *window_call = find_window(query);
    if (window_call != nullptr) window_ = bind_window(*window_call);
    ExpressionBinder key_binder(input_, input_label_, "GROUP BY");
    for (const auto &item : query.group_by) {
        if (item.get() == window_call) continue;
        key_exprs_.push_back(item.get());
        keys_.push_back(key_binder.bind(*item));
        key_names_.push_back(item->kind == ExprKind::ColumnRef ? input_[keys_.back()->column_index].name
                                                                : item->to_string());
    }
    if (query.emit == EmitMode::OnWindowClose && window_.kind == WindowKind::None) {
        throw WeirError(ErrorKind::Bind, "EMIT ON WINDOW CLOSE needs a window in GROUP BY: add TUMBLE(ts, size) or HOP(ts, slide, size)");
    }

    auto project = std::make_unique<PlanNode>();
    project->kind = PlanNodeKind::Project;
    ColumnNamer namer;
    for (const auto &item : query.items) {
        project->expressions.push_back(bind_grouped(*item.expr, "SELECT"));
        project->output.add(namer.name(*item.expr, item.alias), project->expressions.back()->type);
    }
    std::unique_ptr<BoundExpr> having;
    if (query.having) having = bind_grouped(*query.having, "HAVING");

    auto aggregate = std::make_unique<PlanNode>();
    aggregate->kind = PlanNodeKind::Aggregate;
    for (size_t i = 0; i < keys_.size(); ++i) aggregate->output.add(key_names_[i], keys_[i]->type);
    if (window_.kind != WindowKind::None) {
        aggregate->output.add("window_start", TypeId::Timestamp);
        aggregate->output.add("window_end", TypeId::Timestamp);
    }
    for (size_t i = 0; i < aggregates_.size(); ++i) {
        aggregate->output.add(aggregate_exprs_[i]->to_string(), aggregates_[i].result_type);
    }
    aggregate->group_keys = std::move(keys_);
    aggregate->aggregates = std::move(aggregates_);
    aggregate->window = window_;
    aggregate->emit = query.emit == EmitMode::Changes ? EmitMode::Changes : EmitMode::OnWindowClose;
    plan.updating = query.emit == EmitMode::Changes;
    size_t key_count = aggregate->group_keys.size();
    Schema aggregate_output = aggregate->output;
    plan.push(std::move(aggregate));

    if (having) {
        auto filter = std::make_unique<PlanNode>();
        filter->kind = PlanNodeKind::Filter;
        filter->predicate = std::move(having);
        filter->output = aggregate_output;
        plan.push(std::move(filter));
    }
    plan.key_columns.clear();
    for (size_t i = 0; i < project->expressions.size(); ++i) {
        const BoundExpr &expr = *project->expressions[i];
        if (expr.kind != BoundExprKind::ColumnRef) continue;
        bool is_key = expr.column_index < key_count;
        bool is_window_start = window_.kind != WindowKind::None && expr.column_index == key_count;
        if (is_key || is_window_start) plan.key_columns.push_back(i);
    }
    plan.push(std::move(project));
}

}  // namespace weir

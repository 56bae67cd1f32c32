// EXPLAIN text of a query plan.
#include "planner/query_plan.h"

#include "common/secret_option.h"
#include "common/timestamp.h"

#include "common/weir_error.h"

namespace weir {

void check_window_shape(int64_t size, int64_t slide, const std::string &kind) {
    if (size <= 0 || slide <= 0) {
        throw WeirError(ErrorKind::Bind, "the size and slide of " + kind + " must be positive durations");
    }
    if (slide > size) {
        throw WeirError(ErrorKind::Bind, "the slide of " + kind + " must not exceed its size; got slide " +
                                             format_interval(slide) + " and size " + format_interval(size));
    }
    if (size > kMaxIntervalSpan) {
        throw WeirError(ErrorKind::Bind, "the size of " + kind + " is " + format_interval(size) +
                                             ", longer than the whole TIMESTAMP range (years 0001 to 9999)");
    }
    int64_t per_row = size / slide + (size % slide != 0 ? 1 : 0);
    if (per_row > kMaxWindowsPerRow) {
        int64_t least_slide = size / kMaxWindowsPerRow + (size % kMaxWindowsPerRow != 0 ? 1 : 0);
        throw WeirError(ErrorKind::Bind, kind + " puts every row in " + std::to_string(per_row) +
                                             " windows (size " + format_interval(size) + " / slide " +
                                             format_interval(slide) + "), more than the " +
                                             std::to_string(kMaxWindowsPerRow) +
                                             " allowed: use a slide of at least " + format_interval(least_slide) +
                                             " or a shorter size");
    }
}

namespace {

std::vector<std::string> names_of(const Schema &schema) {
    std::vector<std::string> names;
    for (const auto &column : schema.columns()) names.push_back(column.name);
    return names;
}

const char *aggregate_name(AggregateKind kind) {
    switch (kind) {
    case AggregateKind::CountStar:
    case AggregateKind::Count:
    case AggregateKind::CountDistinct: return "count";
    case AggregateKind::Sum: return "sum";
    case AggregateKind::Avg: return "avg";
    case AggregateKind::Min: return "min";
    case AggregateKind::Max: return "max";
    case AggregateKind::StddevSamp: return "stddev_samp";
    case AggregateKind::VarSamp: return "var_samp";
    case AggregateKind::StddevPop: return "stddev_pop";
    case AggregateKind::VarPop: return "var_pop";
    }
    return "?";
}

std::string describe_scan(const PlanNode &node) {
    if (node.source_name.empty()) return "OneRow (SELECT without FROM)";
    std::string out = "Scan " + node.source_name + " connector=" + node.connector + " columns=[";
    for (size_t i = 0; i < node.output.size(); ++i) out += (i > 0 ? ", " : "") + node.output[i].name;
    out += "]";
    if (node.event_time) {
        const std::string &time = node.output[*node.event_time].name;
        out += " event_time=" + time + " watermark=" + time;
        if (node.watermark_delay != 0) out += " - " + format_interval(node.watermark_delay);
    }
    if (!node.options.empty()) {
        out += " options=[";
        bool first = true;
        for (const auto &[key, value] : node.options) {
            auto written = node.written_options.find(key);  // ${VAR} shown as written
            const std::string &shown = written == node.written_options.end() ? value : written->second;
            out += (first ? "" : ", ") + key + "=" + printable_option_value(key, shown);
            first = false;
        }
        out += "]";
    }
    return out;
}

std::string describe_aggregate(const PlanNode &node, const std::vector<std::string> &input) {
    std::string out = "Aggregate keys=[";
    for (size_t i = 0; i < node.group_keys.size(); ++i) out += (i > 0 ? ", " : "") + node.group_keys[i]->to_string(&input);
    out += "]";
    const WindowSpec &window = node.window;
    std::string time = window.time_column < input.size() ? input[window.time_column] : "#" + std::to_string(window.time_column);
    if (window.kind == WindowKind::Tumble) out += " window=TUMBLE(" + time + ", " + format_interval(window.size) + ")";
    if (window.kind == WindowKind::Hop) {
        out += " window=HOP(" + time + ", " + format_interval(window.slide) + ", " + format_interval(window.size) + ")";
    }
    out += " aggregates=[";
    for (size_t i = 0; i < node.aggregates.size(); ++i) {
        const AggregateCall &call = node.aggregates[i];
        out += (i > 0 ? ", " : "") + std::string(aggregate_name(call.kind)) + "(";
        if (call.kind == AggregateKind::CountStar) out += "*";
        if (call.kind == AggregateKind::CountDistinct) out += "DISTINCT ";
        if (call.argument) out += call.argument->to_string(&input);
        out += ")";
    }
    out += "] emit=";
    out += node.emit == EmitMode::Changes ? "changes" : (window.kind == WindowKind::None ? "at end" : "on window close");
    return out;
}

const char *join_kind_name(JoinKind kind) {
    switch (kind) {
    case JoinKind::Inner: return "INNER";
    case JoinKind::Left: return "LEFT";
    case JoinKind::Right: return "RIGHT";
    case JoinKind::Full: return "FULL";
    case JoinKind::Cross: return "CROSS";
    }
    return "?";
}

std::string describe_join(const PlanNode &node) {
    const char *strategy = node.strategy == JoinStrategy::Batch    ? "HashJoin"
                           : node.strategy == JoinStrategy::Lookup ? "LookupJoin"
                                                                   : "IntervalJoin";
    std::string out = std::string(strategy) + " " + join_kind_name(node.join_kind);
    const Schema &left = node.children[0]->output;
    const Schema &right = node.children[1]->output;
    if (!node.left_keys.empty()) {
        out += " keys=[";
        for (size_t i = 0; i < node.left_keys.size(); ++i) {
            out += (i > 0 ? ", " : "") + left[node.left_keys[i]].name + " = " + right[node.right_keys[i]].name;
        }
        out += "]";
    }
    if (node.strategy == JoinStrategy::Lookup) out += node.stream_side == 0 ? " stream=left" : " stream=right";
    if (node.strategy == JoinStrategy::Interval) {
        out += " time=" + right[node.right_time].name + " - " + left[node.left_time].name + " in [" +
               format_interval(node.lower) + ", " + format_interval(node.upper) + "]";
    }
    if (node.condition) {
        std::vector<std::string> names = names_of(node.output);
        out += " condition=" + node.condition->to_string(&names);
    }
    return out;
}

std::string describe(const PlanNode &node, const Schema *input_schema) {
    std::vector<std::string> input = input_schema ? names_of(*input_schema) : std::vector<std::string>{};
    switch (node.kind) {
    case PlanNodeKind::Scan: return describe_scan(node);
    case PlanNodeKind::Filter: return "Filter " + node.predicate->to_string(&input);
    case PlanNodeKind::Project: {
        std::string out = "Project [";
        for (size_t i = 0; i < node.expressions.size(); ++i) {
            std::string text = node.expressions[i]->to_string(&input);
            out += (i > 0 ? ", " : "") + (text == node.output[i].name ? text : node.output[i].name + " := " + text);
        }
        return out + "]";
    }
    case PlanNodeKind::Aggregate: return describe_aggregate(node, input);
    case PlanNodeKind::Sort: {
        std::string out = "Sort [";
        for (size_t i = 0; i < node.sort_keys.size(); ++i) {
            size_t key = node.sort_keys[i];
            out += (i > 0 ? ", " : "") + (key < input.size() ? input[key] : "#" + std::to_string(key));
            if (node.descending[i]) out += " DESC";
        }
        return out + "]";
    }
    case PlanNodeKind::Limit: return "Limit " + std::to_string(node.limit);
    case PlanNodeKind::Join: return describe_join(node);
    case PlanNodeKind::Union: return "UnionAll inputs=" + std::to_string(node.children.size());
    }
    return "?";
}

}  // namespace

void QueryPlan::push(std::unique_ptr<PlanNode> node) {
    if (root) node->children.push_back(std::move(root));
    root = std::move(node);
}

namespace {
template <typename Node, typename Out>
void collect_scans(Node &node, Out &out) {
    if (node.kind == PlanNodeKind::Scan) out.push_back(&node);
    for (auto &child : node.children) collect_scans(*child, out);
}

void collect_post_order(const PlanNode &node, std::vector<const PlanNode *> &out) {
    for (const auto &child : node.children) collect_post_order(*child, out);
    out.push_back(&node);
}

void explain_node(const PlanNode &node, size_t depth, std::string &out) {
    const Schema *input = node.children.empty() ? nullptr : &node.children[0]->output;
    out += std::string(2 * depth, ' ') + describe(node, input) + "\n";
    for (const auto &child : node.children) explain_node(*child, depth + 1, out);
}
}  // namespace

std::vector<const PlanNode *> QueryPlan::scans() const {
    std::vector<const PlanNode *> out;
    if (root) collect_scans(static_cast<const PlanNode &>(*root), out);
    return out;
}

std::vector<PlanNode *> QueryPlan::scans() {
    std::vector<PlanNode *> out;
    if (root) collect_scans(*root, out);
    return out;
}

std::vector<const PlanNode *> QueryPlan::chain() const {
    std::vector<const PlanNode *> out;
    for (const PlanNode *node = root.get(); node; node = node->children.empty() ? nullptr : node->children[0].get()) {
        out.insert(out.begin(), node);
    }
    return out;
}

std::vector<const PlanNode *> QueryPlan::post_order() const {
    std::vector<const PlanNode *> out;
    if (root) collect_post_order(*root, out);
    return out;
}

bool subtree_bounded(const PlanNode &node) {
    if (node.kind == PlanNodeKind::Scan) return node.bounded;
    for (const auto &child : node.children) {
        if (!subtree_bounded(*child)) return false;
    }
    return true;
}

bool QueryPlan::bounded() const { return root && subtree_bounded(*root); }

bool QueryPlan::has_unwindowed_aggregate() const {
    for (const PlanNode *node : post_order()) {
        if (node->kind == PlanNodeKind::Aggregate && node->window.kind == WindowKind::None) return true;
    }
    return false;
}

std::string QueryPlan::explain() const {
    std::string out;
    if (root) explain_node(*root, 0, out);
    return out;
}

}  // namespace weir

// Wiring a plan's scan to its connector and its nodes to operators.
#include "api/job_factory.h"

#include <algorithm>
#include <cstdlib>
#include <random>

#include "common/timestamp.h"
#include "common/weir_error.h"
#include "connectors/connector_registry.h"
#include "exec/dead_letter_rows.h"
#include "exec/pipeline_builder.h"
#include "exec/side_outputs.h"

namespace weir {

namespace {
// Malformed records reported one notice each; a job with more ends with one notice giving the rest.
constexpr int64_t kNoticedBadRecords = 20;

// A duration option of the source ("0" included), or nullopt when absent or unreadable.
std::optional<int64_t> duration_option(const SourceSpec &spec, const char *name) {
    auto found = spec.options.find(name);
    if (found == spec.options.end()) return std::nullopt;
    if (found->second == "0") return 0;
    return parse_duration(found->second);
}

// The name a SELECT's source qualifies its consumer group with: unique to this query.
std::string select_name() {
    std::random_device device;
    std::mt19937_64 generator((uint64_t(device()) << 32) ^ device());
    static const char digits[] = "0123456789abcdef";
    std::string name = "select-";
    for (int i = 0; i < 12; i++) name += digits[generator() % 16];
    return name;
}
}  // namespace

namespace {

// The spec of a side sink: its catalog entry, the rows it receives, and its own checkpoint name.
SinkSpec side_sink_spec(const SinkEntry &entry, Schema schema, const std::string &job_name) {
    SinkSpec spec;
    spec.name = entry.name;
    spec.connector = entry.connector;
    spec.options = entry.options;
    spec.schema = std::move(schema);
    spec.job_name = job_name;
    auto key = spec.options.find("key");
    if (key == spec.options.end()) return spec;
    std::string names = key->second + ",";
    size_t start = 0;
    for (size_t comma = names.find(','); comma != std::string::npos; start = comma + 1, comma = names.find(',', start)) {
        std::string name = names.substr(start, comma - start);
        size_t begin = name.find_first_not_of(" \t");
        if (begin == std::string::npos) continue;
        name = name.substr(begin, name.find_last_not_of(" \t") - begin + 1);
        auto index = spec.schema.find(name);
        if (!index) {
            throw WeirError(ErrorKind::Bind, "key column `" + name + "` of sink `" + entry.name +
                                                 "` is not among the columns it receives from job `" + job_name +
                                                 "`; remove the key or name one of its columns");
        }
        spec.key_columns.push_back(*index);
    }
    return spec;
}

// The job's side outputs, or nullptr when it has none (no dlq, and no late sink for a window).
std::unique_ptr<SideOutputs> make_side_outputs(const QueryPlan &plan, const JobContext &context) {
    std::optional<Schema> window_input = PipelineBuilder::window_input(plan);
    bool late = context.late_sink && window_input;
    if (!context.dead_letter_sink && !late) return nullptr;
    auto side = std::make_unique<SideOutputs>(context.job_name, plan.scan().source_name);
    const ConnectorRegistry &registry = ConnectorRegistry::instance();
    if (context.dead_letter_sink) {
        side->set_dead_letter_sink(registry.make_sink(
            side_sink_spec(*context.dead_letter_sink, DeadLetterRows::schema(), context.job_name + "_dlq")));
    }
    if (late) {
        size_t event_time = 0;
        for (const PlanNode *node : plan.post_order()) {
            if (node->kind == PlanNodeKind::Aggregate && node->window.kind != WindowKind::None) {
                event_time = node->window.time_column;
            }
        }
        side->set_late_sink(registry.make_sink(side_sink_spec(*context.late_sink, SideOutputs::late_schema(),
                                                              context.job_name + "_late")),
                            *window_input, event_time);
    }
    return side;
}

// The one sentence a job says when it ends having found late rows: how many, which source, and
// what to change so that such disorder is accepted (or where the rows went).
std::function<void(int64_t)> late_summary(const QueryPlan &plan, const JobContext &context,
                                          std::function<void(const std::string &)> notice) {
    const PlanNode &scan = plan.scan();
    if (!notice || !scan.event_time) return {};
    std::string job = context.job_name == "select" ? "the SELECT" : "job `" + context.job_name + "`";
    std::string source = scan.source_name;
    std::string column = scan.output[*scan.event_time].name;
    std::string late_sink = context.late_sink ? context.late_sink->name : "";
    std::string clause = "WATERMARK FOR " + column + " AS " + column + " - INTERVAL '<delay>'";
    std::string advice = scan.watermark_declared
                             ? " (its WATERMARK delay of " + format_interval(scan.watermark_delay) +
                                   " is too short for them: raise it in " + clause + ")"
                             : ", which has no WATERMARK clause (add " + clause +
                                   " to its CREATE SOURCE to accept disorder)";
    return [notice, job, source, late_sink, advice](int64_t late) {
        std::string rows = std::to_string(late) + " late row" + (late == 1 ? "" : "s") + " of source `" + source + "`";
        if (late_sink.empty()) notice(job + " dropped " + rows + advice);
        else notice(job + " wrote " + rows + " to its late sink `" + late_sink + "`" + advice);
    };
}

}  // namespace

namespace {

// Marks the Scans that are the bounded side of a lookup join: read completely first.
void mark_read_first(const PlanNode &node, std::vector<const PlanNode *> &out) {
    if (node.kind == PlanNodeKind::Join && node.strategy == JoinStrategy::Lookup) {
        const PlanNode &table = node.child(node.stream_side == 0 ? 1 : 0);
        std::vector<const PlanNode *> scans;
        std::vector<const PlanNode *> stack = {&table};
        while (!stack.empty()) {
            const PlanNode *each = stack.back();
            stack.pop_back();
            if (each->kind == PlanNodeKind::Scan) out.push_back(each);
            for (const auto &child : each->children) stack.push_back(child.get());
        }
    }
    for (const auto &child : node.children) mark_read_first(*child, out);
}

}  // namespace

std::unique_ptr<JobDriver> JobFactory::build(const QueryPlan &plan, std::unique_ptr<Sink> sink,
                                             const JobContext &context, std::shared_ptr<JobMetrics> metrics) {
    std::vector<const PlanNode *> scans = plan.scans();
    std::vector<const PlanNode *> read_first;
    mark_read_first(*plan.root, read_first);
    std::string job_name = context.job_name;
    auto notice = context.notice;
    auto error_stream = context.error_stream;
    // Side sinks before the sources too: a missing DLQ table must not cost memory-source rows.
    std::unique_ptr<SideOutputs> side = make_side_outputs(plan, context);
    SideOutputs *dead_letters = side && side->has_dead_letter_sink() ? side.get() : nullptr;
    LateRowHandler *late_rows = side && side->has_late_sink() ? side.get() : nullptr;
    std::string group_name = context.query ? select_name() : context.job_name;
    std::vector<SourceSpec> specs;
    for (size_t i = 0; i < scans.size(); i++) {
        const PlanNode &scan = *scans[i];
        SourceSpec spec;
        spec.name = scan.source_name;
        spec.connector = scan.connector;
        spec.options = scan.options;
        spec.declared = scan.declared;
        spec.projection = scan.projection;
        spec.event_time = scan.event_time;
        // Option batch_size wins; else WEIR_BATCH_SIZE (a testing knob: results must not depend on it).
        auto batch_size = scan.options.find("batch_size");
        const char *forced = std::getenv("WEIR_BATCH_SIZE");
        if (batch_size != scan.options.end()) spec.batch_size = std::stoul(batch_size->second);
        else if (forced && std::atoi(forced) > 0) spec.batch_size = static_cast<size_t>(std::atoi(forced));
        if (i < context.memory_channels.size()) spec.memory_channel = context.memory_channels[i];
        // Two scans of one source in a job (a self-join) read through one consumer group name each.
        spec.job_name = group_name;
        for (size_t j = 0; j < i; j++) {
            if (iequals(scans[j]->source_name, scan.source_name)) spec.job_name = group_name + "." + std::to_string(i);
        }
        spec.transient_group = context.query;
        spec.notice = notice;
        std::string source_name = scan.source_name;
        // The dead-letter sink belongs to the first source (the one whose options name it).
        SideOutputs *letters = i == 0 ? dead_letters : nullptr;
        spec.on_bad_record = [metrics, notice, source_name, job_name, letters, error_stream](const BadRecord &record) {
            metrics->record_bad(record);
            if (letters) letters->report(record);
            if (error_stream) error_stream(source_name, job_name, record);
            if (notice && metrics->bad_records.load() <= kNoticedBadRecords) {
                notice("skipped a malformed record in source `" + source_name + "` at " + record.where + ": " +
                       record.reason);
            }
        };
        specs.push_back(std::move(spec));
    }
    // Rows the sink cannot store take the same path as malformed records.
    if (sink) sink->set_bad_row_handler(specs.front().on_bad_record);
    // Operators first: a query that fails to build must not have taken rows from a memory source.
    Pipeline pipeline = PipelineBuilder::build(plan, *metrics, late_rows);
    std::vector<JobInput> inputs(scans.size());
    for (size_t i = 0; i < scans.size(); i++) {
        const PlanNode &scan = *scans[i];
        JobInput &input = inputs[i];
        input.source = ConnectorRegistry::instance().make_source(specs[i]);
        input.event_time_column = scan.event_time;
        input.watermark_delay = scan.watermark_delay;
        // idle_timeout and max_future were validated at CREATE SOURCE; they act on the source's watermark.
        input.idle_timeout = duration_option(specs[i], "idle_timeout").value_or(WatermarkTracker::kDefaultIdleTimeout);
        // Without a WATERMARK clause a bounded input is answered as a batch: no row is late.
        input.hold_watermark = scan.event_time && !scan.watermark_declared && scan.bounded;
        input.read_first = std::find(read_first.begin(), read_first.end(), &scan) != read_first.end();
        if (auto max_future = duration_option(specs[i], "max_future")) {
            input.max_future = *max_future;
            input.report_future = specs[i].on_bad_record;
        }
    }
    ChangeKind kind = plan.updating ? ChangeKind::Upsert : ChangeKind::Insert;
    auto driver = std::make_unique<JobDriver>(context.job_name, std::move(inputs), std::move(pipeline), std::move(sink),
                                              kind, std::move(metrics));
    driver->set_late_summary(late_summary(plan, context, notice));
    driver->set_side_outputs(std::move(side));
    driver->set_bounded_input(plan.bounded());
    if (context.checkpoints) driver->enable_checkpoints(*context.checkpoints);
    if (notice) {
        std::string sources;
        for (size_t i = 0; i < scans.size(); i++) {
            sources += (i == 0 ? "" : i + 1 == scans.size() ? " and " : ", ") + ("`" + scans[i]->source_name + "`");
        }
        std::string label = (scans.size() == 1 ? "source " : "sources ") + sources;
        driver->set_on_end([notice, metrics = driver->metrics(), label] {
            int64_t bad = metrics->bad_records.load();
            if (bad <= kNoticedBadRecords) return;
            notice("… and " + std::to_string(bad - kNoticedBadRecords) + " more malformed records in " + label + " (" +
                   std::to_string(bad) + " in all)");
        });
    }
    return driver;
}

}  // namespace weir

// Wiring a plan's scan to its connector and its nodes to operators.
#include "api/job_factory.h"

#include <cstdlib>

#include "common/timestamp.h"
#include "common/weir_error.h"
#include "connectors/connector_registry.h"
#include "exec/dead_letter_rows.h"
#include "exec/pipeline_builder.h"
#include "exec/side_outputs.h"

namespace weir {

namespace {
// A duration option of the source ("0" included), or nullopt when absent or unreadable.
std::optional<int64_t> duration_option(const SourceSpec &spec, const char *name) {
    auto found = spec.options.find(name);
    if (found == spec.options.end()) return std::nullopt;
    if (found->second == "0") return 0;
    return parse_duration(found->second);
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
        side->set_late_sink(registry.make_sink(
            side_sink_spec(*context.late_sink, SideOutputs::late_schema(*window_input), context.job_name + "_late")));
    }
    return side;
}

}  // namespace

std::unique_ptr<JobDriver> JobFactory::build(const QueryPlan &plan, std::unique_ptr<Sink> sink,
                                             const JobContext &context, std::shared_ptr<JobMetrics> metrics) {
    const PlanNode &scan = plan.scan();
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
    spec.memory_channel = context.memory_channel;
    std::string source_name = scan.source_name;
    std::string job_name = context.job_name;
    auto notice = context.notice;
    spec.notice = notice;
    auto error_stream = context.error_stream;
    // Side sinks before the source too: a missing DLQ table must not cost memory-source rows.
    std::unique_ptr<SideOutputs> side = make_side_outputs(plan, context);
    SideOutputs *dead_letters = side && side->has_dead_letter_sink() ? side.get() : nullptr;
    LateRowHandler *late_rows = side && side->has_late_sink() ? side.get() : nullptr;
    spec.on_bad_record = [metrics, notice, source_name, job_name, dead_letters, error_stream](const BadRecord &record) {
        metrics->record_bad(record);
        if (dead_letters) dead_letters->report(record);
        if (error_stream) error_stream(source_name, job_name, record);
        if (notice && metrics->bad_records.load() <= 20) {
            notice("skipped a malformed record in source `" + source_name + "` at " + record.where + ": " +
                   record.reason);
        }
    };
    bool bounded = context.source_bounded;
    // Operators first: a query that fails to build must not have taken rows from a memory source.
    auto operators = PipelineBuilder::build(plan, *metrics, bounded, late_rows);
    std::unique_ptr<Source> source = ConnectorRegistry::instance().make_source(spec);
    ChangeKind kind = plan.updating ? ChangeKind::Upsert : ChangeKind::Insert;
    // idle_timeout and max_future were validated at CREATE SOURCE; they act on the job's watermark.
    std::optional<int64_t> idle_timeout = duration_option(spec, "idle_timeout");
    auto driver = std::make_unique<JobDriver>(context.job_name, std::move(source), std::move(operators), std::move(sink),
                                              kind, scan.event_time, scan.watermark_delay, std::move(metrics),
                                              idle_timeout.value_or(WatermarkTracker::kDefaultIdleTimeout));
    driver->set_side_outputs(std::move(side));
    if (auto max_future = duration_option(spec, "max_future")) driver->set_future_guard(*max_future, spec.on_bad_record);
    if (context.checkpoints) driver->enable_checkpoints(*context.checkpoints);
    return driver;
}

}  // namespace weir

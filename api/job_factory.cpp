// Wiring a plan's scan to its connector and its nodes to operators.
#include "api/job_factory.h"

#include <cstdlib>

#include "connectors/connector_registry.h"
#include "exec/pipeline_builder.h"

namespace weir {

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
    auto notice = context.notice;
    spec.on_bad_record = [metrics, notice, source_name](const BadRecord &record) {
        metrics->record_bad(record);
        if (notice && metrics->bad_records.load() <= 20) {
            notice("skipped a malformed record in source `" + source_name + "` at " + record.where + ": " +
                   record.reason);
        }
    };
    bool bounded = context.source_bounded;
    // Operators first: a query that fails to build must not have taken rows from a memory source.
    auto operators = PipelineBuilder::build(plan, *metrics, bounded);
    std::unique_ptr<Source> source = ConnectorRegistry::instance().make_source(spec);
    ChangeKind kind = plan.updating ? ChangeKind::Upsert : ChangeKind::Insert;
    auto driver = std::make_unique<JobDriver>(context.job_name, std::move(source), std::move(operators), std::move(sink),
                                              kind, scan.event_time, scan.watermark_delay, std::move(metrics));
    if (context.checkpoints) driver->enable_checkpoints(*context.checkpoints);
    return driver;
}

}  // namespace weir

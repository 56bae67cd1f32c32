// Turns a query plan into a ready-to-run job: the source, the operator chain, the sink and a driver.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connectors/sink.h"
#include "connectors/source.h"
#include "exec/checkpoint_settings.h"
#include "exec/job_driver.h"
#include "exec/job_metrics.h"
#include "planner/catalog.h"
#include "planner/query_plan.h"

namespace weir {

// Everything a job needs from the engine besides the plan.
struct JobContext {
    std::string job_name;
    // A SELECT (not an INSERT job): its source reads through a consumer group of its own.
    bool query = false;
    // Per Scan of the plan (plan.scans() order): its memory channel when it reads a memory source.
    std::vector<std::shared_ptr<MemoryChannel>> memory_channels;
    // Receives one sentence per notable event (malformed record, ...); may be empty.
    std::function<void(const std::string &)> notice;
    // Set when the job takes checkpoints (an INSERT job of an engine with a state directory).
    std::optional<CheckpointSettings> checkpoints;
    // The sinks named by the source's options `dlq` and `late`, looked up by the engine.
    std::optional<SinkEntry> dead_letter_sink;
    std::optional<SinkEntry> late_sink;
    // Receives every bad record of the job, on the job's thread (the engine's weir_errors); may be empty.
    std::function<void(const std::string &source, const std::string &job, const BadRecord &)> error_stream;
};

class JobFactory {
public:
    // Builds the job, one JobInput per Scan (a lookup join's table side is read first; each
    // source's options set its own watermark delay, idle timeout and max_future; a bounded source
    // without a WATERMARK clause holds its watermark until it ends); `sink` receives the plan's output rows (ChangeKind Upsert if the plan is
    // updating, else Insert; the engine marks a non-windowed aggregation over an unbounded source
    // as updating before calling this). Connector errors (a missing file) surface here as WeirError.
    // With context.dead_letter_sink the job writes its source's bad records there (DeadLetterRows);
    // with context.late_sink and a windowed aggregation, its late rows (SideOutputs::late_schema()). Side sinks checkpoint under the job names "<job>_dlq" and "<job>_late".
    static std::unique_ptr<JobDriver> build(const QueryPlan &plan, std::unique_ptr<Sink> sink, const JobContext &context,
                                            std::shared_ptr<JobMetrics> metrics);
};

}  // namespace weir

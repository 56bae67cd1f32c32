// The engine facade: one catalog, its memory sources and its jobs; runs parsed statements.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "api/cursor.h"
#include "api/job_factory.h"
#include "api/job_manager.h"
#include "exec/checkpoint_settings.h"
#include "parser/ast.h"
#include "planner/catalog.h"
#include "planner/query_plan.h"

namespace weir {

class MemoryChannel;
class StateDirectoryLock;

// Thread-safe: every public method may be called from any thread (catalog access is serialized).
// Errors are WeirError with one sentence for the user.
// Error stream: the engine owns the memory source `weir_errors` (DeadLetterRows columns; WATERMARK
// FOR at AS at - 1s), created at construction and never dropped. Every bad record of every job is
// pushed into it as one row; while no query reads it, at most kErrorStreamBuffer rows are kept
// (further ones are dropped, still counted by their jobs). Hosts cannot push into it.
// State directory: the engine holds its lock (StateDirectoryLock) from construction to destruction,
// so a second engine or process on it fails at construction; runs left 'running' in the job log by
// a dead process are marked 'crashed' then.
class Engine {
public:
    static constexpr const char *kErrorStream = "weir_errors";
    static constexpr size_t kErrorStreamBuffer = 10000;

    explicit Engine(std::string state_path);
    ~Engine();

    // Prepares one statement. SELECT starts its query now and returns a streaming cursor;
    // SHOW/DESCRIBE/EXPLAIN return their rows; every other statement runs at the first step().
    std::unique_ptr<Cursor> prepare(std::shared_ptr<Statement> statement);

    // Builds (does not start) the job of a SELECT statement whose result rows go to `sink`, written
    // on the job's thread, instead of a cursor; *output receives the result columns. Any other
    // statement → WeirError(Bind). The job's destructor stops it. `keys` (optional) receives the
    // result columns identifying a row of an updating result (empty for an append-only one).
    std::unique_ptr<JobDriver> build_query(const Statement &statement, std::unique_ptr<Sink> sink, Schema *output,
                                           std::vector<size_t> *keys = nullptr);

    // Memory sources (connector = 'memory').
    void push_json(const std::string &source, std::string_view json_lines);
    void end_source(const std::string &source);

    JobManager &jobs() { return jobs_; }
    // Receives one sentence per notable event; called from job threads.
    void set_notice(std::function<void(const std::string &)> notice);
    // Engine settings: "checkpoint_interval" (a duration such as '10s'; '0' = only at stop and end;
    // applies to jobs started afterwards). Unknown name or bad value → WeirError(Misuse).
    void set_option(const std::string &name, const std::string &value);
    // weir --reset-job: forgets the checkpoints of `job` in the state directory; its next start clears
    // its sink's record of them (PostgreSQL weir_sink_commits) and starts afresh. Rows the sink holds
    // stay. No state directory, or the job running → WeirError(Misuse).
    void reset_job(const std::string &job);
    // The state directory ("" when nothing is kept on disk).
    const std::string &state_path() const { return state_path_; }

private:
    struct PreparedQuery {
        QueryPlan plan;
        bool bounded = false;
        std::vector<std::shared_ptr<MemoryChannel>> channels;  // per Scan (plan.scans() order); null unless memory
    };
    PreparedQuery plan_query(const SelectStmt &query);
    std::unique_ptr<Cursor> start_select(const SelectStmt &query, const std::string &sql);
    std::unique_ptr<JobDriver> build_select(const SelectStmt &query, std::unique_ptr<Sink> sink, Schema *output,
                                            std::vector<size_t> *keys = nullptr);
    void create_source(const CreateSourceStmt &statement);
    void create_sink(const CreateSinkStmt &statement);
    void create_view(const std::shared_ptr<Statement> &statement);
    void start_insert(const InsertStmt &statement);
    // The sink of an INSERT: the connector's, wrapped in a ChangelogSink (and given the `op` column)
    // when the sink sets changelog = 'true'; throws WeirError(Bind) for an updating result into a
    // sink that cannot apply it by key (docs/changelog.md).
    std::unique_ptr<Sink> make_result_sink(SinkSpec spec);
    void drop(const DropStmt &statement);
    std::unique_ptr<Cursor> show(const ShowStmt &statement);
    std::unique_ptr<Cursor> describe(const DescribeStmt &statement);
    std::unique_ptr<Cursor> explain(const ExplainStmt &statement);
    std::shared_ptr<MemoryChannel> channel(const std::string &source);
    void create_error_stream();
    // With a state directory: the bounded source weir_job_runs over the job audit log.
    void create_job_log();
    // Looks up the sinks named by the scan's options dlq and late (WeirError(Catalog) naming a
    // missing one) and wires the job's bad records to weir_errors.
    void add_side_outputs(const PlanNode &scan, JobContext &context);
    void notify(const std::string &message);
    // weir_errors is fed by the engine only: a host push → WeirError(Misuse).
    void refuse_error_stream(const std::string &source) const;

    // The checkpoint settings of a job started by `statement` (nullopt without a state directory).
    std::optional<CheckpointSettings> checkpoint_settings(const InsertStmt &statement);

    std::string state_path_;
    // Held for the engine's lifetime; declared before jobs_ so that it outlives the jobs.
    std::unique_ptr<StateDirectoryLock> lock_;
    std::atomic<int64_t> checkpoint_interval_{CheckpointSettings::kDefaultInterval};
    std::recursive_mutex mutex_;
    Catalog catalog_;
    std::map<std::string, std::shared_ptr<MemoryChannel>> channels_;  // by lower-case source name
    JobManager jobs_;
    std::mutex notice_mutex_;
    std::function<void(const std::string &)> notice_;
};

}  // namespace weir

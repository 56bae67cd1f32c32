// Statement dispatch: catalog changes, queries, jobs and the memory sources.
#include "api/engine.h"

#include <chrono>
#include <filesystem>

#include "api/catalog_report.h"
#include "api/job_factory.h"
#include "api/materialized_cursor.h"
#include "api/result_queue.h"
#include "api/streaming_cursor.h"
#include "common/env_expander.h"
#include "common/schema.h"
#include "common/secret_option.h"
#include "common/timestamp.h"
#include "common/weir_error.h"
#include "connectors/changelog_sink.h"
#include "connectors/connector_registry.h"
#include "connectors/formats/json_line_encoder.h"
#include "connectors/memory/memory_channel.h"
#include "exec/checkpoint_store.h"
#include "exec/dead_letter_rows.h"
#include "exec/state_directory_lock.h"
#include "planner/planner.h"

namespace weir {

namespace {

// Splits "city, window_start" into trimmed names.
std::vector<std::string> split_names(const std::string &text) {
    std::vector<std::string> out;
    std::string current;
    auto flush = [&] {
        size_t begin = current.find_first_not_of(" \t");
        size_t end = current.find_last_not_of(" \t");
        if (begin != std::string::npos) out.push_back(current.substr(begin, end - begin + 1));
        current.clear();
    };
    for (char c : text) {
        if (c == ',') flush();
        else current += c;
    }
    flush();
    return out;
}

// What a sink writes when its kind allows one writer at a time ("" when jobs may share it): a `file`
// sink's file or folder, made absolute. Two jobs appending to one file would cut each other's lines
// (and a restore cuts the file back to one job's checkpoint), so a second writer is refused.
std::string single_writer_target(const SinkEntry &sink) {
    if (sink.connector != "file") return "";
    auto path = sink.options.find("path");
    if (path == sink.options.end()) return "";
    std::error_code error;
    std::filesystem::path absolute = std::filesystem::weakly_canonical(std::filesystem::absolute(path->second), error);
    return "file " + (error ? path->second : absolute.string());
}

// Refuses a job whose sinks (`mine`: its sink, then its side sinks) would give a single-writer target
// a second writer: a running job's, or another of its own.
void refuse_second_writer(const std::vector<const SinkEntry *> &mine, const Catalog &catalog,
                          const std::vector<std::pair<std::string, std::string>> &running, const std::string &job) {
    for (size_t i = 0; i < mine.size(); i++) {
        std::string target = single_writer_target(*mine[i]);
        if (target.empty()) continue;
        for (const auto &[other_job, other_sink] : running) {
            const SinkEntry *other = catalog.find_sink(other_sink);
            if (!other || single_writer_target(*other) != target) continue;
            std::string which = iequals(other->name, mine[i]->name)
                                    ? "sink `" + mine[i]->name + "`"
                                    : "sink `" + mine[i]->name + "` writes the same file as sink `" + other->name +
                                          "`, which";
            throw WeirError(ErrorKind::Catalog,
                            which + " is already written by job `" + other_job + "` and a file sink has one writer; "
                            "create another sink for job `" + job + "` or stop the other with DROP JOB " + other_job);
        }
        for (size_t j = 0; j < i; j++) {
            if (single_writer_target(*mine[j]) != target) continue;
            throw WeirError(ErrorKind::Catalog, "job `" + job + "` would write the file of sink `" + mine[i]->name +
                                                    "` twice (also as sink `" + mine[j]->name +
                                                    "`); give its results, dead letters and late rows different files");
        }
    }
}

}  // namespace

Engine::Engine(std::string state_path) : state_path_(state_path == ":memory:" ? "" : std::move(state_path)) {
    if (!state_path_.empty()) {
        // One process per state directory: a second one would resume from the first one's checkpoints.
        lock_ = std::make_unique<StateDirectoryLock>(state_path_);
        // Opening the store once checks the file's format now, not at the first job. With the lock
        // held, a run still marked running belongs to a process that is gone.
        CheckpointStore probe(state_path_);
        probe.mark_crashed_runs();
        probe.list_checkpointed_jobs();
    }
    create_error_stream();
    create_job_log();
}

void Engine::create_job_log() {
    if (state_path_.empty()) return;
    // The audit log CheckpointStore keeps, read back through the sqlite source (bounded).
    SourceEntry entry;
    entry.name = "weir_job_runs";
    for (auto [name, type] : std::initializer_list<std::pair<const char *, TypeId>>{
             {"run", TypeId::BigInt},         {"job", TypeId::Text},        {"started_at", TypeId::Timestamp},
             {"ended_at", TypeId::Timestamp}, {"status", TypeId::Text},     {"records_in", TypeId::BigInt},
             {"records_out", TypeId::BigInt}, {"late", TypeId::BigInt},     {"bad", TypeId::BigInt},
             {"resumed_from", TypeId::BigInt}, {"last_error", TypeId::Text}}) {
        entry.columns.add(name, type);
    }
    entry.connector = "sqlite";
    entry.options["path"] = (std::filesystem::path(state_path_) / CheckpointStore::kFileName).string();
    // The runs that have ended: a job reading the log never sees (nor copies) itself as running.
    entry.options["table"] = CheckpointStore::kEndedRunsView;
    entry.options["order_by"] = "run";
    entry.sql = "CREATE SOURCE weir_job_runs (run BIGINT, job TEXT, started_at TIMESTAMP, ended_at TIMESTAMP, status "
                "TEXT, records_in BIGINT, records_out BIGINT, late BIGINT, bad BIGINT, resumed_from BIGINT, last_error "
                "TEXT) WITH (connector = 'sqlite', table = 'weir_ended_runs')";
    catalog_.add_source(entry);
}

void Engine::create_error_stream() {
    SourceEntry entry;
    entry.name = kErrorStream;
    entry.columns = DeadLetterRows::schema();
    entry.watermark_column = "at";
    entry.watermark_delay = 1000 * 1000;
    entry.connector = "memory";
    entry.options["max_buffered"] = std::to_string(kErrorStreamBuffer);
    entry.sql = "CREATE SOURCE weir_errors (source TEXT, location TEXT, reason TEXT, raw TEXT, job TEXT, "
                "at TIMESTAMP, WATERMARK FOR at AS at - 1s) WITH (connector = 'memory')";
    catalog_.add_source(entry);
    channels_[kErrorStream] = std::make_shared<MemoryChannel>(kErrorStream, kErrorStreamBuffer);
}

void Engine::add_side_outputs(const PlanNode &scan, JobContext &context) {
    auto find = [&](const char *option, const char *what) -> std::optional<SinkEntry> {
        auto name = scan.options.find(option);
        if (name == scan.options.end()) return std::nullopt;
        const SinkEntry *sink = catalog_.find_sink(name->second);
        if (!sink) {
            throw WeirError(ErrorKind::Catalog, "source `" + scan.source_name + "` sends its " + what + " to sink `" +
                                                    name->second + "`, which does not exist; create it with CREATE "
                                                    "SINK " + name->second + " WITH (connector = '...') first");
        }
        return *sink;
    };
    context.dead_letter_sink = find("dlq", "bad records (option dlq)");
    context.late_sink = find("late", "late rows (option late)");
    // A query of weir_errors itself publishes nothing there: its rows must not feed themselves.
    if (iequals(scan.source_name, kErrorStream)) return;
    std::shared_ptr<MemoryChannel> errors = channels_[kErrorStream];
    context.error_stream = [errors](const std::string &source, const std::string &job, const BadRecord &record) {
        DeadLetterRows rows;
        rows.add(source, job, record, DeadLetterRows::now());
        Batch batch = rows.take();
        std::string line;
        JsonLineEncoder(DeadLetterRows::schema()).append(batch, line);
        try {
            errors->push(line);
        } catch (const WeirError &) {
            // The buffer is full and nobody reads weir_errors: the record is dropped (the job counted it).
        }
    };
}

Engine::~Engine() = default;

void Engine::set_notice(std::function<void(const std::string &)> notice) {
    std::lock_guard<std::mutex> lock(notice_mutex_);
    notice_ = std::move(notice);
}

void Engine::set_option(const std::string &name, const std::string &value) {
    if (!iequals(name, "checkpoint_interval")) {
        throw WeirError(ErrorKind::Misuse, "unknown engine option '" + name + "'; the options are: checkpoint_interval.");
    }
    std::optional<int64_t> interval = value == "0" ? std::optional<int64_t>(0) : parse_duration(value);
    if (!interval || *interval < 0) {
        throw WeirError(ErrorKind::Misuse, "checkpoint_interval must be a duration such as '10s' or '500ms' (or '0' "
                                           "for checkpoints only at stop and end), not '" + value + "'.");
    }
    checkpoint_interval_.store(*interval);
}

std::optional<CheckpointSettings> Engine::checkpoint_settings(const InsertStmt &statement) {
    std::optional<CheckpointSettings> settings;
    std::vector<std::string> values;  // ${VAR} expanded
    for (const auto &[key, text] : statement.options) {
        if (key != "checkpoint_interval") {
            throw WeirError(ErrorKind::Bind, "unknown job option '" + key + "'; the options of CREATE JOB are: "
                                             "checkpoint_interval.");
        }
        values.push_back(EnvExpander::expand(text, "option `" + key + "` of job `" + statement.job_name + "`"));
    }
    if (state_path_.empty()) return settings;
    settings.emplace();
    settings->directory = state_path_;
    settings->interval = checkpoint_interval_.load();
    for (const auto &value : values) {
        std::optional<int64_t> interval = value == "0" ? std::optional<int64_t>(0) : parse_duration(value);
        if (!interval || *interval < 0) {
            throw WeirError(ErrorKind::Bind, "checkpoint_interval must be a duration such as '10s' (or '0'), not '" +
                                                 value + "'.");
        }
        settings->interval = *interval;
    }
    // The definition is the INSERT INTO ... SELECT text with its whitespace collapsed: a rerun of the
    // same file matches it; CREATE JOB's options (the interval) may change between runs.
    std::string text = statement.text.substr(std::min(statement.insert_offset, statement.text.size()));
    std::string normalized;
    for (char c : text) {
        bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (space) {
            if (!normalized.empty() && normalized.back() != ' ') normalized += ' ';
            continue;
        }
        normalized += c;
    }
    while (!normalized.empty() && normalized.back() == ' ') normalized.pop_back();
    settings->definition = normalized;
    settings->notice = [this](const std::string &message) { notify(message); };
    return settings;
}

void Engine::notify(const std::string &message) {
    std::lock_guard<std::mutex> lock(notice_mutex_);
    if (notice_) notice_(mask_secrets(message));
}

std::unique_ptr<Cursor> Engine::prepare(std::shared_ptr<Statement> statement) {
    switch (statement->kind) {
    case StatementKind::Select: {
        auto &select = static_cast<const SelectStatement &>(*statement);
        return start_select(*select.query, statement->text);
    }
    case StatementKind::Show: return show(static_cast<const ShowStmt &>(*statement));
    case StatementKind::Describe: return describe(static_cast<const DescribeStmt &>(*statement));
    case StatementKind::Explain: return explain(static_cast<const ExplainStmt &>(*statement));
    case StatementKind::CreateSource:
        return std::make_unique<MaterializedCursor>(
            [this, statement] { create_source(static_cast<const CreateSourceStmt &>(*statement)); });
    case StatementKind::CreateSink:
        return std::make_unique<MaterializedCursor>(
            [this, statement] { create_sink(static_cast<const CreateSinkStmt &>(*statement)); });
    case StatementKind::CreateView:
        return std::make_unique<MaterializedCursor>(
            [this, statement] { create_view(statement); });
    case StatementKind::Insert:
        return std::make_unique<MaterializedCursor>(
            [this, statement] { start_insert(static_cast<const InsertStmt &>(*statement)); });
    case StatementKind::Drop:
        return std::make_unique<MaterializedCursor>(
            [this, statement] { drop(static_cast<const DropStmt &>(*statement)); });
    }
    throw WeirError(ErrorKind::Internal, "unknown statement kind");
}

Engine::PreparedQuery Engine::plan_query(const SelectStmt &query) {
    PreparedQuery prepared;
    prepared.plan = Planner(catalog_, [this](const PlanNode &scan) {
                        if (scan.connector == "memory") return channel(scan.source_name)->ended();
                        return ConnectorRegistry::instance().source_is_bounded(scan.connector, scan.options);
                    }).plan(query);
    for (const PlanNode *scan : prepared.plan.scans()) {
        prepared.channels.push_back(scan->connector == "memory" ? channel(scan->source_name) : nullptr);
    }
    prepared.bounded = prepared.plan.bounded();
    if (!prepared.bounded && prepared.plan.has_unwindowed_aggregate()) prepared.plan.updating = true;
    return prepared;
}

std::unique_ptr<Cursor> Engine::start_select(const SelectStmt &query, const std::string &sql) {
    auto queue = std::make_shared<ResultQueue>();
    Schema schema;
    std::vector<size_t> keys;
    auto job = build_select(query, std::make_unique<ResultQueueSink>(queue), &schema, &keys);
    job->start();
    auto cursor = std::make_unique<StreamingCursor>(std::move(schema), std::move(queue), std::move(job));
    cursor->set_key_columns(std::move(keys));
    return cursor;
}

std::unique_ptr<JobDriver> Engine::build_select(const SelectStmt &query, std::unique_ptr<Sink> sink, Schema *output,
                                                std::vector<size_t> *keys) {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    PreparedQuery prepared = plan_query(query);
    auto metrics = std::make_shared<JobMetrics>();
    JobContext context;
    context.job_name = "select";
    context.query = true;
    context.memory_channels = prepared.channels;
    context.notice = [this](const std::string &message) { notify(message); };
    add_side_outputs(prepared.plan.scan(), context);
    *output = prepared.plan.output();
    if (keys && prepared.plan.updating) *keys = prepared.plan.key_columns;
    return JobFactory::build(prepared.plan, std::move(sink), context, metrics);
}

std::unique_ptr<JobDriver> Engine::build_query(const Statement &statement, std::unique_ptr<Sink> sink, Schema *output,
                                               std::vector<size_t> *keys) {
    if (statement.kind != StatementKind::Select) {
        throw WeirError(ErrorKind::Bind, "weir_query_callback takes a SELECT statement; run other statements with weir_exec");
    }
    return build_select(*static_cast<const SelectStatement &>(statement).query, std::move(sink), output, keys);
}

void Engine::create_source(const CreateSourceStmt &statement) {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    if (statement.if_not_exists && catalog_.find_source(statement.name)) return;
    SourceEntry entry = Catalog::source_from_statement(statement);
    ConnectorRegistry::instance().validate_source(entry.connector, entry.options, entry.columns);
    catalog_.add_source(entry);
    if (entry.connector == "memory") {
        size_t max_buffered = 1000000;
        auto option = entry.options.find("max_buffered");
        if (option != entry.options.end()) max_buffered = std::stoul(option->second);
        channels_[to_lower(entry.name)] = std::make_shared<MemoryChannel>(entry.name, max_buffered);
    }
}

void Engine::create_sink(const CreateSinkStmt &statement) {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    if (statement.if_not_exists && catalog_.find_sink(statement.name)) return;
    SinkEntry entry = Catalog::sink_from_statement(statement);
    ConnectorRegistry::instance().validate_sink(entry.connector, entry.options);
    catalog_.add_sink(entry);
}

void Engine::create_view(const std::shared_ptr<Statement> &statement) {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    const auto &create = static_cast<const CreateViewStmt &>(*statement);
    if (create.if_not_exists && catalog_.find_view(create.name)) return;
    QueryPlan plan = Planner(catalog_).plan(*create.query);
    ViewEntry entry;
    entry.name = create.name;
    // The view keeps its statement alive: the query node is owned by it.
    entry.query = std::shared_ptr<const SelectStmt>(statement, create.query.get());
    entry.output = plan.output();
    entry.sql = create.text;
    catalog_.add_view(std::move(entry));
}

void Engine::start_insert(const InsertStmt &statement) {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    const SinkEntry *sink_entry = catalog_.find_sink(statement.sink);
    if (!sink_entry) {
        throw WeirError(ErrorKind::Catalog, "no sink named `" + statement.sink + "`; create it with CREATE SINK " +
                                                statement.sink + " WITH (connector = '...')");
    }
    PreparedQuery prepared = plan_query(*statement.query);
    SinkSpec spec;
    spec.name = sink_entry->name;
    spec.connector = sink_entry->connector;
    spec.options = sink_entry->options;
    spec.schema = prepared.plan.output();
    spec.updating = prepared.plan.updating;
    spec.job_name = statement.job_name.empty() ? sink_entry->name : statement.job_name;
    auto key = spec.options.find("key");
    if (key != spec.options.end()) {
        for (const auto &name : split_names(key->second)) {
            auto index = spec.schema.find(name);
            if (!index) {
                throw WeirError(ErrorKind::Bind, "key column `" + name + "` of sink `" + spec.name +
                                                     "` is not among the query's columns: " +
                                                     CatalogReport::columns_text(spec.schema));
            }
            spec.key_columns.push_back(*index);
        }
    } else {
        spec.key_columns = prepared.plan.key_columns;
    }
    auto metrics = std::make_shared<JobMetrics>();
    JobContext context;
    context.job_name = spec.job_name;
    context.memory_channels = prepared.channels;
    context.notice = [this](const std::string &message) { notify(message); };
    context.checkpoints = checkpoint_settings(statement);
    add_side_outputs(prepared.plan.scan(), context);
    std::vector<const SinkEntry *> writes = {sink_entry};
    if (context.dead_letter_sink) writes.push_back(&*context.dead_letter_sink);
    bool windowed = false;  // only a windowed aggregation opens the late sink
    for (const PlanNode *node : prepared.plan.post_order()) windowed = windowed || node->window.kind != WindowKind::None;
    if (context.late_sink && windowed) writes.push_back(&*context.late_sink);
    refuse_second_writer(writes, catalog_, jobs_.running_sinks(), spec.job_name);
    auto sink = make_result_sink(spec);
    auto job = JobFactory::build(prepared.plan, std::move(sink), context, metrics);
    std::vector<std::string> side_sinks;
    if (context.dead_letter_sink) side_sinks.push_back(context.dead_letter_sink->name);
    if (context.late_sink) side_sinks.push_back(context.late_sink->name);
    jobs_.start(std::move(job), std::move(metrics), sink_entry->name, std::move(side_sinks));
}

std::unique_ptr<Sink> Engine::make_result_sink(SinkSpec spec) {
    if (ChangelogSink::requested(spec.options)) {
        if (spec.schema.find("op")) {
            throw WeirError(ErrorKind::Bind, "sink `" + spec.name + "` sets changelog = 'true', which adds a column `op`, "
                                             "but the query already has a column `op`; rename it with AS");
        }
        spec.schema.add("op", TypeId::Text);
        spec.updating = false;  // the sink appends the change rows
        return std::make_unique<ChangelogSink>(ConnectorRegistry::instance().make_sink(spec));
    }
    std::unique_ptr<Sink> sink = ConnectorRegistry::instance().make_sink(spec);
    if (spec.updating && !sink->applies_changes()) {
        throw WeirError(ErrorKind::Bind,
                        "sink `" + spec.name + "` (connector `" + spec.connector +
                            "`) only appends rows but the query's result is updating (a GROUP BY without a window over an "
                            "unbounded source, or EMIT CHANGES); write it to a sqlite, postgres (mode = 'upsert') or "
                            "redis (mode = 'hash') sink, or set changelog = 'true' on the sink to append every change "
                            "with an `op` column");
    }
    return sink;
}

void Engine::drop(const DropStmt &statement) {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    switch (statement.what) {
    case ObjectKind::Job:
        if (statement.if_exists && !jobs_.is_running(statement.name)) return;
        jobs_.stop(statement.name);
        return;
    case ObjectKind::Source:
        if (statement.if_exists && !catalog_.find_source(statement.name)) return;
        if (iequals(statement.name, kErrorStream)) {
            throw WeirError(ErrorKind::Catalog, "weir_errors is the engine's built-in stream of bad records and "
                                                "cannot be dropped; stop reading it instead");
        }
        catalog_.drop_source(statement.name);
        channels_.erase(to_lower(statement.name));
        return;
    case ObjectKind::Sink: {
        if (statement.if_exists && !catalog_.find_sink(statement.name)) return;
        auto writers = jobs_.jobs_writing(statement.name);
        if (!writers.empty()) {
            throw WeirError(ErrorKind::Catalog, "sink `" + statement.name + "` is in use by job `" + writers.front() +
                                                    "`; stop it first with DROP JOB " + writers.front());
        }
        catalog_.drop_sink(statement.name);
        return;
    }
    case ObjectKind::View:
        if (statement.if_exists && !catalog_.find_view(statement.name)) return;
        catalog_.drop_view(statement.name);
        return;
    }
}

std::unique_ptr<Cursor> Engine::show(const ShowStmt &statement) {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    std::vector<JobInfo> jobs;
    if (statement.what == ObjectKind::Job) jobs = jobs_.list();
    return CatalogReport::show(statement.what, catalog_, jobs, now);
}

std::unique_ptr<Cursor> Engine::describe(const DescribeStmt &statement) {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    return CatalogReport::describe(statement.name, catalog_);
}

std::unique_ptr<Cursor> Engine::explain(const ExplainStmt &statement) {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    const SelectStmt *query = nullptr;
    std::string header;
    if (statement.inner->kind == StatementKind::Select) {
        query = static_cast<const SelectStatement &>(*statement.inner).query.get();
    } else if (statement.inner->kind == StatementKind::Insert) {
        const auto &insert = static_cast<const InsertStmt &>(*statement.inner);
        if (!catalog_.find_sink(insert.sink)) throw WeirError(ErrorKind::Catalog, "no sink named `" + insert.sink + "`");
        query = insert.query.get();
        header = "Sink " + insert.sink;
    } else {
        throw WeirError(ErrorKind::Bind, "EXPLAIN takes a SELECT or an INSERT INTO statement");
    }
    PreparedQuery prepared = plan_query(*query);
    std::string text = prepared.plan.explain();
    MaterializedCursor::Rows rows;
    if (!header.empty()) rows.push_back({Value::text(header)});
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        if (!header.empty()) line = "  " + line;
        rows.push_back({Value::text(line)});
        start = end + 1;
    }
    return std::make_unique<MaterializedCursor>(CatalogReport::text_schema({"plan"}), std::move(rows));
}

std::shared_ptr<MemoryChannel> Engine::channel(const std::string &source) {
    auto it = channels_.find(to_lower(source));
    if (it == channels_.end()) {
        const SourceEntry *entry = catalog_.find_source(source);
        if (!entry) throw WeirError(ErrorKind::Catalog, "no source named `" + source + "`");
        throw WeirError(ErrorKind::Misuse, "source `" + source + "` uses connector '" + entry->connector +
                                               "'; only sources with connector = 'memory' accept pushed rows");
    }
    return it->second;
}

void Engine::push_json(const std::string &source, std::string_view json_lines) {
    std::shared_ptr<MemoryChannel> target;
    {
        std::lock_guard<std::recursive_mutex> lock(mutex_);
        refuse_error_stream(source);
        target = channel(source);
    }
    target->push(json_lines);
}

void Engine::end_source(const std::string &source) {
    std::shared_ptr<MemoryChannel> target;
    {
        std::lock_guard<std::recursive_mutex> lock(mutex_);
        target = channel(source);
    }
    target->end();
}

void Engine::refuse_error_stream(const std::string &source) const {
    if (!iequals(source, kErrorStream)) return;
    throw WeirError(ErrorKind::Misuse, "weir_errors is the engine's own stream of bad records and takes no pushed "
                                       "rows; push into a memory source you created instead.");
}

void Engine::reset_job(const std::string &job) {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    if (state_path_.empty()) {
        throw WeirError(ErrorKind::Misuse, "resetting job `" + job + "` needs a state directory (weir --state DIR, or "
                                           "weir_open with a path): without one no job keeps checkpoints.");
    }
    if (jobs_.is_running(job)) {
        throw WeirError(ErrorKind::Misuse, "job `" + job + "` is running; stop it with DROP JOB " + job +
                                               " before resetting it.");
    }
    CheckpointStore(state_path_).reset_job(job);
}

}  // namespace weir

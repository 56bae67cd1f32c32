// The table of built-in connectors and the checks run before a source or sink is created.
#include "connectors/connector_registry.h"

#include <algorithm>

#include "common/weir_error.h"
#include "connectors/blackhole/blackhole_sink.h"
#include "connectors/changelog_sink.h"
#include "connectors/delta/delta_sink.h"
#include "connectors/file/file_sink.h"
#include "connectors/file/file_source.h"
#include "connectors/file/parquet_file_sink.h"
#include "connectors/file/parquet_file_source.h"
#include "connectors/generator/generator_source.h"
#include "connectors/memory/memory_channel.h"
#include "connectors/memory/memory_source.h"
#include "connectors/redis/redis_sink.h"
#include "connectors/redis/redis_stream_source.h"
#include "common/name_suggester.h"
#include "connectors/source_options.h"
#include "connectors/sqlite/sqlite_sink.h"
#include "connectors/sqlite/sqlite_source.h"
#include "connectors/terminal/stdout_sink.h"

namespace weir {
namespace {

const std::vector<std::string> kCommonSinkOptions = {"changelog", "format", "key"};

std::string joined(const std::vector<std::string> &names) {
    std::string text;
    for (const auto &name : names) text += (text.empty() ? "" : ", ") + name;
    return text;
}

std::vector<std::string> sorted_union(const std::vector<std::string> &a, const std::vector<std::string> &b) {
    std::vector<std::string> all = a;
    all.insert(all.end(), b.begin(), b.end());
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    return all;
}

bool contains(const std::vector<std::string> &names, const std::string &name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

const ConnectorRegistry &ConnectorRegistry::instance() {
    static const ConnectorRegistry registry;
    return registry;
}

ConnectorRegistry::ConnectorRegistry() {
    built_in_.sources["file"] = SourceEntry{
        FileSource::option_names(),
        [](const OptionReader &options, const Schema &) {
            SourceOptions::parse(options, 2048, true, true);
            FileSource::validate(options);
        },
        [](const OptionReader &options) { return FileSource::is_bounded(options); },
        [](const SourceSpec &spec) -> std::unique_ptr<Source> {
            if (SourceOptions::from_spec(spec, true, true).format == RecordFormat::Parquet) {
                return std::make_unique<ParquetFileSource>(spec);
            }
            return std::make_unique<FileSource>(spec);
        }};
    built_in_.sources["delta"] = SourceEntry{
        {"path"},
        [](const OptionReader &options, const Schema &) {
            options.required("path");
            SourceOptions::parse(options, 2048, false);
        },
        [](const OptionReader &) { return true; },
        [](const SourceSpec &spec) -> std::unique_ptr<Source> {
            // A bounded snapshot: the files active when the job starts.
            std::string path = OptionReader(spec.connector, spec.options).required("path");
            return std::make_unique<ParquetFileSource>(spec, DeltaLog(path).active_files());
        }};
    built_in_.sources["generator"] = SourceEntry{
        GeneratorSource::option_names(),
        [](const OptionReader &options, const Schema &declared) {
            SourceOptions::parse(options, 2048, false);
            GeneratorSource::validate(options, declared);
        },
        [](const OptionReader &options) { return GeneratorSource::is_bounded(options); },
        [](const SourceSpec &spec) { return std::make_unique<GeneratorSource>(spec); }};
    built_in_.sources["memory"] = SourceEntry{
        MemorySource::option_names(),
        [](const OptionReader &options, const Schema &) {
            SourceOptions::parse(options, 2048, false);
            MemorySource::validate(options);
        },
        [](const OptionReader &) { return false; },
        [](const SourceSpec &spec) { return std::make_unique<MemorySource>(spec); }};
    built_in_.sources["redis"] = SourceEntry{
        RedisStreamSource::option_names(),
        [](const OptionReader &options, const Schema &declared) { RedisStreamSource::validate(options, declared); },
        [](const OptionReader &options) { return RedisStreamSource::is_bounded(options); },
        [](const SourceSpec &spec) { return std::make_unique<RedisStreamSource>(spec); }};
    built_in_.sources["sqlite"] = SourceEntry{
        SqliteSource::option_names(),
        [](const OptionReader &options, const Schema &) {
            SqliteSource::validate(options);
            SourceOptions::parse(options, 2048, false);
        },
        [](const OptionReader &options) { return SqliteSource::is_bounded(options); },
        [](const SourceSpec &spec) { return std::make_unique<SqliteSource>(spec); }};

    built_in_.sinks["stdout"] =
        SinkEntry{StdoutSink::option_names(), [](const OptionReader &options) { StdoutSink::validate(options); },
                  [](const SinkSpec &spec) { return std::make_unique<StdoutSink>(spec); }};
    built_in_.sinks["blackhole"] =
        SinkEntry{BlackholeSink::option_names(), [](const OptionReader &) {},
                  [](const SinkSpec &spec) { return std::make_unique<BlackholeSink>(spec); }};
    built_in_.sinks["delta"] =
        SinkEntry{DeltaSink::option_names(), [](const OptionReader &options) { DeltaSink::validate(options); },
                  [](const SinkSpec &spec) { return std::make_unique<DeltaSink>(spec); }};
    built_in_.sinks["file"] =
        SinkEntry{FileSink::option_names(), [](const OptionReader &options) { FileSink::validate(options); },
                  [](const SinkSpec &spec) -> std::unique_ptr<Sink> {
                      if (FileSink::is_parquet(OptionReader(spec.connector, spec.options))) {
                          return std::make_unique<ParquetFileSink>(spec);
                      }
                      return std::make_unique<FileSink>(spec);
                  }};
    built_in_.sinks["sqlite"] =
        SinkEntry{SqliteSink::option_names(), [](const OptionReader &options) { SqliteSink::validate(options); },
                  [](const SinkSpec &spec) { return std::make_unique<SqliteSink>(spec); }};
    built_in_.sinks["redis"] =
        SinkEntry{RedisSink::option_names(), [](const OptionReader &options) { RedisSink::validate(options); },
                  [](const SinkSpec &spec) { return std::make_unique<RedisSink>(spec); }};

    // Connectors whose libraries are large (librdkafka, libpq, libcurl and the TLS stack): loaded on first use.
    modules_.push_back(std::make_unique<ConnectorModule>("kafka", std::vector<std::string>{"kafka"},
                                                         std::vector<std::string>{"kafka"}));
    modules_.push_back(std::make_unique<ConnectorModule>("postgres", std::vector<std::string>{"postgres"},
                                                         std::vector<std::string>{"postgres"}));
    modules_.push_back(std::make_unique<ConnectorModule>("s3", std::vector<std::string>{"minio", "s3"},
                                                         std::vector<std::string>{"minio", "s3"}));
    // libmosquitto brings the TLS stack too.
    modules_.push_back(std::make_unique<ConnectorModule>("mqtt", std::vector<std::string>{"mqtt"},
                                                         std::vector<std::string>{"mqtt"}));
}

const ConnectorRegistry::SourceEntry *ConnectorRegistry::find_source(const std::string &connector) const {
    std::string name = to_lower(connector);
    auto it = built_in_.sources.find(name);
    if (it != built_in_.sources.end()) return &it->second;
    for (const auto &module : modules_) {
        if (contains(module->sources(), name)) return &module->table().sources.at(name);
    }
    return nullptr;
}

const ConnectorRegistry::SinkEntry *ConnectorRegistry::find_sink(const std::string &connector) const {
    std::string name = to_lower(connector);
    auto it = built_in_.sinks.find(name);
    if (it != built_in_.sinks.end()) return &it->second;
    for (const auto &module : modules_) {
        if (contains(module->sinks(), name)) return &module->table().sinks.at(name);
    }
    return nullptr;
}

const ConnectorRegistry::SourceEntry &ConnectorRegistry::source_entry(const std::string &connector) const {
    if (const SourceEntry *entry = find_source(connector)) return *entry;
    auto names = source_connectors();
    std::string message = "unknown connector `" + connector + "`; available source connectors: " + joined(names);
    auto best = NameSuggester::closest(connector, names);
    bool is_sink = contains(sink_connectors(), to_lower(connector));
    if (best) message += "; did you mean `" + *best + "`?";
    else if (is_sink) message += " ('" + connector + "' is a sink connector)";
    throw WeirError(ErrorKind::Bind, message);
}

const ConnectorRegistry::SinkEntry &ConnectorRegistry::sink_entry(const std::string &connector) const {
    if (const SinkEntry *entry = find_sink(connector)) return *entry;
    auto names = sink_connectors();
    std::string message = "unknown connector `" + connector + "`; available sink connectors: " + joined(names);
    auto best = NameSuggester::closest(connector, names);
    bool is_source = contains(source_connectors(), to_lower(connector));
    if (best) message += "; did you mean `" + *best + "`?";
    else if (is_source) message += " ('" + connector + "' is a source connector)";
    throw WeirError(ErrorKind::Bind, message);
}

void ConnectorRegistry::check_option_names(const std::string &connector,
                                           const std::map<std::string, std::string> &options,
                                           const std::vector<std::string> &valid,
                                           const ConnectorTable::ExtraOption &extra) {
    for (const auto &option : options) {
        if (option.first == "connector") continue;
        if (contains(valid, option.first)) continue;
        if (extra && extra(option.first, option.second)) continue;
        throw WeirError(ErrorKind::Bind, "unknown option `" + option.first + "` for connector '" + to_lower(connector) +
                                             "'; valid options: " + joined(valid) +
                                             NameSuggester::did_you_mean(option.first, valid));
    }
}

void ConnectorRegistry::validate_source(const std::string &connector, const std::map<std::string, std::string> &options,
                                        const Schema &declared) const {
    const SourceEntry &entry = source_entry(connector);
    check_option_names(connector, options, source_option_names(connector), entry.extra_option);
    entry.validate(OptionReader(to_lower(connector), options), declared);
}

void ConnectorRegistry::validate_sink(const std::string &connector,
                                      const std::map<std::string, std::string> &options) const {
    const SinkEntry &entry = sink_entry(connector);
    check_option_names(connector, options, sink_option_names(connector), entry.extra_option);
    entry.validate(OptionReader(to_lower(connector), options));
    ChangelogSink::requested(options);  // a 'true' or 'false' value
}

bool ConnectorRegistry::source_is_bounded(const std::string &connector,
                                          const std::map<std::string, std::string> &options) const {
    return source_entry(connector).bounded(OptionReader(to_lower(connector), options));
}

std::unique_ptr<Source> ConnectorRegistry::make_source(const SourceSpec &spec) const {
    validate_source(spec.connector, spec.options, spec.declared);
    return source_entry(spec.connector).make(spec);
}

std::unique_ptr<Sink> ConnectorRegistry::make_sink(const SinkSpec &spec) const {
    validate_sink(spec.connector, spec.options);
    return sink_entry(spec.connector).make(spec);
}

std::vector<std::string> ConnectorRegistry::source_connectors() const {
    std::vector<std::string> names;
    for (const auto &entry : built_in_.sources) names.push_back(entry.first);
    for (const auto &module : modules_) names = sorted_union(names, module->sources());
    return names;
}

std::vector<std::string> ConnectorRegistry::sink_connectors() const {
    std::vector<std::string> names;
    for (const auto &entry : built_in_.sinks) names.push_back(entry.first);
    for (const auto &module : modules_) names = sorted_union(names, module->sinks());
    return names;
}

std::vector<std::string> ConnectorRegistry::source_option_names(const std::string &connector) const {
    const SourceEntry *entry = find_source(connector);
    if (!entry) return {};
    return sorted_union(SourceOptions::names(), entry->options);
}

std::vector<std::string> ConnectorRegistry::sink_option_names(const std::string &connector) const {
    const SinkEntry *entry = find_sink(connector);
    if (!entry) return {};
    return sorted_union(kCommonSinkOptions, entry->options);
}

std::shared_ptr<MemoryChannel> ConnectorRegistry::make_memory_channel(
    const std::string &source_name, const std::map<std::string, std::string> &options) const {
    return std::make_shared<MemoryChannel>(source_name, MemorySource::max_buffered(OptionReader("memory", options)));
}

}  // namespace weir

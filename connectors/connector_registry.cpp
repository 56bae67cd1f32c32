// The table of built-in connectors and the checks run before a source or sink is created.
#include "connectors/connector_registry.h"

#include <algorithm>

#include "common/weir_error.h"
#include "connectors/blackhole/blackhole_sink.h"
#include "connectors/file/file_sink.h"
#include "connectors/file/file_source.h"
#include "connectors/generator/generator_source.h"
#include "connectors/kafka/kafka_client_config.h"
#include "connectors/kafka/kafka_sink.h"
#include "connectors/kafka/kafka_source.h"
#include "connectors/memory/memory_channel.h"
#include "connectors/memory/memory_source.h"
#include "connectors/postgres/postgres_sink.h"
#include "connectors/redis/redis_sink.h"
#include "connectors/redis/redis_stream_source.h"
#include "connectors/s3/s3_sink.h"
#include "common/name_suggester.h"
#include "connectors/source_options.h"
#include "connectors/sqlite/sqlite_sink.h"
#include "connectors/sqlite/sqlite_source.h"
#include "connectors/terminal/stdout_sink.h"

namespace weir {
namespace {

const std::vector<std::string> kCommonSinkOptions = {"format", "key"};

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

}  // namespace

const ConnectorRegistry &ConnectorRegistry::instance() {
    static const ConnectorRegistry registry;
    return registry;
}

ConnectorRegistry::ConnectorRegistry() {
    sources_["file"] = SourceEntry{
        FileSource::option_names(),
        [](const OptionReader &options, const Schema &) {
            SourceOptions::parse(options, 2048, true);
            FileSource::validate(options);
        },
        [](const OptionReader &options) { return FileSource::is_bounded(options); },
        [](const SourceSpec &spec) { return std::make_unique<FileSource>(spec); }};
    sources_["generator"] = SourceEntry{
        GeneratorSource::option_names(),
        [](const OptionReader &options, const Schema &declared) {
            SourceOptions::parse(options, 2048, false);
            GeneratorSource::validate(options, declared);
        },
        [](const OptionReader &options) { return GeneratorSource::is_bounded(options); },
        [](const SourceSpec &spec) { return std::make_unique<GeneratorSource>(spec); }};
    sources_["kafka"] = SourceEntry{
        KafkaSource::option_names(),
        [](const OptionReader &options, const Schema &declared) { KafkaSource::validate(options, declared); },
        [](const OptionReader &options) { return KafkaSource::is_bounded(options); },
        [](const SourceSpec &spec) { return std::make_unique<KafkaSource>(spec); }};
    sources_["memory"] = SourceEntry{
        MemorySource::option_names(),
        [](const OptionReader &options, const Schema &) {
            SourceOptions::parse(options, 2048, false);
            MemorySource::validate(options);
        },
        [](const OptionReader &) { return false; },
        [](const SourceSpec &spec) { return std::make_unique<MemorySource>(spec); }};
    sources_["redis"] = SourceEntry{
        RedisStreamSource::option_names(),
        [](const OptionReader &options, const Schema &declared) { RedisStreamSource::validate(options, declared); },
        [](const OptionReader &options) { return RedisStreamSource::is_bounded(options); },
        [](const SourceSpec &spec) { return std::make_unique<RedisStreamSource>(spec); }};
    sources_["sqlite"] = SourceEntry{
        SqliteSource::option_names(),
        [](const OptionReader &options, const Schema &) {
            SqliteSource::validate(options);
            SourceOptions::parse(options, 2048, false);
        },
        [](const OptionReader &options) { return SqliteSource::is_bounded(options); },
        [](const SourceSpec &spec) { return std::make_unique<SqliteSource>(spec); }};

    sinks_["stdout"] = SinkEntry{StdoutSink::option_names(), [](const OptionReader &options) { StdoutSink::validate(options); },
                                 [](const SinkSpec &spec) { return std::make_unique<StdoutSink>(spec); }};
    sinks_["blackhole"] = SinkEntry{BlackholeSink::option_names(), [](const OptionReader &) {},
                                    [](const SinkSpec &spec) { return std::make_unique<BlackholeSink>(spec); }};
    sinks_["file"] = SinkEntry{FileSink::option_names(), [](const OptionReader &options) { FileSink::validate(options); },
                               [](const SinkSpec &spec) { return std::make_unique<FileSink>(spec); }};
    sinks_["kafka"] = SinkEntry{KafkaSink::option_names(), [](const OptionReader &options) { KafkaSink::validate(options); },
                                [](const SinkSpec &spec) { return std::make_unique<KafkaSink>(spec); }};
    sinks_["sqlite"] = SinkEntry{SqliteSink::option_names(), [](const OptionReader &options) { SqliteSink::validate(options); },
                                 [](const SinkSpec &spec) { return std::make_unique<SqliteSink>(spec); }};
    sinks_["postgres"] = SinkEntry{PostgresSink::option_names(), [](const OptionReader &options) { PostgresSink::validate(options); },
                                   [](const SinkSpec &spec) { return std::make_unique<PostgresSink>(spec); }};
    sinks_["redis"] = SinkEntry{RedisSink::option_names(), [](const OptionReader &options) { RedisSink::validate(options); },
                                [](const SinkSpec &spec) { return std::make_unique<RedisSink>(spec); }};
    sinks_["s3"] = SinkEntry{S3Sink::option_names(), [](const OptionReader &options) { S3Sink::validate(options); },
                             [](const SinkSpec &spec) { return std::make_unique<S3Sink>(spec); }};
    sinks_["minio"] = sinks_["s3"];
}

const ConnectorRegistry::SourceEntry &ConnectorRegistry::source_entry(const std::string &connector) const {
    auto it = sources_.find(to_lower(connector));
    if (it != sources_.end()) return it->second;
    auto names = source_connectors();
    std::string message = "unknown connector `" + connector + "`; available source connectors: " + joined(names);
    auto best = NameSuggester::closest(connector, names);
    if (best) message += "; did you mean `" + *best + "`?";
    else if (sinks_.count(to_lower(connector))) message += " ('" + connector + "' is a sink connector)";
    throw WeirError(ErrorKind::Bind, message);
}

const ConnectorRegistry::SinkEntry &ConnectorRegistry::sink_entry(const std::string &connector) const {
    auto it = sinks_.find(to_lower(connector));
    if (it != sinks_.end()) return it->second;
    auto names = sink_connectors();
    std::string message = "unknown connector `" + connector + "`; available sink connectors: " + joined(names);
    auto best = NameSuggester::closest(connector, names);
    if (best) message += "; did you mean `" + *best + "`?";
    else if (sources_.count(to_lower(connector))) message += " ('" + connector + "' is a source connector)";
    throw WeirError(ErrorKind::Bind, message);
}

void ConnectorRegistry::check_option_names(const std::string &connector,
                                           const std::map<std::string, std::string> &options,
                                           const std::vector<std::string> &valid) {
    for (const auto &option : options) {
        if (option.first == "connector") continue;
        if (std::find(valid.begin(), valid.end(), option.first) != valid.end()) continue;
        if (to_lower(connector) == "kafka" && KafkaClientConfig::is_passthrough(option.first)) {
            KafkaClientConfig::validate_property(option.first, option.second);
            continue;
        }
        throw WeirError(ErrorKind::Bind, "unknown option `" + option.first + "` for connector '" + to_lower(connector) +
                                             "'; valid options: " + joined(valid) +
                                             NameSuggester::did_you_mean(option.first, valid));
    }
}

void ConnectorRegistry::validate_source(const std::string &connector, const std::map<std::string, std::string> &options,
                                        const Schema &declared) const {
    const SourceEntry &entry = source_entry(connector);
    check_option_names(connector, options, source_option_names(connector));
    entry.validate(OptionReader(to_lower(connector), options), declared);
}

void ConnectorRegistry::validate_sink(const std::string &connector,
                                      const std::map<std::string, std::string> &options) const {
    const SinkEntry &entry = sink_entry(connector);
    check_option_names(connector, options, sink_option_names(connector));
    entry.validate(OptionReader(to_lower(connector), options));
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
    for (const auto &entry : sources_) names.push_back(entry.first);
    return names;
}

std::vector<std::string> ConnectorRegistry::sink_connectors() const {
    std::vector<std::string> names;
    for (const auto &entry : sinks_) names.push_back(entry.first);
    return names;
}

std::vector<std::string> ConnectorRegistry::source_option_names(const std::string &connector) const {
    auto it = sources_.find(to_lower(connector));
    if (it == sources_.end()) return {};
    return sorted_union(SourceOptions::names(), it->second.options);
}

std::vector<std::string> ConnectorRegistry::sink_option_names(const std::string &connector) const {
    auto it = sinks_.find(to_lower(connector));
    if (it == sinks_.end()) return {};
    return sorted_union(kCommonSinkOptions, it->second.options);
}

std::shared_ptr<MemoryChannel> ConnectorRegistry::make_memory_channel(
    const std::string &source_name, const std::map<std::string, std::string> &options) const {
    return std::make_shared<MemoryChannel>(source_name, MemorySource::max_buffered(OptionReader("memory", options)));
}

}  // namespace weir

// The engine's one entry point to connectors: validation at CREATE time and construction by name.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/schema.h"
#include "connectors/connector_module.h"
#include "connectors/connector_table.h"

namespace weir {

class MemoryChannel;

// Knows every connector. Connector names and option keys are lower-case (the engine
// lower-cases option keys; connector names are compared case-insensitively). All errors are
// WeirError(ErrorKind::Bind) sentences unless noted. Thread-safe.
//
// kafka, postgres, mqtt (sources and sinks) and s3/minio (sink) live in connector modules: the registry knows
// their names without loading anything, and the first call that needs one of their entries (validate, bounded,
// make, option names) loads the module (ConnectorModule), so a program that never uses them never maps
// librdkafka, libpq, libcurl, libmosquitto or their TLS libraries. A module that cannot be loaded is a Bind error
// naming the file ("cannot load the kafka connector: ...").
class ConnectorRegistry {
public:
    static const ConnectorRegistry &instance();

    // Builds a source from a validated spec (validation runs again and throws the same errors).
    // Opening (files, connections) happens in Source::open().
    std::unique_ptr<Source> make_source(const SourceSpec &spec) const;
    std::unique_ptr<Sink> make_sink(const SinkSpec &spec) const;

    // CREATE SOURCE checks: the connector exists ("unknown connector `kafak`; available source
    // connectors: file, generator, memory"), every option is known for it ("unknown option `pth` for
    // connector 'file'; valid options: batch_size, ...; did you mean `path`?"), values are valid
    // ("format must be 'json' or 'csv', got 'xml'"), required options are present, and (generator) the
    // declared columns exist in what the connector produces with the same types.
    void validate_source(const std::string &connector, const std::map<std::string, std::string> &options,
                         const Schema &declared) const;
    // CREATE SINK checks, as above.
    void validate_sink(const std::string &connector, const std::map<std::string, std::string> &options) const;

    // True when a source with these (valid) options ends by itself: file without follow, generator
    // with count. A memory source is unbounded (it becomes bounded when the host ends its channel).
    bool source_is_bounded(const std::string &connector, const std::map<std::string, std::string> &options) const;

    // Connector names, sorted.
    std::vector<std::string> source_connectors() const;
    std::vector<std::string> sink_connectors() const;
    // Every valid option of a connector (common ones included), sorted; empty for an unknown connector. Like
    // validate_*, loads the connector's module if it is in one.
    std::vector<std::string> source_option_names(const std::string &connector) const;
    std::vector<std::string> sink_option_names(const std::string &connector) const;

    // The channel for a memory source named `source_name`, sized by its option max_buffered.
    std::shared_ptr<MemoryChannel> make_memory_channel(const std::string &source_name,
                                                       const std::map<std::string, std::string> &options) const;

private:
    ConnectorRegistry();

    using SourceEntry = ConnectorTable::SourceEntry;
    using SinkEntry = ConnectorTable::SinkEntry;
    // The entry of a connector, built in or from its (then loaded) module; nullptr when there is no such connector.
    const SourceEntry *find_source(const std::string &connector) const;
    const SinkEntry *find_sink(const std::string &connector) const;
    // As find_*, but an unknown connector is an error listing the available ones.
    const SourceEntry &source_entry(const std::string &connector) const;
    const SinkEntry &sink_entry(const std::string &connector) const;
    static void check_option_names(const std::string &connector, const std::map<std::string, std::string> &options,
                                   const std::vector<std::string> &valid, const ConnectorTable::ExtraOption &extra);

    ConnectorTable built_in_;
    std::vector<std::unique_ptr<ConnectorModule>> modules_;
};

}  // namespace weir

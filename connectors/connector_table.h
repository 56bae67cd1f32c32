// The validation and construction functions of connectors by name: what the registry holds for the built-in
// connectors and what a connector module fills in when it is loaded.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/schema.h"
#include "connectors/option_reader.h"
#include "connectors/sink.h"
#include "connectors/source.h"

namespace weir {

// Plain data; connector names and option keys are lower-case. Every function throws WeirError(ErrorKind::Bind)
// sentences for invalid options.
struct ConnectorTable {
    // Options a connector accepts beyond its listed ones (kafka's pass-through librdkafka properties): true when
    // `key` is such an option (after checking `value`, throwing when it is bad), false when `key` is unknown.
    using ExtraOption = std::function<bool(const std::string &key, const std::string &value)>;

    struct SourceEntry {
        std::vector<std::string> options;  // connector-specific
        std::function<void(const OptionReader &, const Schema &)> validate;
        std::function<bool(const OptionReader &)> bounded;
        std::function<std::unique_ptr<Source>(const SourceSpec &)> make;
        ExtraOption extra_option = nullptr;  // empty: none
    };
    struct SinkEntry {
        std::vector<std::string> options;  // connector-specific
        std::function<void(const OptionReader &)> validate;
        std::function<std::unique_ptr<Sink>(const SinkSpec &)> make;
        ExtraOption extra_option = nullptr;  // empty: none
    };

    std::map<std::string, SourceEntry> sources;
    std::map<std::string, SinkEntry> sinks;
};

}  // namespace weir

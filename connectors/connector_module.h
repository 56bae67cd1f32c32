// One connector module (kafka, postgres, s3): the names of its connectors, known without loading it, and its
// table, loaded on first use.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "connectors/connector_table.h"

namespace weir {

// Thread-safe. The module is loaded by the first table() call (load_connector_module) and never unloaded.
class ConnectorModule {
public:
    // `sources` and `sinks`: the lower-case connector names the module provides.
    ConnectorModule(std::string name, std::vector<std::string> sources, std::vector<std::string> sinks);

    const std::string &name() const { return name_; }
    const std::vector<std::string> &sources() const { return sources_; }
    const std::vector<std::string> &sinks() const { return sinks_; }

    // The module's connectors, loading the module on the first call. A failed load throws WeirError(Bind) ("cannot
    // load the kafka connector: ...") and the next call tries again.
    const ConnectorTable &table() const;

private:
    std::string name_;
    std::vector<std::string> sources_;
    std::vector<std::string> sinks_;
    mutable std::mutex mutex_;
    mutable bool loaded_ = false;
    mutable ConnectorTable table_;  // written once, under mutex_, before loaded_ is set
};

}  // namespace weir

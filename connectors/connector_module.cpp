// Loading a connector module once, on first use, and checking it provides the connectors it was listed with.
#include "connectors/connector_module.h"

#include "common/weir_error.h"
#include "connectors/connector_module_loader.h"

namespace weir {

ConnectorModule::ConnectorModule(std::string name, std::vector<std::string> sources, std::vector<std::string> sinks)
    : name_(std::move(name)), sources_(std::move(sources)), sinks_(std::move(sinks)) {}

const ConnectorTable &ConnectorModule::table() const {
    std::lock_guard<std::mutex> lock(mutex_);
    if (loaded_) return table_;
    ConnectorTable table;
    load_connector_module(name_, table);
    auto check = [this](const std::vector<std::string> &names, const auto &entries, const std::string &kind) {
        for (const auto &connector : names) {
            if (entries.count(connector)) continue;
            throw WeirError(ErrorKind::Internal, "the " + name_ + " connector module has no " + kind + " connector '" +
                                                     connector + "'; it does not match this build of libweir");
        }
    };
    check(sources_, table.sources, "source");
    check(sinks_, table.sinks, "sink");
    table_ = std::move(table);
    loaded_ = true;
    return table_;
}

}  // namespace weir

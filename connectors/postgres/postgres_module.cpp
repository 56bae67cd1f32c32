// The postgres connector module's entry: the postgres sink.
#include "connectors/connector_module_loader.h"
#include "connectors/postgres/postgres_sink.h"

namespace weir {

extern "C" void weir_register_postgres_connectors(ConnectorTable &table) {
    table.sinks["postgres"] = ConnectorTable::SinkEntry{
        PostgresSink::option_names(), [](const OptionReader &options) { PostgresSink::validate(options); },
        [](const SinkSpec &spec) { return std::make_unique<PostgresSink>(spec); }};
}

}  // namespace weir

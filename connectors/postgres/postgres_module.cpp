// The postgres connector module's entry: the postgres source and sink.
#include "connectors/connector_module_loader.h"
#include "connectors/postgres/postgres_sink.h"
#include "connectors/postgres/postgres_source.h"

namespace weir {

extern "C" void weir_register_postgres_connectors(ConnectorTable &table) {
    table.sources["postgres"] = ConnectorTable::SourceEntry{
        PostgresSource::option_names(), [](const OptionReader &options, const Schema &) { PostgresSource::validate(options); },
        [](const OptionReader &options) { return PostgresSource::is_bounded(options); },
        [](const SourceSpec &spec) { return std::make_unique<PostgresSource>(spec); }};
    table.sinks["postgres"] = ConnectorTable::SinkEntry{
        PostgresSink::option_names(), [](const OptionReader &options) { PostgresSink::validate(options); },
        [](const SinkSpec &spec) { return std::make_unique<PostgresSink>(spec); }};
}

}  // namespace weir

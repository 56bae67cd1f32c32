// The mqtt connector module's entry: the MQTT source and sink (libmosquitto).
#include "connectors/connector_module_loader.h"
#include "connectors/mqtt/mqtt_sink.h"
#include "connectors/mqtt/mqtt_source.h"

namespace weir {

extern "C" void weir_register_mqtt_connectors(ConnectorTable &table) {
    table.sources["mqtt"] = ConnectorTable::SourceEntry{
        MqttSource::option_names(),
        [](const OptionReader &options, const Schema &declared) { MqttSource::validate(options, declared); },
        [](const OptionReader &) { return false; },
        [](const SourceSpec &spec) { return std::make_unique<MqttSource>(spec); }};
    table.sinks["mqtt"] = ConnectorTable::SinkEntry{
        MqttSink::option_names(), [](const OptionReader &options) { MqttSink::validate(options); },
        [](const SinkSpec &spec) { return std::make_unique<MqttSink>(spec); }};
}

}  // namespace weir

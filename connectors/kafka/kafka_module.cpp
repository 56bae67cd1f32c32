// The kafka connector module's entry: the kafka source and sink, with librdkafka's pass-through properties.
#include "connectors/connector_module_loader.h"
#include "connectors/kafka/kafka_client_config.h"
#include "connectors/kafka/kafka_sink.h"
#include "connectors/kafka/kafka_source.h"

namespace weir {

extern "C" void weir_register_kafka_connectors(ConnectorTable &table) {
    // kafka.* options go to librdkafka after a check of their value.
    ConnectorTable::ExtraOption passthrough = [](const std::string &key, const std::string &value) {
        if (!KafkaClientConfig::is_passthrough(key)) return false;
        KafkaClientConfig::validate_property(key, value);
        return true;
    };
    table.sources["kafka"] = ConnectorTable::SourceEntry{
        KafkaSource::option_names(),
        [](const OptionReader &options, const Schema &declared) { KafkaSource::validate(options, declared); },
        [](const OptionReader &options) { return KafkaSource::is_bounded(options); },
        [](const SourceSpec &spec) { return std::make_unique<KafkaSource>(spec); }, passthrough};
    table.sinks["kafka"] = ConnectorTable::SinkEntry{
        KafkaSink::option_names(), [](const OptionReader &options) { KafkaSink::validate(options); },
        [](const SinkSpec &spec) { return std::make_unique<KafkaSink>(spec); }, passthrough};
}

}  // namespace weir

// The s3 connector module's entry: the s3 sink and source, also named minio.
#include "connectors/connector_module_loader.h"
#include "connectors/s3/s3_sink.h"
#include "connectors/s3/s3_source.h"

namespace weir {

extern "C" void weir_register_s3_connectors(ConnectorTable &table) {
    table.sinks["s3"] = ConnectorTable::SinkEntry{
        S3Sink::option_names(), [](const OptionReader &options) { S3Sink::validate(options); },
        [](const SinkSpec &spec) { return std::make_unique<S3Sink>(spec); }};
    table.sinks["minio"] = table.sinks["s3"];
    table.sources["s3"] = ConnectorTable::SourceEntry{
        S3Source::option_names(), [](const OptionReader &options, const Schema &) { S3Source::validate(options); },
        [](const OptionReader &) { return true; },
        [](const SourceSpec &spec) { return std::make_unique<S3Source>(spec); }};
    table.sources["minio"] = table.sources["s3"];
}

}  // namespace weir

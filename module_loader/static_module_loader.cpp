// Reaches the connector modules by direct calls: libweir.a and the test programs link their code in.
#include "common/weir_error.h"
#include "connectors/connector_module_loader.h"

namespace weir {

void load_connector_module(const std::string &name, ConnectorTable &table) {
    if (name == "kafka") return weir_register_kafka_connectors(table);
    if (name == "postgres") return weir_register_postgres_connectors(table);
    if (name == "s3") return weir_register_s3_connectors(table);
    if (name == "mqtt") return weir_register_mqtt_connectors(table);
    throw WeirError(ErrorKind::Internal, "there is no connector module named '" + name + "'");
}

}  // namespace weir

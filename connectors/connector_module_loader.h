// The contract between the registry and the connector modules (kafka, postgres, s3, mqtt): how a module's
// connectors reach the registry's table.
#pragma once

#include <string>

#include "connectors/connector_table.h"

namespace weir {

// Fills `table` with every connector of module `name` ("kafka", "postgres", "s3" or "mqtt"). A program links exactly one
// of the two definitions: module_loader/dynamic_module_loader.cpp (libweir.so: dlopen of libweir_<name>.so) or
// module_loader/static_module_loader.cpp (libweir.a and the test programs: the modules are linked in). Throws
// WeirError(ErrorKind::Bind) when the module cannot be loaded. Called at most once per module by a successful
// load; a loaded module is never unloaded.
void load_connector_module(const std::string &name, ConnectorTable &table);

// A module's entry function: fills `table` with the module's connectors. Each module exports one, named
// weir_register_<name>_connectors, with C linkage so that dlsym finds it by that name.
using ConnectorModuleEntry = void (*)(ConnectorTable &table);

extern "C" {
void weir_register_kafka_connectors(ConnectorTable &table);
void weir_register_postgres_connectors(ConnectorTable &table);
void weir_register_s3_connectors(ConnectorTable &table);
void weir_register_mqtt_connectors(ConnectorTable &table);
}

}  // namespace weir

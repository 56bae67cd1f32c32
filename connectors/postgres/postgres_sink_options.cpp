// Validation of the PostgreSQL sink's options.
#include "connectors/postgres/postgres_sink_options.h"

#include "common/timestamp.h"
#include "common/weir_error.h"
#include "connectors/postgres/postgres_statements.h"

namespace weir {
namespace {

int64_t positive_duration(const OptionReader &options, const std::string &key, int64_t fallback, int64_t min) {
    int64_t value = options.duration(key, fallback);
    if (value < min) {
        throw WeirError(ErrorKind::Bind, key + " must be at least " + (min == 0 ? std::string("0") : format_interval(min)) +
                                             ", got '" + options.text(key) + "'");
    }
    return value;
}

}  // namespace

const std::vector<std::string> &PostgresSinkOptions::names() {
    static const std::vector<std::string> names = {"batch_rows", "connect_timeout", "create", "flush_interval", "mode",
                                                   "retry_for",  "schema",          "table",  "url"};
    return names;
}

PostgresSinkOptions PostgresSinkOptions::parse(const OptionReader &options) {
    PostgresSinkOptions parsed;
    if (options.has("format")) {
        throw WeirError(ErrorKind::Bind, "format does not apply to the postgres sink (rows become table rows); remove it");
    }
    parsed.url = PostgresConnectionString::parse(options.required("url"));
    parsed.table = options.required("table");
    PostgresStatements::quote(parsed.table, "table");
    parsed.schema = options.text("schema", "public");
    PostgresStatements::quote(parsed.schema, "schema");
    if (options.has("mode")) parsed.mode = options.choice("mode", {"append", "upsert"}, "append");
    parsed.key = options.list("key");
    for (const auto &name : parsed.key) PostgresStatements::quote(name, "key column");
    if (options.has("key") && parsed.key.empty()) {
        throw WeirError(ErrorKind::Bind, "key must name at least one column, such as key = 'city, window_start'");
    }
    parsed.create = options.boolean("create", true);
    parsed.batch_rows = options.integer("batch_rows", 10000, 1, 1000000);
    parsed.flush_interval_us = positive_duration(options, "flush_interval", parsed.flush_interval_us, 0);
    parsed.retry_for_us = positive_duration(options, "retry_for", parsed.retry_for_us, 0);
    parsed.connect_timeout_us = positive_duration(options, "connect_timeout", parsed.connect_timeout_us, 1000000);
    return parsed;
}

}  // namespace weir

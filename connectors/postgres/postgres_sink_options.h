// The WITH (...) options of the PostgreSQL sink, validated and typed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "connectors/option_reader.h"
#include "connectors/postgres/postgres_connection_string.h"

namespace weir {

// url (required; see PostgresConnectionString), table (required), schema (default 'public'),
// mode 'append' | 'upsert' (default: upsert when the query is updating and has key columns, else
// append), key ('city, window_start'; default SinkSpec::key_columns), create ('true' | 'false',
// default 'true': create the table if it is missing), batch_rows (flush once this many rows are
// pending, default 10000, 1..1000000), flush_interval (flush a write() that finds rows older than
// this pending, default '1s'), retry_for (how long to keep reconnecting and retrying one flush after
// the connection is lost, default '60s'; '0' = fail at once), connect_timeout (per connection
// attempt, default '10s'). Names longer than 63 bytes are rejected. Errors are
// WeirError(ErrorKind::Bind) sentences; the password is never part of them.
struct PostgresSinkOptions {
    PostgresConnectionString url;
    std::string table;
    std::string schema = "public";
    std::string mode;  // empty: decided from the query
    std::vector<std::string> key;
    bool create = true;
    int64_t batch_rows = 10000;
    int64_t flush_interval_us = 1000 * 1000;
    int64_t retry_for_us = 60LL * 1000 * 1000;
    int64_t connect_timeout_us = 10LL * 1000 * 1000;

    static const std::vector<std::string> &names();
    static PostgresSinkOptions parse(const OptionReader &options);
};

}  // namespace weir

// The validated options of a Redis Streams source (connector = 'redis').
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/schema.h"
#include "connectors/option_reader.h"
#include "connectors/redis/redis_entry_decoder.h"
#include "connectors/redis/redis_url.h"
#include "connectors/source_options.h"

namespace weir {

// Options (besides SourceOptions, whose `format` here is 'fields' | 'json'):
//   url (required) redis://[user:password@]host[:port][/db]; stream (required; one or several,
//   comma-separated; a name holding a glob character `*`, `?` or `[` is a pattern, see `patterns`);
//   discovery_interval (how often patterns are rescanned and named streams that do not exist yet are
//   looked for, a duration from 100ms, default '10s'); group (default 'weir'); consumer (default
//   'weir'); start '0' | '$' (where a new group starts; default '$'); stop 'never' | 'latest'; batch (XREADGROUP COUNT, 1..100000, default
//   1000, never more than batch_size); block_ms (longest XREADGROUP BLOCK in wait_for_data, default
//   100); ts_source 'field' | 'id' (event time from a field, or the entry id's milliseconds into the
//   TIMESTAMP column `ts_column`, default 'ts'); claim_idle (a duration: take over entries pending
//   longer than that with XAUTOCLAIM; off by default); timeout (connect and reply timeout, default
//   '5s'); retry_for (how long open() retries an unreachable server with backoff, default '10s').
// parse() throws WeirError(ErrorKind::Bind) sentences that never contain the password.
struct RedisSourceConfig {
    SourceOptions common;
    RedisEntryDecoder::Format format = RedisEntryDecoder::Format::Fields;
    RedisUrl url;
    std::vector<std::string> streams;   // the names of `stream` that are not patterns, in order
    std::vector<std::string> patterns;  // the glob patterns of `stream` (SCAN MATCH), in order
    int64_t discovery_interval_us = 10 * 1000 * 1000;
    std::string group = "weir";
    std::string consumer = "weir";
    std::string start = "$";
    bool bounded = false;
    size_t batch = 1000;
    int block_ms = 100;
    bool time_from_id = false;
    std::string ts_column = "ts";
    std::optional<int64_t> claim_idle_us;
    int timeout_ms = 5000;
    int64_t retry_for_us = 10 * 1000 * 1000;

    // `declared`: the source's columns (ts_column must name a TIMESTAMP column when ts_source = 'id').
    static RedisSourceConfig parse(const OptionReader &options, size_t default_batch_size, const Schema &declared);
    static const std::vector<std::string> &option_names();
    static bool is_bounded(const OptionReader &options);
    // True when a `stream` name is a glob pattern (holds `*`, `?` or `[`).
    static bool is_pattern(const std::string &name);
};

}  // namespace weir

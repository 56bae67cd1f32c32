// Parsing and checks of the Redis source options.
#include "connectors/redis/redis_source_config.h"

#include <map>

#include "common/weir_error.h"

namespace weir {

const std::vector<std::string> &RedisSourceConfig::option_names() {
    static const std::vector<std::string> names = {"batch",     "block_ms", "claim_idle", "consumer",
                                                   "discovery_interval", "group", "retry_for", "start",
                                                   "stop",      "stream",   "timeout",    "ts_column",
                                                   "ts_source", "url"};
    return names;
}

bool RedisSourceConfig::is_bounded(const OptionReader &options) {
    return options.choice("stop", {"never", "latest"}, "never") == "latest";
}

bool RedisSourceConfig::is_pattern(const std::string &name) { return name.find_first_of("*?[") != std::string::npos; }

RedisSourceConfig RedisSourceConfig::parse(const OptionReader &options, size_t default_batch_size,
                                           const Schema &declared) {
    RedisSourceConfig config;
    config.format = options.choice("format", {"fields", "json"}, "fields") == "json" ? RedisEntryDecoder::Format::Json
                                                                                      : RedisEntryDecoder::Format::Fields;
    // The common options, read without `format` (whose values differ here).
    std::map<std::string, std::string> rest;
    for (const auto &name : SourceOptions::names()) {
        if (name != "format" && options.has(name)) rest[name] = options.text(name);
    }
    config.common = SourceOptions::parse(OptionReader(options.connector(), rest), default_batch_size, false);

    config.url = RedisUrl::parse(options.required("url"));
    options.required("stream");
    std::vector<std::string> names = options.list("stream");
    if (names.empty()) throw WeirError(ErrorKind::Bind, "stream must name at least one stream, got ''");
    for (size_t i = 0; i < names.size(); i++) {
        for (size_t j = 0; j < i; j++) {
            if (names[i] == names[j]) throw WeirError(ErrorKind::Bind, "stream names a stream twice: " + names[i]);
        }
        (is_pattern(names[i]) ? config.patterns : config.streams).push_back(names[i]);
    }
    config.discovery_interval_us = options.duration("discovery_interval", config.discovery_interval_us);
    if (config.discovery_interval_us < 100 * 1000) {
        throw WeirError(ErrorKind::Bind, "discovery_interval must be at least 100ms, got '" +
                                             options.text("discovery_interval") + "'");
    }
    config.group = options.text("group", config.group);
    config.consumer = options.text("consumer", config.consumer);
    if (config.group.empty()) throw WeirError(ErrorKind::Bind, "group must not be empty");
    if (config.consumer.empty()) throw WeirError(ErrorKind::Bind, "consumer must not be empty");
    config.start = options.choice("start", {"0", "$"}, "$");
    config.bounded = is_bounded(options);
    config.batch = static_cast<size_t>(options.integer("batch", 1000, 1, 100000));
    if (config.batch > config.common.batch_size) config.batch = config.common.batch_size;
    config.block_ms = static_cast<int>(options.integer("block_ms", 100, 0, 60000));
    config.time_from_id = options.choice("ts_source", {"field", "id"}, "field") == "id";
    config.ts_column = options.text("ts_column", config.ts_column);
    if (config.time_from_id) {
        auto index = declared.find(config.ts_column);
        if (!index) {
            throw WeirError(ErrorKind::Bind, "ts_source = 'id' fills the column named by ts_column, which is not "
                                             "declared: " + config.ts_column);
        }
        if (declared[*index].type != TypeId::Timestamp) {
            throw WeirError(ErrorKind::Bind, "ts_source = 'id' needs a TIMESTAMP column, but ts_column names a "
                                             "column of another type: " + config.ts_column);
        }
    }
    if (options.has("claim_idle")) {
        int64_t idle = options.duration("claim_idle", 0);
        if (idle < 1000) {
            throw WeirError(ErrorKind::Bind, "claim_idle must be at least 1ms, got '" + options.text("claim_idle") + "'");
        }
        config.claim_idle_us = idle;
    }
    int64_t timeout = options.duration("timeout", 5 * 1000 * 1000);
    if (timeout < 1000 || timeout > 600LL * 1000 * 1000) {
        throw WeirError(ErrorKind::Bind, "timeout must be from 1ms to 10m, got '" + options.text("timeout") + "'");
    }
    config.timeout_ms = static_cast<int>(timeout / 1000);
    config.retry_for_us = options.duration("retry_for", config.retry_for_us);
    if (config.retry_for_us < 0) {
        throw WeirError(ErrorKind::Bind, "retry_for must not be negative, got '" + options.text("retry_for") + "'");
    }
    return config;
}

}  // namespace weir

// Tests of the Redis source and sink options as CREATE SOURCE / CREATE SINK check them (no server needed).
#include <gtest/gtest.h>

#include <cmath>

#include "common/weir_error.h"
#include "connectors/connector_registry.h"
#include "connectors/redis/redis_sink.h"
#include "connectors/redis/redis_source_config.h"

namespace weir {
namespace {

using Options = std::map<std::string, std::string>;

Schema weather() {
    return Schema({{"city", TypeId::Text}, {"temp", TypeId::Double}, {"ts", TypeId::Timestamp}});
}

std::string source_error(const Options &options) {
    try {
        ConnectorRegistry::instance().validate_source("redis", options, weather());
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Bind);
        return error.what();
    }
    return "";
}

std::string sink_error(const Options &options) {
    try {
        ConnectorRegistry::instance().validate_sink("redis", options);
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Bind);
        return error.what();
    }
    return "";
}

TEST(RedisOptionsTest, SourceDefaults) {
    Options options = {{"url", "redis://127.0.0.1:6390"}, {"stream", " weather , alerts "}};
    RedisSourceConfig config = RedisSourceConfig::parse(OptionReader("redis", options), 2048, weather());
    EXPECT_EQ(config.streams, (std::vector<std::string>{"weather", "alerts"}));
    EXPECT_EQ(config.group, "weir");
    EXPECT_EQ(config.consumer, "weir");
    EXPECT_EQ(config.start, "$");
    EXPECT_FALSE(config.bounded);
    EXPECT_EQ(config.batch, 1000u);
    EXPECT_EQ(config.block_ms, 100);
    EXPECT_EQ(config.format, RedisEntryDecoder::Format::Fields);
    EXPECT_FALSE(config.time_from_id);
    EXPECT_FALSE(config.claim_idle_us);
    EXPECT_EQ(config.timeout_ms, 5000);
    EXPECT_EQ(source_error(options), "");
    EXPECT_FALSE(ConnectorRegistry::instance().source_is_bounded("redis", options));
}

TEST(RedisOptionsTest, SourceSettings) {
    Options options = {{"url", "redis://u:pw@h:1/2"}, {"stream", "s"},           {"group", "g"},
                       {"consumer", "c"},            {"start", "0"},             {"stop", "latest"},
                       {"batch", "5000"},             {"batch_size", "64"},      {"block_ms", "0"},
                       {"format", "json"},           {"ts_source", "id"},        {"claim_idle", "30s"},
                       {"timeout", "250ms"}};
    RedisSourceConfig config = RedisSourceConfig::parse(OptionReader("redis", options), 2048, weather());
    EXPECT_EQ(config.url.db, 2);
    EXPECT_EQ(config.start, "0");
    EXPECT_TRUE(config.bounded);
    EXPECT_EQ(config.batch, 64u);  // never more entries per read than rows per poll
    EXPECT_EQ(config.block_ms, 0);
    EXPECT_EQ(config.format, RedisEntryDecoder::Format::Json);
    EXPECT_TRUE(config.time_from_id);
    EXPECT_EQ(*config.claim_idle_us, 30 * 1000 * 1000);
    EXPECT_EQ(config.timeout_ms, 250);
    EXPECT_TRUE(ConnectorRegistry::instance().source_is_bounded("redis", options));
}

TEST(RedisOptionsTest, SourceErrors) {
    EXPECT_EQ(source_error({{"stream", "s"}}), "connector 'redis' needs option `url`");
    EXPECT_EQ(source_error({{"url", "redis://h"}}), "connector 'redis' needs option `stream`");
    EXPECT_EQ(source_error({{"url", "redis://h"}, {"stream", " , "}}), "stream must name at least one stream, got ''");
    EXPECT_EQ(source_error({{"url", "redis://h"}, {"stream", "a,b,a"}}), "stream names a stream twice: a");
    EXPECT_EQ(source_error({{"url", "redis://h"}, {"stream", "s"}, {"start", "1"}}),
              "start must be '0' or '$', got '1'");
    EXPECT_EQ(source_error({{"url", "redis://h"}, {"stream", "s"}, {"stop", "end"}}),
              "stop must be 'never' or 'latest', got 'end'");
    EXPECT_EQ(source_error({{"url", "redis://h"}, {"stream", "s"}, {"format", "csv"}}),
              "format must be 'fields' or 'json', got 'csv'");
    EXPECT_EQ(source_error({{"url", "redis://h"}, {"stream", "s"}, {"batch", "0"}}),
              "batch must be an integer from 1 to 100000, got '0'");
    EXPECT_EQ(source_error({{"url", "redis://h"}, {"stream", "s"}, {"ts_source", "id"}, {"ts_column", "when"}}),
              "ts_source = 'id' fills the column named by ts_column, which is not declared: when");
    EXPECT_EQ(source_error({{"url", "redis://h"}, {"stream", "s"}, {"ts_source", "id"}, {"ts_column", "temp"}}),
              "ts_source = 'id' needs a TIMESTAMP column, but ts_column names a column of another type: temp");
    EXPECT_EQ(source_error({{"url", "redis://h"}, {"stream", "s"}, {"claim_idle", "soon"}}),
              "claim_idle must be a duration such as '500ms', '10s' or '5m', got 'soon'");
    EXPECT_EQ(source_error({{"url", "redis://h"}, {"stream", "s"}, {"on_error", "ignore"}}),
              "on_error must be 'skip', 'fail', or 'dlq', got 'ignore'");
    std::string unknown = source_error({{"url", "redis://h"}, {"stream", "s"}, {"consumr", "c"}});
    EXPECT_NE(unknown.find("unknown option `consumr` for connector 'redis'"), std::string::npos) << unknown;
    EXPECT_NE(unknown.find("did you mean `consumer`?"), std::string::npos) << unknown;
}

TEST(RedisOptionsTest, StreamPatternsAndDiscoveryInterval) {
    Options options = {{"url", "redis://h"}, {"stream", "alerts, edge:*, node?, rack[12], weather"}};
    RedisSourceConfig config = RedisSourceConfig::parse(OptionReader("redis", options), 2048, weather());
    EXPECT_EQ(config.streams, (std::vector<std::string>{"alerts", "weather"}));
    EXPECT_EQ(config.patterns, (std::vector<std::string>{"edge:*", "node?", "rack[12]"}));
    EXPECT_EQ(config.discovery_interval_us, 10 * 1000 * 1000);
    options["discovery_interval"] = "250ms";
    EXPECT_EQ(RedisSourceConfig::parse(OptionReader("redis", options), 2048, weather()).discovery_interval_us, 250000);
    options["discovery_interval"] = "10ms";
    EXPECT_EQ(source_error(options), "discovery_interval must be at least 100ms, got '10ms'");
    options["discovery_interval"] = "soon";
    EXPECT_NE(source_error(options).find("discovery_interval"), std::string::npos);
}

TEST(RedisOptionsTest, SourceUrlErrorHidesThePassword) {
    std::string error = source_error({{"url", "redis://admin:hunter2@host:0"}, {"stream", "s"}});
    EXPECT_EQ(error, "url needs a port from 1 to 65535, got 'redis://admin:***@host:0'");
    EXPECT_EQ(error.find("hunter2"), std::string::npos);
}

TEST(RedisOptionsTest, SinkChecks) {
    EXPECT_EQ(sink_error({{"url", "redis://h"}, {"stream", "out"}}), "");
    EXPECT_EQ(sink_error({{"url", "redis://h"}, {"stream", "out"}, {"maxlen", "1000"}, {"format", "json"}}), "");
    EXPECT_EQ(sink_error({{"url", "redis://h"}, {"mode", "hash"}, {"key", "city"}, {"key_prefix", "rt:"}}), "");
    EXPECT_EQ(sink_error({{"url", "redis://h"}}), "connector 'redis' needs option `stream`");
    EXPECT_EQ(sink_error({{"url", "redis://h"}, {"mode", "list"}}), "mode must be 'stream' or 'hash', got 'list'");
    EXPECT_EQ(sink_error({{"url", "redis://h"}, {"stream", "out"}, {"maxlen", "0"}}),
              "maxlen must be an integer from 1 to 9223372036854775807, got '0'");
    EXPECT_EQ(sink_error({{"url", "redis://h"}, {"mode", "hash"}, {"maxlen", "5"}}),
              "maxlen applies to mode = 'stream' only; remove it or set mode = 'stream'");
    EXPECT_EQ(sink_error({{"url", "redis://h"}, {"stream", "out"}, {"key_prefix", "x"}}),
              "key_prefix applies to mode = 'hash' only; remove it or set mode = 'hash'");
    EXPECT_EQ(sink_error({{"url", "redis://:hunter2@h:x"}, {"stream", "out"}}),
              "url needs a port from 1 to 65535, got 'redis://:***@h:x'");
}

TEST(RedisOptionsTest, HashSinkNeedsAKey) {
    SinkSpec spec;
    spec.name = "rt";
    spec.connector = "redis";
    spec.options = {{"url", "redis://h"}, {"mode", "hash"}};
    spec.schema = weather();
    try {
        RedisSink sink(spec);
        FAIL() << "a hash sink without key columns was accepted";
    } catch (const WeirError &error) {
        EXPECT_STREQ(error.what(), "sink `rt` in mode = 'hash' needs key columns to name each hash; set an option "
                                   "such as key = 'city'");
    }
    spec.options["key"] = "town";
    EXPECT_THROW(RedisSink sink(spec), WeirError);
    spec.options["key"] = "city";
    EXPECT_NO_THROW(RedisSink sink(spec));
}

TEST(RedisOptionsTest, CellText) {
    ColumnVector numbers(TypeId::Double, 2);
    numbers.set_all_valid();
    numbers.doubles()[0] = 2.5;
    numbers.doubles()[1] = std::nan("");
    std::string text;
    EXPECT_TRUE(RedisSink::cell_text(numbers, 0, text));
    EXPECT_EQ(text, "2.5");
    EXPECT_FALSE(RedisSink::cell_text(numbers, 1, text));
    ColumnVector times(TypeId::Timestamp, 1);
    times.set_all_valid();
    times.ints()[0] = 1736949600LL * 1000000;
    EXPECT_TRUE(RedisSink::cell_text(times, 0, text));
    EXPECT_EQ(text, "2025-01-15T14:00:00Z");
    ColumnVector flags(TypeId::Boolean, 1);
    flags.set_all_valid();
    flags.bools()[0] = 1;
    EXPECT_TRUE(RedisSink::cell_text(flags, 0, text));
    EXPECT_EQ(text, "true");
    flags.set_null(0);
    EXPECT_FALSE(RedisSink::cell_text(flags, 0, text));
}

}  // namespace
}  // namespace weir

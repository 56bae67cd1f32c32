// What each sink connector promises a replay after a crash (SinkGuarantee), by mode; no service needed.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <string>

#include "connectors/kafka/kafka_sink.h"
#include "connectors/postgres/postgres_sink.h"
#include "connectors/redis/redis_sink.h"
#include "connectors/s3/s3_sink.h"
#include "connectors/sqlite/sqlite_sink.h"

namespace weir {
namespace {

SinkSpec spec_of(const std::string &connector, std::map<std::string, std::string> options) {
    SinkSpec spec;
    spec.name = "out";
    spec.connector = connector;
    spec.options = std::move(options);
    spec.schema = Schema({{"city", TypeId::Text}, {"n", TypeId::BigInt}});
    spec.job_name = "job";
    return spec;
}

TEST(SinkGuaranteeCheckpoint, PostgresAppendIsTransactionalAndUpsertIdempotent) {
    const std::string url = "postgresql://app:pw@127.0.0.1:1/db";
    EXPECT_EQ(PostgresSink(spec_of("postgres", {{"url", url}, {"table", "t"}})).guarantee(),
              SinkGuarantee::Transactional);
    EXPECT_EQ(PostgresSink(spec_of("postgres", {{"url", url}, {"table", "t"}, {"mode", "upsert"}, {"key", "city"}}))
                  .guarantee(),
              SinkGuarantee::Idempotent);
}

TEST(SinkGuaranteeCheckpoint, SqliteUpsertIsIdempotentAndAppendAtLeastOnce) {
    std::string path = "/tmp/weir_guarantee_" + std::to_string(::getpid()) + ".db";
    EXPECT_EQ(SqliteSink(spec_of("sqlite", {{"path", path}, {"table", "t"}})).guarantee(), SinkGuarantee::AtLeastOnce);
    EXPECT_EQ(SqliteSink(spec_of("sqlite", {{"path", path}, {"table", "t"}, {"mode", "upsert"}, {"key", "city"}}))
                  .guarantee(),
              SinkGuarantee::Idempotent);
    std::remove(path.c_str());
}

TEST(SinkGuaranteeCheckpoint, RedisHashIsIdempotentAndStreamAtLeastOnce) {
    EXPECT_EQ(RedisSink(spec_of("redis", {{"url", "redis://127.0.0.1:1"}, {"stream", "s"}})).guarantee(),
              SinkGuarantee::AtLeastOnce);
    EXPECT_EQ(RedisSink(spec_of("redis", {{"url", "redis://127.0.0.1:1"}, {"mode", "hash"}, {"key", "city"}}))
                  .guarantee(),
              SinkGuarantee::Idempotent);
}

TEST(SinkGuaranteeCheckpoint, S3IsIdempotentAndKafkaAtLeastOnce) {
    EXPECT_EQ(S3Sink(spec_of("s3", {{"endpoint", "http://127.0.0.1:1"}, {"bucket", "lake"}, {"access_key", "AK"},
                                     {"secret_key", "SK"}}))
                  .guarantee(),
              SinkGuarantee::Idempotent);
    EXPECT_EQ(KafkaSink(spec_of("kafka", {{"brokers", "127.0.0.1:1"}, {"topic", "out"}})).guarantee(),
              SinkGuarantee::AtLeastOnce);
}

}  // namespace
}  // namespace weir

// The Redis Streams source's acknowledgement against a real redis-server: a bounded run leaves nothing
// pending, and acknowledging a checkpoint position leaves exactly the entries after it pending.
#include <gtest/gtest.h>

#include <hiredis/hiredis.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "connectors/redis/redis_connection.h"
#include "connectors/redis/redis_stream_source.h"
#include "connectors/redis/redis_url.h"
#include "redis_test_server.h"

namespace weir {
namespace {

class RedisAcknowledgeTest : public ::testing::Test {
protected:
    RedisTestServer redis;

    std::unique_ptr<RedisConnection> connect() const {
        return RedisConnection::open(RedisUrl::parse(redis.url()), 5000, 0, "test");
    }

    // XADDs `count` entries (pipelined); their ids in order.
    std::vector<std::string> add_entries(const std::string &stream, int count) const {
        auto connection = connect();
        std::vector<std::string> ids;
        for (int begin = 0; begin < count; begin += 1000) {
            int end = std::min(count, begin + 1000);
            for (int i = begin; i < end; i++) {
                connection->append({"XADD", stream, "*", "city", "c" + std::to_string(i), "temp", std::to_string(i),
                                    "ts", "2025-01-15T14:00:00Z"});
            }
            for (int i = begin; i < end; i++) {
                auto reply = connection->read_checked("XADD");
                ids.emplace_back(reply->str, reply->len);
            }
        }
        return ids;
    }

    // The ids XPENDING lists for the group (all consumers), in order.
    std::vector<std::string> pending_ids(const std::string &stream, const std::string &group = "g") const {
        auto reply = connect()->checked({"XPENDING", stream, group, "-", "+", "100000"});
        std::vector<std::string> ids;
        for (size_t i = 0; i < reply->elements; i++) {
            const redisReply *item = reply->element[i];
            ids.emplace_back(item->element[0]->str, item->element[0]->len);
        }
        return ids;
    }

    SourceSpec spec(const std::string &stream, bool bounded) const {
        SourceSpec spec;
        spec.name = "weather";
        spec.connector = "redis";
        spec.options = {{"url", redis.url()}, {"stream", stream}, {"group", "g"}, {"consumer", "worker"},
                        {"start", "0"},       {"batch_size", "500"}};
        if (bounded) spec.options["stop"] = "latest";
        spec.declared = Schema({{"city", TypeId::Text}, {"temp", TypeId::Double}, {"ts", TypeId::Timestamp}});
        spec.projection = {0, 1, 2};
        spec.event_time = 2;
        return spec;
    }
};

// Polls until at least `wanted` rows were read or End (or 30 s passed); the number of rows read.
size_t read_rows(Source &source, size_t wanted) {
    size_t rows = 0;
    Batch batch;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (rows < wanted && std::chrono::steady_clock::now() < deadline) {
        Source::PollResult result = source.poll(batch);
        if (result == Source::PollResult::End) break;
        if (result == Source::PollResult::Idle) {
            source.wait_for_data(100);
            continue;
        }
        rows += batch.size();
    }
    return rows;
}

TEST_F(RedisAcknowledgeTest, BoundedRunWithoutCheckpointsLeavesNothingPending) {
    std::string stream = RedisTestServer::unique("ack_bounded");
    add_entries(stream, 10000);
    CommandResult result = redis.weir(
        "CREATE SOURCE weather (city TEXT, temp DOUBLE, ts TIMESTAMP) WITH (connector = 'redis', url = '" +
        redis.url() + "', stream = '" + stream +
        "', group = 'g', consumer = 'c1', start = '0', stop = 'latest', batch = '700');"
        "CREATE SINK out WITH (connector = 'stdout', format = 'csv');"
        "CREATE JOB totals AS INSERT INTO out SELECT count(*) AS n, sum(temp) AS total FROM weather;");
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(result.out, "n,total\n10000,49995000\n");
    // The job read through its own group `g.totals`.
    std::string summary = redis.cli({"XPENDING", stream, "g.totals"});
    EXPECT_EQ(summary.substr(0, summary.find('\n')), "0");
    EXPECT_TRUE(pending_ids(stream, "g.totals").empty());
}

TEST_F(RedisAcknowledgeTest, SourceCloseAcknowledgesEverythingItRead) {
    std::string stream = RedisTestServer::unique("ack_close");
    add_entries(stream, 10000);
    RedisStreamSource source(spec(stream, true));
    source.open();
    EXPECT_EQ(read_rows(source, 100000), 10000u);
    EXPECT_EQ(pending_ids(stream).size(), 10000u);
    source.close();
    EXPECT_TRUE(pending_ids(stream).empty());
}

TEST_F(RedisAcknowledgeTest, AcknowledgingAPositionLeavesExactlyTheLaterEntriesPending) {
    std::string stream = RedisTestServer::unique("ack_position");
    std::vector<std::string> ids = add_entries(stream, 10000);
    RedisStreamSource source(spec(stream, false));
    source.enable_checkpoints();
    source.open();
    ASSERT_EQ(read_rows(source, 5500), 5500u);
    std::string checkpoint = *source.position();
    EXPECT_EQ(checkpoint, "{\"" + stream + "\":\"" + ids[5499] + "\"}");
    ASSERT_EQ(read_rows(source, 3000), 3000u);
    EXPECT_EQ(pending_ids(stream).size(), 8500u);

    source.position_durable(checkpoint);
    EXPECT_EQ(pending_ids(stream), std::vector<std::string>(ids.begin() + 5500, ids.begin() + 8500));
    // An older position acknowledges nothing more; the same one again neither.
    source.acknowledge({{stream, ids[100]}});
    source.position_durable(checkpoint);
    EXPECT_EQ(pending_ids(stream).size(), 3000u);
    // A position between entries: the ones up to it.
    source.acknowledge({{stream, ids[6000]}});
    EXPECT_EQ(pending_ids(stream), std::vector<std::string>(ids.begin() + 6001, ids.begin() + 8500));

    ASSERT_EQ(read_rows(source, 1500), 1500u);
    source.position_durable(*source.position());
    EXPECT_TRUE(pending_ids(stream).empty());
    // With checkpoints a graceful close acknowledges nothing itself.
    source.close();
}

TEST_F(RedisAcknowledgeTest, RestoredRunAcknowledgesTheSkippedPendingEntriesWithTheNextCheckpoint) {
    std::string stream = RedisTestServer::unique("ack_restore");
    std::vector<std::string> ids = add_entries(stream, 3000);
    std::string checkpoint;
    {
        RedisStreamSource first(spec(stream, false));
        first.enable_checkpoints();
        first.open();
        ASSERT_EQ(read_rows(first, 2000), 2000u);
        checkpoint = *first.position();
        ASSERT_EQ(read_rows(first, 500), 500u);
    }  // dies without acknowledging anything
    EXPECT_EQ(pending_ids(stream).size(), 2500u);
    RedisStreamSource second(spec(stream, true));
    second.enable_checkpoints();
    second.restore_position(checkpoint);
    second.open();
    EXPECT_EQ(read_rows(second, 100000), 1000u);  // 500 pending after the checkpoint, 500 new
    std::string done = *second.position();
    EXPECT_EQ(done, "{\"" + stream + "\":\"" + ids[2999] + "\"}");
    second.position_durable(checkpoint);
    EXPECT_EQ(pending_ids(stream), std::vector<std::string>(ids.begin() + 2000, ids.end()));
    second.position_durable(done);
    EXPECT_TRUE(pending_ids(stream).empty());
    second.close();
}

}  // namespace
}  // namespace weir

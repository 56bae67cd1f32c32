// The Redis Streams source's checkpoint hooks against a real redis-server: after a crash, a restored
// consumer emits exactly the entries after the checkpoint (none lost, none twice) and acks on durability.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "common/weir_error.h"
#include "connectors/redis/redis_stream_source.h"
#include "redis_test_server.h"

namespace weir {
namespace {

class RedisPositionTest : public ::testing::Test {
protected:
    RedisTestServer redis;

    SourceSpec spec(const std::string &stream, const std::string &consumer, bool bounded) const {
        SourceSpec spec;
        spec.name = "weather";
        spec.connector = "redis";
        spec.options = {{"url", redis.url()}, {"stream", stream}, {"group", "g"}, {"consumer", consumer},
                        {"start", "0"},       {"batch_size", "5"}};
        if (bounded) spec.options["stop"] = "latest";
        spec.declared = Schema({{"city", TypeId::Text}, {"temp", TypeId::Double}, {"ts", TypeId::Timestamp}});
        spec.projection = {0, 1, 2};
        spec.event_time = 2;
        return spec;
    }

    // XADDs entries c1..cN; their ids in order.
    std::vector<std::string> add_entries(const std::string &stream, int count) const {
        std::vector<std::string> ids;
        for (int i = 1; i <= count; i++) {
            std::string second = (i < 10 ? "0" : "") + std::to_string(i);
            ids.push_back(redis.cli({"XADD", stream, "*", "city", "c" + std::to_string(i), "temp", std::to_string(i),
                                     "ts", "2025-01-15T14:00:" + second + "Z"}));
        }
        return ids;
    }

    // The count XPENDING reports for the group.
    std::string pending_count(const std::string &stream) const {
        std::string summary = redis.cli({"XPENDING", stream, "g"});
        return summary.substr(0, summary.find('\n'));
    }
};

// Polls until `wanted` rows were read or End (or 30 s passed); the city of each row.
std::vector<std::string> read_rows(Source &source, size_t wanted) {
    std::vector<std::string> cities;
    Batch batch;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (cities.size() < wanted && std::chrono::steady_clock::now() < deadline) {
        Source::PollResult result = source.poll(batch);
        if (result == Source::PollResult::End) break;
        if (result == Source::PollResult::Idle) {
            source.wait_for_data(100);
            continue;
        }
        for (size_t i = 0; i < batch.size(); i++) cities.emplace_back(batch.columns[0].strings()[i]);
    }
    return cities;
}

std::vector<std::string> cities(int from, int to) {
    std::vector<std::string> out;
    for (int i = from; i <= to; i++) out.push_back("c" + std::to_string(i));
    return out;
}

TEST_F(RedisPositionTest, RestoredConsumerEmitsExactlyTheEntriesAfterTheCheckpoint) {
    std::string stream = RedisTestServer::unique("position");
    std::vector<std::string> ids = add_entries(stream, 30);
    std::string position;
    {
        RedisStreamSource first(spec(stream, "worker", false));
        first.enable_checkpoints();
        first.open();
        ASSERT_EQ(read_rows(first, 10), cities(1, 10));
        position = *first.position();
        EXPECT_EQ(position, "{\"" + stream + "\":\"" + ids[9] + "\"}");
        // Read on past the checkpoint, then die without close() or any acknowledgement (as after kill -9).
        ASSERT_EQ(read_rows(first, 10), cities(11, 20));
    }
    EXPECT_EQ(pending_count(stream), "20");

    RedisStreamSource second(spec(stream, "worker", true));
    second.enable_checkpoints();
    second.restore_position(position);
    second.open();
    EXPECT_EQ(read_rows(second, 100), cities(11, 30));
    std::string done = *second.position();
    EXPECT_EQ(done, "{\"" + stream + "\":\"" + ids[29] + "\"}");
    // With checkpoints, nothing is acked before the position is durable.
    EXPECT_EQ(pending_count(stream), "30");
    second.position_durable(done);
    EXPECT_EQ(pending_count(stream), "0");
    second.close();
}

TEST_F(RedisPositionTest, RestoredPositionCoversSkippedEntriesUntilTheNextCheckpoint) {
    std::string stream = RedisTestServer::unique("covered");
    std::vector<std::string> ids = add_entries(stream, 10);
    std::string position;
    {
        RedisStreamSource first(spec(stream, "worker", false));
        first.enable_checkpoints();
        first.open();
        ASSERT_EQ(read_rows(first, 10), cities(1, 10));
        position = *first.position();
        // A graceful close with checkpoints enabled acks nothing.
        first.close();
    }
    EXPECT_EQ(pending_count(stream), "10");
    RedisStreamSource second(spec(stream, "worker", false));
    second.enable_checkpoints();
    second.restore_position(position);
    second.open();
    // Everything pending was processed already: nothing is emitted, yet the position still covers it.
    Batch batch;
    for (int i = 0; i < 3; i++) EXPECT_EQ(second.poll(batch), Source::PollResult::Idle);
    EXPECT_EQ(*second.position(), position);
    second.position_durable(*second.position());
    EXPECT_EQ(pending_count(stream), "0");
}

TEST_F(RedisPositionTest, WithoutCheckpointsAGracefulCloseStillAcknowledges) {
    std::string stream = RedisTestServer::unique("legacy");
    add_entries(stream, 5);
    RedisStreamSource source(spec(stream, "worker", true));
    source.open();
    EXPECT_EQ(read_rows(source, 100), cities(1, 5));
    source.close();
    EXPECT_EQ(pending_count(stream), "0");
}

TEST_F(RedisPositionTest, ClaimIdleTakesOverOtherConsumersEntriesButNeverReEmitsItsOwn) {
    std::string stream = RedisTestServer::unique("claim");
    add_entries(stream, 3);
    ASSERT_EQ(redis.cli({"XGROUP", "CREATE", stream, "g", "0"}), "OK");
    redis.cli({"XREADGROUP", "GROUP", "g", "dead", "COUNT", "1", "STREAMS", stream, ">"});
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    SourceSpec alive = spec(stream, "alive", false);
    alive.options["claim_idle"] = "1ms";
    RedisStreamSource source(alive);
    source.enable_checkpoints();
    source.open();
    EXPECT_EQ(read_rows(source, 3), cities(1, 3));
    // Its own entries stay pending (checkpoints ack them later) and idle far longer than claim_idle.
    Batch batch;
    for (int i = 0; i < 5; i++) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        EXPECT_EQ(source.poll(batch), Source::PollResult::Idle);
    }
    EXPECT_EQ(pending_count(stream), "3");
    source.position_durable(*source.position());
    EXPECT_EQ(pending_count(stream), "0");
}

// Streams found by a pattern keep their partition numbers across a restore: the position lists them
// in partition order (null when nothing was read), and streams appearing later come after them.
TEST_F(RedisPositionTest, PatternStreamsKeepTheirPartitionNumbersAcrossARestore) {
    std::string prefix = RedisTestServer::unique("node");
    auto add = [&](const std::string &stream, const std::string &city) {
        return redis.cli({"XADD", stream, "*", "city", city, "temp", "1", "ts", "2025-01-15T14:00:00Z"});
    };
    std::string a1 = add(prefix + ":a", "a1");
    ASSERT_EQ(redis.cli({"XGROUP", "CREATE", prefix + ":b", "other", "$", "MKSTREAM"}), "OK");  // stays empty
    std::string c1 = add(prefix + ":c", "c1");
    // Reads every row; city → partition.
    auto rows_by_partition = [](Source &source, size_t wanted) {
        std::map<std::string, int> out;
        Batch batch;
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (out.size() < wanted && std::chrono::steady_clock::now() < deadline) {
            Source::PollResult result = source.poll(batch);
            if (result == Source::PollResult::Idle) source.wait_for_data(100);
            for (size_t i = 0; result == Source::PollResult::Data && i < batch.size(); i++) {
                out[std::string(batch.columns[0].strings()[i])] = source.partition();
            }
        }
        return out;
    };
    SourceSpec pattern = spec(prefix + ":*", "worker", false);
    pattern.options["discovery_interval"] = "100ms";
    std::string position;
    {
        RedisStreamSource first(pattern);
        first.enable_checkpoints();
        first.open();
        EXPECT_EQ(first.partitions(), (std::vector<int>{0, 1, 2}));
        EXPECT_EQ(rows_by_partition(first, 2), (std::map<std::string, int>{{"a1", 0}, {"c1", 2}}));
        position = *first.position();
        EXPECT_EQ(position, "{\"" + prefix + ":a\":\"" + a1 + "\",\"" + prefix + ":b\":null,\"" + prefix + ":c\":\"" +
                                c1 + "\"}");
    }
    // A stream sorting first appears before the restore; it is numbered after the known ones.
    add(prefix + ":0", "z1");
    add(prefix + ":b", "b1");
    RedisStreamSource second(pattern);
    second.enable_checkpoints();
    second.restore_position(position);
    second.open();
    EXPECT_EQ(second.partitions(), (std::vector<int>{0, 1, 2, 3}));
    EXPECT_EQ(rows_by_partition(second, 2), (std::map<std::string, int>{{"b1", 1}, {"z1", 3}}));
    second.close();
}

TEST_F(RedisPositionTest, GarbagePositionIsADataErrorNamingTheSource) {
    for (std::string text : {"", "[]", "{\"s\":5}", "{\"s\":\"latest\"}", "{\"s\":\"12-\"}"}) {
        RedisStreamSource source(spec("s", "worker", true));
        try {
            source.restore_position(text);
            ADD_FAILURE() << "expected an error for " << text;
        } catch (const WeirError &error) {
            EXPECT_EQ(error.kind(), ErrorKind::Data) << text;
            EXPECT_EQ(std::string(error.what()).rfind("cannot restore source `weather`: ", 0), 0u) << error.what();
        }
    }
}

}  // namespace
}  // namespace weir

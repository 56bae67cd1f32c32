// HAVING over an updating aggregation into Redis: hash mode deletes the hash of a group that stops
// matching; stream mode (append-only) is refused unless changelog = 'true' adds an `op` field (issue 14).
#include <gtest/gtest.h>

#include "changelog_engine.h"
#include "redis_test_server.h"

namespace weir {
namespace {

using test::ChangelogEngine;

TEST(RedisChangelogTest, HashModeDeletesTheHashOfAGroupThatStopsMatching) {
    RedisTestServer redis;
    ChangelogEngine engine;
    std::string prefix = RedisTestServer::unique("big") + ":";
    engine.exec("CREATE SINK big WITH (connector = 'redis', url = '" + redis.url() + "', mode = 'hash', key_prefix = '" +
                prefix + "');");
    engine.exec(std::string("INSERT INTO big ") + test::kHavingQuery + ";");
    engine.push_all_and_wait(test::kOrders);
    EXPECT_EQ(redis.cli({"--scan", "--pattern", prefix + "*"}), prefix + "b");
    EXPECT_EQ(redis.cli({"HGET", prefix + "b", "total"}), "111");
    EXPECT_EQ(redis.cli({"EXISTS", prefix + "a"}), "0");
    EXPECT_EQ(redis.cli({"EXISTS", prefix + "c"}), "0");
}

TEST(RedisChangelogTest, StreamModeIsRefusedUnlessChangelogAddsAnOpField) {
    RedisTestServer redis;
    ChangelogEngine engine;
    std::string stream = RedisTestServer::unique("changes");
    engine.exec("CREATE SINK plain WITH (connector = 'redis', url = '" + redis.url() + "', stream = '" + stream + "');");
    std::string error = engine.try_exec(std::string("INSERT INTO plain ") + test::kHavingQuery + ";");
    EXPECT_NE(error.find("sink `plain` (connector `redis`) only appends rows"), std::string::npos) << error;

    engine.exec("CREATE SINK log WITH (connector = 'redis', url = '" + redis.url() + "', stream = '" + stream +
                "', changelog = 'true');");
    engine.exec(std::string("INSERT INTO log ") + test::kHavingQuery + ";");
    engine.push_all_and_wait(test::kOrders);
    // XRANGE prints each entry's id then its fields and values, one per line.
    std::string entries = redis.cli({"XRANGE", stream, "-", "+"});
    std::string ops;
    for (size_t at = entries.find("\nop\n"); at != std::string::npos; at = entries.find("\nop\n", at + 1)) {
        size_t start = at + 4;
        ops += entries.substr(start, entries.find('\n', start) - start) + " ";
    }
    EXPECT_EQ(ops, "+U +U -D +U -D +U ") << entries;
    EXPECT_EQ(redis.cli({"XLEN", stream}), "6");
}

}  // namespace
}  // namespace weir

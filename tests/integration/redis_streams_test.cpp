// Redis Streams source and sink against a real redis-server: exact results, pending entries, errors.
#include <gtest/gtest.h>

#include <chrono>

#include "redis_test_server.h"

namespace weir {
namespace {

class RedisStreamsTest : public ::testing::Test {
protected:
    RedisTestServer redis;

    // CREATE SOURCE weather over `stream` with the given extra options.
    std::string source(const std::string &stream, const std::string &extra,
                       const std::string &columns = "city TEXT, temp DOUBLE, ts TIMESTAMP") const {
        return "CREATE SOURCE weather (" + columns + ") WITH (connector = 'redis', url = '" + redis.url() +
               "', stream = '" + stream + "'" + extra + ");";
    }

    // An INSERT job `name` writing `select` to stdout as CSV: it reads through the group `<group>.<name>`.
    static std::string job(const std::string &name, const std::string &select) {
        return "CREATE SINK out WITH (connector = 'stdout', format = 'csv'); CREATE JOB " + name +
               " AS INSERT INTO out " + select;
    }

    std::string add(const std::string &stream, const std::string &city, const std::string &temp,
                     const std::string &ts) const {
        return redis.cli({"XADD", stream, "*", "city", city, "temp", temp, "ts", ts});
    }
};

TEST_F(RedisStreamsTest, WindowedBoundedRunEqualsTheBatchAnswer) {
    std::string stream = RedisTestServer::unique("weather");
    add(stream, "Warsaw", "1.0", "2025-01-15T14:00:00Z");
    add(stream, "Rome", "20", "2025-01-15T14:01:00Z");
    add(stream, "Warsaw", "3.0", "2025-01-15T14:02:00Z");
    add(stream, "Warsaw", "5", "2025-01-15T14:06:00Z");
    add(stream, "Rome", "22", "2025-01-15T14:07:30Z");
    add(stream, "Rome", "24", "2025-01-15T14:08:00Z");
    std::string query = source(stream, ", group = 'g', consumer = 'c1', start = '0', stop = 'latest'") +
                        "SELECT city, window_start, avg(temp) AS avg_temp, count(*) AS n FROM weather "
                        "GROUP BY city, TUMBLE(ts, 5m) ORDER BY city, window_start;";
    CommandResult result = redis.weir(query);
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(result.out,
              "city,window_start,avg_temp,n\n"
              "Rome,2025-01-15 14:00:00,20,1\n"
              "Rome,2025-01-15 14:05:00,23,2\n"
              "Warsaw,2025-01-15 14:00:00,2,2\n"
              "Warsaw,2025-01-15 14:05:00,5,1\n");
    // The SELECT read through a group of its own, removed when it ended.
    EXPECT_EQ(redis.cli({"XINFO", "GROUPS", stream}), "");
    // A job reads through its group `g.tail`: everything read is acknowledged at the end of the bounded
    // run, and a second run of the job finds only what is new.
    CommandResult first = redis.weir(source(stream, ", group = 'g', consumer = 'c1', start = '0', stop = 'latest'") +
                                     job("tail", "SELECT city, temp FROM weather;"));
    ASSERT_EQ(first.status, 0) << first.err;
    EXPECT_EQ(first.out, "city,temp\nWarsaw,1\nRome,20\nWarsaw,3\nWarsaw,5\nRome,22\nRome,24\n");
    EXPECT_EQ(redis.cli({"XPENDING", stream, "g.tail"}).substr(0, 1), "0");
    add(stream, "Oslo", "-4", "2025-01-15T14:09:00Z");
    CommandResult again = redis.weir(source(stream, ", group = 'g', consumer = 'c1', stop = 'latest'") +
                                     job("tail", "SELECT city, temp FROM weather;"));
    ASSERT_EQ(again.status, 0) << again.err;
    EXPECT_EQ(again.out, "city,temp\nOslo,-4\n");
}

TEST_F(RedisStreamsTest, SeveralStreamsAreOnePartitionEach) {
    std::string north = RedisTestServer::unique("north");
    std::string south = RedisTestServer::unique("south");
    add(north, "Oslo", "-2", "2025-01-15T14:00:00Z");
    add(south, "Rome", "18", "2025-01-15T14:00:10Z");
    add(north, "Oslo", "-4", "2025-01-15T14:03:00Z");
    CommandResult result = redis.weir(source(north + "," + south, ", start = '0', stop = 'latest'") +
                                      "SELECT city, sum(temp) AS total, count(*) AS n FROM weather "
                                      "GROUP BY city, TUMBLE(ts, 5m) ORDER BY city;");
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(result.out, "city,total,n\nOslo,-6,2\nRome,18,1\n");
}

TEST_F(RedisStreamsTest, PendingEntriesOfTheSameConsumerAreReadAgain) {
    std::string stream = RedisTestServer::unique("pending");
    add(stream, "A", "1", "2025-01-15T14:00:00Z");
    add(stream, "B", "2", "2025-01-15T14:00:01Z");
    add(stream, "C", "3", "2025-01-15T14:00:02Z");
    // Job `j` of group 'g' reads through the group `g.j`.
    ASSERT_EQ(redis.cli({"XGROUP", "CREATE", stream, "g.j", "0"}), "OK");
    // A consumer that read two entries and died before acknowledging them.
    redis.cli({"XREADGROUP", "GROUP", "g.j", "worker", "COUNT", "2", "STREAMS", stream, ">"});
    EXPECT_EQ(redis.cli({"XPENDING", stream, "g.j"}).substr(0, 1), "2");

    // Another consumer without claim_idle only gets the entry nobody read.
    CommandResult other = redis.weir(source(stream, ", group = 'g', consumer = 'other', stop = 'latest'") +
                                     job("j", "SELECT city, temp FROM weather;"));
    ASSERT_EQ(other.status, 0) << other.err;
    EXPECT_EQ(other.out, "city,temp\nC,3\n");

    // The same consumer name gets its two pending entries.
    CommandResult same = redis.weir(source(stream, ", group = 'g', consumer = 'worker', stop = 'latest'") +
                                    job("j", "SELECT city, temp FROM weather;"));
    ASSERT_EQ(same.status, 0) << same.err;
    EXPECT_EQ(same.out, "city,temp\nA,1\nB,2\n");
    EXPECT_EQ(redis.cli({"XPENDING", stream, "g.j"}).substr(0, 1), "0");
}

TEST_F(RedisStreamsTest, ClaimIdleTakesOverEntriesOfADeadConsumer) {
    std::string stream = RedisTestServer::unique("claim");
    add(stream, "A", "1", "2025-01-15T14:00:00Z");
    add(stream, "B", "2", "2025-01-15T14:00:01Z");
    ASSERT_EQ(redis.cli({"XGROUP", "CREATE", stream, "g.j", "0"}), "OK");
    redis.cli({"XREADGROUP", "GROUP", "g.j", "dead", "COUNT", "1", "STREAMS", stream, ">"});
    CommandResult result = redis.weir(
        source(stream, ", group = 'g', consumer = 'alive', stop = 'latest', claim_idle = '1ms'") +
        job("j", "SELECT city, temp FROM weather;"));
    ASSERT_EQ(result.status, 0) << result.err;
    // The dead consumer's entry A is claimed before new entries are read.
    EXPECT_EQ(result.out, "city,temp\nA,1\nB,2\n");
    EXPECT_EQ(redis.cli({"XPENDING", stream, "g.j"}).substr(0, 1), "0");
}

TEST_F(RedisStreamsTest, MalformedEntriesAreCountedWithStreamAndId) {
    std::string stream = RedisTestServer::unique("bad");
    add(stream, "A", "1", "2025-01-15T14:00:00Z");
    std::string bad_temp = add(stream, "B", "warm", "2025-01-15T14:00:01Z");
    std::string no_time = redis.cli({"XADD", stream, "*", "city", "C", "temp", "3"});
    add(stream, "D", "4", "2025-01-15T14:00:03Z");
    CommandResult result = redis.weir(source(stream, ", start = '0', stop = 'latest'") +
                                      "SELECT city, count(*) AS n, sum(temp) AS total FROM weather "
                                      "GROUP BY city, TUMBLE(ts, 1m) ORDER BY city;");
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(result.out, "city,n,total\nA,1,1\nD,1,4\n");
    EXPECT_NE(result.err.find("at " + stream + "@" + bad_temp + ": field `temp`"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("at " + stream + "@" + no_time + ": event-time field `ts` is missing"),
              std::string::npos)
        << result.err;
    // on_error = 'fail' stops at the first one and names it.
    CommandResult failing = redis.weir(source(stream, ", group = 'strict', start = '0', stop = 'latest', "
                                                      "on_error = 'fail'") +
                                       "SELECT city, temp FROM weather;");
    EXPECT_EQ(failing.status, 1);
    EXPECT_NE(failing.err.find(stream + "@" + bad_temp), std::string::npos) << failing.err;
    // Nothing was acknowledged by the failed run: its entries stay pending for the next one.
    EXPECT_NE(redis.cli({"XPENDING", stream, "strict"}).substr(0, 1), "0");
}

TEST_F(RedisStreamsTest, JsonPayloadWithTimeFromTheId) {
    std::string stream = RedisTestServer::unique("json");
    // 1736949600000 ms = 2025-01-15 14:00:00 UTC.
    redis.cli({"XADD", stream, "1736949600000-0", "payload", R"({"city":"Rome","temp":20})"});
    redis.cli({"XADD", stream, "1736949660000-0", "payload", R"({"city":"Rome","temp":22})"});
    redis.cli({"XADD", stream, "1736949900000-0", "json", R"({"city":"Rome","temp":30})"});
    CommandResult result = redis.weir(
        source(stream, ", start = '0', stop = 'latest', format = 'json', ts_source = 'id'") +
        "SELECT city, window_start, avg(temp) AS avg_temp FROM weather GROUP BY city, TUMBLE(ts, 5m) "
        "ORDER BY window_start;");
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(result.out,
              "city,window_start,avg_temp\n"
              "Rome,2025-01-15 14:00:00,21\n"
              "Rome,2025-01-15 14:05:00,30\n");
}

TEST_F(RedisStreamsTest, StreamSinkWritesOneEntryPerRow) {
    std::string input = RedisTestServer::unique("in");
    std::string output = RedisTestServer::unique("out");
    add(input, "Warsaw", "1", "2025-01-15T14:00:00Z");
    add(input, "Warsaw", "3", "2025-01-15T14:01:00Z");
    add(input, "Rome", "20", "2025-01-15T14:02:00Z");
    CommandResult result = redis.weir(
        source(input, ", start = '0', stop = 'latest'") + "CREATE SINK averages WITH (connector = 'redis', url = '" +
        redis.url() + "', stream = '" + output + "', maxlen = '1000');"
        "INSERT INTO averages SELECT city, window_start, avg(temp) AS avg_temp, count(*) AS n FROM weather "
        "GROUP BY city, TUMBLE(ts, 5m);");
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(redis.cli({"XLEN", output}), "2");
    std::string entries = redis.cli({"XRANGE", output, "-", "+"});
    // redis-cli prints an entry as its id, then its fields and values, one per line.
    EXPECT_NE(entries.find("city\nWarsaw\nwindow_start\n2025-01-15T14:00:00Z\navg_temp\n2\nn\n2"), std::string::npos)
        << entries;
    EXPECT_NE(entries.find("city\nRome\nwindow_start\n2025-01-15T14:00:00Z\navg_temp\n20\nn\n1"), std::string::npos)
        << entries;
    // What the sink wrote reads back through the source.
    CommandResult back = redis.weir(
        source(output, ", start = '0', stop = 'latest'", "city TEXT, avg_temp DOUBLE, n BIGINT, window_start TIMESTAMP") +
        "SELECT city, avg_temp, n FROM weather ORDER BY city;");
    ASSERT_EQ(back.status, 0) << back.err;
    EXPECT_EQ(back.out, "city,avg_temp,n\nRome,20,1\nWarsaw,2,2\n");
}

TEST_F(RedisStreamsTest, HashSinkKeepsTheLatestValuePerKey) {
    std::string input = RedisTestServer::unique("in");
    std::string prefix = RedisTestServer::unique("rt") + ":";
    add(input, "Warsaw", "1", "2025-01-15T14:00:00Z");
    add(input, "Rome", "20", "2025-01-15T14:02:00Z");
    add(input, "Warsaw", "3", "2025-01-15T14:06:00Z");
    CommandResult result = redis.weir(
        source(input, ", start = '0', stop = 'latest'") + "CREATE SINK latest WITH (connector = 'redis', url = '" +
        redis.url() + "', mode = 'hash', key = 'city', key_prefix = '" + prefix + "');"
        "INSERT INTO latest SELECT city, window_start, max(temp) AS top FROM weather "
        "GROUP BY city, TUMBLE(ts, 5m);");
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(redis.cli({"HGET", prefix + "Warsaw", "top"}), "3");
    EXPECT_EQ(redis.cli({"HGET", prefix + "Warsaw", "window_start"}), "2025-01-15T14:05:00Z");
    EXPECT_EQ(redis.cli({"HGETALL", prefix + "Rome"}), "city\nRome\nwindow_start\n2025-01-15T14:00:00Z\ntop\n20");
}

TEST_F(RedisStreamsTest, UnreachableServerFailsClearlyInBoundedTimeWithoutThePassword) {
    // A port nobody listens on: bind one, then close it.
    std::string port = RedisTestServer::run(
        "python3 -c 'import socket; s=socket.socket(); s.bind((\"127.0.0.1\",0)); print(s.getsockname()[1])'").out;
    while (!port.empty() && port.back() == '\n') port.pop_back();
    auto start = std::chrono::steady_clock::now();
    CommandResult result = redis.weir(
        "CREATE SOURCE weather (city TEXT, ts TIMESTAMP) WITH (connector = 'redis', url = 'redis://app:TopSecret42@"
        "127.0.0.1:" + port + "', stream = 's', retry_for = '1s', timeout = '500ms');"
        "SELECT city FROM weather;");
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(result.status, 1);
    EXPECT_LT(seconds, 15.0);
    EXPECT_NE(result.err.find("cannot connect to Redis at redis://app:***@127.0.0.1:" + port + "/0"),
              std::string::npos)
        << result.err;
    EXPECT_NE(result.err.find("attempts"), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find("TopSecret42"), std::string::npos) << result.err;
    EXPECT_EQ(result.out.find("TopSecret42"), std::string::npos) << result.out;
}

TEST_F(RedisStreamsTest, PasswordProtectedServer) {
    std::string stream = RedisTestServer::unique("auth");
    std::string auth_port = redis.auth_url().substr(redis.auth_url().rfind(':') + 1);
    std::string wrong = "redis://default:WrongPass99@127.0.0.1:" + auth_port;
    CommandResult rejected = redis.weir("CREATE SOURCE weather (city TEXT, ts TIMESTAMP) WITH (connector = 'redis', "
                                        "url = '" + wrong + "', stream = '" + stream + "', stop = 'latest');"
                                        "SELECT city FROM weather;");
    EXPECT_EQ(rejected.status, 1);
    EXPECT_NE(rejected.err.find("rejected the credentials"), std::string::npos) << rejected.err;
    EXPECT_EQ(rejected.err.find("WrongPass99"), std::string::npos) << rejected.err;

    RedisTestServer::run("REDISCLI_AUTH=" + RedisTestServer::quote(redis.password()) + " redis-cli -p " + auth_port +
                         " XADD " + stream + " '*' city Oslo ts 2025-01-15T14:00:00Z");
    CommandResult accepted = redis.weir("CREATE SOURCE weather (city TEXT, ts TIMESTAMP) WITH (connector = 'redis', "
                                        "url = '" + redis.auth_url() + "', stream = '" + stream +
                                        "', start = '0', stop = 'latest');"
                                        "SELECT city FROM weather;");
    ASSERT_EQ(accepted.status, 0) << accepted.err;
    EXPECT_EQ(accepted.out, "city\nOslo\n");
    EXPECT_EQ(accepted.err.find(redis.password()), std::string::npos) << accepted.err;
}

}  // namespace
}  // namespace weir

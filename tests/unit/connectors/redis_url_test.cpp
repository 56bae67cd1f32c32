// Tests of RedisUrl: parsing of redis:// addresses and that no message or redacted form shows a password.
#include "connectors/redis/redis_url.h"

#include <gtest/gtest.h>

#include "common/weir_error.h"

namespace weir {
namespace {

std::string parse_error(const std::string &text) {
    try {
        RedisUrl::parse(text);
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Bind);
        return error.what();
    }
    return "";
}

TEST(RedisUrlTest, HostOnlyTakesDefaults) {
    RedisUrl url = RedisUrl::parse("redis://localhost");
    EXPECT_EQ(url.host, "localhost");
    EXPECT_EQ(url.port, 6379);
    EXPECT_EQ(url.db, 0);
    EXPECT_EQ(url.user, "");
    EXPECT_EQ(url.password, "");
    EXPECT_EQ(url.redacted(), "redis://localhost:6379/0");
}

TEST(RedisUrlTest, EveryPart) {
    RedisUrl url = RedisUrl::parse("redis://alice:s3cr%40t@10.0.0.5:7000/3");
    EXPECT_EQ(url.user, "alice");
    EXPECT_EQ(url.password, "s3cr@t");
    EXPECT_EQ(url.host, "10.0.0.5");
    EXPECT_EQ(url.port, 7000);
    EXPECT_EQ(url.db, 3);
    EXPECT_EQ(url.redacted(), "redis://alice:***@10.0.0.5:7000/3");
}

TEST(RedisUrlTest, PasswordWithoutUserAndIpv6) {
    RedisUrl url = RedisUrl::parse("redis://:pw@[::1]:6380");
    EXPECT_EQ(url.user, "");
    EXPECT_EQ(url.password, "pw");
    EXPECT_EQ(url.host, "::1");
    EXPECT_EQ(url.port, 6380);
    EXPECT_EQ(url.redacted(), "redis://:***@[::1]:6380/0");
}

TEST(RedisUrlTest, UserWithoutPasswordIsKept) {
    RedisUrl url = RedisUrl::parse("redis://bob@host/1");
    EXPECT_EQ(url.user, "bob");
    EXPECT_EQ(url.password, "");
    EXPECT_EQ(url.redacted(), "redis://bob@host:6379/1");
}

TEST(RedisUrlTest, ErrorsNameTheProblemButNeverThePassword) {
    EXPECT_EQ(parse_error("http://u:hunter2@host"),
              "url must look like redis://[user:password@]host[:port][/db], got 'http://u:***@host'");
    EXPECT_EQ(parse_error("rediss://u:hunter2@host"),
              "url must start with redis:// (TLS is not supported), got 'rediss://u:***@host'");
    EXPECT_EQ(parse_error("redis://u:hunter2@host:99999"),
              "url needs a port from 1 to 65535, got 'redis://u:***@host:99999'");
    EXPECT_EQ(parse_error("redis://u:hunter2@host:6379/x"),
              "url needs a database number after the /, got 'redis://u:***@host:6379/x'");
    EXPECT_EQ(parse_error("redis://u:hunter2@"), "url needs a host, got 'redis://u:***@'");
    EXPECT_EQ(parse_error("redis://u:bad%zz@host"),
              "url has a malformed %-escape in the password, got 'redis://u:***@host'");
    EXPECT_EQ(parse_error("redis://host:"), "url has an empty port, got 'redis://host:'");
}

TEST(RedisUrlTest, RedactKeepsTextWithoutPassword) {
    EXPECT_EQ(RedisUrl::redact("redis://host:6379"), "redis://host:6379");
    EXPECT_EQ(RedisUrl::redact("redis://a:p@ss@host"), "redis://a:***@host");
    EXPECT_EQ(RedisUrl::redact("not a url"), "not a url");
}

}  // namespace
}  // namespace weir

// One connection to a Redis server through hiredis: connect with a timeout, AUTH, SELECT, commands.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/redis/redis_url.h"

struct redisContext;
struct redisReply;

namespace weir {

struct ReplyArenaPool;

// Contract: every method throws WeirError(ErrorKind::Io) with one sentence naming the redacted
// address (never the password) when the connection fails, times out or is closed by the server; a
// connection that failed once is unusable (create a new one). Error replies are returned as replies
// by command()/read_reply() and thrown by checked(). Not thread-safe.
// Replies are ordinary redisReply trees, but each one is built in a reused memory arena of the
// connection (no malloc per element, one release per reply); a Reply may outlive its connection. Every
// string in a reply is followed by at least kReadableAfterString readable bytes (simdjson's padding),
// so its text can be parsed in place.
class RedisConnection {
public:
    struct ReplyDeleter {
        void operator()(redisReply *reply) const;
    };
    using Reply = std::unique_ptr<redisReply, ReplyDeleter>;
    static constexpr size_t kReadableAfterString = 64;

    // Connects within `timeout_ms` (also the limit for each reply afterwards), retrying a refused or
    // timed-out connection with growing pauses (100 ms doubling up to 2 s) for up to `retry_for_us`,
    // then sends AUTH (when the url has a password) and SELECT (when db != 0), which are not retried.
    // `purpose` names the user of the connection in messages ("source `weather`").
    static std::unique_ptr<RedisConnection> open(const RedisUrl &url, int timeout_ms, int64_t retry_for_us,
                                                 const std::string &purpose);
    // One connection attempt, without AUTH/SELECT (see open()).
    RedisConnection(const RedisUrl &url, int timeout_ms, std::string purpose);
    ~RedisConnection();
    RedisConnection(const RedisConnection &) = delete;
    RedisConnection &operator=(const RedisConnection &) = delete;

    // Sends one command and waits for its reply (possibly an error reply).
    Reply command(const std::vector<std::string> &args);
    // As command(), but an error reply becomes WeirError(ErrorKind::Io) "Redis refused <NAME> for
    // <purpose> at <address>: <server message>".
    Reply checked(const std::vector<std::string> &args);
    // Pipelining: queue commands with append(), send them and read their replies in order with
    // read_reply() (one call per appended command).
    void append(const std::vector<std::string> &args);
    void append(const std::string_view *args, size_t count);
    Reply read_reply();
    // read_reply(), with an error reply thrown as by checked() (`name`: the command's name).
    Reply read_checked(const char *name);
    // Changes the per-reply timeout (e.g. longer than an XREADGROUP BLOCK).
    void set_timeout(int timeout_ms);

    // The error text of an error reply, else empty.
    static std::string error_text(const redisReply &reply);
    const std::string &address() const { return address_; }

private:
    void authenticate(const RedisUrl &url);
    [[noreturn]] void fail(const std::string &doing);

    redisContext *context_ = nullptr;
    std::shared_ptr<ReplyArenaPool> arenas_;
    std::string address_;  // redacted
    std::string purpose_;
    std::vector<const char *> argv_;
    std::vector<size_t> lengths_;
};

}  // namespace weir

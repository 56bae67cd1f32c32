// The hiredis calls behind RedisConnection, with errors turned into clear sentences.
#include "connectors/redis/redis_connection.h"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include "common/weir_error.h"

namespace weir {
namespace {

timeval to_timeval(int timeout_ms) {
    timeval tv;
    tv.tv_sec = timeout_ms / 1000;
    tv.tv_usec = (timeout_ms % 1000) * 1000;
    return tv;
}

std::string upper(std::string text) {
    for (char &c : text) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return text;
}

}  // namespace

void RedisConnection::ReplyDeleter::operator()(redisReply *reply) const {
    if (reply) freeReplyObject(reply);
}

RedisConnection::RedisConnection(const RedisUrl &url, int timeout_ms, std::string purpose)
    : address_(url.redacted()), purpose_(std::move(purpose)) {
    context_ = redisConnectWithTimeout(url.host.c_str(), url.port, to_timeval(timeout_ms));
    if (context_ == nullptr) {
        throw WeirError(ErrorKind::Io, "cannot connect to Redis at " + address_ + " for " + purpose_ +
                                           ": out of memory");
    }
    try {
        if (context_->err) fail("connect");
        set_timeout(timeout_ms);
    } catch (...) {
        redisFree(context_);
        context_ = nullptr;
        throw;
    }
}

std::unique_ptr<RedisConnection> RedisConnection::open(const RedisUrl &url, int timeout_ms, int64_t retry_for_us,
                                                       const std::string &purpose) {
    auto start = std::chrono::steady_clock::now();
    auto deadline = start + std::chrono::microseconds(retry_for_us);
    auto pause = std::chrono::milliseconds(100);
    int attempts = 0;
    while (true) {
        attempts++;
        try {
            auto connection = std::make_unique<RedisConnection>(url, timeout_ms, purpose);
            connection->authenticate(url);
            return connection;
        } catch (const WeirError &error) {
            bool refused = std::string(error.what()).rfind("cannot connect", 0) == 0;
            if (!refused) throw;
            if (std::chrono::steady_clock::now() + pause > deadline) {
                if (attempts == 1) throw;
                auto seconds = std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::steady_clock::now() - start).count() / 1000.0;
                char spent[32];
                std::snprintf(spent, sizeof spent, "%.1f", seconds);
                throw WeirError(ErrorKind::Io, std::string(error.what()) + " (gave up after " +
                                                   std::to_string(attempts) + " attempts in " + spent + " s)");
            }
        }
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::milliseconds(2000));
    }
}

void RedisConnection::authenticate(const RedisUrl &url) {
    if (!url.password.empty()) {
        std::vector<std::string> auth = {"AUTH"};
        if (!url.user.empty()) auth.push_back(url.user);
        auth.push_back(url.password);
        Reply reply = command(auth);
        if (reply->type == REDIS_REPLY_ERROR) {
            throw WeirError(ErrorKind::Io, "Redis at " + address_ + " rejected the credentials of " + purpose_ + ": " +
                                               error_text(*reply) + "; check the user and password in the url");
        }
    }
    if (url.db != 0) checked({"SELECT", std::to_string(url.db)});
}

RedisConnection::~RedisConnection() {
    if (context_) redisFree(context_);
}

void RedisConnection::fail(const std::string &doing) {
    std::string reason = context_ && context_->errstr[0] ? context_->errstr : "connection lost";
    bool timed_out = context_ && context_->err == REDIS_ERR_IO &&
                     (reason.find("timed out") != std::string::npos ||
                      reason.find("Resource temporarily unavailable") != std::string::npos);
    if (timed_out) reason = "no answer in time";
    std::string message = doing == "connect" ? "cannot connect to Redis at " + address_ + " for " + purpose_
                                             : "lost the connection to Redis at " + address_ + " for " + purpose_ +
                                                   " during " + doing;
    throw WeirError(ErrorKind::Io, message + ": " + reason + "; check that the server runs and the url is right");
}

void RedisConnection::set_timeout(int timeout_ms) {
    if (redisSetTimeout(context_, to_timeval(timeout_ms)) != REDIS_OK) fail("setup");
}

void RedisConnection::append(const std::vector<std::string> &args) {
    argv_.clear();
    lengths_.clear();
    for (const auto &arg : args) {
        argv_.push_back(arg.data());
        lengths_.push_back(arg.size());
    }
    if (redisAppendCommandArgv(context_, static_cast<int>(argv_.size()), argv_.data(), lengths_.data()) != REDIS_OK) {
        fail(args.empty() ? "a command" : upper(args[0]));
    }
}

RedisConnection::Reply RedisConnection::read_reply() {
    void *raw = nullptr;
    if (redisGetReply(context_, &raw) != REDIS_OK || raw == nullptr) fail("a reply");
    return Reply(static_cast<redisReply *>(raw));
}

RedisConnection::Reply RedisConnection::command(const std::vector<std::string> &args) {
    append(args);
    return read_reply();
}

RedisConnection::Reply RedisConnection::checked(const std::vector<std::string> &args) {
    Reply reply = command(args);
    if (reply->type == REDIS_REPLY_ERROR) {
        throw WeirError(ErrorKind::Io, "Redis refused " + upper(args.empty() ? "" : args[0]) + " for " + purpose_ +
                                           " at " + address_ + ": " + error_text(*reply));
    }
    return reply;
}

std::string RedisConnection::error_text(const redisReply &reply) {
    if (reply.type != REDIS_REPLY_ERROR) return "";
    return std::string(reply.str, reply.len);
}

}  // namespace weir

// The hiredis calls behind RedisConnection, with errors turned into clear sentences.
#include "connectors/redis/redis_connection.h"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
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

// Memory for one reply tree: blocks of growing size, kept when the arena is reused.
struct ReplyArena {
    static constexpr size_t kFirstBlock = 4096;
    static constexpr size_t kLargestBlock = 1 << 20;

    // 8-aligned; at least `readable_after` bytes of the block follow the allocation.
    char *allocate(size_t bytes, size_t readable_after) {
        bytes = (bytes + 7) & ~static_cast<size_t>(7);
        while (true) {
            if (block < blocks.size()) {
                Block &current = blocks[block];
                if (used + bytes + readable_after <= current.size) {
                    char *at = current.data.get() + used;
                    used += bytes;
                    return at;
                }
                if (block + 1 < blocks.size()) {
                    block++;
                    used = 0;
                    continue;
                }
            }
            size_t size = blocks.empty() ? kFirstBlock : std::min(blocks.back().size * 2, kLargestBlock);
            size = std::max(size, bytes + readable_after);
            blocks.push_back(Block{std::unique_ptr<char[]>(new char[size]), size});
            capacity += size;
            block = blocks.size() - 1;
            used = 0;
        }
    }

    struct Block {
        std::unique_ptr<char[]> data;
        size_t size = 0;
    };
    std::vector<Block> blocks;
    size_t block = 0;
    size_t used = 0;
    size_t capacity = 0;
    std::shared_ptr<ReplyArenaPool> pool;  // set while a reply lives in the arena
};

// Arenas of released replies, for the next replies of the connection.
struct ReplyArenaPool : std::enable_shared_from_this<ReplyArenaPool> {
    static constexpr size_t kPooled = 4;
    static constexpr size_t kLargestPooled = size_t(32) << 20;

    ReplyArena *take() {
        ReplyArena *arena;
        if (free.empty()) {
            arena = new ReplyArena();
        } else {
            arena = free.back().release();
            free.pop_back();
        }
        arena->block = 0;
        arena->used = 0;
        arena->pool = shared_from_this();
        return arena;
    }

    static void release(ReplyArena *arena) {
        std::shared_ptr<ReplyArenaPool> pool = std::move(arena->pool);
        if (pool && pool->free.size() < kPooled && arena->capacity <= kLargestPooled) {
            pool->free.emplace_back(arena);
        } else {
            delete arena;
        }
    }

    std::vector<std::unique_ptr<ReplyArena>> free;
};

namespace {

// The top of a reply tree: the first object allocated in its arena.
struct ArenaReply {
    redisReply reply;
    ReplyArena *arena;
};

// Creates an object of the reader's current task in the arena of its tree (a new arena for a top-level
// reply) and links it into its parent array, as hiredis' own functions do.
redisReply *create_object(const redisReadTask *task, int type, ReplyArena *&arena) {
    redisReply *object;
    if (task->parent == nullptr) {
        arena = static_cast<ReplyArenaPool *>(task->privdata)->take();
        auto *top = reinterpret_cast<ArenaReply *>(arena->allocate(sizeof(ArenaReply), 0));
        top->arena = arena;
        object = &top->reply;
    } else {
        const redisReadTask *root = task->parent;
        while (root->parent != nullptr) root = root->parent;
        arena = reinterpret_cast<ArenaReply *>(root->obj)->arena;
        object = reinterpret_cast<redisReply *>(arena->allocate(sizeof(redisReply), 0));
        auto *parent = static_cast<redisReply *>(task->parent->obj);
        parent->element[task->idx] = object;
    }
    std::memset(static_cast<void *>(object), 0, sizeof(redisReply));
    object->type = type;
    return object;
}

void *create_string(const redisReadTask *task, char *text, size_t length) {
    ReplyArena *arena = nullptr;
    redisReply *object = create_object(task, task->type, arena);
    char *copy = arena->allocate(length + 1, RedisConnection::kReadableAfterString);
    std::memcpy(copy, text, length);
    copy[length] = '\0';
    object->str = copy;
    object->len = length;
    return object;
}

void *create_array(const redisReadTask *task, int elements) {
    ReplyArena *arena = nullptr;
    redisReply *object = create_object(task, REDIS_REPLY_ARRAY, arena);
    if (elements > 0) {
        size_t bytes = static_cast<size_t>(elements) * sizeof(redisReply *);
        object->element = reinterpret_cast<redisReply **>(arena->allocate(bytes, 0));
        std::memset(static_cast<void *>(object->element), 0, bytes);
    }
    object->elements = static_cast<size_t>(elements);
    return object;
}

void *create_integer(const redisReadTask *task, long long value) {
    ReplyArena *arena = nullptr;
    redisReply *object = create_object(task, REDIS_REPLY_INTEGER, arena);
    object->integer = value;
    return object;
}

void *create_nil(const redisReadTask *task) {
    ReplyArena *arena = nullptr;
    return create_object(task, REDIS_REPLY_NIL, arena);
}

// hiredis calls it for the top of a reply it abandons.
void free_object(void *reply) {
    if (reply) ReplyArenaPool::release(reinterpret_cast<ArenaReply *>(reply)->arena);
}

redisReplyObjectFunctions arena_functions = {create_string, create_array, create_integer, create_nil, free_object};

}  // namespace

void RedisConnection::ReplyDeleter::operator()(redisReply *reply) const { free_object(reply); }

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
        arenas_ = std::make_shared<ReplyArenaPool>();
        context_->reader->fn = &arena_functions;
        context_->reader->privdata = arenas_.get();
        context_->reader->maxbuf = 0;  // keep the read buffer instead of regrowing it for every large reply
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

void RedisConnection::append(const std::string_view *args, size_t count) {
    argv_.clear();
    lengths_.clear();
    for (size_t i = 0; i < count; i++) {
        argv_.push_back(args[i].data());
        lengths_.push_back(args[i].size());
    }
    if (redisAppendCommandArgv(context_, static_cast<int>(argv_.size()), argv_.data(), lengths_.data()) != REDIS_OK) {
        fail(count == 0 ? "a command" : upper(std::string(args[0])));
    }
}

RedisConnection::Reply RedisConnection::read_checked(const char *name) {
    Reply reply = read_reply();
    if (reply->type == REDIS_REPLY_ERROR) {
        throw WeirError(ErrorKind::Io, "Redis refused " + upper(name) + " for " + purpose_ + " at " + address_ + ": " +
                                           error_text(*reply));
    }
    return reply;
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

// weir_bench_redis_loader: fills a Redis stream with JSON lines for the connector benchmark.
#include <hiredis/hiredis.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

// Usage: weir_bench_redis_loader HOST PORT STREAM FILE EVENTS — deletes STREAM, then appends EVENTS
// entries `payload <line>` (the lines of FILE, cycling) with pipelined XADD, and prints the stream length.
int main(int argc, char **argv) {
    if (argc != 6) {
        std::fprintf(stderr, "usage: weir_bench_redis_loader HOST PORT STREAM FILE EVENTS\n");
        return 2;
    }
    std::ifstream file(argv[4]);
    std::vector<std::string> lines;
    for (std::string line; std::getline(file, line);) {
        if (!line.empty()) lines.push_back(line);
    }
    long long events = std::atoll(argv[5]);
    if (lines.empty() || events < 1) {
        std::fprintf(stderr, "weir_bench_redis_loader: no lines in %s or no events\n", argv[4]);
        return 2;
    }
    redisContext *context = redisConnect(argv[1], std::atoi(argv[2]));
    if (!context || context->err) {
        std::fprintf(stderr, "weir_bench_redis_loader: cannot connect: %s\n", context ? context->errstr : "out of memory");
        return 1;
    }
    const char *stream = argv[3];
    freeReplyObject(redisCommand(context, "DEL %s", stream));
    const long long pipeline = 1000;
    for (long long sent = 0; sent < events;) {
        long long chunk = std::min(pipeline, events - sent);
        for (long long i = 0; i < chunk; i++) {
            const std::string &line = lines[(sent + i) % lines.size()];
            const char *args[] = {"XADD", stream, "*", "payload", line.data()};
            size_t lengths[] = {4, std::string(stream).size(), 1, 7, line.size()};
            redisAppendCommandArgv(context, 5, args, lengths);
        }
        for (long long i = 0; i < chunk; i++) {
            void *reply = nullptr;
            if (redisGetReply(context, &reply) != REDIS_OK || !reply ||
                static_cast<redisReply *>(reply)->type == REDIS_REPLY_ERROR) {
                std::fprintf(stderr, "weir_bench_redis_loader: XADD failed: %s\n",
                             reply ? static_cast<redisReply *>(reply)->str : context->errstr);
                return 1;
            }
            freeReplyObject(reply);
        }
        sent += chunk;
    }
    redisReply *length = static_cast<redisReply *>(redisCommand(context, "XLEN %s", stream));
    std::printf("%lld\n", length && length->type == REDIS_REPLY_INTEGER ? length->integer : -1LL);
    freeReplyObject(length);
    redisFree(context);
    return 0;
}

// weir_bench_redis_bare: a bare hiredis XREADGROUP COUNT loop, the peer of weir's Redis source in the benchmark.
#include <hiredis/hiredis.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace {

double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double peak_rss_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;
}

redisReply *command(redisContext *context, const std::vector<std::string> &words) {
    std::vector<const char *> args;
    std::vector<size_t> lengths;
    for (const std::string &word : words) {
        args.push_back(word.data());
        lengths.push_back(word.size());
    }
    void *reply = redisCommandArgv(context, static_cast<int>(args.size()), args.data(), lengths.data());
    if (!reply) {
        std::fprintf(stderr, "weir_bench_redis_bare: %s failed: %s\n", words[0].c_str(), context->errstr);
        std::exit(1);
    }
    auto *typed = static_cast<redisReply *>(reply);
    if (typed->type == REDIS_REPLY_ERROR) {
        std::fprintf(stderr, "weir_bench_redis_bare: %s failed: %s\n", words[0].c_str(), typed->str);
        std::exit(1);
    }
    return typed;
}

// Parses a stream id "ms-seq".
std::pair<uint64_t, uint64_t> parse_id(const char *id) {
    uint64_t ms = 0, seq = 0;
    for (; *id >= '0' && *id <= '9'; id++) ms = ms * 10 + static_cast<uint64_t>(*id - '0');
    if (*id == '-') id++;
    for (; *id >= '0' && *id <= '9'; id++) seq = seq * 10 + static_cast<uint64_t>(*id - '0');
    return {ms, seq};
}

}  // namespace

// Usage: weir_bench_redis_bare HOST PORT STREAM GROUP COUNT ack|noack — creates consumer group GROUP at
// the start of STREAM, notes the last entry id (XREVRANGE + - COUNT 1, as weir's source with stop =
// 'latest'), then loops XREADGROUP GROUP GROUP bare COUNT COUNT STREAMS STREAM > up to that id, summing the
// bytes of each entry's `payload` value so each one is touched; with `ack`, XACKs each batch's ids
// after reading it (weir's source acknowledges everything it read when the job ends). Prints "events
// cpu_seconds wall_seconds peak_rss_mb payload_bytes checksum".
int main(int argc, char **argv) {
    if (argc != 7) {
        std::fprintf(stderr, "usage: weir_bench_redis_bare HOST PORT STREAM GROUP COUNT ack|noack\n");
        return 2;
    }
    std::string stream = argv[3], group = argv[4], count = argv[5];
    bool ack = std::strcmp(argv[6], "ack") == 0;
    double cpu_before = cpu_seconds();
    auto start = std::chrono::steady_clock::now();
    redisContext *context = redisConnect(argv[1], std::atoi(argv[2]));
    if (!context || context->err) {
        std::fprintf(stderr, "weir_bench_redis_bare: cannot connect: %s\n", context ? context->errstr : "out of memory");
        return 1;
    }
    freeReplyObject(command(context, {"XGROUP", "CREATE", stream, group, "0", "MKSTREAM"}));
    redisReply *last = command(context, {"XREVRANGE", stream, "+", "-", "COUNT", "1"});
    bool empty = !(last->type == REDIS_REPLY_ARRAY && last->elements > 0);
    std::pair<uint64_t, uint64_t> end_id{0, 0};
    if (!empty) end_id = parse_id(last->element[0]->element[0]->str);
    freeReplyObject(last);

    long long events = 0, bytes = 0;
    uint64_t checksum = 0;
    std::vector<std::string> read_words = {"XREADGROUP", "GROUP", group, "bare", "COUNT", count, "STREAMS", stream, ">"};
    std::vector<std::string> ack_words;
    bool done = empty;
    while (!done) {
        redisReply *reply = command(context, read_words);
        if (reply->type != REDIS_REPLY_ARRAY || reply->elements == 0) {
            freeReplyObject(reply);
            break;
        }
        redisReply *entries = reply->element[0]->element[1];
        size_t end = entries->elements;
        if (end == 0) done = true;
        // Ids ascend: only a batch whose last id is at or past the end id needs a closer look.
        if (end > 0 && parse_id(entries->element[end - 1]->element[0]->str) >= end_id) {
            done = true;
            while (end > 0 && parse_id(entries->element[end - 1]->element[0]->str) > end_id) end--;
        }
        if (ack) ack_words.assign({"XACK", stream, group});
        for (size_t e = 0; e < end; e++) {
            redisReply *entry = entries->element[e];
            const char *id = entry->element[0]->str;
            redisReply *fields = entry->element[1];
            for (size_t f = 0; f + 1 < fields->elements; f += 2) {
                if (std::strcmp(fields->element[f]->str, "payload") != 0) continue;
                const unsigned char *payload = reinterpret_cast<const unsigned char *>(fields->element[f + 1]->str);
                size_t length = fields->element[f + 1]->len;
                uint64_t sum = 0;
                for (size_t i = 0; i < length; i++) sum += payload[i];
                checksum += sum;
                bytes += static_cast<long long>(length);
            }
            events++;
            if (ack) ack_words.emplace_back(id, entry->element[0]->len);
        }
        freeReplyObject(reply);
        if (ack && ack_words.size() > 3) freeReplyObject(command(context, ack_words));
    }
    redisFree(context);
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double cpu = cpu_seconds() - cpu_before;
    std::printf("%lld %.4f %.4f %.1f %lld %llu\n", events, cpu, wall, peak_rss_mb(), bytes, (unsigned long long)checksum);
    return 0;
}

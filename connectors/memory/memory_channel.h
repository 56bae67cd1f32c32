// The pipe between a host program pushing JSON lines and the queries reading a 'memory' source.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace weir {

// One per memory source, owned by the engine; thread-safe (docs/semantics.md#queries-jobs-and-memory-sources):
// each reader (a running query) receives every line pushed after it subscribed;
// lines pushed while no reader exists are buffered (at most max_buffered lines) and handed to the
// next reader that subscribes. After end(), readers drain what they hold and then see End; a reader
// subscribing after end() gets the buffered lines and then End. Lines are numbered from 1 in push
// order (positions "memory:<n>").
class MemoryChannel {
public:
    static constexpr size_t kDefaultMaxBuffered = 1000000;

    explicit MemoryChannel(std::string source_name, size_t max_buffered = kDefaultMaxBuffered);

    // Splits `json_lines` on '\n' (a trailing '\r' is dropped, blank lines are ignored) and delivers
    // the lines. Throws WeirError(Misuse) after end(), or when no reader exists and the buffer would
    // exceed max_buffered ("memory source `readings` buffer is full (1000000 lines); start a query that
    // reads it"); then nothing of this call is kept.
    void push(std::string_view json_lines);
    // Marks the input complete: sources reading it become bounded and end after draining.
    void end();
    bool ended() const;

    struct Line {
        uint64_t number;
        std::string text;
    };
    // A subscription; opaque to readers except through the channel's methods.
    struct Reader {
        std::deque<Line> lines;
    };
    enum class TakeResult { Lines, Empty, End };

    // Registers a new reader (receiving the buffered lines, if any).
    std::shared_ptr<Reader> subscribe();
    // Stops delivery to `reader`; its undelivered lines are dropped.
    void unsubscribe(const std::shared_ptr<Reader> &reader);
    // Moves up to `max` lines of `reader` into `out` (cleared first). End once ended and drained.
    TakeResult take(Reader &reader, std::vector<Line> &out, size_t max);
    // Blocks until `reader` has lines, the channel ends, or `timeout_ms` passes.
    void wait(Reader &reader, int timeout_ms);

    const std::string &source_name() const { return name_; }
    size_t buffered() const;

private:
    std::string name_;
    size_t max_buffered_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<std::shared_ptr<Reader>> readers_;
    std::deque<Line> buffer_;
    uint64_t next_number_ = 1;
    bool ended_ = false;
};

}  // namespace weir

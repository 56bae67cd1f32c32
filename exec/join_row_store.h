// The rows one side of a join keeps: chunks of copied rows, a hash index on the join keys, expiry by time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <queue>
#include <unordered_map>
#include <vector>

#include "common/batch.h"
#include "common/state_reader.h"
#include "common/state_writer.h"

namespace weir {

// Rows are added a batch at a time (copied, strings included, into a chunk of their own) with the
// hash of their key columns and their time (for expiry). A row is found again by its key hash
// (the caller compares the keys), or by walking all rows. expire(t) removes the rows whose time is
// below t, oldest first, calling back for each before it goes; a chunk is freed when its last row
// goes, so memory follows the rows kept. Each row has a `matched` flag for outer joins.
// Not thread-safe.
class JoinRowStore {
public:
    struct Ref {
        uint32_t chunk = 0;
        uint32_t row = 0;
    };

    // `time_column`: the column expire() compares (none: rows are never expired).
    explicit JoinRowStore(std::optional<size_t> time_column = std::nullopt) : time_column_(time_column) {}

    // Copies `rows` (physical indexes into batch) with their key hashes and matched flags.
    void add(const Batch &batch, const std::vector<uint32_t> &rows, const std::vector<uint64_t> &hashes,
             const std::vector<uint8_t> &matched);
    // The stored rows whose key hash is `hash` (may hold stale entries of other keys: compare).
    const std::vector<Ref> *bucket(uint64_t hash) const;
    // Calls f(ref) for every stored row.
    template <typename F>
    void for_each(F f) const {
        for (const auto &[id, chunk] : chunks_) {
            for (uint32_t row = 0; row < chunk->alive.size(); row++) {
                if (chunk->alive[row]) f(Ref{id, row});
            }
        }
    }
    const Batch &rows(Ref ref) const { return chunks_.at(ref.chunk)->rows; }
    bool matched(Ref ref) const { return chunks_.at(ref.chunk)->matched[ref.row] != 0; }
    void set_matched(Ref ref) { chunks_.at(ref.chunk)->matched[ref.row] = 1; }
    // Removes every row with time < `threshold`, smallest time first, calling on_expired(ref) just before.
    template <typename F>
    void expire(int64_t threshold, F on_expired) {
        while (!expiry_.empty() && expiry_.top().time < threshold) {
            Ref ref = expiry_.top().ref;
            expiry_.pop();
            on_expired(ref);
            remove(ref);
        }
    }
    // The smallest time of a stored row, or nullopt when there is none (or no time column).
    std::optional<int64_t> min_time() const;
    size_t size() const { return size_; }

    void snapshot(StateWriter &out) const;
    void restore(StateReader &in);

private:
    struct Chunk {
        Batch rows;
        std::vector<uint64_t> hashes;
        std::vector<uint8_t> matched;
        std::vector<uint8_t> alive;
        size_t live = 0;
    };
    struct Pending {
        int64_t time;
        Ref ref;
        bool operator>(const Pending &other) const { return time > other.time; }
    };
    void remove(Ref ref);

    std::optional<size_t> time_column_;
    std::unordered_map<uint32_t, std::unique_ptr<Chunk>> chunks_;
    std::unordered_map<uint64_t, std::vector<Ref>> index_;
    std::priority_queue<Pending, std::vector<Pending>, std::greater<Pending>> expiry_;
    uint32_t next_chunk_ = 0;
    size_t size_ = 0;
};

}  // namespace weir

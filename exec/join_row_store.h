// The rows one side of a join keeps: chunks of copied rows, a hash index on the join keys, expiry by time.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "common/batch.h"
#include "common/state_reader.h"
#include "common/state_writer.h"

namespace weir {

// Rows are added a batch at a time (copied, strings included, into a chunk of their own) with the
// hash of their key columns and their time (for expiry). A row is found again by its key hash
// (for_each_match; the caller compares the keys), or by walking all rows. expire(t) removes the
// rows whose time is below t, calling back for each before it goes; a chunk is freed when its last
// row goes, so memory follows the rows kept. Each row has a `matched` flag for outer joins.
// The index is an open-addressing table of (hash, row) slots; a removed row's slot stays until the
// table is rebuilt (when live and removed slots fill 70 % of it), so adding, finding and expiring a
// row cost O(1) amortized and allocate nothing per row. Not thread-safe.
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
    // Calls f(ref) for every stored row whose key hash is `hash` (compare the keys: hashes collide).
    template <typename F>
    void for_each_match(uint64_t hash, F f) const {
        if (slots_.empty()) return;
        for (size_t pos = slot_of(hash); slots_[pos].used; pos = (pos + 1) & (slots_.size() - 1)) {
            const Slot &slot = slots_[pos];
            if (slot.hash == hash && alive(slot.ref)) f(slot.ref);
        }
    }
    // Calls f(ref) for every stored row, oldest chunk first.
    template <typename F>
    void for_each(F f) const {
        for (size_t c = 0; c < chunks_.size(); c++) {
            const Chunk *chunk = chunks_[c].get();
            if (!chunk) continue;
            for (uint32_t row = 0; row < chunk->alive.size(); row++) {
                if (chunk->alive[row]) f(Ref{static_cast<uint32_t>(first_chunk_ + c), row});
            }
        }
    }
    const Batch &rows(Ref ref) const { return chunk(ref).rows; }
    bool matched(Ref ref) const { return chunk(ref).matched[ref.row] != 0; }
    void set_matched(Ref ref) { chunk(ref).matched[ref.row] = 1; }
    // Removes every row with time < `threshold`, calling on_expired(ref) just before each goes
    // (within a chunk in row order, chunks oldest first).
    template <typename F>
    void expire(int64_t threshold, F on_expired) {
        for (size_t c = 0; c < chunks_.size(); c++) {
            Chunk *chunk = chunks_[c].get();
            if (!chunk || chunk->min_time >= threshold) continue;
            int64_t remaining = kNoTime;
            for (uint32_t row = 0; row < chunk->times.size(); row++) {
                if (!chunk->alive[row]) continue;
                if (chunk->times[row] >= threshold) {
                    remaining = std::min(remaining, chunk->times[row]);
                    continue;
                }
                Ref ref{static_cast<uint32_t>(first_chunk_ + c), row};
                on_expired(ref);
                kill(*chunk, row);
            }
            chunk->min_time = remaining;
        }
        release_chunks();
    }
    // The smallest time of a stored row, or nullopt when there is none (or no time column).
    std::optional<int64_t> min_time() const;
    size_t size() const { return size_; }

    void snapshot(StateWriter &out) const;
    void restore(StateReader &in);

private:
    static constexpr int64_t kNoTime = INT64_MAX;
    struct Chunk {
        Batch rows;
        std::vector<uint64_t> hashes;
        std::vector<uint8_t> matched;
        std::vector<uint8_t> alive;
        std::vector<int64_t> times;  // only with a time column
        int64_t min_time = kNoTime;  // of its live rows
        size_t live = 0;
    };
    const Chunk &chunk(Ref ref) const { return *chunks_[ref.chunk - first_chunk_]; }
    Chunk &chunk(Ref ref) { return *chunks_[ref.chunk - first_chunk_]; }
    bool alive(Ref ref) const {
        if (ref.chunk < first_chunk_ || ref.chunk - first_chunk_ >= chunks_.size()) return false;
        const Chunk *chunk = chunks_[ref.chunk - first_chunk_].get();
        return chunk && chunk->alive[ref.row];
    }
    struct Slot {
        uint64_t hash = 0;
        Ref ref;
        bool used = false;
    };
    size_t slot_of(uint64_t hash) const { return (hash * 0x9E3779B97F4A7C15ULL) >> shift_; }
    void index(uint64_t hash, Ref ref);
    // A table of at least twice the live rows, holding only them.
    void rebuild_index(size_t live);
    void kill(Chunk &chunk, uint32_t row);
    // Frees the chunks whose rows are all gone (their memory returns at once).
    void release_chunks();

    std::optional<size_t> time_column_;
    std::deque<std::unique_ptr<Chunk>> chunks_;  // chunk id first_chunk_ + i; null once freed
    uint32_t first_chunk_ = 0;
    std::vector<Slot> slots_;  // a power of two long
    int shift_ = 64;           // 64 - log2(slots_.size())
    size_t used_slots_ = 0;    // live and removed rows
    size_t size_ = 0;
};

}  // namespace weir

// Storing, finding and expiring the rows of one join side.
#include "exec/join_row_store.h"

#include <algorithm>

#include "common/weir_error.h"
#include "exec/column_gather.h"

namespace weir {

void JoinRowStore::add(const Batch &batch, const std::vector<uint32_t> &rows, const std::vector<uint64_t> &hashes,
                       const std::vector<uint8_t> &matched) {
    if (rows.empty()) return;
    auto chunk = std::make_unique<Chunk>();
    Batch &copy = chunk->rows;
    copy.columns.resize(batch.columns.size());
    StringArena &arena = copy.arena();
    for (size_t c = 0; c < batch.columns.size(); c++) {
        copy.columns[c].reset(batch.columns[c].type(), rows.size());
        ColumnGather::gather(batch.columns[c], rows.data(), rows.size(), copy.columns[c], 0, &arena);
    }
    copy.set_size(rows.size());
    chunk->hashes = hashes;
    chunk->matched = matched;
    chunk->alive.assign(rows.size(), 1);
    chunk->live = rows.size();
    if (time_column_) {
        const ColumnVector &times = copy.columns[*time_column_];
        chunk->times.resize(rows.size());
        for (uint32_t row = 0; row < rows.size(); row++) {
            chunk->times[row] = times.is_null(row) ? kWatermarkMin : times.ints()[row];
            chunk->min_time = std::min(chunk->min_time, chunk->times[row]);
        }
    }
    uint32_t id = first_chunk_ + static_cast<uint32_t>(chunks_.size());
    size_ += rows.size();
    chunks_.push_back(std::move(chunk));
    for (uint32_t row = 0; row < rows.size(); row++) index(hashes[row], Ref{id, row});
}

void JoinRowStore::index(uint64_t hash, Ref ref) {
    if ((used_slots_ + 1) * 10 > slots_.size() * 7) rebuild_index(size_);
    size_t pos = slot_of(hash);
    while (slots_[pos].used) pos = (pos + 1) & (slots_.size() - 1);
    slots_[pos] = Slot{hash, ref, true};
    used_slots_++;
}

void JoinRowStore::rebuild_index(size_t live) {
    size_t capacity = 1024;
    while (capacity < 2 * live + 2) capacity *= 2;
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(capacity, Slot{});
    shift_ = 64;
    for (size_t n = capacity; n > 1; n >>= 1) shift_--;
    used_slots_ = 0;
    for (const Slot &slot : old) {
        if (!slot.used || !alive(slot.ref)) continue;
        size_t pos = slot_of(slot.hash);
        while (slots_[pos].used) pos = (pos + 1) & (slots_.size() - 1);
        slots_[pos] = slot;
        used_slots_++;
    }
}

void JoinRowStore::kill(Chunk &chunk, uint32_t row) {
    chunk.alive[row] = 0;
    chunk.live--;
    size_--;
}

void JoinRowStore::release_chunks() {
    for (auto &chunk : chunks_) {
        if (chunk && chunk->live == 0) chunk.reset();
    }
    while (!chunks_.empty() && !chunks_.front()) {
        chunks_.pop_front();
        first_chunk_++;
    }
}

std::optional<int64_t> JoinRowStore::min_time() const {
    if (!time_column_) return std::nullopt;
    int64_t lowest = kNoTime;
    for (const auto &chunk : chunks_) {
        if (chunk && chunk->live > 0) lowest = std::min(lowest, chunk->min_time);
    }
    if (lowest == kNoTime) return std::nullopt;
    return lowest;
}

void JoinRowStore::snapshot(StateWriter &out) const {
    out.write_tag("join-rows");
    size_t live_chunks = 0;
    for (const auto &chunk : chunks_) live_chunks += chunk ? 1 : 0;
    out.write_u64(live_chunks);
    // Oldest first, so a restored store expires and emits in the same order.
    for (const auto &chunk : chunks_) {
        if (!chunk) continue;
        out.write_batch(chunk->rows);
        for (size_t row = 0; row < chunk->alive.size(); row++) {
            out.write_u8(static_cast<uint8_t>(chunk->alive[row] | (chunk->matched[row] << 1)));
            out.write_u64(chunk->hashes[row]);
        }
    }
}

void JoinRowStore::restore(StateReader &in) {
    in.expect_tag("join-rows");
    size_t count = in.read_count();
    for (size_t c = 0; c < count; c++) {
        Batch batch = in.read_batch();
        std::vector<uint32_t> rows;
        std::vector<uint64_t> hashes;
        std::vector<uint8_t> matched;
        for (uint32_t row = 0; row < batch.size(); row++) {
            uint8_t flags = in.read_u8();
            uint64_t hash = in.read_u64();
            if (!(flags & 1)) continue;
            rows.push_back(row);
            hashes.push_back(hash);
            matched.push_back((flags >> 1) & 1);
        }
        if (time_column_ && *time_column_ >= batch.columns.size()) {
            throw WeirError(ErrorKind::Data, "a join's checkpoint holds rows of other columns than the query reads; "
                                             "restore a checkpoint taken by the same query.");
        }
        add(batch, rows, hashes, matched);
    }
}

}  // namespace weir

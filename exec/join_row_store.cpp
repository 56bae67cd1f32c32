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
    uint32_t id = next_chunk_++;
    for (uint32_t row = 0; row < rows.size(); row++) {
        index_[hashes[row]].push_back(Ref{id, row});
        if (time_column_) {
            const ColumnVector &times = copy.columns[*time_column_];
            int64_t time = times.is_null(row) ? kWatermarkMin : times.ints()[row];
            expiry_.push(Pending{time, Ref{id, row}});
        }
    }
    size_ += rows.size();
    chunks_.emplace(id, std::move(chunk));
}

const std::vector<JoinRowStore::Ref> *JoinRowStore::bucket(uint64_t hash) const {
    auto found = index_.find(hash);
    return found == index_.end() ? nullptr : &found->second;
}

void JoinRowStore::remove(Ref ref) {
    auto found = chunks_.find(ref.chunk);
    if (found == chunks_.end() || !found->second->alive[ref.row]) return;
    Chunk &chunk = *found->second;
    chunk.alive[ref.row] = 0;
    size_--;
    auto bucket = index_.find(chunk.hashes[ref.row]);
    if (bucket != index_.end()) {
        auto &refs = bucket->second;
        for (size_t i = 0; i < refs.size(); i++) {
            if (refs[i].chunk == ref.chunk && refs[i].row == ref.row) {
                refs[i] = refs.back();
                refs.pop_back();
                break;
            }
        }
        if (refs.empty()) index_.erase(bucket);
    }
    if (--chunk.live == 0) chunks_.erase(found);
}

std::optional<int64_t> JoinRowStore::min_time() const {
    if (expiry_.empty()) return std::nullopt;
    return expiry_.top().time;
}

void JoinRowStore::snapshot(StateWriter &out) const {
    out.write_tag("join-rows");
    out.write_u64(chunks_.size());
    // In id order, so a restored store expires and emits in the same order.
    std::vector<uint32_t> ids;
    for (const auto &entry : chunks_) ids.push_back(entry.first);
    std::sort(ids.begin(), ids.end());
    for (uint32_t id : ids) {
        const Chunk &chunk = *chunks_.at(id);
        out.write_batch(chunk.rows);
        for (size_t row = 0; row < chunk.alive.size(); row++) {
            out.write_u8(static_cast<uint8_t>(chunk.alive[row] | (chunk.matched[row] << 1)));
            out.write_u64(chunk.hashes[row]);
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

// Buffering of pending rows and deletions for the PostgreSQL sink.
#include "connectors/postgres/postgres_pending_changes.h"

#include "connectors/postgres/postgres_value_encoder.h"

namespace weir {

void PostgresPendingChanges::clear() {
    count_ = 0;
    segments_.clear();
    latest_.clear();
    index_.clear();
}

void PostgresPendingChanges::cells_of(const Batch &batch, size_t row, const std::vector<size_t> &columns, Row &out) {
    out.cells.resize(columns.size());
    out.nulls.resize(columns.size());
    for (size_t i = 0; i < columns.size(); i++) {
        out.nulls[i] = !PostgresValueEncoder::text(batch.columns[columns[i]], row, out.cells[i]);
    }
}

std::string PostgresPendingChanges::key_of(const Batch &batch, size_t row) const {
    // Length-prefixed cells, so ("a,b", "c") and ("a", "b,c") differ, and NULL differs from ''.
    std::string key, cell;
    for (size_t column : key_) {
        if (!PostgresValueEncoder::text(batch.columns[column], row, cell)) {
            key += "N;";
            continue;
        }
        key += std::to_string(cell.size()) + ":" + cell;
    }
    return key;
}

PostgresPendingChanges::Segment &PostgresPendingChanges::segment(SegmentKind kind) {
    if (segments_.empty() || segments_.back().kind != kind) {
        segments_.emplace_back();
        segments_.back().kind = kind;
    }
    return segments_.back();
}

void PostgresPendingChanges::add_rows(const Batch &batch) {
    size_t live = batch.live_count();
    if (!by_key_) {
        Segment &copy = segment(SegmentKind::Copy);
        for (size_t i = 0; i < live; i++) PostgresValueEncoder::append_copy_line(batch, batch.live_row(i), copy.copy_lines);
        copy.rows += live;
        count_ += live;
        return;
    }
    if (all_columns_.size() != batch.columns.size()) {
        all_columns_.clear();
        for (size_t c = 0; c < batch.columns.size(); c++) all_columns_.push_back(c);
    }
    for (size_t i = 0; i < live; i++) {
        size_t row = batch.live_row(i);
        auto [it, inserted] = index_.emplace(key_of(batch, row), latest_.size());
        if (inserted) {
            latest_.emplace_back();
            count_++;
        }
        Row &target = latest_[it->second];
        cells_of(batch, row, all_columns_, target);
        target.deleted = false;
    }
}

void PostgresPendingChanges::add_deletions(const Batch &batch) {
    size_t live = batch.live_count();
    for (size_t i = 0; i < live; i++) {
        size_t row = batch.live_row(i);
        if (!by_key_) {
            Segment &deletions = segment(SegmentKind::Delete);
            deletions.keys.emplace_back();
            cells_of(batch, row, key_, deletions.keys.back());
            deletions.rows++;
            count_++;
            continue;
        }
        auto [it, inserted] = index_.emplace(key_of(batch, row), latest_.size());
        if (inserted) {
            latest_.emplace_back();
            count_++;
        }
        Row &target = latest_[it->second];
        cells_of(batch, row, key_, target);
        target.deleted = true;
    }
}

}  // namespace weir

// Keeping a keyed upsert stream exact under a predicate: failing upserts of present keys become deletes.
#include "exec/changelog_filter_operator.h"

#include "common/weir_error.h"

namespace weir {

namespace {

enum Decision : uint8_t { kDrop = 0, kUpsert = 1, kDelete = 2 };

}  // namespace

ChangelogFilterOperator::ChangelogFilterOperator(const BoundExpr &predicate, std::vector<size_t> key_columns,
                                                 std::vector<TypeId> key_types, std::optional<size_t> window_start)
    : predicate_(predicate),
      key_columns_(std::move(key_columns)),
      key_types_(std::move(key_types)),
      window_start_(window_start) {}

ChangelogFilterOperator::KeySet &ChangelogFilterOperator::key_set(int64_t start, int64_t end) {
    auto it = windows_.find(start);
    if (it != windows_.end()) return it->second;
    KeySet &set = windows_[start];
    set.end = end;
    set.keys = std::make_unique<GroupKeyTable>(key_types_);
    return set;
}

void ChangelogFilterOperator::push(Batch &batch) {
    size_t live = batch.live_count();
    if (live == 0) return;
    live_.resize(live);
    for (size_t i = 0; i < live; i++) live_[i] = batch.live_row(i);
    // Which live rows the predicate holds for (select narrows the selection; walk both in order).
    predicate_.select(batch);
    passes_.assign(batch.size(), 0);
    for (size_t i = 0; i < batch.live_count(); i++) passes_[batch.live_row(i)] = 1;

    // This batch's rows per window (one key set without a window).
    for (auto &window : windows_) window.second.rows.clear();
    const int64_t *starts = window_start_ ? batch.columns[*window_start_].ints() : nullptr;
    const int64_t *ends = window_start_ ? batch.columns[*window_start_ + 1].ints() : nullptr;
    KeySet *last = nullptr;
    int64_t last_start = 0;
    for (uint32_t row : live_) {
        int64_t start = starts ? starts[row] : 0;
        if (!last || start != last_start) {
            last = &key_set(start, ends ? ends[row] : kWatermarkMax);
            last_start = start;
        }
        last->rows.push_back(row);
    }

    std::vector<const ColumnVector *> keys;
    for (size_t column : key_columns_) keys.push_back(&batch.columns[column]);
    decision_.assign(batch.size(), kDrop);
    for (auto &window : windows_) {
        KeySet &set = window.second;
        if (set.rows.empty()) continue;
        ids_.resize(set.rows.size());
        set.keys->find_or_insert(keys, set.rows.data(), set.rows.size(), ids_.data());
        set.present.resize(set.keys->size(), 0);
        for (size_t i = 0; i < set.rows.size(); i++) {
            uint32_t row = set.rows[i];
            bool matches = passes_[row] && batch.kind(row) != ChangeKind::Delete;
            uint8_t &present = set.present[ids_[i]];
            if (matches) {
                decision_[row] = kUpsert;
                present = 1;
            } else if (present) {
                decision_[row] = kDelete;
                present = 0;
            }
        }
        set.rows.clear();
    }

    kept_.clear();
    batch.row_kinds.resize(batch.size(), ChangeKind::Insert);
    for (uint32_t row : live_) {
        if (decision_[row] == kDrop) continue;
        kept_.push_back(row);
        batch.row_kinds[row] = decision_[row] == kUpsert ? ChangeKind::Upsert : ChangeKind::Delete;
    }
    if (kept_.empty() || !next_) return;
    batch.set_selection(kept_);
    next_->push(batch);
}

void ChangelogFilterOperator::advance_watermark(int64_t watermark) {
    while (!windows_.empty() && windows_.begin()->second.end <= watermark) windows_.erase(windows_.begin());
    if (next_) next_->advance_watermark(watermark);
}

void ChangelogFilterOperator::snapshot(StateWriter &out) const {
    out.write_tag("changelog_filter");
    out.write_u64(windows_.size());
    for (const auto &window : windows_) {
        out.write_i64(window.first);
        out.write_i64(window.second.end);
        window.second.keys->snapshot(out);
        std::string present(window.second.present.begin(), window.second.present.end());
        present.resize(window.second.keys->size(), 0);
        out.write_string(present);
    }
}

void ChangelogFilterOperator::restore(StateReader &in) {
    in.expect_tag("changelog_filter");
    windows_.clear();
    size_t count = in.read_count();
    for (size_t w = 0; w < count; w++) {
        int64_t start = in.read_i64();
        int64_t end = in.read_i64();
        KeySet &set = key_set(start, end);
        set.keys->restore(in);
        std::string present = in.read_string();
        if (present.size() != set.keys->size()) {
            throw WeirError(ErrorKind::Data, "the checkpoint snapshot is corrupt: a HAVING filter holds " +
                                                 std::to_string(set.keys->size()) + " keys but " +
                                                 std::to_string(present.size()) + " presence flags.");
        }
        set.present.assign(present.begin(), present.end());
    }
}

}  // namespace weir

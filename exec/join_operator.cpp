// Matching, storing, expiring and emitting the rows of a two-input join.
#include "exec/join_operator.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <limits>
#include <string_view>
#include <unordered_set>

#include "common/weir_error.h"
#include "exec/column_gather.h"

namespace weir {

namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

int64_t saturating_add(int64_t a, int64_t b) {
    if (b > 0 && a > kMax - b) return kMax;
    if (b < 0 && a < kMin - b) return kMin;
    return a + b;
}

uint64_t mix(uint64_t h, uint64_t v) {
    v *= 0x9E3779B97F4A7C15ULL;
    v ^= v >> 29;
    return (h ^ v) * 0xBF58476D1CE4E5B9ULL + 0x94D049BB133111EBULL;
}

// Copies one value (NULL included); text bytes go into `arena` when given.
void copy_value(const ColumnVector &from, uint32_t row, ColumnVector &to, size_t at, StringArena *arena) {
    if (from.is_null(row)) {
        to.set_null(at);
        return;
    }
    to.set_valid(at);
    switch (from.type()) {
    case TypeId::Boolean: to.bools()[at] = from.bools()[row]; return;
    case TypeId::Double: to.doubles()[at] = from.doubles()[row]; return;
    case TypeId::Text: {
        std::string_view text = from.strings()[row];
        to.strings()[at] = arena ? arena->add(text) : text;
        return;
    }
    default: to.ints()[at] = from.ints()[row]; return;
    }
}

}  // namespace

JoinOperator::JoinOperator(const PlanNode &node, JobMetrics &metrics)
    : MultiInputOperator(2), kind_(node.join_kind), strategy_(node.strategy), metrics_(metrics) {
    keys_[0] = node.left_keys;
    keys_[1] = node.right_keys;
    for (size_t side = 0; side < 2; side++) {
        for (const auto &column : node.child(side).output.columns()) types_[side].push_back(column.type);
    }
    outer_[0] = kind_ == JoinKind::Left || kind_ == JoinKind::Full;
    outer_[1] = kind_ == JoinKind::Right || kind_ == JoinKind::Full;
    if (strategy_ == JoinStrategy::Interval) {
        time_[0] = node.left_time;
        time_[1] = node.right_time;
        slack_[0] = node.left_slack;
        slack_[1] = node.right_slack;
        lower_ = node.lower;
        upper_ = node.upper;
    }
    stream_side_ = node.stream_side;
    for (size_t side = 0; side < 2; side++) {
        bool stored = strategy_ != JoinStrategy::Lookup || static_cast<int>(side) != stream_side_;
        if (stored) store_[side] = std::make_unique<JoinRowStore>(time_[side]);
    }
    if (node.condition) condition_ = std::make_unique<ExpressionExecutor>(*node.condition);
}

void JoinOperator::hash_rows(const Batch &batch, size_t side, const std::vector<uint32_t> &rows) {
    hashes_.assign(rows.size(), 0x12345678ULL);
    usable_.assign(rows.size(), 1);
    for (size_t key : keys_[side]) {
        const ColumnVector &column = batch.columns[key];
        for (size_t i = 0; i < rows.size(); i++) {
            uint32_t row = rows[i];
            if (column.is_null(row)) {
                usable_[i] = 0;  // NULL equals nothing
                continue;
            }
            uint64_t value = 0;
            switch (column.type()) {
            case TypeId::Boolean: value = column.bools()[row]; break;
            case TypeId::Double: {
                double d = column.doubles()[row];
                if (d == 0) d = 0;  // -0.0 = 0.0
                std::memcpy(&value, &d, sizeof value);
                break;
            }
            case TypeId::Text: value = std::hash<std::string_view>{}(column.strings()[row]); break;
            default: value = static_cast<uint64_t>(column.ints()[row]); break;
            }
            hashes_[i] = mix(hashes_[i], value);
        }
    }
}

bool JoinOperator::keys_equal(const Batch &a, uint32_t a_row, size_t a_side, const Batch &b, uint32_t b_row) const {
    const std::vector<size_t> &a_keys = keys_[a_side];
    const std::vector<size_t> &b_keys = keys_[1 - a_side];
    for (size_t k = 0; k < a_keys.size(); k++) {
        const ColumnVector &x = a.columns[a_keys[k]];
        const ColumnVector &y = b.columns[b_keys[k]];
        if (x.is_null(a_row) || y.is_null(b_row)) return false;
        switch (x.type()) {
        case TypeId::Boolean:
            if (x.bools()[a_row] != y.bools()[b_row]) return false;
            break;
        case TypeId::Double:
            if (!(x.doubles()[a_row] == y.doubles()[b_row])) return false;
            break;
        case TypeId::Text:
            if (x.strings()[a_row] != y.strings()[b_row]) return false;
            break;
        default:
            if (x.ints()[a_row] != y.ints()[b_row]) return false;
            break;
        }
    }
    return true;
}

bool JoinOperator::within_bounds(size_t probe_side, int64_t probe_time, int64_t stored_time) const {
    int64_t left = probe_side == 0 ? probe_time : stored_time;
    int64_t right = probe_side == 0 ? stored_time : probe_time;
    // right - left in [lower, upper], without overflow.
    __int128 difference = static_cast<__int128>(right) - left;
    return difference >= lower_ && difference <= upper_;
}

void JoinOperator::build(size_t count, const Rows &left, const Rows &right) {
    out_.clear();
    out_.columns.resize(types_[0].size() + types_[1].size());
    std::unordered_set<const Batch *> sources;
    size_t offset = 0;
    for (const Rows *rows : {&left, &right}) {
        const std::vector<TypeId> &types = rows == &left ? types_[0] : types_[1];
        for (size_t c = 0; c < types.size(); c++) {
            ColumnVector &to = out_.columns[offset + c];
            to.reset(types[c], count);
            if (rows->batch) {
                ColumnGather::gather(rows->batch->columns[c], rows->rows->data(), count, to, 0, nullptr);
            } else if (rows->store) {
                for (size_t i = 0; i < count; i++) {
                    const JoinRowStore::Ref ref = (*rows->refs)[i];
                    copy_value(rows->store->rows(ref).columns[c], ref.row, to, i, nullptr);
                }
            } else {
                for (size_t i = 0; i < count; i++) to.set_null(i);
            }
        }
        if (rows->batch) sources.insert(rows->batch);
        if (rows->store) {
            for (const auto &ref : *rows->refs) sources.insert(&rows->store->rows(ref));
        }
        offset += types.size();
    }
    out_.set_size(count);
    // The views point into the arenas of the rows they came from: keep those alive with the batch.
    for (const Batch *source : sources) out_.arenas.insert(out_.arenas.end(), source->arenas.begin(), source->arenas.end());
}

void JoinOperator::emit_out() {
    if (out_.live_count() == 0 || !next_) return;
    next_->push(out_);
}

void JoinOperator::emit(size_t side, const Batch &batch, const std::vector<uint32_t> &rows) {
    if (rows.empty()) return;
    Rows present{&batch, &rows, nullptr, nullptr};
    Rows nulls;
    if (side == 0) build(rows.size(), present, nulls);
    else build(rows.size(), nulls, present);
    if (strategy_ == JoinStrategy::Lookup && !batch.row_watermarks.empty()) {
        out_.row_watermarks.resize(rows.size());
        for (size_t i = 0; i < rows.size(); i++) out_.row_watermarks[i] = batch.row_watermarks[rows[i]];
    }
    emit_out();
}

void JoinOperator::push_input(size_t side, Batch &batch) {
    size_t other = 1 - side;
    std::vector<uint32_t> rows;
    rows.reserve(batch.live_count());
    std::vector<uint32_t> unmatchable;  // NULL key or time: can never match
    int64_t late = 0;
    const ColumnVector *times = time_[side] ? &batch.columns[*time_[side]] : nullptr;
    for (size_t i = 0; i < batch.live_count(); i++) {
        uint32_t row = batch.live_row(i);
        if (times) {
            if (times->is_null(row)) {
                unmatchable.push_back(row);
                continue;
            }
            int64_t arrived = batch.row_watermarks.empty() ? input_watermark(side) : batch.row_watermarks[row];
            if (times->ints()[row] < saturating_add(arrived, -slack_[side])) {
                late++;
                continue;
            }
        }
        rows.push_back(row);
    }
    if (late) metrics_.late_records.fetch_add(late, std::memory_order_relaxed);
    hash_rows(batch, side, rows);
    std::vector<uint8_t> matched(rows.size(), 0);
    // Candidate pairs: probe row i (index into rows) with stored row refs[i].
    std::vector<uint32_t> probe_index;
    std::vector<uint32_t> probe_rows;
    std::vector<JoinRowStore::Ref> refs;
    const JoinRowStore *stored = store_[other].get();
    const ColumnVector *stored_times = nullptr;
    if (stored && stored->size() > 0) {
        for (size_t i = 0; i < rows.size(); i++) {
            if (!usable_[i]) continue;
            uint32_t row = rows[i];
            auto consider = [&](JoinRowStore::Ref ref) {
                const Batch &candidate = stored->rows(ref);
                if (!keys_equal(batch, row, side, candidate, ref.row)) return;
                if (times) {
                    stored_times = &candidate.columns[*time_[other]];
                    if (stored_times->is_null(ref.row) ||
                        !within_bounds(side, times->ints()[row], stored_times->ints()[ref.row])) {
                        return;
                    }
                }
                probe_index.push_back(static_cast<uint32_t>(i));
                probe_rows.push_back(row);
                refs.push_back(ref);
            };
            if (keys_[side].empty()) {
                stored->for_each(consider);
            } else {
                store_[other]->for_each_match(hashes_[i], consider);
            }
        }
    }
    if (!refs.empty()) {
        Rows probe{&batch, &probe_rows, nullptr, nullptr};
        Rows found{nullptr, nullptr, stored, &refs};
        if (side == 0) build(refs.size(), probe, found);
        else build(refs.size(), found, probe);
        if (strategy_ == JoinStrategy::Lookup && !batch.row_watermarks.empty()) {
            out_.row_watermarks.resize(refs.size());
            for (size_t i = 0; i < refs.size(); i++) out_.row_watermarks[i] = batch.row_watermarks[probe_rows[i]];
        }
        if (condition_) condition_->select(out_);
        for (size_t i = 0; i < out_.live_count(); i++) {
            uint32_t pair = out_.live_row(i);
            matched[probe_index[pair]] = 1;
            store_[other]->set_matched(refs[pair]);
        }
        emit_out();
    }
    if (outer_[side]) {
        // Rows that can never match go at once; so do a lookup stream's rows that matched nothing.
        std::vector<uint32_t> now = unmatchable;
        for (size_t i = 0; i < rows.size(); i++) {
            bool never = !usable_[i] || (!store_[side] && !matched[i]);
            if (never && !matched[i]) now.push_back(rows[i]);
        }
        std::sort(now.begin(), now.end());
        emit(side, batch, now);
    }
    if (store_[side]) {
        // Rows with a NULL key are kept only to be emitted unmatched later, which an outer side did above.
        std::vector<uint32_t> keep;
        std::vector<uint64_t> keep_hashes;
        std::vector<uint8_t> keep_matched;
        for (size_t i = 0; i < rows.size(); i++) {
            if (!usable_[i]) continue;
            keep.push_back(rows[i]);
            keep_hashes.push_back(hashes_[i]);
            keep_matched.push_back(matched[i]);
        }
        store_[side]->add(batch, keep, keep_hashes, keep_matched);
        update_state_metric();
    }
}

void JoinOperator::update_state_metric() {
    size_t total = 0;
    for (const auto &store : store_) total += store ? store->size() : 0;
    metrics_.state_groups.store(static_cast<int64_t>(total), std::memory_order_relaxed);
}

void JoinOperator::on_watermark(size_t input, int64_t watermark) {
    switch (strategy_) {
    case JoinStrategy::Batch: return;  // everything is emitted at the end
    case JoinStrategy::Lookup: MultiInputOperator::on_watermark(input, watermark); return;
    case JoinStrategy::Interval: expire_and_forward(); return;
    }
}

void JoinOperator::expire_and_forward() {
    int64_t floor_left = saturating_add(input_watermark(0), -slack_[0]);
    int64_t floor_right = saturating_add(input_watermark(1), -slack_[1]);
    // A left row can still match while left.t + upper >= the smallest future right time, and a right
    // row while right.t - lower >= the smallest future left time.
    int64_t thresholds[2] = {saturating_add(floor_right, -upper_), saturating_add(floor_left, lower_)};
    for (size_t side = 0; side < 2; side++) {
        Batch &expired = expired_[side];
        expired.clear();
        expired.columns.resize(types_[side].size());
        for (size_t c = 0; c < types_[side].size(); c++) expired.columns[c].reset(types_[side][c], 0);
        size_t count = 0;
        StringArena &arena = expired.arena();
        JoinRowStore &store = *store_[side];
        store.expire(thresholds[side], [&](JoinRowStore::Ref ref) {
            if (!outer_[side] || store.matched(ref)) return;
            const Batch &from = store.rows(ref);
            for (size_t c = 0; c < types_[side].size(); c++) {
                expired.columns[c].resize(count + 1);
                copy_value(from.columns[c], ref.row, expired.columns[c], count, &arena);
            }
            count++;
        });
        expired.set_size(count);
        std::vector<uint32_t> rows(count);
        for (uint32_t i = 0; i < count; i++) rows[i] = i;
        emit(side, expired, rows);
    }
    update_state_metric();
    // The smallest time a future output row can carry on either side (docs/joins.md#join-strategies).
    int64_t future_left = std::min(floor_left, thresholds[0]);
    int64_t future_right = std::min(floor_right, thresholds[1]);
    int64_t watermark = std::min(future_left, future_right);
    for (size_t side = 0; side < 2; side++) {
        if (!outer_[side]) continue;
        if (auto held = store_[side]->min_time()) watermark = std::min(watermark, *held);
    }
    forward_watermark(watermark);
}

void JoinOperator::emit_unmatched_stored(size_t side) {
    if (!outer_[side] || !store_[side]) return;
    std::vector<JoinRowStore::Ref> refs;
    store_[side]->for_each([&](JoinRowStore::Ref ref) {
        if (!store_[side]->matched(ref)) refs.push_back(ref);
    });
    if (refs.empty()) return;
    std::sort(refs.begin(), refs.end(), [](const auto &a, const auto &b) {
        return a.chunk != b.chunk ? a.chunk < b.chunk : a.row < b.row;
    });
    Rows found{nullptr, nullptr, store_[side].get(), &refs};
    Rows nulls;
    if (side == 0) build(refs.size(), found, nulls);
    else build(refs.size(), nulls, found);
    emit_out();
}

void JoinOperator::on_all_finished() {
    if (strategy_ == JoinStrategy::Batch) {
        emit_unmatched_stored(0);
        emit_unmatched_stored(1);
    }
    forward_watermark(kWatermarkMax);
    MultiInputOperator::on_all_finished();
}

void JoinOperator::snapshot(StateWriter &out) const {
    snapshot_inputs(out);
    out.write_tag("join");
    for (const auto &store : store_) {
        out.write_u8(store ? 1 : 0);
        if (store) store->snapshot(out);
    }
}

void JoinOperator::restore(StateReader &in) {
    restore_inputs(in);
    in.expect_tag("join");
    for (auto &store : store_) {
        bool present = in.read_u8() != 0;
        if (present != (store != nullptr)) {
            throw WeirError(ErrorKind::Data, "a join's checkpoint was taken by a different join strategy; restore a "
                                             "checkpoint taken by the same query.");
        }
        if (store) store->restore(in);
    }
    update_state_metric();
}

}  // namespace weir

// Pane assignment, lateness, window closing and emission of WindowAggregateOperator.
#include "exec/window_aggregate_operator.h"

#include <algorithm>
#include <set>

#include "common/timestamp.h"
#include "common/weir_error.h"

namespace weir {

WindowAggregateOperator::WindowAggregateOperator(const PlanNode &node, JobMetrics &metrics)
    : metrics_(metrics),
      assigner_(node.window.size, node.window.slide),
      time_column_(node.window.time_column),
      changes_(node.emit == EmitMode::Changes),
      keys_(ExpressionColumns::group_keys_of(node)),
      arguments_(ExpressionColumns::arguments_of(node)),
      output_(node) {
    if (node.window.kind == WindowKind::None) {
        throw WeirError(ErrorKind::Internal, "a window aggregation was planned without a window.");
    }
    if (changes_) output_.set_kind(ChangeKind::Upsert);
    prototype_ = AggregateTable::for_node(node, changes_);
    merged_ = prototype_->make_empty();
}

std::vector<uint32_t> &WindowAggregateOperator::pending_rows(int64_t pane_start) {
    // Rows of one batch nearly always fall into one or two panes: search from the most recent.
    for (size_t p = pending_count_; p-- > 0;) {
        if (pending_[p].start == pane_start) return pending_[p].rows;
    }
    if (pending_count_ == pending_.size()) pending_.emplace_back();
    PendingPane &pane = pending_[pending_count_++];
    pane.start = pane_start;
    pane.rows.clear();
    return pane.rows;
}

void WindowAggregateOperator::apply_pending(const std::vector<const ColumnVector *> &keys,
                                            const std::vector<const ColumnVector *> &arguments) {
    for (size_t p = 0; p < pending_count_; p++) {
        PendingPane &pending = pending_[p];
        auto &table = panes_[pending.start];
        if (!table) table = prototype_->make_empty();
        table->update(keys, arguments, pending.rows.data(), pending.rows.size());
        if (changes_) touched_panes_.push_back(pending.start);
        pending.rows.clear();
    }
    pending_count_ = 0;
}

void WindowAggregateOperator::keep_late(uint32_t row, int64_t watermark) {
    late_rows_.push_back(row);
    late_watermarks_.push_back(watermark);
}

void WindowAggregateOperator::push(Batch &batch) {
    size_t live = batch.live_count();
    if (live == 0) return;
    const auto &keys = keys_.resolve(batch);
    const auto &arguments = arguments_.resolve(batch);
    const ColumnVector &times = batch.columns[time_column_];
    const int64_t *ts = times.ints();
    const bool times_valid = times.all_valid();
    const int64_t *carried = batch.row_watermarks.empty() ? nullptr : batch.row_watermarks.data();
    int64_t late = 0;
    // Rows arrive nearly in time order: the pane of the previous row (and its last window end, the
    // same for every time in a pane since a pane lies inside one slide) usually holds the next row.
    int64_t pane = assigner_.pane();
    int64_t cached_start = 0, cached_last_end = 0;
    bool cached = false;
    std::vector<uint32_t> *target = nullptr;  // the pending rows of pane cached_start, once looked up
    for (size_t i = 0; i < live; i++) {
        uint32_t row = batch.live_row(i);
        if (carried && carried[row] > closed_through_ && carried[row] >= next_end_) {
            // This row arrives after the watermark passed a window end: close those windows first.
            apply_pending(keys, arguments);
            if (changes_) emit_changes();
            close_windows(carried[row]);
            target = nullptr;
        }
        if (!times_valid && times.is_null(row)) {
            late++;
            if (late_handler_) keep_late(row, carried ? carried[row] : closed_through_);
            continue;
        }
        int64_t time = ts[row];
        if (!cached || time < cached_start ||
            static_cast<uint64_t>(time) - static_cast<uint64_t>(cached_start) >= static_cast<uint64_t>(pane)) {
            cached_start = assigner_.pane_start(time);
            cached_last_end = assigner_.last_window_end(time);
            cached = true;
            target = nullptr;
        }
        if (cached_last_end <= closed_through_) {
            late++;
            if (late_handler_) keep_late(row, carried ? carried[row] : closed_through_);
            continue;
        }
        if (!target) target = &pending_rows(cached_start);
        target->push_back(row);
    }
    apply_pending(keys, arguments);
    if (late) metrics_.late_records.fetch_add(late, std::memory_order_relaxed);
    if (!late_rows_.empty()) {
        late_handler_->late_rows(batch, late_rows_, late_watermarks_);
        late_rows_.clear();
        late_watermarks_.clear();
    }
    if (changes_) emit_changes();
    output_.flush(next_);
    metrics_.state_groups.store(static_cast<int64_t>(state_groups()), std::memory_order_relaxed);
}

size_t WindowAggregateOperator::state_groups() const {
    size_t total = 0;
    for (const auto &pane : panes_) total += pane.second->size();
    return total;
}

void WindowAggregateOperator::emit_changes() {
    if (touched_panes_.empty()) return;
    std::sort(touched_panes_.begin(), touched_panes_.end());
    touched_panes_.erase(std::unique(touched_panes_.begin(), touched_panes_.end()), touched_panes_.end());
    // Every open window containing a touched pane, in start order.
    std::set<int64_t> windows;
    for (int64_t pane : touched_panes_) {
        check_stop();
        int64_t last = floor_div(pane, assigner_.slide()) * assigner_.slide();
        for (int64_t start = assigner_.first_window_start(pane); start <= last; start += assigner_.slide()) {
            if (start + assigner_.size() > closed_through_) windows.insert(start);
        }
    }
    for (int64_t start : windows) {
        check_stop();
        int64_t end = start + assigner_.size();
        auto first = panes_.lower_bound(start);
        auto stop = panes_.lower_bound(end);
        if (first == stop) continue;
        if (std::next(first) == stop) {
            const AggregateTable &table = *first->second;
            output_.append(table, table.touched().data(), table.touched().size(), start, end, next_);
            continue;
        }
        merged_->clear();
        for (auto it = first; it != stop; ++it) merged_->merge(*it->second);
        output_.append(*merged_, merged_->touched().data(), merged_->touched().size(), start, end, next_);
    }
    for (int64_t pane : touched_panes_) {
        auto it = panes_.find(pane);
        if (it != panes_.end()) it->second->clear_touched();
    }
    touched_panes_.clear();
}

void WindowAggregateOperator::emit_window(int64_t start,
                                          std::map<int64_t, std::unique_ptr<AggregateTable>>::iterator first) {
    int64_t end = start + assigner_.size();
    auto stop = panes_.lower_bound(end);
    if (std::next(first) == stop) {
        output_.append_all(*first->second, start, end, next_);
        return;
    }
    merged_->clear();
    for (auto it = first; it != stop; ++it) merged_->merge(*it->second);
    output_.append_all(*merged_, start, end, next_);
}

void WindowAggregateOperator::close_windows(int64_t watermark) {
    if (watermark <= closed_through_) return;
    int64_t size = assigner_.size();
    if (!panes_.empty() && watermark >= kWatermarkMin + size) {
        int64_t start = assigner_.first_window_start(panes_.begin()->first);
        // Windows ending at or before closed_through_ were closed already.
        if (closed_through_ != kWatermarkMin) start = std::max(start, next_end_ - size);
        while (start <= watermark - size) {
            check_stop();  // closing every window at the end of a long input can take a while
            auto first = panes_.lower_bound(start);
            if (first == panes_.end()) break;
            if (first->first >= start + size) {
                // No data in this window: jump to the first window holding the next pane.
                start = assigner_.first_window_start(first->first);
                continue;
            }
            if (!changes_) emit_window(start, first);
            start += assigner_.slide();
        }
    }
    closed_through_ = watermark;
    next_end_ = assigner_.next_window_end(watermark);
    // A pane is needed while its last window is open.
    while (!panes_.empty() && assigner_.last_window_end(panes_.begin()->first) <= watermark) {
        panes_.erase(panes_.begin());
    }
}

void WindowAggregateOperator::advance_watermark(int64_t watermark) {
    if (watermark > closed_through_) {
        close_windows(watermark);
        output_.flush(next_);
        metrics_.state_groups.store(static_cast<int64_t>(state_groups()), std::memory_order_relaxed);
    }
    if (next_) next_->advance_watermark(watermark);
}

void WindowAggregateOperator::finish() {
    output_.flush(next_);
    if (next_) next_->finish();
}

void WindowAggregateOperator::snapshot(StateWriter &out) const {
    out.write_tag("window_aggregate");
    out.write_i64(closed_through_);
    out.write_i64(next_end_);
    out.write_u64(panes_.size());
    for (const auto &[start, table] : panes_) {
        out.write_i64(start);
        table->snapshot(out);
    }
}

void WindowAggregateOperator::restore(StateReader &in) {
    in.expect_tag("window_aggregate");
    closed_through_ = in.read_i64();
    next_end_ = in.read_i64();
    size_t panes = in.read_count();
    panes_.clear();
    for (size_t p = 0; p < panes; p++) {
        int64_t start = in.read_i64();
        if (assigner_.pane_start(start) != start) {
            throw WeirError(ErrorKind::Data, "the checkpoint snapshot does not fit this query: it holds a window pane "
                                             "starting at " + format_timestamp(start) +
                                             ", which this window does not have; restore a checkpoint taken by the "
                                             "same query.");
        }
        auto table = prototype_->make_empty();
        table->restore(in);
        if (!panes_.emplace(start, std::move(table)).second) {
            throw WeirError(ErrorKind::Data, "the checkpoint snapshot is corrupt: it holds the window pane starting at " +
                                                 format_timestamp(start) + " twice.");
        }
    }
    metrics_.state_groups.store(static_cast<int64_t>(state_groups()), std::memory_order_relaxed);
}

}  // namespace weir

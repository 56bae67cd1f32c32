// Batching of aggregate results.
#include "exec/result_batch_builder.h"

#include <algorithm>

namespace weir {

ResultBatchBuilder::ResultBatchBuilder(std::vector<TypeId> key_types, std::vector<TypeId> aggregate_types,
                                       bool windowed)
    : key_count_(key_types.size()), windowed_(windowed) {
    types_ = std::move(key_types);
    if (windowed_) {
        types_.push_back(TypeId::Timestamp);
        types_.push_back(TypeId::Timestamp);
    }
    types_.insert(types_.end(), aggregate_types.begin(), aggregate_types.end());
    reset();
}

ResultBatchBuilder::ResultBatchBuilder(const PlanNode &node) : key_count_(node.group_keys.size()) {
    windowed_ = node.window.kind != WindowKind::None;
    for (const auto &key : node.group_keys) types_.push_back(key->type);
    if (windowed_) {
        types_.push_back(TypeId::Timestamp);
        types_.push_back(TypeId::Timestamp);
    }
    for (const auto &call : node.aggregates) types_.push_back(call.result_type);
    reset();
}

void ResultBatchBuilder::reset() {
    out_.clear();
    for (TypeId type : types_) out_.columns.emplace_back(type, 0);
    rows_ = 0;
}

void ResultBatchBuilder::append(const AggregateTable &table, const uint32_t *groups, size_t count,
                                int64_t window_start, int64_t window_end, Operator *next) {
    size_t aggregate_column = key_count_ + (windowed_ ? 2 : 0);
    while (count > 0) {
        size_t n = std::min(count, kBatchCapacity - rows_);
        out_.set_size(rows_ + n);
        table.write_rows(groups, n, out_, 0, aggregate_column, rows_);
        if (windowed_) {
            int64_t *starts = out_.columns[key_count_].ints() + rows_;
            int64_t *ends = out_.columns[key_count_ + 1].ints() + rows_;
            for (size_t i = 0; i < n; i++) {
                starts[i] = window_start;
                ends[i] = window_end;
            }
        }
        if (kind_ != ChangeKind::Insert) out_.row_kinds.resize(rows_ + n, kind_);
        rows_ += n;
        groups += n;
        count -= n;
        if (rows_ == kBatchCapacity) flush(next);
    }
}

void ResultBatchBuilder::append_all(const AggregateTable &table, int64_t window_start, int64_t window_end,
                                    Operator *next) {
    size_t groups = table.size();
    if (all_groups_.size() < groups) {
        size_t old = all_groups_.size();
        all_groups_.resize(groups);
        for (size_t g = old; g < groups; g++) all_groups_[g] = static_cast<uint32_t>(g);
    }
    append(table, all_groups_.data(), groups, window_start, window_end, next);
}

void ResultBatchBuilder::flush(Operator *next) {
    if (rows_ == 0) return;
    if (next) next->push(out_);
    reset();
}

}  // namespace weir

// Hash grouping of live rows and final or updating emission.
#include "exec/hash_aggregate_operator.h"

namespace weir {

HashAggregateOperator::HashAggregateOperator(const PlanNode &node, bool updating, JobMetrics *metrics)
    : updating_(updating),
      keys_(ExpressionColumns::group_keys_of(node)),
      arguments_(ExpressionColumns::arguments_of(node)),
      table_(AggregateTable::for_node(node, updating)),
      output_(node),
      metrics_(metrics) {
    if (updating_) output_.set_kind(ChangeKind::Upsert);
}

void HashAggregateOperator::push(Batch &batch) {
    size_t live = batch.live_count();
    if (live == 0) return;
    const auto &keys = keys_.resolve(batch);
    const auto &arguments = arguments_.resolve(batch);
    const uint32_t *rows;
    if (batch.has_selection()) {
        rows = batch.selection().data();
    } else {
        if (rows_.size() < live) {
            size_t old = rows_.size();
            rows_.resize(live);
            for (size_t i = old; i < live; i++) rows_[i] = static_cast<uint32_t>(i);
        }
        rows = rows_.data();
    }
    table_->update(keys, arguments, rows, live);
    if (metrics_) metrics_->state_groups.store(static_cast<int64_t>(table_->size()), std::memory_order_relaxed);
    if (!updating_) return;
    output_.append(*table_, table_->touched().data(), table_->touched().size(), 0, 0, next_);
    table_->clear_touched();
    output_.flush(next_);
}

void HashAggregateOperator::finish() {
    if (!updating_) {
        table_->ensure_empty_key_group();
        output_.append_all(*table_, 0, 0, next_);
        output_.flush(next_);
    }
    if (next_) next_->finish();
}

void HashAggregateOperator::snapshot(StateWriter &out) const {
    out.write_tag("hash_aggregate");
    table_->snapshot(out);
}

void HashAggregateOperator::restore(StateReader &in) {
    in.expect_tag("hash_aggregate");
    table_->restore(in);
    if (metrics_) metrics_->state_groups.store(static_cast<int64_t>(table_->size()), std::memory_order_relaxed);
}

}  // namespace weir

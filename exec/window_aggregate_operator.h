// TUMBLE/HOP aggregation over event time: pane state per key, emission when windows close.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "exec/aggregate_table.h"
#include "exec/expression_columns.h"
#include "exec/job_metrics.h"
#include "exec/late_row_handler.h"
#include "exec/operator.h"
#include "exec/result_batch_builder.h"
#include "exec/window_assigner.h"
#include "planner/query_plan.h"

namespace weir {

// Implements docs/semantics.md#windows-tumble-hop and the sections after it (late rows, emit modes):
// - Each row is stored once, in the pane [p, p + gcd(slide, size)) holding its event time; a
//   window's value merges its panes (one pane per window for TUMBLE).
// - A row joins each of its windows [s, e) with e > its carried watermark (batch.row_watermarks;
//   without them, the operator's current watermark). A row joining none is late: counted in
//   metrics.late_records and skipped, and handed to the LateRowHandler if one is set (with the
//   row's carried watermark, or the operator's when rows carry none). When a row's carried watermark passes a window end, the
//   windows it closes are closed before that row is added, so results never depend on batch
//   boundaries.
// - EMIT ON WINDOW CLOSE: one row per (key, window) when the window closes, windows in end order,
//   keys in first-seen order. EMIT CHANGES: after each batch (and before a window closes) the
//   current row of every (key, window) the batch touched, as an Upsert (row_kinds); closing drops a
//   window silently.
// - Output: group keys..., window_start, window_end, aggregates...; batches of at most
//   kBatchCapacity rows without row watermarks.
// - Closing and EMIT CHANGES loops check the driver's stop request once per window (check_stop).
class WindowAggregateOperator : public Operator {
public:
    // `node` is an Aggregate node with a TUMBLE or HOP window; it is not referenced afterwards.
    WindowAggregateOperator(const PlanNode &node, JobMetrics &metrics);

    // Late rows of each batch go to `handler` too (nullptr: only counted); it must outlive the
    // operator. Without a handler the per-row path is unchanged.
    void set_late_row_handler(LateRowHandler *handler) { late_handler_ = handler; }

    void push(Batch &batch) override;
    void advance_watermark(int64_t watermark) override;
    void finish() override;
    // Checkpoints: the panes (start + table each), closed_through_ and next_end_. Between two calls
    // nothing else matters: pending rows are applied, touched sets cleared (EMIT CHANGES) and output
    // flushed at the end of every push/advance_watermark. restore throws WeirError(Data) for a
    // snapshot of another operator or of panes that do not fit this window.
    void snapshot(StateWriter &out) const override;
    void restore(StateReader &in) override;
    std::string name() const override { return "WindowAggregate"; }

    // Number of panes currently held (tests check that closed state is released).
    size_t pane_count() const { return panes_.size(); }
    // (pane, group) entries held now; also published as JobMetrics::state_groups.
    size_t state_groups() const;

private:
    // The rows of one pane gathered from the current batch segment.
    struct PendingPane {
        int64_t start = 0;
        std::vector<uint32_t> rows;
    };
    // The pending rows of the pane starting at pane_start (added when absent; the reference holds
    // until the next call or apply_pending).
    std::vector<uint32_t> &pending_rows(int64_t pane_start);
    void apply_pending(const std::vector<const ColumnVector *> &keys, const std::vector<const ColumnVector *> &arguments);
    // Emits (unless EMIT CHANGES) and forgets every window with end <= watermark.
    void close_windows(int64_t watermark);
    // Emits the window starting at `start` from its panes (the first is `first`).
    void emit_window(int64_t start, std::map<int64_t, std::unique_ptr<AggregateTable>>::iterator first);
    void emit_changes();
    void keep_late(uint32_t row, int64_t watermark);

    JobMetrics &metrics_;
    WindowAssigner assigner_;
    size_t time_column_;
    bool changes_;
    ExpressionColumns keys_;
    ExpressionColumns arguments_;
    std::unique_ptr<AggregateTable> prototype_;
    std::unique_ptr<AggregateTable> merged_;
    std::map<int64_t, std::unique_ptr<AggregateTable>> panes_;  // by pane start
    int64_t closed_through_ = kWatermarkMin;  // every window with end <= this is closed
    int64_t next_end_ = kWatermarkMin;         // the first window end > closed_through_
    std::vector<PendingPane> pending_;
    size_t pending_count_ = 0;
    std::vector<int64_t> touched_panes_;
    ResultBatchBuilder output_;
    LateRowHandler *late_handler_ = nullptr;
    std::vector<uint32_t> late_rows_;         // of the current batch, when late_handler_ is set
    std::vector<int64_t> late_watermarks_;
};

}  // namespace weir

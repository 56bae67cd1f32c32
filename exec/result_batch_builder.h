// Accumulates aggregate result rows into batches of at most kBatchCapacity and pushes them on.
#pragma once

#include <cstdint>
#include <vector>

#include "common/batch.h"
#include "exec/aggregate_table.h"
#include "exec/operator.h"
#include "planner/query_plan.h"

namespace weir {

// Output layout: group keys..., [window_start, window_end when windowed], aggregates... The pushed
// batches share the tables' arenas (no TEXT copies) and carry no row_watermarks; their row_kinds
// are empty (Insert: final rows) or, after set_kind(Upsert), Upsert for every row (an updating result).
class ResultBatchBuilder {
public:
    ResultBatchBuilder(std::vector<TypeId> key_types, std::vector<TypeId> aggregate_types, bool windowed);

    // The layout of an Aggregate node's output (windowed when the node has a window).
    explicit ResultBatchBuilder(const PlanNode &node);

    // Appends the rows of groups[0..count) of `table` (with the window bounds when windowed),
    // pushing full batches to `next`.
    void append(const AggregateTable &table, const uint32_t *groups, size_t count, int64_t window_start,
                int64_t window_end, Operator *next);
    // Appends every group of `table`.
    void append_all(const AggregateTable &table, int64_t window_start, int64_t window_end, Operator *next);
    // The change kind of the rows appended from now on (default Insert).
    void set_kind(ChangeKind kind) { kind_ = kind; }
    // Pushes the rows gathered so far (if any) to `next`.
    void flush(Operator *next);

private:
    void reset();

    std::vector<TypeId> types_;
    size_t key_count_;
    bool windowed_;
    ChangeKind kind_ = ChangeKind::Insert;
    Batch out_;
    size_t rows_ = 0;
    std::vector<uint32_t> all_groups_;
};

}  // namespace weir

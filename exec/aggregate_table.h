// Grouped aggregation state: a GroupKeyTable plus one AggregateState per aggregate call.
#pragma once

#include <memory>
#include <vector>

#include "common/batch.h"
#include "exec/aggregate_state.h"
#include "exec/group_key_table.h"
#include "planner/query_plan.h"

namespace weir {

// One aggregate call as the table sees it: what to compute over which input type.
struct AggregateSlot {
    AggregateKind kind = AggregateKind::CountStar;
    TypeId input_type = TypeId::Null;  // ignored for CountStar
};

// The unit of aggregation state: a plain GROUP BY holds one, a windowed aggregation one per pane.
// Optionally remembers which groups changed since clear_touched() (for EMIT CHANGES and updating
// results). Not thread-safe.
class AggregateTable {
public:
    AggregateTable(std::vector<TypeId> key_types, std::vector<AggregateSlot> slots, bool track_changes = false);

    // The table for an Aggregate node: its group key types and aggregate calls.
    static std::unique_ptr<AggregateTable> for_node(const PlanNode &node, bool track_changes);
    // An empty table of the same shape.
    std::unique_ptr<AggregateTable> make_empty() const;

    // Folds the rows rows[0..count) into their groups: keys[k] / arguments[a] are columns of the
    // same batch (arguments[a] is null for count(*)).
    void update(const std::vector<const ColumnVector *> &keys, const std::vector<const ColumnVector *> &arguments,
                const uint32_t *rows, size_t count);
    // Folds every group of `other` (same shape) into the group with the same key here; groups
    // touched in `other` become touched here when this table tracks changes.
    void merge(const AggregateTable &other);
    // Adds the one group of a table without keys (a global aggregate over no rows still has a row).
    void ensure_empty_key_group();

    size_t size() const { return keys_.size(); }
    const std::vector<TypeId> &key_types() const { return keys_.key_types(); }
    size_t aggregate_count() const { return states_.size(); }
    // Writes groups[0..count) as rows offset.. of `out`: keys into columns key_column.., results into
    // columns aggregate_column..; `out` must have the output types and offset + count rows. Shares the
    // table's arenas with `out` (TEXT is not copied).
    void write_rows(const uint32_t *groups, size_t count, Batch &out, size_t key_column, size_t aggregate_column,
                    size_t offset) const;

    const std::vector<uint32_t> &touched() const { return touched_; }
    void clear_touched();
    // Forgets every group.
    void clear();
    // Checkpoints: the keys and every aggregate's state (not the touched set: callers snapshot
    // between batches, when it is empty). restore replaces everything; group ids, and so output
    // order, come back as they were. Throws WeirError(Data) for a snapshot of another shape.
    void snapshot(StateWriter &out) const;
    void restore(StateReader &in);

private:
    void grow_states();
    void mark_touched(const uint32_t *groups, size_t count);

    GroupKeyTable keys_;
    std::vector<AggregateSlot> slots_;
    std::vector<std::unique_ptr<AggregateState>> states_;
    size_t state_groups_ = 0;
    bool track_changes_;
    std::vector<uint8_t> touched_flags_;
    std::vector<uint32_t> touched_;
    std::vector<uint32_t> ids_;  // scratch
    std::vector<uint32_t> merge_rows_;  // scratch
};

}  // namespace weir

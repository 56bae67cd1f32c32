// The states of one aggregate call for every group of a table, updated and merged a column at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "common/column_vector.h"
#include "common/state_reader.h"
#include "common/state_writer.h"
#include "common/string_arena.h"
#include "planner/query_plan.h"

namespace weir {

// Group g's state lives at index g (dense, matching GroupKeyTable ids). States are mergeable so a
// window can combine its panes: merge(a) then merge(b) equals updating with a's rows then b's.
// Implementations keep their state in plain vectors (snapshot-friendly). NULL inputs are ignored.
// Checkpoints: save(out, groups) writes the state of groups 0..groups-1 (groups == the size last
// given to resize); load(in, groups) is called on a state of the same class just resized to
// `groups` and reads it back, so that every later call behaves as on the saved state (TEXT values
// are copied into this state's own arena). A malformed snapshot throws WeirError(Data).
class AggregateState {
public:
    // The state class for `kind` over arguments of `input_type` (ignored for CountStar).
    // Throws WeirError(Bind) for a combination the engine cannot compute.
    static std::unique_ptr<AggregateState> make(AggregateKind kind, TypeId input_type);

    virtual ~AggregateState() = default;
    // Sets the number of groups; new groups start empty (count 0, no value).
    virtual void resize(size_t groups) = 0;
    // For i < count: folds input[rows[i]] into group groups[i]. `input` is null for count(*).
    virtual void update(const ColumnVector *input, const uint32_t *rows, const uint32_t *groups, size_t count) = 0;
    // For every group g < other_groups of `other` (the same class): folds its state into
    // group targets[g] of this one.
    virtual void merge(const AggregateState &other, const uint32_t *targets, size_t other_groups) = 0;
    // For i < count: out[offset + i] = the result of group groups[i] (NULL when SQL says so).
    // `out` has the result type and at least offset + count rows. TEXT results point into arena().
    virtual void finalize(const uint32_t *groups, size_t count, ColumnVector &out, size_t offset) const = 0;
    virtual void save(StateWriter &out, size_t groups) const = 0;
    virtual void load(StateReader &in, size_t groups) = 0;
    // The arena TEXT results point into, or null if there are none.
    virtual std::shared_ptr<StringArena> arena() const { return nullptr; }
};

}  // namespace weir

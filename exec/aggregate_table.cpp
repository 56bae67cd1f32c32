// Key lookup, state updates, pane merging and row output of AggregateTable.
#include "exec/aggregate_table.h"

#include <algorithm>
#include <cassert>

#include "common/weir_error.h"
#include "exec/column_gather.h"

namespace weir {

namespace {

void share_arena(Batch &out, const std::shared_ptr<StringArena> &arena) {
    if (!arena) return;
    if (std::find(out.arenas.begin(), out.arenas.end(), arena) != out.arenas.end()) return;
    out.arenas.push_back(arena);
}

}  // namespace

AggregateTable::AggregateTable(std::vector<TypeId> key_types, std::vector<AggregateSlot> slots, bool track_changes)
    : keys_(std::move(key_types)), slots_(std::move(slots)), track_changes_(track_changes) {
    for (const AggregateSlot &slot : slots_) states_.push_back(AggregateState::make(slot.kind, slot.input_type));
}

std::unique_ptr<AggregateTable> AggregateTable::for_node(const PlanNode &node, bool track_changes) {
    std::vector<TypeId> key_types;
    for (const auto &key : node.group_keys) key_types.push_back(key->type);
    std::vector<AggregateSlot> slots;
    for (const auto &call : node.aggregates) {
        slots.push_back(AggregateSlot{call.kind, call.argument ? call.argument->type : TypeId::Null});
    }
    return std::make_unique<AggregateTable>(std::move(key_types), std::move(slots), track_changes);
}

std::unique_ptr<AggregateTable> AggregateTable::make_empty() const {
    return std::make_unique<AggregateTable>(keys_.key_types(), slots_, track_changes_);
}

void AggregateTable::grow_states() {
    size_t groups = keys_.size();
    if (groups == state_groups_) return;
    for (auto &state : states_) state->resize(groups);
    if (track_changes_) touched_flags_.resize(groups, 0);
    state_groups_ = groups;
}

void AggregateTable::mark_touched(const uint32_t *groups, size_t count) {
    if (!track_changes_) return;
    for (size_t i = 0; i < count; i++) {
        uint32_t group = groups[i];
        if (touched_flags_[group]) continue;
        touched_flags_[group] = 1;
        touched_.push_back(group);
    }
}

void AggregateTable::update(const std::vector<const ColumnVector *> &keys,
                            const std::vector<const ColumnVector *> &arguments, const uint32_t *rows, size_t count) {
    if (count == 0) return;
    ids_.resize(count);
    keys_.find_or_insert(keys, rows, count, ids_.data());
    grow_states();
    for (size_t a = 0; a < states_.size(); a++) states_[a]->update(arguments[a], rows, ids_.data(), count);
    mark_touched(ids_.data(), count);
}

void AggregateTable::merge(const AggregateTable &other) {
    size_t groups = other.size();
    if (groups == 0) return;
    merge_rows_.resize(groups);
    for (size_t g = 0; g < groups; g++) merge_rows_[g] = static_cast<uint32_t>(g);
    std::vector<const ColumnVector *> keys;
    for (size_t k = 0; k < other.keys_.key_count(); k++) keys.push_back(&other.keys_.key_column(k));
    ids_.resize(groups);
    keys_.find_or_insert(keys, merge_rows_.data(), groups, ids_.data());
    grow_states();
    for (size_t a = 0; a < states_.size(); a++) states_[a]->merge(*other.states_[a], ids_.data(), groups);
    if (!track_changes_ || !other.track_changes_) return;
    for (uint32_t group : other.touched_) mark_touched(&ids_[group], 1);
}

void AggregateTable::ensure_empty_key_group() {
    if (keys_.key_count() != 0 || keys_.size() != 0) return;
    keys_.insert_empty_key();
    grow_states();
}

void AggregateTable::write_rows(const uint32_t *groups, size_t count, Batch &out, size_t key_column,
                                size_t aggregate_column, size_t offset) const {
    for (size_t k = 0; k < keys_.key_count(); k++) {
        ColumnGather::gather(keys_.key_column(k), groups, count, out.columns[key_column + k], offset, nullptr);
    }
    share_arena(out, keys_.arena());
    for (size_t a = 0; a < states_.size(); a++) {
        states_[a]->finalize(groups, count, out.columns[aggregate_column + a], offset);
        share_arena(out, states_[a]->arena());
    }
}

void AggregateTable::clear_touched() {
    for (uint32_t group : touched_) touched_flags_[group] = 0;
    touched_.clear();
}

void AggregateTable::clear() {
    keys_.clear();
    for (auto &state : states_) state->resize(0);
    state_groups_ = 0;
    touched_flags_.clear();
    touched_.clear();
}

void AggregateTable::snapshot(StateWriter &out) const {
    assert(touched_.empty() && state_groups_ == keys_.size());
    out.write_tag("aggregate_table");
    out.write_u64(slots_.size());
    for (const AggregateSlot &slot : slots_) {
        out.write_u8(static_cast<uint8_t>(slot.kind));
        out.write_u8(static_cast<uint8_t>(slot.input_type));
    }
    keys_.snapshot(out);
    for (const auto &state : states_) state->save(out, state_groups_);
}

void AggregateTable::restore(StateReader &in) {
    in.expect_tag("aggregate_table");
    bool same_slots = in.read_count(4096) == slots_.size();
    for (size_t a = 0; same_slots && a < slots_.size(); a++) {
        uint8_t kind = in.read_u8();
        uint8_t input_type = in.read_u8();
        same_slots = kind == static_cast<uint8_t>(slots_[a].kind) &&
                     input_type == static_cast<uint8_t>(slots_[a].input_type);
    }
    if (!same_slots) {
        throw WeirError(ErrorKind::Data, "the checkpoint snapshot does not fit this query: it holds other aggregate "
                                         "functions; restore a checkpoint taken by the same query.");
    }
    clear();
    keys_.restore(in);
    grow_states();
    for (auto &state : states_) state->load(in, state_groups_);
}

}  // namespace weir

// Maps group-key tuples to dense group ids with an open-addressing hash table.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "common/column_vector.h"
#include "common/state_reader.h"
#include "common/state_writer.h"
#include "common/string_arena.h"
#include "common/type_id.h"

namespace weir {

// Keys are tuples of values of fixed types (any mix, TEXT included). NULL equals NULL (it is its
// own group), -0.0 equals 0.0 and NaN equals NaN. Group ids are 0, 1, 2, ... in insertion order.
// Keys are stored column-wise (key_column(i) row g is key i of group g) and TEXT keys are copied
// into the table's own arena. A table with no key columns has at most one group (a global
// aggregate). All state is in plain members (checkpoint snapshots can serialize it). Not thread-safe.
class GroupKeyTable {
public:
    explicit GroupKeyTable(std::vector<TypeId> key_types);

    // For i < count: group_ids[i] = the id of the key (keys[0][rows[i]], keys[1][rows[i]], ...),
    // inserting keys not seen before. keys.size() must equal the number of key columns and their
    // types must match. A single dictionary-encoded TEXT key (ColumnVector::set_dictionary) is looked
    // up once per distinct code rather than once per row.
    void find_or_insert(const std::vector<const ColumnVector *> &keys, const uint32_t *rows, size_t count,
                        uint32_t *group_ids);
    // Adds the empty key of a table without key columns if it is absent; returns its id (0).
    uint32_t insert_empty_key();

    size_t size() const { return groups_; }
    size_t key_count() const { return key_types_.size(); }
    const std::vector<TypeId> &key_types() const { return key_types_; }
    const ColumnVector &key_column(size_t i) const { return keys_[i]; }
    // The arena holding TEXT keys (batches that show keys share it instead of copying).
    const std::shared_ptr<StringArena> &arena() const { return arena_; }
    // Forgets every group; TEXT keys go into a fresh arena (batches may still share the old one).
    void clear();
    // Checkpoints: snapshot writes the keys of groups 0..size()-1 in id order (one batch);
    // restore replaces every group with them, inserted in that order so each gets its old id.
    // Throws WeirError(Data) if the snapshot's key types differ from this table's or it repeats
    // a key.
    void snapshot(StateWriter &out) const;
    void restore(StateReader &in);

private:
    // find_or_insert without the dictionary shortcut.
    void find_or_insert_rows(const std::vector<const ColumnVector *> &keys, const uint32_t *rows, size_t count,
                             uint32_t *group_ids);
    // find_or_insert for one NULL-free dictionary-encoded key: each code's group is found on its first row.
    void find_or_insert_codes(const std::vector<const ColumnVector *> &keys, const uint32_t *rows, size_t count,
                              uint32_t *group_ids);
    void hash_rows(const std::vector<const ColumnVector *> &keys, const uint32_t *rows, size_t count);
    bool equals(const std::vector<const ColumnVector *> &keys, uint32_t row, uint32_t group) const;
    // The probe loop of find_or_insert with `equal(row, group)` deciding key equality (specialised
    // for one NULL-free key column, the common GROUP BY).
    template <typename Equal>
    void probe(const std::vector<const ColumnVector *> &keys, const uint32_t *rows, size_t count, uint32_t *group_ids,
               Equal equal);
    uint32_t insert(const std::vector<const ColumnVector *> &keys, uint32_t row, uint64_t hash);
    void grow();

    std::vector<TypeId> key_types_;
    std::vector<ColumnVector> keys_;  // capacity rows, groups_ used
    std::vector<uint64_t> group_hashes_;
    size_t groups_ = 0;
    // Slots: group id + 1 (0 = empty); capacity is a power of two, at most half full.
    std::vector<uint32_t> slots_;
    std::vector<uint64_t> slot_hashes_;
    std::vector<uint64_t> hashes_;  // scratch: per input row
    std::vector<uint32_t> code_groups_;  // scratch: group id + 1 per dictionary code (0 = not looked up)
    std::shared_ptr<StringArena> arena_;
};

}  // namespace weir

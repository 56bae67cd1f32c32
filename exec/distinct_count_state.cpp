// Counting distinct values per group through a shared pair set.
#include "exec/distinct_count_state.h"

#include <algorithm>
#include <string>

#include "common/weir_error.h"

namespace weir {

DistinctCountState::DistinctCountState(TypeId type) : pairs_({TypeId::BigInt, type}) {}

void DistinctCountState::resize(size_t groups) {
    if (groups == 0) pairs_.clear();
    counts_.resize(groups, 0);
}

void DistinctCountState::insert_pairs(const ColumnVector &values, const uint32_t *rows, size_t count) {
    ids_.resize(count);
    size_t before = pairs_.size();
    pairs_.find_or_insert({&group_column_, &values}, rows, count, ids_.data());
    // New pairs got the ids before, before + 1, ... in row order.
    for (size_t i = 0; i < count; i++) {
        if (ids_[i] < before) continue;
        before = ids_[i] + 1;
        counts_[group_column_.ints()[rows[i]]]++;
    }
}

void DistinctCountState::update(const ColumnVector *input, const uint32_t *rows, const uint32_t *groups, size_t count) {
    group_column_.reset(TypeId::BigInt, input->size());
    live_.clear();
    for (size_t i = 0; i < count; i++) {
        if (input->is_null(rows[i])) continue;
        group_column_.ints()[rows[i]] = groups[i];
        live_.push_back(rows[i]);
    }
    insert_pairs(*input, live_.data(), live_.size());
}

void DistinctCountState::merge(const AggregateState &other, const uint32_t *targets, size_t other_groups) {
    const auto &from = static_cast<const DistinctCountState &>(other);
    size_t pairs = from.pairs_.size();
    const ColumnVector &other_groups_column = from.pairs_.key_column(0);
    group_column_.reset(TypeId::BigInt, pairs);
    live_.resize(pairs);
    for (size_t p = 0; p < pairs; p++) {
        group_column_.ints()[p] = targets[other_groups_column.ints()[p]];
        live_[p] = static_cast<uint32_t>(p);
    }
    insert_pairs(from.pairs_.key_column(1), live_.data(), pairs);
}

void DistinctCountState::finalize(const uint32_t *groups, size_t count, ColumnVector &out, size_t offset) const {
    for (size_t i = 0; i < count; i++) {
        out.ints()[offset + i] = counts_[groups[i]];
        out.set_valid(offset + i);
    }
}

void DistinctCountState::save(StateWriter &out, size_t /*groups*/) const { pairs_.snapshot(out); }

void DistinctCountState::load(StateReader &in, size_t groups) {
    pairs_.restore(in);
    // The counts follow from the pairs; a pair naming a group that does not exist is corrupt.
    std::fill(counts_.begin(), counts_.end(), 0);
    const ColumnVector &pair_groups = pairs_.key_column(0);
    for (size_t p = 0; p < pairs_.size(); p++) {
        int64_t group = pair_groups.ints()[p];
        if (pair_groups.is_null(p) || group < 0 || static_cast<uint64_t>(group) >= groups) {
            throw WeirError(ErrorKind::Data, "the checkpoint snapshot is corrupt: a count(DISTINCT) value belongs to group " +
                                                 std::to_string(group) + " of " + std::to_string(groups) + ".");
        }
        counts_[static_cast<size_t>(group)]++;
    }
}

}  // namespace weir

// Column-wise key hashing, linear probing and key copying of GroupKeyTable.
#include "exec/group_key_table.h"

#include <cassert>
#include <cmath>
#include <limits>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>

#include "common/batch.h"
#include "common/weir_error.h"

namespace weir {

namespace {

constexpr uint64_t kSeed = 0x9e3779b97f4a7c15ULL;
constexpr uint64_t kNullHash = 0x5bd1e9955bd1e995ULL;

inline uint64_t mix(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

inline uint64_t combine(uint64_t seed, uint64_t value) { return mix(seed ^ (value + kSeed + (seed << 6))); }

inline uint64_t double_bits(double value) {
    if (value == 0) value = 0;  // -0.0 and 0.0 hash alike
    if (std::isnan(value)) value = std::numeric_limits<double>::quiet_NaN();
    uint64_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    return bits;
}

// Folds one column's value (or the NULL marker) into each row's hash.
template <typename ValueHash>
void hash_column(uint64_t *h, const ColumnVector &column, const uint32_t *rows, size_t count, ValueHash value) {
    if (column.all_valid()) {
        for (size_t i = 0; i < count; i++) h[i] = combine(h[i], value(rows[i]));
        return;
    }
    for (size_t i = 0; i < count; i++) {
        uint32_t row = rows[i];
        h[i] = combine(h[i], column.is_valid(row) ? value(row) : kNullHash);
    }
}

// A fast hash of a string's bytes, 8 at a time (combine() mixes the result again): short TEXT keys
// such as city names or ids dominate GROUP BY, and std::hash costs several times more on them.
inline uint64_t text_hash(std::string_view text) {
    constexpr uint64_t kMultiplier = 0x9fb21c651e98df25ULL;
    uint64_t h = text.size() * kSeed;
    const char *p = text.data();
    size_t n = text.size();
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t word;
        std::memcpy(&word, p, 8);
        h = (h ^ word) * kMultiplier;
        h ^= h >> 29;
    }
    if (n > 0) {
        uint64_t word = 0;
        for (size_t i = 0; i < n; i++) word |= uint64_t(static_cast<unsigned char>(p[i])) << (8 * i);
        h = (h ^ word) * kMultiplier;
        h ^= h >> 29;
    }
    return h;
}

inline bool double_equal(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

}  // namespace

GroupKeyTable::GroupKeyTable(std::vector<TypeId> key_types)
    : key_types_(std::move(key_types)), arena_(std::make_shared<StringArena>()) {
    for (TypeId type : key_types_) keys_.emplace_back(type, 0);
    slots_.assign(64, 0);
    slot_hashes_.assign(64, 0);
}

void GroupKeyTable::clear() {
    for (size_t c = 0; c < keys_.size(); c++) keys_[c].reset(key_types_[c], 0);
    group_hashes_.clear();
    groups_ = 0;
    std::fill(slots_.begin(), slots_.end(), 0);
    arena_ = std::make_shared<StringArena>();
}

void GroupKeyTable::hash_rows(const std::vector<const ColumnVector *> &keys, const uint32_t *rows, size_t count) {
    hashes_.assign(count, kSeed);
    uint64_t *h = hashes_.data();
    for (const ColumnVector *column : keys) {
        switch (column->type()) {
        case TypeId::Boolean: {
            const uint8_t *values = column->bools();
            hash_column(h, *column, rows, count, [values](uint32_t row) { return uint64_t(values[row] != 0); });
            break;
        }
        case TypeId::BigInt:
        case TypeId::Timestamp:
        case TypeId::Interval: {
            const int64_t *values = column->ints();
            hash_column(h, *column, rows, count, [values](uint32_t row) { return static_cast<uint64_t>(values[row]); });
            break;
        }
        case TypeId::Double: {
            const double *values = column->doubles();
            hash_column(h, *column, rows, count, [values](uint32_t row) { return double_bits(values[row]); });
            break;
        }
        case TypeId::Text: {
            const std::string_view *values = column->strings();
            hash_column(h, *column, rows, count, [values](uint32_t row) { return text_hash(values[row]); });
            break;
        }
        case TypeId::Null:
            for (size_t i = 0; i < count; i++) h[i] = combine(h[i], kNullHash);
            break;
        }
    }
}

bool GroupKeyTable::equals(const std::vector<const ColumnVector *> &keys, uint32_t row, uint32_t group) const {
    for (size_t c = 0; c < keys.size(); c++) {
        const ColumnVector &in = *keys[c];
        const ColumnVector &stored = keys_[c];
        bool in_null = in.is_null(row);
        if (in_null != stored.is_null(group)) return false;
        if (in_null) continue;
        switch (in.type()) {
        case TypeId::Boolean:
            if ((in.bools()[row] != 0) != (stored.bools()[group] != 0)) return false;
            break;
        case TypeId::BigInt:
        case TypeId::Timestamp:
        case TypeId::Interval:
            if (in.ints()[row] != stored.ints()[group]) return false;
            break;
        case TypeId::Double:
            if (!double_equal(in.doubles()[row], stored.doubles()[group])) return false;
            break;
        case TypeId::Text:
            if (in.strings()[row] != stored.strings()[group]) return false;
            break;
        case TypeId::Null: break;
        }
    }
    return true;
}

uint32_t GroupKeyTable::insert(const std::vector<const ColumnVector *> &keys, uint32_t row, uint64_t hash) {
    uint32_t group = static_cast<uint32_t>(groups_);
    if (groups_ == group_hashes_.size()) {
        size_t capacity = groups_ < 16 ? 16 : groups_ * 2;
        for (auto &column : keys_) column.resize(capacity);
        group_hashes_.resize(capacity);
    }
    for (size_t c = 0; c < keys.size(); c++) {
        const ColumnVector &in = *keys[c];
        ColumnVector &stored = keys_[c];
        if (in.is_null(row)) {
            stored.set_null(group);
            continue;
        }
        stored.set_valid(group);
        switch (in.type()) {
        case TypeId::Boolean: stored.bools()[group] = in.bools()[row] != 0; break;
        case TypeId::BigInt:
        case TypeId::Timestamp:
        case TypeId::Interval: stored.ints()[group] = in.ints()[row]; break;
        case TypeId::Double: stored.doubles()[group] = in.doubles()[row]; break;
        case TypeId::Text: stored.strings()[group] = arena_->add(in.strings()[row]); break;
        case TypeId::Null: break;
        }
    }
    group_hashes_[group] = hash;
    groups_++;
    return group;
}

void GroupKeyTable::grow() {
    size_t capacity = slots_.size() * 2;
    slots_.assign(capacity, 0);
    slot_hashes_.assign(capacity, 0);
    size_t mask = capacity - 1;
    for (size_t g = 0; g < groups_; g++) {
        size_t index = group_hashes_[g] & mask;
        while (slots_[index] != 0) index = (index + 1) & mask;
        slots_[index] = static_cast<uint32_t>(g + 1);
        slot_hashes_[index] = group_hashes_[g];
    }
}

void GroupKeyTable::find_or_insert(const std::vector<const ColumnVector *> &keys, const uint32_t *rows,
                                   size_t count, uint32_t *group_ids) {
    // The shortcut pays when the dictionary is not larger than the rows to look up.
    if (keys.size() == 1 && keys[0]->type() == TypeId::Text && keys[0]->has_dictionary() &&
        keys[0]->dictionary().size() <= count && keys[0]->all_valid()) {
        find_or_insert_codes(keys, rows, count, group_ids);
        return;
    }
    find_or_insert_rows(keys, rows, count, group_ids);
}

void GroupKeyTable::find_or_insert_codes(const std::vector<const ColumnVector *> &keys, const uint32_t *rows,
                                         size_t count, uint32_t *group_ids) {
    const uint32_t *codes = keys[0]->codes();
    code_groups_.assign(keys[0]->dictionary().size(), 0);
    uint32_t *code_groups = code_groups_.data();
    for (size_t i = 0; i < count; i++) {
        uint32_t code = codes[rows[i]];
        if (code_groups[code] == 0) {
            uint32_t group;
            find_or_insert_rows(keys, &rows[i], 1, &group);
            code_groups[code] = group + 1;
        }
        group_ids[i] = code_groups[code] - 1;
    }
}

void GroupKeyTable::find_or_insert_rows(const std::vector<const ColumnVector *> &keys, const uint32_t *rows,
                                        size_t count, uint32_t *group_ids) {
    hash_rows(keys, rows, count);
    if (keys.size() == 1 && keys[0]->all_valid()) {
        const ColumnVector &in = *keys[0];
        const ColumnVector &stored = keys_[0];  // its buffers may move on insert: read them per call
        switch (in.type()) {
        case TypeId::BigInt:
        case TypeId::Timestamp:
        case TypeId::Interval:
            probe(keys, rows, count, group_ids, [&in, &stored](uint32_t row, uint32_t group) {
                return in.ints()[row] == stored.ints()[group] && stored.is_valid(group);
            });
            return;
        case TypeId::Text:
            probe(keys, rows, count, group_ids, [&in, &stored](uint32_t row, uint32_t group) {
                return in.strings()[row] == stored.strings()[group] && stored.is_valid(group);
            });
            return;
        default: break;
        }
    }
    probe(keys, rows, count, group_ids, [this, &keys](uint32_t row, uint32_t group) { return equals(keys, row, group); });
}

template <typename Equal>
void GroupKeyTable::probe(const std::vector<const ColumnVector *> &keys, const uint32_t *rows, size_t count,
                          uint32_t *group_ids, Equal equal) {
    const uint64_t *h = hashes_.data();
    for (size_t i = 0; i < count; i++) {
        uint64_t hash = h[i];
        size_t mask = slots_.size() - 1;
        size_t index = hash & mask;
        while (true) {
            uint32_t slot = slots_[index];
            if (slot == 0) {
                if ((groups_ + 1) * 2 > slots_.size()) {
                    grow();
                    mask = slots_.size() - 1;
                    index = hash & mask;
                    while (slots_[index] != 0) index = (index + 1) & mask;
                }
                uint32_t group = insert(keys, rows[i], hash);
                slots_[index] = group + 1;
                slot_hashes_[index] = hash;
                group_ids[i] = group;
                break;
            }
            if (slot_hashes_[index] == hash && equal(rows[i], slot - 1)) {
                group_ids[i] = slot - 1;
                break;
            }
            index = (index + 1) & mask;
        }
    }
}

uint32_t GroupKeyTable::insert_empty_key() {
    assert(key_types_.empty());
    if (groups_ > 0) return 0;
    std::vector<const ColumnVector *> none;
    uint32_t row = 0;
    uint32_t id;
    find_or_insert(none, &row, 1, &id);
    return id;
}

void GroupKeyTable::snapshot(StateWriter &out) const {
    out.write_tag("group_keys");
    Batch keys;
    keys.columns = keys_;  // shallow for TEXT: the views stay in arena_
    keys.set_size(groups_);
    out.write_batch(keys);
}

void GroupKeyTable::restore(StateReader &in) {
    in.expect_tag("group_keys");
    Batch keys = in.read_batch();
    bool same_types = keys.columns.size() == key_types_.size();
    for (size_t c = 0; same_types && c < keys.columns.size(); c++) same_types = keys.columns[c].type() == key_types_[c];
    if (!same_types) {
        throw WeirError(ErrorKind::Data, "the checkpoint snapshot does not fit this query: its group keys have other "
                                         "types; restore a checkpoint taken by the same query.");
    }
    clear();
    size_t rows = keys.size();
    if (key_types_.empty()) {
        if (rows > 1) throw WeirError(ErrorKind::Data, "the checkpoint snapshot is corrupt: a global aggregate holds " +
                                                           std::to_string(rows) + " groups.");
        if (rows == 1) insert_empty_key();
        return;
    }
    std::vector<const ColumnVector *> columns;
    for (const ColumnVector &column : keys.columns) columns.push_back(&column);
    std::vector<uint32_t> row_ids(rows);
    for (size_t r = 0; r < rows; r++) row_ids[r] = static_cast<uint32_t>(r);
    std::vector<uint32_t> group_ids(rows);
    find_or_insert(columns, row_ids.data(), rows, group_ids.data());
    for (size_t r = 0; r < rows; r++) {
        if (group_ids[r] == r) continue;
        throw WeirError(ErrorKind::Data, "the checkpoint snapshot is corrupt: group key " + std::to_string(r) +
                                             " repeats group key " + std::to_string(group_ids[r]) + ".");
    }
}

}  // namespace weir

// One typed column of a batch: a value array plus a validity bitmap.
#pragma once

#include <cassert>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "common/type_id.h"

namespace weir {

// Storage by type: Boolean → bools() (0/1 bytes), BigInt/Timestamp/Interval → ints(), Double →
// doubles(), Text → strings() (views into an arena owned by the batch). Validity is a bitmap of
// uint64 words, bit i set = row i is not NULL. The value slot of a NULL row is unspecified but
// readable (kernels may compute on it and ignore the result). Resizing never shrinks capacity.
// A Text column may also carry a dictionary encoding (see set_dictionary) that consumers may use
// to work once per distinct value; strings() stays filled, so every other kernel ignores it.
class ColumnVector {
public:
    ColumnVector() = default;
    ColumnVector(TypeId type, size_t size) { reset(type, size); }

    // Sets the type and row count; every row becomes valid. Keeps allocated memory when possible.
    void reset(TypeId type, size_t size);
    // Changes the row count (new rows valid, values unspecified).
    void resize(size_t size);

    TypeId type() const { return type_; }
    size_t size() const { return size_; }

    int64_t *ints() { return ints_.data(); }
    const int64_t *ints() const { return ints_.data(); }
    double *doubles() { return doubles_.data(); }
    const double *doubles() const { return doubles_.data(); }
    uint8_t *bools() { return bools_.data(); }
    const uint8_t *bools() const { return bools_.data(); }
    // Writing access: drops a dictionary encoding (see set_dictionary).
    std::string_view *strings() {
        if (dictionary_) drop_dictionary();
        return strings_.data();
    }
    const std::string_view *strings() const { return strings_.data(); }

    bool is_valid(size_t row) const { return (validity_[row >> 6] >> (row & 63)) & 1; }
    bool is_null(size_t row) const { return !is_valid(row); }
    void set_null(size_t row) { validity_[row >> 6] &= ~(uint64_t(1) << (row & 63)); }
    void set_valid(size_t row) { validity_[row >> 6] |= uint64_t(1) << (row & 63); }
    void set_valid(size_t row, bool valid) { valid ? set_valid(row) : set_null(row); }
    uint64_t *validity() { return validity_.data(); }
    const uint64_t *validity() const { return validity_.data(); }
    // True if no row is NULL (a quick check so kernels can skip the bitmap).
    bool all_valid() const;
    void set_all_valid();

    // Dictionary encoding, for a Text column whose strings() are already filled: afterwards
    // strings()[r] == (*dictionary)[codes[r]] for every valid row r < size() (codes is copied; a NULL
    // row's code is unspecified but below dictionary->size()). reset, a resize to another size and
    // the writing strings() drop the encoding, so a column changed afterwards is never read through stale codes.
    void set_dictionary(std::shared_ptr<const std::vector<std::string_view>> dictionary, const uint32_t *codes);
    bool has_dictionary() const { return dictionary_ != nullptr; }
    // Only while has_dictionary().
    const std::vector<std::string_view> &dictionary() const { return *dictionary_; }
    const uint32_t *codes() const { return codes_.data(); }

private:
    void drop_dictionary();

    TypeId type_ = TypeId::Null;
    size_t size_ = 0;
    std::vector<int64_t> ints_;
    std::vector<double> doubles_;
    std::vector<uint8_t> bools_;
    std::vector<std::string_view> strings_;
    std::vector<uint64_t> validity_;
    std::shared_ptr<const std::vector<std::string_view>> dictionary_;
    std::vector<uint32_t> codes_;
};

}  // namespace weir

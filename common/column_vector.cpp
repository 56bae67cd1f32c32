// Allocation and validity helpers of ColumnVector.
#include "common/column_vector.h"

namespace weir {

void ColumnVector::reset(TypeId type, size_t size) {
    if (dictionary_) drop_dictionary();
    type_ = type;
    resize(size);
    set_all_valid();
}

void ColumnVector::resize(size_t size) {
    if (dictionary_ && size != size_) drop_dictionary();
    size_t old_words = validity_.size();
    size_ = size;
    switch (type_) {
    case TypeId::Boolean: bools_.resize(size); break;
    case TypeId::BigInt:
    case TypeId::Timestamp:
    case TypeId::Interval: ints_.resize(size); break;
    case TypeId::Double: doubles_.resize(size); break;
    case TypeId::Text: strings_.resize(size); break;
    case TypeId::Null: break;
    }
    size_t words = (size + 63) / 64;
    validity_.resize(words, ~uint64_t(0));
    for (size_t w = old_words; w < words; w++) validity_[w] = ~uint64_t(0);
    if (type_ == TypeId::Null) {
        for (auto &word : validity_) word = 0;
    }
}

bool ColumnVector::all_valid() const {
    size_t full = size_ / 64;
    for (size_t w = 0; w < full; w++) {
        if (validity_[w] != ~uint64_t(0)) return false;
    }
    size_t rest = size_ & 63;
    if (rest == 0) return true;
    uint64_t mask = (uint64_t(1) << rest) - 1;
    return (validity_[full] & mask) == mask;
}

void ColumnVector::set_all_valid() {
    for (auto &word : validity_) word = type_ == TypeId::Null ? 0 : ~uint64_t(0);
}

void ColumnVector::set_dictionary(std::shared_ptr<const std::vector<std::string_view>> dictionary,
                                  const uint32_t *codes) {
    assert(type_ == TypeId::Text && dictionary);
    dictionary_ = std::move(dictionary);
    codes_.assign(codes, codes + size_);
}

void ColumnVector::drop_dictionary() { dictionary_.reset(); }

}  // namespace weir

// Lazily built column arrays and texts of a ResultBatch.
#include "api/result_batch.h"

#include "common/value.h"

namespace weir {

Batch &ResultBatch::fill() {
    for (Cache &cache : caches_) {
        cache.has_int64s = cache.has_doubles = cache.has_text = false;
    }
    return batch_;
}

const long long *ResultBatch::int64s(size_t column) {
    if (column >= column_count()) return nullptr;
    const ColumnVector &source = batch_.columns[column];
    TypeId type = source.type();
    if (type != TypeId::BigInt && type != TypeId::Timestamp && type != TypeId::Interval && type != TypeId::Boolean) {
        return nullptr;
    }
    if (caches_.size() < column_count()) caches_.resize(column_count());
    Cache &cache = caches_[column];
    if (!cache.has_int64s) {
        size_t rows = row_count();
        cache.int64s.resize(rows);
        for (size_t r = 0; r < rows; r++) {
            if (source.is_null(r)) cache.int64s[r] = 0;
            else if (type == TypeId::Boolean) cache.int64s[r] = source.bools()[r];
            else cache.int64s[r] = source.ints()[r];
        }
        cache.has_int64s = true;
    }
    return cache.int64s.data();
}

const double *ResultBatch::doubles(size_t column) {
    if (column >= column_count() || batch_.columns[column].type() != TypeId::Double) return nullptr;
    const ColumnVector &source = batch_.columns[column];
    if (source.all_valid()) return source.doubles();
    if (caches_.size() < column_count()) caches_.resize(column_count());
    Cache &cache = caches_[column];
    if (!cache.has_doubles) {
        size_t rows = row_count();
        cache.doubles.assign(source.doubles(), source.doubles() + rows);
        for (size_t r = 0; r < rows; r++) {
            if (source.is_null(r)) cache.doubles[r] = 0;
        }
        cache.has_doubles = true;
    }
    return cache.doubles.data();
}

const char *ResultBatch::text(size_t column, size_t row) {
    if (is_null(column, row)) return nullptr;
    if (caches_.size() < column_count()) caches_.resize(column_count());
    Cache &cache = caches_[column];
    if (!cache.has_text) {
        const ColumnVector &source = batch_.columns[column];
        size_t rows = row_count();
        cache.text.clear();
        cache.text_offset.assign(rows, kNoText);
        cache.text_length.assign(rows, 0);
        for (size_t r = 0; r < rows; r++) {
            if (source.is_null(r)) continue;
            cache.text_offset[r] = cache.text.size();
            if (source.type() == TypeId::Text) cache.text.append(source.strings()[r]);
            else cache.text.append(Value::from_column(source, r).to_string());
            cache.text_length[r] = cache.text.size() - cache.text_offset[r];
            cache.text.push_back('\0');
        }
        cache.has_text = true;
    }
    size_t offset = cache.text_offset[row];
    return offset == kNoText ? nullptr : cache.text.data() + offset;
}

size_t ResultBatch::text_bytes(size_t column, size_t row) {
    if (text(column, row) == nullptr) return 0;
    return caches_[column].text_length[row];
}

bool ResultBatch::is_null(size_t column, size_t row) const {
    if (column >= column_count() || row >= row_count()) return true;
    return batch_.columns[column].is_null(row);
}

}  // namespace weir

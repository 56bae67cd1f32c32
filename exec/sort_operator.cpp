// Buffering, stable sorting and chunked output of SortOperator.
#include "exec/sort_operator.h"

#include <algorithm>
#include <cmath>

#include "common/weir_error.h"

namespace weir {

namespace {

template <typename T>
int three_way(const T &a, const T &b) {
    return a < b ? -1 : (b < a ? 1 : 0);
}

int compare_doubles(double a, double b) {
    bool a_nan = std::isnan(a), b_nan = std::isnan(b);
    if (a_nan || b_nan) return a_nan == b_nan ? 0 : (a_nan ? 1 : -1);
    return three_way(a, b);
}

// out[i] = column value of refs[i] for every buffered batch, one type switch per column.
template <typename T, typename Read>
void gather(T *out, size_t count, Read read) {
    for (size_t i = 0; i < count; i++) out[i] = read(i);
}

}  // namespace

SortOperator::SortOperator(std::vector<size_t> keys, std::vector<bool> descending)
    : keys_(std::move(keys)), descending_(std::move(descending)) {
    if (descending_.size() != keys_.size()) {
        throw WeirError(ErrorKind::Internal, "a sort was planned with mismatched key and direction lists.");
    }
}

void SortOperator::push(Batch &batch) {
    if (batch.live_count() == 0) return;
    buffered_.push_back(batch.compacted());
    buffered_.back().row_watermarks.clear();
}

int SortOperator::compare(const RowRef &a, const RowRef &b) const {
    for (size_t k = 0; k < keys_.size(); k++) {
        const ColumnVector &ca = buffered_[a.batch].columns[keys_[k]];
        const ColumnVector &cb = buffered_[b.batch].columns[keys_[k]];
        bool a_null = ca.is_null(a.row), b_null = cb.is_null(b.row);
        int result = 0;
        if (a_null || b_null) {
            result = a_null == b_null ? 0 : (a_null ? 1 : -1);
        } else {
            switch (ca.type()) {
            case TypeId::Boolean: result = three_way(ca.bools()[a.row] != 0, cb.bools()[b.row] != 0); break;
            case TypeId::BigInt:
            case TypeId::Timestamp:
            case TypeId::Interval: result = three_way(ca.ints()[a.row], cb.ints()[b.row]); break;
            case TypeId::Double: result = compare_doubles(ca.doubles()[a.row], cb.doubles()[b.row]); break;
            case TypeId::Text: result = ca.strings()[a.row].compare(cb.strings()[b.row]); break;
            case TypeId::Null: break;
            }
        }
        if (result != 0) return descending_[k] ? -result : result;
    }
    return 0;
}

void SortOperator::finish() {
    std::vector<RowRef> rows;
    for (size_t b = 0; b < buffered_.size(); b++) {
        for (size_t r = 0; r < buffered_[b].size(); r++) {
            rows.push_back(RowRef{static_cast<uint32_t>(b), static_cast<uint32_t>(r)});
        }
    }
    std::stable_sort(rows.begin(), rows.end(), [this](const RowRef &a, const RowRef &b) { return compare(a, b) < 0; });
    for (size_t offset = 0; offset < rows.size(); offset += kBatchCapacity) {
        emit(rows.data() + offset, std::min(kBatchCapacity, rows.size() - offset));
    }
    buffered_.clear();
    if (next_) next_->finish();
}

void SortOperator::emit(const RowRef *rows, size_t count) {
    Batch out;
    const std::vector<ColumnVector> &first = buffered_.front().columns;
    for (size_t c = 0; c < first.size(); c++) {
        out.columns.emplace_back(first[c].type(), count);
        ColumnVector &to = out.columns[c];
        auto column = [&](size_t i) -> const ColumnVector & { return buffered_[rows[i].batch].columns[c]; };
        switch (to.type()) {
        case TypeId::Boolean: gather(to.bools(), count, [&](size_t i) { return column(i).bools()[rows[i].row]; }); break;
        case TypeId::BigInt:
        case TypeId::Timestamp:
        case TypeId::Interval: gather(to.ints(), count, [&](size_t i) { return column(i).ints()[rows[i].row]; }); break;
        case TypeId::Double: gather(to.doubles(), count, [&](size_t i) { return column(i).doubles()[rows[i].row]; }); break;
        case TypeId::Text: gather(to.strings(), count, [&](size_t i) { return column(i).strings()[rows[i].row]; }); break;
        case TypeId::Null: break;
        }
        for (size_t i = 0; i < count; i++) to.set_valid(i, column(i).is_valid(rows[i].row));
    }
    out.set_size(count);
    for (const Batch &batch : buffered_) out.arenas.insert(out.arenas.end(), batch.arenas.begin(), batch.arenas.end());
    if (next_) next_->push(out);
}

void SortOperator::snapshot(StateWriter &out) const {
    out.write_tag("sort");
    out.write_u64(buffered_.size());
    for (const Batch &batch : buffered_) out.write_batch(batch);
}

void SortOperator::restore(StateReader &in) {
    in.expect_tag("sort");
    size_t batches = in.read_count();
    buffered_.clear();
    for (size_t b = 0; b < batches; b++) {
        Batch batch = in.read_batch();
        bool fits = buffered_.empty() || batch.columns.size() == buffered_.front().columns.size();
        for (size_t c = 0; fits && c < batch.columns.size() && !buffered_.empty(); c++) {
            fits = batch.columns[c].type() == buffered_.front().columns[c].type();
        }
        for (size_t key : keys_) fits = fits && key < batch.columns.size();
        if (!fits) {
            throw WeirError(ErrorKind::Data, "the checkpoint snapshot does not fit this query: its buffered rows have "
                                             "other columns than ORDER BY needs; restore a checkpoint taken by the "
                                             "same query.");
        }
        buffered_.push_back(std::move(batch));
    }
}

}  // namespace weir

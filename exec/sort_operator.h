// ORDER BY over a bounded input: buffers every row and emits them sorted at finish().
#pragma once

#include <vector>

#include "exec/operator.h"

namespace weir {

// Keys are input column indexes with a descending flag each. NULL sorts as larger than every
// value: NULLS LAST for ascending keys, NULLS FIRST for descending ones (PostgreSQL's default).
// TEXT compares bytewise; DOUBLE NaN sorts above every number. The sort is stable: ties keep
// arrival order. Rows are copied (compacted) when pushed; output batches hold at most
// kBatchCapacity rows and no row watermarks.
class SortOperator : public Operator {
public:
    SortOperator(std::vector<size_t> keys, std::vector<bool> descending);
    void push(Batch &batch) override;
    void advance_watermark(int64_t watermark) override {}  // sorted rows exist only at the end
    void finish() override;
    // Checkpoints: the buffered rows, batch by batch in arrival order (so ties keep their order).
    // restore throws WeirError(Data) for a snapshot of another operator or of rows without the
    // sort key columns.
    void snapshot(StateWriter &out) const override;
    void restore(StateReader &in) override;
    std::string name() const override { return "Sort"; }

private:
    struct RowRef {
        uint32_t batch;
        uint32_t row;
    };
    int compare(const RowRef &a, const RowRef &b) const;
    void emit(const RowRef *rows, size_t count);

    std::vector<size_t> keys_;
    std::vector<bool> descending_;
    std::vector<Batch> buffered_;
};

}  // namespace weir

// A cursor that shows one row of someone else's batch (the row passed to a weir_query_callback function).
#pragma once

#include "api/cursor.h"

namespace weir {

// point_at() selects the row; the batch must outlive its use. step() is never meant to be called
// (the C API refuses it) and returns Done.
class RowViewCursor : public Cursor {
public:
    explicit RowViewCursor(Schema schema) : schema_(std::move(schema)) {}

    void point_at(const Batch *batch, size_t row, ChangeKind kind) {
        batch_ = batch;
        row_ = row;
        kind_ = kind;
    }
    Step step(int) override { return Step::Done; }
    const Schema &schema() const override { return schema_; }
    bool is_null(size_t column) const override { return batch_->columns[column].is_null(row_); }
    Value value(size_t column) const override { return Value::from_column(batch_->columns[column], row_); }
    ChangeKind row_kind() const override { return kind_; }

private:
    Schema schema_;
    const Batch *batch_ = nullptr;
    size_t row_ = 0;
    ChangeKind kind_ = ChangeKind::Insert;
};

}  // namespace weir

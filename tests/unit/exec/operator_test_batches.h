// Test support for exec operator tests: building batches from values and collecting pushed rows.
#pragma once

#include <string>
#include <vector>

#include "common/batch.h"
#include "common/value.h"
#include "exec/operator.h"

namespace weir::test {

// A batch with one column per type and one row per entry of `rows` (Values of matching type or NULL).
inline Batch make_batch(const std::vector<TypeId> &types, const std::vector<std::vector<Value>> &rows) {
    Batch batch;
    for (TypeId type : types) batch.columns.emplace_back(type, 0);
    batch.set_size(rows.size());
    for (size_t r = 0; r < rows.size(); r++) {
        for (size_t c = 0; c < types.size(); c++) {
            const Value &value = rows[r][c];
            ColumnVector &column = batch.columns[c];
            if (value.is_null()) {
                column.set_null(r);
                continue;
            }
            switch (types[c]) {
            case TypeId::Boolean: column.bools()[r] = value.as_bool(); break;
            case TypeId::BigInt:
            case TypeId::Timestamp:
            case TypeId::Interval: column.ints()[r] = value.as_int(); break;
            case TypeId::Double: column.doubles()[r] = value.as_double(); break;
            case TypeId::Text: column.strings()[r] = batch.arena().add(value.as_text()); break;
            case TypeId::Null: break;
            }
        }
    }
    return batch;
}

// The live rows of a batch as "v1|v2|..." using Value::to_string (NULL, numbers, UTC timestamps).
inline std::vector<std::string> rows_of(const Batch &batch) {
    std::vector<std::string> out;
    for (size_t i = 0; i < batch.live_count(); i++) {
        uint32_t row = batch.live_row(i);
        std::string line;
        for (size_t c = 0; c < batch.columns.size(); c++) {
            if (c) line += "|";
            line += Value::from_column(batch.columns[c], row).to_string();
        }
        out.push_back(line);
    }
    return out;
}

// The last operator of a test chain: remembers every row, watermark and finish() it receives.
class CollectOperator : public Operator {
public:
    void push(Batch &batch) override {
        batches++;
        if (!batch.row_watermarks.empty()) batches_with_watermarks++;
        for (auto &row : rows_of(batch)) rows.push_back(row);
        max_batch_rows = std::max(max_batch_rows, batch.live_count());
    }
    void advance_watermark(int64_t watermark) override { watermarks.push_back(watermark); }
    void finish() override { finished++; }
    std::string name() const override { return "Collect"; }

    std::vector<std::string> rows;
    std::vector<int64_t> watermarks;
    int batches = 0;
    int batches_with_watermarks = 0;
    int finished = 0;
    size_t max_batch_rows = 0;
};

}  // namespace weir::test

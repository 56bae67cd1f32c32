// The row-by-row fallback of Cursor::step_batch: copies stepped rows into a typed batch.
#include "api/cursor.h"

#include <vector>

namespace weir {

namespace {

void store(ColumnVector &column, size_t row, const Value &value, StringArena &arena) {
    if (value.is_null()) {
        column.set_null(row);
        return;
    }
    switch (column.type()) {
    case TypeId::Boolean: column.bools()[row] = value.as_bool() ? 1 : 0; break;
    case TypeId::BigInt:
    case TypeId::Timestamp:
    case TypeId::Interval: column.ints()[row] = value.as_int(); break;
    case TypeId::Double: column.doubles()[row] = value.as_double(); break;
    case TypeId::Text: column.strings()[row] = arena.add(value.as_text()); break;
    case TypeId::Null: column.set_null(row); break;
    }
}

}  // namespace

Cursor::Step Cursor::step_batch(int timeout_ms, Batch &out) {
    Step first = step(timeout_ms);
    if (first != Step::Row) return first;
    const Schema &columns = schema();
    std::vector<std::vector<Value>> rows;
    do {
        std::vector<Value> row;
        row.reserve(columns.size());
        for (size_t c = 0; c < columns.size(); c++) row.push_back(value(c));
        rows.push_back(std::move(row));
    } while (rows.size() < kBatchRows && step(0) == Step::Row);
    out.clear();
    out.columns.resize(columns.size());
    for (size_t c = 0; c < columns.size(); c++) out.columns[c].reset(columns[c].type, rows.size());
    out.set_size(rows.size());
    StringArena &arena = out.arena();
    for (size_t r = 0; r < rows.size(); r++) {
        for (size_t c = 0; c < columns.size(); c++) store(out.columns[c], r, rows[r][c], arena);
    }
    return Step::Row;
}

}  // namespace weir

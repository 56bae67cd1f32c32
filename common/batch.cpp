// Size and selection bookkeeping of Batch.
#include "common/batch.h"

namespace weir {

void Batch::set_size(size_t size) {
    size_ = size;
    for (auto &column : columns) column.resize(size);
    clear_selection();
}

void Batch::set_selection(std::vector<uint32_t> rows) {
    selection_ = std::move(rows);
    has_selection_ = true;
}

StringArena &Batch::arena() {
    if (arenas.empty()) arenas.push_back(std::make_shared<StringArena>());
    return *arenas.back();
}

void Batch::clear() {
    columns.clear();
    row_watermarks.clear();
    row_kinds.clear();
    arenas.clear();
    size_ = 0;
    clear_selection();
}

Batch Batch::compacted() const {
    Batch out;
    size_t count = live_count();
    auto arena = std::make_shared<StringArena>();
    out.arenas.push_back(arena);
    out.columns.resize(columns.size());
    for (size_t c = 0; c < columns.size(); c++) {
        const ColumnVector &from = columns[c];
        ColumnVector &to = out.columns[c];
        to.reset(from.type(), count);
        for (size_t i = 0; i < count; i++) {
            uint32_t row = live_row(i);
            if (from.is_null(row)) {
                to.set_null(i);
                continue;
            }
            switch (from.type()) {
            case TypeId::Boolean: to.bools()[i] = from.bools()[row]; break;
            case TypeId::BigInt:
            case TypeId::Timestamp:
            case TypeId::Interval: to.ints()[i] = from.ints()[row]; break;
            case TypeId::Double: to.doubles()[i] = from.doubles()[row]; break;
            case TypeId::Text: to.strings()[i] = arena->add(from.strings()[row]); break;
            case TypeId::Null: break;
            }
        }
    }
    if (!row_watermarks.empty()) {
        out.row_watermarks.resize(count);
        for (size_t i = 0; i < count; i++) out.row_watermarks[i] = row_watermarks[live_row(i)];
    }
    if (!row_kinds.empty()) {
        out.row_kinds.resize(count);
        for (size_t i = 0; i < count; i++) out.row_kinds[i] = row_kinds[live_row(i)];
    }
    out.size_ = count;
    return out;
}

}  // namespace weir

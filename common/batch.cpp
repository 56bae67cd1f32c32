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
    arenas.clear();
    size_ = 0;
    clear_selection();
}

}  // namespace weir

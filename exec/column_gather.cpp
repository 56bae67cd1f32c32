// Type-dispatched row gathering: one switch per column, tight loops inside.
#include "exec/column_gather.h"

namespace weir {

namespace {

template <typename T>
void gather_values(const T *from, const uint32_t *rows, size_t count, T *to) {
    for (size_t i = 0; i < count; i++) to[i] = from[rows[i]];
}

}  // namespace

void ColumnGather::gather(const ColumnVector &from, const uint32_t *rows, size_t count, ColumnVector &to,
                          size_t offset, StringArena *arena) {
    switch (from.type()) {
    case TypeId::Boolean: gather_values(from.bools(), rows, count, to.bools() + offset); break;
    case TypeId::BigInt:
    case TypeId::Timestamp:
    case TypeId::Interval: gather_values(from.ints(), rows, count, to.ints() + offset); break;
    case TypeId::Double: gather_values(from.doubles(), rows, count, to.doubles() + offset); break;
    case TypeId::Text:
        if (arena) {
            std::string_view *out = to.strings() + offset;
            for (size_t i = 0; i < count; i++) {
                out[i] = from.is_valid(rows[i]) ? arena->add(from.strings()[rows[i]]) : std::string_view();
            }
        } else {
            gather_values(from.strings(), rows, count, to.strings() + offset);
        }
        break;
    case TypeId::Null: break;
    }
    if (from.type() == TypeId::Null) {
        for (size_t i = 0; i < count; i++) to.set_null(offset + i);
        return;
    }
    for (size_t i = 0; i < count; i++) to.set_valid(offset + i, from.is_valid(rows[i]));
}

}  // namespace weir

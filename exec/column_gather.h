// Copies chosen rows of one column vector into another, a column at a time.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/column_vector.h"
#include "common/string_arena.h"

namespace weir {

// Both vectors must have the same type; `to` must already hold offset + count rows.
class ColumnGather {
public:
    // to[offset + i] = from[rows[i]] for i < count, NULLs included. Text bytes are copied into
    // `arena` when it is given, otherwise the views are copied (the caller keeps their arena alive).
    static void gather(const ColumnVector &from, const uint32_t *rows, size_t count, ColumnVector &to,
                       size_t offset, StringArena *arena);
};

}  // namespace weir

// A small batch of weather rows (with NULLs and awkward strings) shared by the sink and encoder tests.
#pragma once

#include <cmath>

#include "common/batch.h"
#include "common/schema.h"

namespace weir {

// Rows: (Warsaw, 3.5, 10, true, 2025-01-15 14:00:00) ; ("Say "hi", ok", NULL, NULL, false,
// 2025-01-15 14:30:00.25) ; (NULL, NaN, -1, NULL, NULL).
inline Schema fixture_schema() {
    return Schema({{"city", TypeId::Text}, {"temp", TypeId::Double}, {"n", TypeId::BigInt},
                   {"ok", TypeId::Boolean}, {"ts", TypeId::Timestamp}});
}

inline Batch fixture_batch() {
    constexpr int64_t noon = 1736949600LL * 1000000;
    Batch batch;
    Schema schema = fixture_schema();
    batch.columns.resize(schema.size());
    for (size_t c = 0; c < schema.size(); c++) batch.columns[c].reset(schema[c].type, 3);
    batch.set_size(3);
    auto &arena = batch.arena();
    batch.columns[0].strings()[0] = arena.add("Warsaw");
    batch.columns[0].strings()[1] = arena.add("Say \"hi\", ok");
    batch.columns[0].set_null(2);
    batch.columns[1].doubles()[0] = 3.5;
    batch.columns[1].set_null(1);
    batch.columns[1].doubles()[2] = std::nan("");
    batch.columns[2].ints()[0] = 10;
    batch.columns[2].set_null(1);
    batch.columns[2].ints()[2] = -1;
    batch.columns[3].bools()[0] = 1;
    batch.columns[3].bools()[1] = 0;
    batch.columns[3].set_null(2);
    batch.columns[4].ints()[0] = noon;
    batch.columns[4].ints()[1] = noon + 30 * 60 * 1000000LL + 250000;
    batch.columns[4].set_null(2);
    return batch;
}

}  // namespace weir

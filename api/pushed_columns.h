// Rows a host pushes column by column (weir_push_columns), checked and turned into the JSON lines a memory source reads.
#pragma once

#include <cstddef>
#include <string>

#include "weir.h"

namespace weir {

// Encodes the host's columns as JSON lines with the sinks' JsonLineEncoder, so that a pushed column
// means exactly what weir_push_json of the same rows means (one decoder, one set of conversions and
// malformed-row rules). Contract: `columns` holds `count` descriptions of `rows` values each, laid
// out as include/weir.h says; the host's arrays are only read, during the call.
class PushedColumns {
public:
    // Checks every description (throws WeirError(Misuse) naming the column: unknown type, NULL
    // arrays, TEXT codes out of range or decreasing offsets) before anything is encoded.
    PushedColumns(const weir_push_column *columns, int count, long long rows);

    // Appends one JSON object per row, each followed by '\n', to `out`.
    void encode(std::string &out) const;

private:
    const weir_push_column *columns_;
    size_t count_;
    size_t rows_;
};

}  // namespace weir

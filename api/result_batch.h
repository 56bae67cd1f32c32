// One block of result rows as the C API hands it out: typed column arrays and NUL-terminated texts.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/batch.h"

namespace weir {

// Wraps a Batch without a selection (as Cursor::step_batch produces). The arrays and strings it
// returns stay valid until the next fill(); they are built lazily, once per column, so a host that
// reads one column pays for that column only. Not thread-safe (it belongs to one statement).
class ResultBatch {
public:
    // The batch to fill next; invalidates everything returned so far.
    Batch &fill();

    size_t row_count() const { return batch_.size(); }
    size_t column_count() const { return batch_.columns.size(); }
    // BIGINT, TIMESTAMP, INTERVAL and BOOLEAN (0/1) columns as row_count() values, 0 at NULL
    // cells; nullptr for other types or column >= column_count().
    const long long *int64s(size_t column);
    // DOUBLE columns as row_count() values, 0 at NULL cells; nullptr otherwise.
    const double *doubles(size_t column);
    // The cell in display form (Value::to_string); nullptr for NULL or out of range.
    const char *text(size_t column, size_t row);
    // The length of text(column, row) without its terminating NUL (TEXT may contain NULs); 0 for nullptr.
    size_t text_bytes(size_t column, size_t row);
    // The change kind of a row (row < row_count()).
    ChangeKind kind(size_t row) const { return batch_.kind(static_cast<uint32_t>(row)); }
    // True for a NULL cell and for out-of-range column or row.
    bool is_null(size_t column, size_t row) const;

private:
    struct Cache {
        bool has_int64s = false;
        bool has_doubles = false;
        bool has_text = false;
        std::vector<long long> int64s;
        std::vector<double> doubles;
        std::string text;                // every cell's text, each followed by a NUL
        std::vector<size_t> text_offset;  // per row; kNoText for NULL
        std::vector<size_t> text_length;  // per row, without the NUL
    };
    static constexpr size_t kNoText = static_cast<size_t>(-1);

    Batch batch_;
    std::vector<Cache> caches_;
};

}  // namespace weir

// Appends the live rows of a batch as JSON objects, one per line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/batch.h"
#include "common/schema.h"

namespace weir {

// Output per row: {"city":"Warsaw","temp":3.5,"ts":"2025-01-15T14:00:00Z"}\n — keys are the column
// names in schema order; NULL, NaN and ±inf are null; doubles use format_double; timestamps ISO-8601
// with Z; intervals their shorthand text ("5m"); strings escaped per RFC 8259 (control characters as
// \u00XX). Used by every text-writing sink.
class JsonLineEncoder {
public:
    explicit JsonLineEncoder(Schema schema);

    // Appends one line per live row of `batch` (whose columns follow the schema) to `out`.
    void append(const Batch &batch, std::string &out) const;
    // Appends one row (physical index `row`) without the trailing newline.
    void append_row(const Batch &batch, size_t row, std::string &out) const;

    // Appends `text` as a quoted, escaped JSON string.
    static void append_string(std::string_view text, std::string &out);

private:
    Schema schema_;
    std::vector<std::string> key_prefixes_;  // ,"name": per column (without the comma for the first)
};

}  // namespace weir

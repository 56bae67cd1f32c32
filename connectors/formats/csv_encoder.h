// Appends the live rows of a batch as CSV records (RFC 4180), with an optional header record.
#pragma once

#include <string>
#include <string_view>

#include "common/batch.h"
#include "common/schema.h"

namespace weir {

// Fields are quoted when they contain the delimiter, a quote, CR or LF (quotes doubled). NULL is an
// empty field; an empty string is "" (so the CsvDecoder reads both back faithfully). Timestamps use
// format_timestamp ("2025-01-15 14:00:00"), doubles format_double, booleans true/false. Lines end "\n".
class CsvEncoder {
public:
    explicit CsvEncoder(Schema schema, char delimiter = ',');

    // Appends the column names as one record.
    void append_header(std::string &out) const;
    // Appends one record per live row of `batch` (whose columns follow the schema).
    void append(const Batch &batch, std::string &out) const;

    // Appends the record of physical row `row`, with its newline.
    void append_row(const Batch &batch, size_t row, std::string &out) const;
    // Appends one field with quoting as needed.
    void append_field(std::string_view text, std::string &out) const;

private:
    Schema schema_;
    char delimiter_;
};

}  // namespace weir

// Cell values as PostgreSQL text input: for statement parameters and for COPY text-format lines.
#pragma once

#include <string>
#include <string_view>

#include "common/batch.h"

namespace weir {

// The text PostgreSQL parses for each weir type, whatever the session's settings: BIGINT in
// decimal; DOUBLE shortest round-trip ("3.5", "1e+300", "Infinity", "-Infinity"), NaN as NULL (as
// the SQLite sink does); BOOLEAN "t"/"f"; TEXT as is; TIMESTAMP as UTC with an explicit offset
// ("2025-01-15 14:00:00.25+00") so the session TimeZone cannot shift it; INTERVAL as
// "<n> microseconds" (exact; PostgreSQL shows it as hours:minutes:seconds). Stateless.
class PostgresValueEncoder {
public:
    // Why PostgreSQL cannot store `value` as text ("holds a NUL byte ...", "is not valid UTF-8 ..."),
    // or "" when it can. Scans the bytes once, allocates only for a bad value.
    static std::string text_problem(std::string_view value);
    // Sets `out` to the text of one cell; false (and `out` empty) for NULL or NaN.
    static bool text(const ColumnVector &column, size_t row, std::string &out);
    // Appends one COPY text-format line (tab-separated, \N for NULL, backslash, tab, newline and
    // carriage return escaped, ending in '\n') for `row` of every column of `batch`.
    static void append_copy_line(const Batch &batch, size_t row, std::string &out);
    // Appends `value` escaped for the COPY text format.
    static void append_copy_escaped(const std::string &value, std::string &out);
};

}  // namespace weir

// Converts one field's text (a CSV cell, a JSON string) or an epoch number into a typed column cell.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/column_vector.h"
#include "common/string_arena.h"
#include "connectors/formats/timestamp_format.h"

namespace weir {

// Shared typing rules of the text formats. On failure the methods return false and set `reason` to
// the part of a sentence after "field `x`: ", e.g. "expected a number but found 'abc'".
class FieldConverter {
public:
    // Stores `text` into row `row` of `column` by the column's type: BIGINT (integer text), DOUBLE
    // (finite number text: NaN and infinity are refused, as in JSON), TEXT (copied into `arena`), BOOLEAN (true/false/1/0/yes/no, any case), TIMESTAMP
    // (ISO-8601 for Iso, else an epoch number in the given unit), INTERVAL (duration shorthand such as
    // '5m', or an integer number of microseconds). Does not touch the validity bit.
    static bool from_text(std::string_view text, TimestampFormat format, ColumnVector &column, size_t row,
                          StringArena &arena, std::string &reason);

    // Microseconds of an epoch value in `format` (which must not be Iso); nullopt outside the TIMESTAMP
    // range (common/timestamp.h).
    static std::optional<int64_t> epoch_integer_to_micros(int64_t value, TimestampFormat format);
    static std::optional<int64_t> epoch_double_to_micros(double value, TimestampFormat format);

    // Quotes text for a reason: 'abc', cut to 40 bytes.
    static std::string quoted(std::string_view text);
};

}  // namespace weir

// Converts a column from one type to another (CAST and TRY_CAST).
#pragma once

#include <cstdint>

#include "common/batch.h"
#include "common/type_id.h"
#include "exec/kernel_input.h"

namespace weir {

// Supported conversions: identity; NULL → any; TEXT → BIGINT / DOUBLE / BOOLEAN (true/false/t/f/1/0/
// yes/no, any case) / TIMESTAMP (parse_timestamp) / INTERVAL ("5m", "-90s", "1.5 hours"); any → TEXT
// (Value::to_string forms); BIGINT ↔ DOUBLE (DOUBLE → BIGINT rounds half away from zero);
// BOOLEAN ↔ BIGINT / DOUBLE. Surrounding whitespace of text input is ignored.
class CastFunction {
public:
    // Throws WeirError(Bind) "cannot cast TIMESTAMP to DOUBLE" for an unsupported pair.
    static void check_supported(TypeId from, TypeId to);

    // Writes the live rows of `input` converted to out.type(). `out` must already carry the input's
    // validity. Bad input (CAST('abc' AS BIGINT), a DOUBLE out of BIGINT range or NaN) throws
    // WeirError(Data) "could not convert 'abc' to BIGINT", or gives NULL when `try_cast`.
    static void execute(const Operand &input, const uint32_t *selection, size_t count, bool try_cast, Batch &batch,
                        ColumnVector &out);
};

}  // namespace weir

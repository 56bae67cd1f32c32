// How TIMESTAMP values are written in records: ISO-8601 text or an epoch number in some unit.
#pragma once

namespace weir {

// Iso: strings parsed by parse_timestamp. Epoch*: numbers (integer or fractional) since 1970-01-01 UTC.
enum class TimestampFormat { Iso, EpochSeconds, EpochMillis, EpochMicros };

}  // namespace weir

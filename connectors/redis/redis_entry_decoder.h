// Decodes one Redis stream entry (its id and field/value pairs) into a row of typed output columns.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/batch.h"
#include "common/schema.h"
#include "connectors/formats/json_line_decoder.h"
#include "connectors/formats/timestamp_format.h"

namespace weir {

// Formats: Fields — each field names an output column (case-insensitive; other fields ignored, absent
// columns NULL, an empty value is NULL except for TEXT) and its value converts by FieldConverter's
// rules; Json — the value of field `payload` (or else `json`) is one JSON document decoded by
// JsonLineDecoder's rules. `id_time_column`: an output column filled with the entry id's milliseconds
// (ts_source = 'id'); it overrides any field of that name. A row whose event-time column ends up NULL
// is malformed, as is an entry without fields (deleted while pending) or without a JSON field. Not
// thread-safe.
class RedisEntryDecoder {
public:
    enum class Format { Fields, Json };

    RedisEntryDecoder(Schema output, Format format, TimestampFormat timestamp_format,
                      std::optional<size_t> event_time, std::optional<size_t> id_time_column);
    ~RedisEntryDecoder();

    // As JsonLineDecoder::begin_batch.
    void begin_batch(Batch &out, size_t capacity) const;
    // Decodes entry `id` whose fields are fields[0..count) as name, value, name, value... into row
    // `row`. Returns false and sets `reason` when malformed. `readable_after`: bytes readable after the
    // end of every field value (a JSON document is parsed in place when that is enough padding).
    bool decode(std::string_view id, const std::string_view *fields, size_t count, Batch &out, size_t row,
                std::string &reason, size_t readable_after = 0);

    // The milliseconds part of an entry id "1700000000000-0", or nullopt when it is not an id.
    static std::optional<int64_t> id_millis(std::string_view id);
    // Parses "ms-seq" (or "ms", seq 0); false when it is not an id.
    static bool parse_id(std::string_view id, uint64_t &ms, uint64_t &seq);
    // Compares two entry ids numerically ("10-0" > "9-5"); ids that do not parse compare as 0-0.
    static int compare_ids(std::string_view a, std::string_view b);

private:
    bool decode_fields(const std::string_view *fields, size_t count, Batch &out, size_t row, std::string &reason);

    Schema output_;
    Format format_;
    TimestampFormat timestamp_format_;
    std::optional<size_t> event_time_;
    std::optional<size_t> id_time_column_;
    std::vector<std::string> lower_names_;
    std::unique_ptr<JsonLineDecoder> json_;
};

}  // namespace weir

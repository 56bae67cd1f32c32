// Decodes CSV records (RFC 4180 quoting, a header row naming the columns) into typed output columns.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/batch.h"
#include "common/schema.h"
#include "connectors/formats/timestamp_format.h"

namespace weir {

// The header maps fields to output columns by name (case-insensitive); header fields that name no
// output column are ignored and output columns absent from the header are NULL. Fields may be quoted
// with '"' ("" inside quotes is one quote; quoted fields may hold the delimiter and newlines); a '"'
// opens a quoted field only as the field's first byte, elsewhere it is text (x"y is the text x"y). An
// empty unquoted field is NULL; a quoted empty field is '' for TEXT and NULL otherwise. Typing
// follows FieldConverter. A record with a different field count than the header, a field that does
// not convert, a NULL event-time column, or bytes that are not UTF-8 is malformed. Not thread-safe.
class CsvDecoder {
public:
    CsvDecoder(Schema output, TimestampFormat timestamp_format, std::optional<size_t> event_time, char delimiter);

    // Reads a header record (a UTF-8 BOM and surrounding spaces are ignored). Call again per file.
    void set_header(std::string_view record);
    bool has_header() const { return has_header_; }
    void clear_header() { has_header_ = false; }

    // As JsonLineDecoder::begin_batch.
    void begin_batch(Batch &out, size_t capacity) const;
    // Decodes one record (without its line terminator) into row `row`; false + `reason` when malformed.
    // A record in which no field starts with a quote is converted field by field as it is scanned (no
    // split, no copies); every other record, and every record that fails that way, is decoded again by
    // decode_by_split, whose row and reason count. So the results are always those of decode_by_split.
    bool decode(std::string_view record, Batch &out, size_t row, std::string &reason);
    // The general path: splits the whole record first (unquoting into a scratch buffer), then converts
    // each field with FieldConverter. Public so that tests can compare decode() with it.
    bool decode_by_split(std::string_view record, Batch &out, size_t row, std::string &reason);

    // Index of the '\n' that ends the record starting at data[0] (CsvRecordScanner's rule: a '"' opens a
    // quoted field only at a field's start), or npos when `data` holds no complete record yet.
    // `newlines` is set to the number of '\n' inside the record (quoted ones).
    static size_t find_record_end(std::string_view data, size_t &newlines, char delimiter = ',');
    static size_t find_record_end(std::string_view data, char delimiter = ',') {
        size_t newlines;
        return find_record_end(data, newlines, delimiter);
    }

private:
    struct Field {
        std::string_view text;
        bool quoted;
    };
    bool split(std::string_view record, std::string &reason);
    // decode()'s one-pass path: true with row `row` filled exactly as decode_by_split would fill it,
    // or false (row unspecified) when the record needs the general path or is malformed.
    bool decode_plain(std::string_view record, Batch &out, size_t row);
    bool event_time_present(const Batch &out, size_t row, std::string &reason) const;

    Schema output_;
    TimestampFormat timestamp_format_;
    std::optional<size_t> event_time_;
    char delimiter_;
    bool has_header_ = false;
    std::vector<int> field_to_column_;  // per header field: output column index or -1
    std::vector<Field> fields_;
    std::string scratch_;
    std::string ignored_reason_;  // decode_plain's FieldConverter calls (their failures go to decode_by_split)
};

}  // namespace weir

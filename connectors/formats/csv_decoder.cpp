// CSV record splitting and typed decoding.
#include "connectors/formats/csv_decoder.h"

#include <simdjson.h>

#include <cstring>
#include <memory>

#include "common/timestamp.h"
#include "connectors/formats/csv_record_scanner.h"
#include "connectors/formats/field_converter.h"

namespace weir {
namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    return text;
}

// An optional '-' and 1 to 18 digits (no overflow possible), the common BIGINT text: the value
// FieldConverter would store. False for anything else, which FieldConverter then decides.
bool parse_short_integer(std::string_view text, int64_t &value) {
    const char *p = text.data();
    const char *end = p + text.size();
    bool negative = p < end && *p == '-';
    if (negative) p++;
    if (p == end || end - p > 18) return false;
    uint64_t magnitude = 0;
    for (; p < end; p++) {
        unsigned digit = static_cast<unsigned>(static_cast<unsigned char>(*p)) - '0';
        if (digit > 9) return false;
        magnitude = magnitude * 10 + digit;
    }
    value = negative ? -static_cast<int64_t>(magnitude) : static_cast<int64_t>(magnitude);
    return true;
}

// Converts an unquoted field as decode_by_split does (TEXT as is, other types trimmed, empty = NULL),
// with the common BIGINT and ISO timestamp forms parsed inline. False when the field does not convert.
bool convert_unquoted(std::string_view text, TimestampFormat format, ColumnVector &column, size_t row,
                      StringArena &arena, std::string &reason) {
    TypeId type = column.type();
    if (type != TypeId::Text) text = trim(text);
    if (text.empty()) return true;  // NULL
    int64_t value;
    if (type == TypeId::Text) {
        column.strings()[row] = arena.add(text);
    } else if (type == TypeId::BigInt && parse_short_integer(text, value)) {
        column.ints()[row] = value;
    } else if (type == TypeId::Timestamp && format == TimestampFormat::Iso && parse_timestamp_zulu(text, value)) {
        column.ints()[row] = value;
    } else if (!FieldConverter::from_text(text, format, column, row, arena, reason)) {
        return false;
    }
    column.set_valid(row);
    return true;
}

uint64_t load_word(const char *p) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    return word;
}

// UTF-8 validity, checked as JSON input checks it: ASCII (the common case) 32 bytes at a time first.
bool is_utf8(std::string_view text) {
    const char *p = text.data();
    const size_t n = text.size();
    uint64_t a = 0, b = 0, c = 0, d = 0;
    if (n >= 8) {
        size_t i = 0;
        for (; i + 32 <= n; i += 32) {
            a |= load_word(p + i);
            b |= load_word(p + i + 8);
            c |= load_word(p + i + 16);
            d |= load_word(p + i + 24);
        }
        for (; i + 8 <= n; i += 8) a |= load_word(p + i);
        b |= load_word(p + n - 8);  // the last bytes (overlapping the words before)
    } else {
        for (size_t i = 0; i < n; i++) a |= static_cast<unsigned char>(p[i]);
    }
    if (((a | b | c | d) & 0x8080808080808080ULL) == 0) return true;
    return simdjson::validate_utf8(p, n);
}

}  // namespace

CsvDecoder::CsvDecoder(Schema output, TimestampFormat timestamp_format, std::optional<size_t> event_time,
                       char delimiter)
    : output_(std::move(output)), timestamp_format_(timestamp_format), event_time_(event_time),
      delimiter_(delimiter) {}

size_t CsvDecoder::find_record_end(std::string_view data, size_t &newlines, char delimiter) {
    CsvRecordScanner scanner(delimiter);
    size_t end = scanner.find_end(data);
    newlines = scanner.newlines();
    return end;
}

bool CsvDecoder::split(std::string_view record, std::string &reason) {
    if (!record.empty() && record.back() == '\r') record.remove_suffix(1);
    fields_.clear();
    scratch_.clear();
    scratch_.reserve(record.size());  // unescaped text never grows, so views into scratch_ stay valid
    size_t i = 0;
    while (true) {
        if (i < record.size() && record[i] == '"') {
            size_t start = scratch_.size();
            i++;
            bool closed = false;
            while (i < record.size()) {
                if (record[i] == '"') {
                    if (i + 1 < record.size() && record[i + 1] == '"') {
                        scratch_.push_back('"');
                        i += 2;
                        continue;
                    }
                    closed = true;
                    i++;
                    break;
                }
                scratch_.push_back(record[i++]);
            }
            if (!closed) {
                reason = "unterminated quoted field";
                return false;
            }
            fields_.push_back(Field{std::string_view(scratch_.data() + start, scratch_.size() - start), true});
            if (i < record.size() && record[i] != delimiter_) {
                reason = "unexpected text after a closing quote";
                return false;
            }
        } else {
            size_t end = record.find(delimiter_, i);
            if (end == std::string_view::npos) end = record.size();
            fields_.push_back(Field{record.substr(i, end - i), false});
            i = end;
        }
        if (i >= record.size()) break;
        i++;  // the delimiter
        if (i == record.size()) {
            fields_.push_back(Field{std::string_view(), false});
            break;
        }
    }
    return true;
}

void CsvDecoder::set_header(std::string_view record) {
    if (record.size() >= 3 && std::memcmp(record.data(), "\xEF\xBB\xBF", 3) == 0) record.remove_prefix(3);
    std::string ignored;
    split(record, ignored);
    field_to_column_.assign(fields_.size(), -1);
    for (size_t f = 0; f < fields_.size(); f++) {
        auto index = output_.find(std::string(trim(fields_[f].text)));
        if (index) field_to_column_[f] = static_cast<int>(*index);
    }
    has_header_ = true;
}

void CsvDecoder::begin_batch(Batch &out, size_t capacity) const {
    out.clear_selection();
    out.row_watermarks.clear();
    out.arenas.clear();  // earlier arenas may live on downstream; never reuse them
    out.arenas.push_back(std::make_shared<StringArena>());
    out.columns.resize(output_.size());
    for (size_t c = 0; c < output_.size(); c++) out.columns[c].reset(output_[c].type, capacity);
    out.set_size(capacity);
}

bool CsvDecoder::decode(std::string_view record, Batch &out, size_t row, std::string &reason) {
    if (!is_utf8(record) || !decode_plain(record, out, row)) {
        return decode_by_split(record, out, row, reason);
    }
    return event_time_present(out, row, reason);
}

bool CsvDecoder::decode_plain(std::string_view record, Batch &out, size_t row) {
    if (!record.empty() && record.back() == '\r') record.remove_suffix(1);
    for (auto &column : out.columns) column.set_null(row);
    StringArena &arena = *out.arenas.back();
    const char *field = record.data();
    const char *end = field + record.size();
    const size_t header_fields = field_to_column_.size();
    for (size_t f = 0; f < header_fields; f++) {
        if (field < end && *field == '"') return false;  // a quoted field: split() unquotes it
        const char *delimiter =
            field < end ? static_cast<const char *>(std::memchr(field, delimiter_, static_cast<size_t>(end - field)))
                        : nullptr;
        const char *field_end = delimiter != nullptr ? delimiter : end;
        int c = field_to_column_[f];
        if (c >= 0 && !convert_unquoted(std::string_view(field, static_cast<size_t>(field_end - field)),
                                        timestamp_format_, out.columns[static_cast<size_t>(c)], row, arena,
                                        ignored_reason_)) {
            return false;
        }
        if (delimiter == nullptr) return f + 1 == header_fields;
        field = delimiter + 1;
    }
    return false;  // more fields than the header
}

bool CsvDecoder::event_time_present(const Batch &out, size_t row, std::string &reason) const {
    if (event_time_ && out.columns[*event_time_].is_null(row)) {
        reason = "event-time field `" + output_[*event_time_].name + "` is missing or null";
        return false;
    }
    return true;
}

bool CsvDecoder::decode_by_split(std::string_view record, Batch &out, size_t row, std::string &reason) {
    for (auto &column : out.columns) column.set_null(row);
    if (!is_utf8(record)) {
        reason = "invalid UTF-8";
        return false;
    }
    if (!split(record, reason)) return false;
    if (fields_.size() != field_to_column_.size()) {
        reason = "record has " + std::to_string(fields_.size()) + " fields but the header has " +
                 std::to_string(field_to_column_.size());
        return false;
    }
    StringArena &arena = *out.arenas.back();
    for (size_t f = 0; f < fields_.size(); f++) {
        int c = field_to_column_[f];
        if (c < 0) continue;
        const Field &field = fields_[f];
        ColumnVector &column = out.columns[static_cast<size_t>(c)];
        std::string_view text = field.quoted || column.type() == TypeId::Text ? field.text : trim(field.text);
        if (text.empty() && (!field.quoted || column.type() != TypeId::Text)) continue;
        std::string why;
        if (!FieldConverter::from_text(text, timestamp_format_, column, row, arena, why)) {
            reason = "field `" + output_[static_cast<size_t>(c)].name + "`: " + why;
            return false;
        }
        column.set_valid(row);
    }
    return event_time_present(out, row, reason);
}

}  // namespace weir

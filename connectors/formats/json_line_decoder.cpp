// JSON-lines decoding with simdjson On-Demand, one line at a time, straight into column vectors.
#include "connectors/formats/json_line_decoder.h"

#include <simdjson.h>

#include <cmath>
#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>

#include "common/timestamp.h"
#include "connectors/formats/field_converter.h"

namespace weir {
namespace {

using simdjson::ondemand::json_type;
using simdjson::ondemand::number_type;

const char *json_type_name(json_type type) {
    switch (type) {
    case json_type::array: return "an array";
    case json_type::object: return "an object";
    case json_type::number: return "a number";
    case json_type::string: return "a string";
    case json_type::boolean: return "a boolean";
    case json_type::null: return "null";
    }
    return "a value";
}

const char *expected_name(TypeId type, TimestampFormat format) {
    switch (type) {
    case TypeId::BigInt: return "an integer";
    case TypeId::Double: return "a number";
    case TypeId::Text: return "a string";
    case TypeId::Boolean: return "true or false";
    case TypeId::Timestamp: return format == TimestampFormat::Iso ? "an ISO-8601 timestamp string" : "an epoch number";
    case TypeId::Interval: return "a duration string";
    case TypeId::Null: return "null";
    }
    return "a value";
}

static_assert(JsonLineDecoder::kPadding >= simdjson::SIMDJSON_PADDING, "kPadding must cover simdjson's padding");

// The text of a JSON string token without its quotes when it holds no escape sequence (then it equals
// the unescaped value); nullopt when it is not a string or holds a backslash. `token` is simdjson's raw
// token: it starts at the opening quote and runs up to the next structural character, so a string's
// closing quote is its last non-blank byte (stage 1 checked the structure; any other byte after the
// closing quote would have been a structural of its own).
std::optional<std::string_view> plain_string(std::string_view token) {
    if (token.empty() || token[0] != '"') return std::nullopt;
    size_t end = token.size();
    while (end > 1 && (token[end - 1] == ' ' || token[end - 1] == '\t' || token[end - 1] == '\n' ||
                       token[end - 1] == '\r')) {
        end--;
    }
    if (end < 2 || token[end - 1] != '"') return std::nullopt;
    std::string_view text = token.substr(1, end - 2);
    if (std::memchr(text.data(), '\\', text.size()) != nullptr) return std::nullopt;
    return text;
}

bool ascii_iequals(std::string_view key, const std::string &lower) {
    if (key.size() != lower.size()) return false;
    for (size_t i = 0; i < key.size(); i++) {
        char c = key[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != lower[i]) return false;
    }
    return true;
}

// Equality of two short texts (keys) without a library call.
bool same_text(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    const char *x = a.data(), *y = b.data();
    size_t n = a.size();
    for (; n >= 8; n -= 8, x += 8, y += 8) {
        uint64_t u, v;
        std::memcpy(&u, x, 8);
        std::memcpy(&v, y, 8);
        if (u != v) return false;
    }
    for (; n > 0; n--) {
        if (*x++ != *y++) return false;
    }
    return true;
}

// True if the raw key text at `raw` (just after its opening quote) is exactly `key` followed by the
// closing quote. `key` holds no quote or backslash, so the first byte that differs lies at or before
// the raw key's closing quote: the comparison never reads past it by more than 7 bytes (padding).
bool raw_key_is(const char *raw, const std::string &key) {
    return same_text(std::string_view(raw, key.size()), key) && raw[key.size()] == '"';
}

// Stores one JSON value into row `row` of `column` (named `name`) by the column's type.
bool decode_value(simdjson::ondemand::value &value, const std::string &name, TimestampFormat timestamp_format,
                  ColumnVector &column, StringArena &arena, size_t row, std::string &reason) {
    json_type type;
    if (value.type().get(type)) {
        reason = "invalid JSON (truncated or malformed)";
        return false;
    }
    if (type == json_type::null) {
        if (value.is_null().error()) {
            reason = "invalid JSON (truncated or malformed)";
            return false;
        }
        return true;
    }
    auto wrong_type = [&]() {
        reason = "field `" + name + "`: expected " + expected_name(column.type(), timestamp_format) +
                 " but found " + json_type_name(type);
        return false;
    };
    auto invalid = [&]() {
        reason = "field `" + name + "`: invalid JSON value";
        return false;
    };
    switch (column.type()) {
    case TypeId::Double: {
        if (type != json_type::number) return wrong_type();
        double number;
        if (value.get_double().get(number)) return invalid();
        column.doubles()[row] = number;
        break;
    }
    case TypeId::BigInt: {
        if (type != json_type::number) return wrong_type();
        // Most values are plain integers: one parse. Anything else (a fraction, an exponent, out of
        // range) leaves the value unread, and the general path below classifies it.
        int64_t integer;
        if (value.get_int64().get(integer) == simdjson::SUCCESS) {
            column.ints()[row] = integer;
            break;
        }
        number_type kind;
        if (value.get_number_type().get(kind)) return invalid();
        if (kind == number_type::signed_integer) {
            if (value.get_int64().get(integer)) return invalid();
            column.ints()[row] = integer;
            break;
        }
        double number;
        if (value.get_double().get(number)) return invalid();
        if (kind == number_type::unsigned_integer || std::trunc(number) != number || std::fabs(number) >= 9.2e18) {
            std::string_view token = value.raw_json_token();
            while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.remove_suffix(1);
            reason = "field `" + name + "`: expected an integer but found " + std::string(token);
            return false;
        }
        column.ints()[row] = static_cast<int64_t>(number);
        break;
    }
    case TypeId::Text: {
        std::string_view text;
        if (type == json_type::string) {
            auto plain = plain_string(value.raw_json_token());
            if (plain) text = *plain;
            else if (value.get_string().get(text)) return invalid();
        } else if (type == json_type::number || type == json_type::boolean) {
            text = value.raw_json_token();
            while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
        } else if (type == json_type::object) {
            simdjson::ondemand::object nested;
            if (value.get_object().get(nested) || nested.raw_json().get(text)) return invalid();
        } else {
            simdjson::ondemand::array nested;
            if (value.get_array().get(nested) || nested.raw_json().get(text)) return invalid();
        }
        column.strings()[row] = arena.add(text);
        break;
    }
    case TypeId::Boolean: {
        if (type != json_type::boolean) return wrong_type();
        bool flag;
        if (value.get_bool().get(flag)) return invalid();
        column.bools()[row] = flag ? 1 : 0;
        break;
    }
    case TypeId::Timestamp: {
        if (type == json_type::string) {
            std::string_view text;
            auto plain = plain_string(value.raw_json_token());
            if (plain) text = *plain;
            else if (value.get_string().get(text)) return invalid();
            int64_t micros;
            if (parse_timestamp_zulu(text, micros)) {  // the common form, without std::optional
                column.ints()[row] = micros;
                break;
            }
            auto parsed = parse_timestamp(text);
            if (!parsed) {
                reason = "field `" + name + "`: expected an ISO-8601 timestamp but found " +
                         FieldConverter::quoted(text);
                return false;
            }
            column.ints()[row] = *parsed;
            break;
        }
        if (type != json_type::number || timestamp_format == TimestampFormat::Iso) return wrong_type();
        number_type kind;
        if (value.get_number_type().get(kind)) return invalid();
        std::optional<int64_t> micros;
        if (kind == number_type::signed_integer) {
            int64_t integer;
            if (value.get_int64().get(integer)) return invalid();
            micros = FieldConverter::epoch_integer_to_micros(integer, timestamp_format);
        } else {
            double number;
            if (value.get_double().get(number)) return invalid();
            micros = FieldConverter::epoch_double_to_micros(number, timestamp_format);
        }
        if (!micros) {
            reason = "field `" + name + "`: epoch timestamp out of range";
            return false;
        }
        column.ints()[row] = *micros;
        break;
    }
    case TypeId::Interval: {
        if (type == json_type::string) {
            std::string_view text;
            if (value.get_string().get(text)) return invalid();
            auto parsed = parse_duration(text);
            if (!parsed) {
                reason = "field `" + name + "`: expected a duration such as '5m' but found " +
                         FieldConverter::quoted(text);
                return false;
            }
            column.ints()[row] = *parsed;
            break;
        }
        if (type != json_type::number) return wrong_type();
        int64_t integer;
        if (value.get_int64().get(integer)) {
            reason = "field `" + name + "`: expected integer microseconds for an interval";
            return false;
        }
        column.ints()[row] = integer;
        break;
    }
    case TypeId::Null: return true;
    }
    column.set_valid(row);
    return true;
}

}  // namespace

// Block decoding runs simdjson's iterate_many over a run of whole lines (a "chunk") that starts at the
// line being decoded: stage 1 once per chunk, then one document per line. A document is taken only if
// it starts at its line's first non-blank byte and the next one (or the chunk's end) is the first
// non-blank byte after its line: then the object lies inside its line with only blanks after it, and
// (its line starting outside any string, as in a line of its own) its tokens are those the line
// parser would see. Anything else, and every failure, is decoded again by the line parser (whose
// result and reason count) and the next line starts a new chunk.
struct JsonLineDecoder::Parser {
    simdjson::ondemand::parser parser;         // one line at a time
    simdjson::ondemand::parser chunk_parser;   // runs of lines
    simdjson::ondemand::document_stream stream;
    simdjson::ondemand::document_stream::iterator next;  // the stream's next document
    bool active = false;                       // `next` is a document that starts at `next_start`
    const char *block = nullptr;               // the caller's block the stream reads
    const char *next_start = nullptr;          // first byte of the next document
    const char *chunk_end = nullptr;           // one past the chunk's last newline
    size_t window = 0;                         // bytes of the next chunk at most
};

namespace {

// Chunks grow from kMinChunk (after a failure) to kMaxChunk (also the chunk parser's fixed capacity:
// simdjson reallocates a parser whenever the capacity asked for changes).
constexpr size_t kMinChunk = 4 << 10;
constexpr size_t kMaxChunk = 64 << 10;

bool is_line_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }
bool is_json_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

JsonLineDecoder::~JsonLineDecoder() = default;

JsonLineDecoder::JsonLineDecoder(Schema output, TimestampFormat timestamp_format, std::optional<size_t> event_time)
    : output_(std::move(output)), timestamp_format_(timestamp_format), event_time_(event_time),
      parser_(std::make_unique<Parser>()) {
    for (const auto &column : output_.columns()) lower_names_.push_back(to_lower(column.name));
    buffer_.resize(4096 + simdjson::SIMDJSON_PADDING);
    parser_->chunk_parser.threaded = false;
    parser_->window = kMinChunk;
}

void JsonLineDecoder::begin_batch(Batch &out, size_t capacity) const {
    out.clear_selection();
    out.row_watermarks.clear();
    out.arenas.clear();  // earlier arenas may live on downstream; never reuse them
    out.arenas.push_back(std::make_shared<StringArena>());
    out.columns.resize(output_.size());
    for (size_t c = 0; c < output_.size(); c++) out.columns[c].reset(output_[c].type, capacity);
    out.set_size(capacity);
}

int JsonLineDecoder::find_column(std::string_view key) const {
    for (size_t c = 0; c < lower_names_.size(); c++) {
        if (ascii_iequals(key, lower_names_[c])) return static_cast<int>(c);
    }
    return -1;
}

inline int JsonLineDecoder::column_of(size_t field_index, std::string_view key) {
    // Producers write the fields of every line in the same order: the key seen at this position in an
    // earlier line is compared first (exactly; find_column's case-insensitive match agrees with it).
    if (field_index < known_keys_.size()) {
        KnownKey &known = known_keys_[field_index];
        if (same_text(known.key, key)) return known.column;
        known.key.assign(key.data(), key.size());
        known.column = find_column(key);
        known.plain = key.find_first_of("\"\\") == std::string_view::npos;
        return known.column;
    }
    int column = find_column(key);
    if (field_index == known_keys_.size() && field_index < kKnownKeys) {
        bool plain = key.find_first_of("\"\\") == std::string_view::npos;
        known_keys_.push_back(KnownKey{std::string(key), column, plain});
    }
    return column;
}

template <typename Document>
bool JsonLineDecoder::decode_document(Document &document, Batch &out, size_t row, std::string &reason,
                                      const char *&after) {
    for (auto &column : out.columns) column.set_null(row);
    simdjson::ondemand::object object;
    auto object_error = document.get_object().get(object);
    if (object_error == simdjson::INCORRECT_TYPE) {
        reason = "expected a JSON object";
        return false;
    }
    if (object_error) {
        reason = "invalid JSON";
        return false;
    }
    size_t field_index = 0;
    for (auto field_result : object) {
        // The field and its value are used in place: copying simdjson's iterators out of them costs
        // a store-forwarding stall each (GCC copies them with one 16-byte load after narrower stores).
        if (field_result.error()) {
            reason = "invalid JSON (truncated or malformed)";
            return false;
        }
        simdjson::ondemand::field &field = field_result.value_unsafe();
        const char *raw = field.key().raw();
        int column;
        if (field_index < known_keys_.size() && known_keys_[field_index].plain &&
            raw_key_is(raw, known_keys_[field_index].key)) {
            column = known_keys_[field_index].column;  // the same key as at this position before
        } else {
            // A key without escapes is matched in place; only escaped keys are unescaped (a copy).
            std::string_view key;
            const char *end = raw;
            while (*end != '"' && *end != '\\') end++;
            if (*end == '"') {
                key = std::string_view(raw, static_cast<size_t>(end - raw));
            } else if (field.unescaped_key().get(key)) {
                reason = "invalid JSON (truncated or malformed)";
                return false;
            }
            column = column_of(field_index, key);
        }
        field_index++;
        if (column < 0) continue;
        simdjson::ondemand::value &value = field.value();
        if (!decode_value(value, output_[static_cast<size_t>(column)].name, timestamp_format_,
                          out.columns[static_cast<size_t>(column)], *out.arenas.back(), row, reason)) {
            return false;
        }
    }
    // The first token after the object, or nullptr at the end of the input.
    if (document.current_location().get(after) != simdjson::SUCCESS) after = nullptr;
    return true;
}

bool JsonLineDecoder::event_time_present(const Batch &out, size_t row, std::string &reason) const {
    if (event_time_ && out.columns[*event_time_].is_null(row)) {
        reason = "event-time field `" + output_[*event_time_].name + "` is missing or null";
        return false;
    }
    return true;
}

bool JsonLineDecoder::decode(std::string_view line, Batch &out, size_t row, std::string &reason,
                             size_t readable_after) {
    size_t trimmed = 0;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
        line.remove_suffix(1);
        trimmed++;
    }
    const char *input = line.data();
    size_t capacity = line.size() + trimmed + readable_after;
    if (capacity < line.size() + simdjson::SIMDJSON_PADDING) {
        if (buffer_.size() < line.size() + simdjson::SIMDJSON_PADDING) buffer_.resize(line.size() + simdjson::SIMDJSON_PADDING);
        std::memcpy(buffer_.data(), line.data(), line.size());
        input = buffer_.data();
        capacity = buffer_.size();
    }

    simdjson::ondemand::document document;
    if (auto error = parser_->parser.iterate(input, line.size(), capacity).get(document)) {
        for (auto &column : out.columns) column.set_null(row);
        reason = error == simdjson::UTF8_ERROR ? "invalid UTF-8" : "invalid JSON";
        return false;
    }
    const char *trailing = nullptr;
    if (!decode_document(document, out, row, reason, trailing)) return false;
    if (trailing != nullptr) {
        reason = "invalid JSON (text after the object)";
        return false;
    }
    return event_time_present(out, row, reason);
}

void JsonLineDecoder::forget_block() {
    parser_->active = false;
    parser_->block = nullptr;
}

bool JsonLineDecoder::start_chunk(std::string_view block, const char *start) {
    Parser &p = *parser_;
    p.active = false;
    const char *block_end = block.data() + block.size();
    if (block_end - start <= static_cast<std::ptrdiff_t>(kPadding)) return false;
    size_t span = std::min(p.window, static_cast<size_t>(block_end - start) - kPadding);
    const void *last_newline = ::memrchr(start, '\n', span);
    if (last_newline == nullptr) {
        if (span == p.window) p.window = std::min(p.window * 2, kMaxChunk);  // a long line: wider next time
        return false;
    }
    const char *chunk_end = static_cast<const char *>(last_newline) + 1;
    if (p.chunk_parser.iterate_many(start, static_cast<size_t>(chunk_end - start), kMaxChunk).get(p.stream)) {
        return false;
    }
    p.next = p.stream.begin();
    if (!(p.next != p.stream.end())) return false;
    p.window = std::min(p.window * 2, kMaxChunk);
    p.block = block.data();
    p.chunk_end = chunk_end;
    p.next_start = nullptr;  // the first document's start is read from it
    p.active = true;
    return true;
}

bool JsonLineDecoder::decode_in_block(std::string_view block, std::string_view line, Batch &out, size_t row,
                                      std::string &reason) {
    Parser &p = *parser_;
    const char *line_end = line.data() + line.size();
    const size_t readable_after = static_cast<size_t>(block.data() + block.size() - line_end);
    const char *first = line.data();
    while (first < line_end && is_line_blank(*first)) first++;
    if (first == line_end) return decode(line, out, row, reason, readable_after);
    if (p.active && (p.block != block.data() || (p.next_start != nullptr && p.next_start != first) ||
                     first >= p.chunk_end)) {
        p.active = false;
    }
    if (!p.active && !start_chunk(block, line.data())) return decode(line, out, row, reason, readable_after);

    simdjson::ondemand::document_reference document;
    const char *after = nullptr;
    const char *start = nullptr;
    bool taken = (*p.next).get(document) == simdjson::SUCCESS &&
                 document.current_location().get(start) == simdjson::SUCCESS && start == first &&
                 decode_document(document, out, row, reason, after);
    if (taken && after == nullptr) {
        // The run's last document. Stage 1 of a run drops an unfinished object at its end, so what
        // follows this one on its line is unknown: the line parser decides.
        p.active = false;
        return decode(line, out, row, reason, readable_after);
    }
    if (taken) {
        // The first non-blank byte after the line (blank lines skipped) must be where the next
        // document starts.
        const char *expected = line_end;
        while (expected < p.chunk_end && is_json_blank(*expected)) expected++;
        taken = after == expected;
        if (taken) {
            ++p.next;
            taken = p.next != p.stream.end();
            p.next_start = after;
        }
    }
    if (!taken) {
        p.active = false;
        p.window = kMinChunk;
        return decode(line, out, row, reason, readable_after);
    }
    return event_time_present(out, row, reason);
}

}  // namespace weir

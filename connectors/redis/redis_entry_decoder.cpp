// Field and JSON decoding of Redis stream entries.
#include "connectors/redis/redis_entry_decoder.h"

#include <cstring>

#include "common/schema.h"
#include "connectors/formats/field_converter.h"

namespace weir {
namespace {

bool equals_lower(std::string_view text, const std::string &lower) {
    if (text.size() != lower.size()) return false;
    for (size_t i = 0; i < text.size(); i++) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != lower[i]) return false;
    }
    return true;
}

}  // namespace

bool RedisEntryDecoder::parse_id(std::string_view id, uint64_t &ms, uint64_t &seq) {
    ms = 0;
    seq = 0;
    size_t dash = id.find('-');
    std::string_view first = id.substr(0, dash);
    std::string_view second = dash == std::string_view::npos ? std::string_view() : id.substr(dash + 1);
    if (first.empty() || first.size() > 20 || (dash != std::string_view::npos && second.empty())) return false;
    for (char c : first) {
        if (c < '0' || c > '9') return false;
        ms = ms * 10 + static_cast<uint64_t>(c - '0');
    }
    for (char c : second) {
        if (c < '0' || c > '9') return false;
        seq = seq * 10 + static_cast<uint64_t>(c - '0');
    }
    return true;
}

RedisEntryDecoder::RedisEntryDecoder(Schema output, Format format, TimestampFormat timestamp_format,
                                     std::optional<size_t> event_time, std::optional<size_t> id_time_column)
    : output_(std::move(output)), format_(format), timestamp_format_(timestamp_format), event_time_(event_time),
      id_time_column_(id_time_column) {
    for (size_t c = 0; c < output_.size(); c++) lower_names_.push_back(to_lower(output_[c].name));
    if (format_ == Format::Json) {
        // The id fills its column after decoding, so the JSON decoder must not require it.
        std::optional<size_t> json_event_time = event_time_ == id_time_column_ ? std::nullopt : event_time_;
        json_ = std::make_unique<JsonLineDecoder>(output_, timestamp_format_, json_event_time);
    }
}

RedisEntryDecoder::~RedisEntryDecoder() = default;

void RedisEntryDecoder::begin_batch(Batch &out, size_t capacity) const {
    if (json_) {
        json_->begin_batch(out, capacity);
        return;
    }
    out.clear_selection();
    out.row_watermarks.clear();
    out.arenas.clear();  // earlier arenas may live on downstream; never reuse them
    out.arenas.push_back(std::make_shared<StringArena>());
    out.columns.resize(output_.size());
    for (size_t c = 0; c < output_.size(); c++) out.columns[c].reset(output_[c].type, capacity);
    out.set_size(capacity);
}

bool RedisEntryDecoder::decode(std::string_view id, const std::string_view *fields, size_t count, Batch &out,
                               size_t row, std::string &reason, size_t readable_after) {
    if (count == 0) {
        reason = "the entry has no fields (deleted while pending?)";
        return false;
    }
    if (count % 2 != 0) {
        reason = "the entry has an odd number of field names and values";
        return false;
    }
    if (format_ == Format::Json) {
        const std::string_view *document = nullptr;
        for (size_t i = 0; i < count; i += 2) {
            if (fields[i] == "payload") document = &fields[i + 1];
            else if (fields[i] == "json" && document == nullptr) document = &fields[i + 1];
        }
        if (document == nullptr) {
            reason = "the entry has no field `payload` or `json` holding a JSON document";
            return false;
        }
        if (!json_->decode(*document, out, row, reason, readable_after)) return false;
    } else if (!decode_fields(fields, count, out, row, reason)) {
        return false;
    }
    if (id_time_column_) {
        auto millis = id_millis(id);
        auto micros = millis ? FieldConverter::epoch_integer_to_micros(*millis, TimestampFormat::EpochMillis)
                             : std::nullopt;
        ColumnVector &column = out.columns[*id_time_column_];
        if (!micros) {
            reason = "entry id " + FieldConverter::quoted(id) + " does not carry a time";
            return false;
        }
        column.ints()[row] = *micros;
        column.set_valid(row);
    }
    return true;
}

bool RedisEntryDecoder::decode_fields(const std::string_view *fields, size_t count, Batch &out, size_t row,
                                      std::string &reason) {
    for (auto &column : out.columns) column.set_null(row);
    StringArena &arena = *out.arenas.back();
    for (size_t i = 0; i < count; i += 2) {
        std::string_view name = fields[i];
        std::string_view value = fields[i + 1];
        for (size_t c = 0; c < output_.size(); c++) {
            if (!equals_lower(name, lower_names_[c])) continue;
            if (id_time_column_ && *id_time_column_ == c) break;
            ColumnVector &column = out.columns[c];
            if (value.empty() && column.type() != TypeId::Text) {
                column.set_null(row);
                break;
            }
            std::string why;
            if (!FieldConverter::from_text(value, timestamp_format_, column, row, arena, why)) {
                reason = "field `" + output_[c].name + "`: " + why;
                return false;
            }
            column.set_valid(row);
            break;
        }
    }
    if (event_time_ && event_time_ != id_time_column_ && out.columns[*event_time_].is_null(row)) {
        reason = "event-time field `" + output_[*event_time_].name + "` is missing or empty";
        return false;
    }
    return true;
}

std::optional<int64_t> RedisEntryDecoder::id_millis(std::string_view id) {
    uint64_t ms = 0;
    uint64_t seq = 0;
    if (!parse_id(id, ms, seq) || ms > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<int64_t>(ms);
}

int RedisEntryDecoder::compare_ids(std::string_view a, std::string_view b) {
    uint64_t a_ms = 0, a_seq = 0, b_ms = 0, b_seq = 0;
    if (!parse_id(a, a_ms, a_seq)) a_ms = a_seq = 0;
    if (!parse_id(b, b_ms, b_seq)) b_ms = b_seq = 0;
    if (a_ms != b_ms) return a_ms < b_ms ? -1 : 1;
    if (a_seq != b_seq) return a_seq < b_seq ? -1 : 1;
    return 0;
}

}  // namespace weir

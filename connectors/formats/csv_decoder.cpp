// CSV record splitting and typed decoding.
#include "connectors/formats/csv_decoder.h"

#include <cstring>
#include <memory>

#include "connectors/formats/field_converter.h"

namespace weir {
namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    return text;
}

}  // namespace

CsvDecoder::CsvDecoder(Schema output, TimestampFormat timestamp_format, std::optional<size_t> event_time,
                       char delimiter)
    : output_(std::move(output)), timestamp_format_(timestamp_format), event_time_(event_time),
      delimiter_(delimiter) {}

size_t CsvDecoder::find_record_end(std::string_view data, size_t &newlines) {
    newlines = 0;
    if (data.empty()) return std::string_view::npos;
    const void *newline = std::memchr(data.data(), '\n', data.size());
    if (newline == nullptr) return std::string_view::npos;
    size_t end = static_cast<size_t>(static_cast<const char *>(newline) - data.data());
    const void *quote = std::memchr(data.data(), '"', end);
    if (quote == nullptr) return end;
    // Nothing before the first quote is quoted: toggle from there on.
    bool in_quotes = false;
    for (size_t i = static_cast<size_t>(static_cast<const char *>(quote) - data.data()); i < data.size(); i++) {
        char c = data[i];
        if (c == '"') {
            in_quotes = !in_quotes;
        } else if (c == '\n') {
            if (!in_quotes) return i;
            newlines++;
        }
    }
    return std::string_view::npos;
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
    for (auto &column : out.columns) column.set_null(row);
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
    if (event_time_ && out.columns[*event_time_].is_null(row)) {
        reason = "event-time field `" + output_[*event_time_].name + "` is missing or null";
        return false;
    }
    return true;
}

}  // namespace weir

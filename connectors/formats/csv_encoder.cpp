// CSV encoding of batches.
#include "connectors/formats/csv_encoder.h"

#include "common/number_format.h"
#include "common/timestamp.h"

namespace weir {

CsvEncoder::CsvEncoder(Schema schema, char delimiter) : schema_(std::move(schema)), delimiter_(delimiter) {}

void CsvEncoder::append_field(std::string_view text, std::string &out) const {
    bool needs_quotes = text.empty();
    for (char c : text) {
        if (c == delimiter_ || c == '"' || c == '\n' || c == '\r') {
            needs_quotes = true;
            break;
        }
    }
    if (!needs_quotes) {
        out.append(text);
        return;
    }
    out += '"';
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void CsvEncoder::append_header(std::string &out) const {
    for (size_t c = 0; c < schema_.size(); c++) {
        if (c > 0) out += delimiter_;
        append_field(schema_[c].name, out);
    }
    out += '\n';
}

void CsvEncoder::append_row(const Batch &batch, size_t row, std::string &out) const {
    for (size_t c = 0; c < schema_.size(); c++) {
        if (c > 0) out += delimiter_;
        const ColumnVector &column = batch.columns[c];
        if (column.is_null(row)) continue;
        switch (column.type()) {
        case TypeId::Boolean: out += column.bools()[row] ? "true" : "false"; break;
        case TypeId::BigInt: out += std::to_string(column.ints()[row]); break;
        case TypeId::Double: out += format_double(column.doubles()[row]); break;
        case TypeId::Text: append_field(column.strings()[row], out); break;
        case TypeId::Timestamp: out += format_timestamp(column.ints()[row]); break;
        case TypeId::Interval: out += format_interval(column.ints()[row]); break;
        case TypeId::Null: break;
        }
    }
    out += '\n';
}

void CsvEncoder::append(const Batch &batch, std::string &out) const {
    size_t live = batch.live_count();
    for (size_t i = 0; i < live; i++) append_row(batch, batch.live_row(i), out);
}

}  // namespace weir

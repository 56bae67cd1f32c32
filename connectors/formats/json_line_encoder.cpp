// JSON-lines encoding of batches.
#include "connectors/formats/json_line_encoder.h"

#include <cmath>

#include "common/number_format.h"
#include "common/timestamp.h"

namespace weir {

JsonLineEncoder::JsonLineEncoder(Schema schema) : schema_(std::move(schema)) {
    for (size_t c = 0; c < schema_.size(); c++) {
        std::string prefix = c == 0 ? "" : ",";
        append_string(schema_[c].name, prefix);
        prefix += ':';
        key_prefixes_.push_back(std::move(prefix));
    }
}

void JsonLineEncoder::append_string(std::string_view text, std::string &out) {
    static const char *hex = "0123456789abcdef";
    out += '"';
    for (char ch : text) {
        auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 15];
            } else {
                out += ch;
            }
        }
    }
    out += '"';
}

void JsonLineEncoder::append_row(const Batch &batch, size_t row, std::string &out) const {
    out += '{';
    for (size_t c = 0; c < schema_.size(); c++) {
        out += key_prefixes_[c];
        const ColumnVector &column = batch.columns[c];
        if (column.is_null(row)) {
            out += "null";
            continue;
        }
        switch (column.type()) {
        case TypeId::Boolean: out += column.bools()[row] ? "true" : "false"; break;
        case TypeId::BigInt: out += std::to_string(column.ints()[row]); break;
        case TypeId::Double: {
            double value = column.doubles()[row];
            out += std::isfinite(value) ? format_double(value) : "null";
            break;
        }
        case TypeId::Text: append_string(column.strings()[row], out); break;
        case TypeId::Timestamp: out += '"' + format_timestamp_iso(column.ints()[row]) + '"'; break;
        case TypeId::Interval: out += '"' + format_interval(column.ints()[row]) + '"'; break;
        case TypeId::Null: out += "null"; break;
        }
    }
    out += '}';
}

void JsonLineEncoder::append(const Batch &batch, std::string &out) const {
    size_t live = batch.live_count();
    for (size_t i = 0; i < live; i++) {
        append_row(batch, batch.live_row(i), out);
        out += '\n';
    }
}

}  // namespace weir

// Text encoding of cells for PostgreSQL parameters and COPY data.
#include "connectors/postgres/postgres_value_encoder.h"

#include <cmath>
#include <cstdio>

#include "common/number_format.h"
#include "common/timestamp.h"
#include "common/utf8.h"

namespace weir {

std::string PostgresValueEncoder::text_problem(std::string_view value) {
    size_t nul = value.find('\0');
    size_t invalid = first_invalid_utf8(value);
    if (nul == std::string_view::npos && invalid == std::string_view::npos) return "";
    if (nul < invalid) {
        return "holds a NUL byte (\\u0000) at byte " + std::to_string(nul) + ", which PostgreSQL text cannot store";
    }
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02x", static_cast<unsigned char>(value[invalid]));
    return "is not valid UTF-8 (byte " + std::string(hex) + " at byte " + std::to_string(invalid) +
           "), which PostgreSQL text rejects";
}

bool PostgresValueEncoder::text(const ColumnVector &column, size_t row, std::string &out) {
    out.clear();
    if (column.is_null(row)) return false;
    switch (column.type()) {
    case TypeId::Boolean: out = column.bools()[row] ? "t" : "f"; return true;
    case TypeId::BigInt: out = std::to_string(column.ints()[row]); return true;
    case TypeId::Double: {
        double value = column.doubles()[row];
        if (std::isnan(value)) return false;
        if (std::isinf(value)) out = value > 0 ? "Infinity" : "-Infinity";
        else out = format_double(value);
        return true;
    }
    case TypeId::Text: out.assign(column.strings()[row]); return true;
    case TypeId::Timestamp: out = format_timestamp(column.ints()[row]) + "+00"; return true;
    case TypeId::Interval: out = std::to_string(column.ints()[row]) + " microseconds"; return true;
    case TypeId::Null: return false;
    }
    return false;
}

void PostgresValueEncoder::append_copy_escaped(const std::string &value, std::string &out) {
    for (char c : value) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default: out += c;
        }
    }
}

void PostgresValueEncoder::append_copy_line(const Batch &batch, size_t row, std::string &out) {
    thread_local std::string cell;
    for (size_t c = 0; c < batch.columns.size(); c++) {
        if (c > 0) out += '\t';
        if (!text(batch.columns[c], row, cell)) {
            out += "\\N";
            continue;
        }
        append_copy_escaped(cell, out);
    }
    out += '\n';
}

}  // namespace weir

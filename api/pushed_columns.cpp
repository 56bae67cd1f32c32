// Checking and JSON-lines encoding of the columns pushed with weir_push_columns.
#include "api/pushed_columns.h"

#include <algorithm>
#include <cstring>

#include "common/batch.h"
#include "common/schema.h"
#include "common/weir_error.h"
#include "connectors/formats/json_line_encoder.h"

namespace weir {
namespace {

constexpr size_t kChunkRows = 4096;  // rows per Batch handed to the encoder

bool type_of(int type, TypeId &out) {
    switch (type) {
    case WEIR_BOOLEAN: out = TypeId::Boolean; return true;
    case WEIR_BIGINT: out = TypeId::BigInt; return true;
    case WEIR_DOUBLE: out = TypeId::Double; return true;
    case WEIR_TEXT: out = TypeId::Text; return true;
    case WEIR_TIMESTAMP: out = TypeId::Timestamp; return true;
    case WEIR_INTERVAL: out = TypeId::Interval; return true;
    }
    return false;
}

[[noreturn]] void refuse(const weir_push_column &column, size_t index, const std::string &what) {
    std::string name = column.name ? std::string("`") + column.name + "`" : std::to_string(index);
    throw WeirError(ErrorKind::Misuse, "pushed column " + name + " " + what + ".");
}

void check_text(const weir_push_column &column, size_t index, size_t rows) {
    if (column.text_count < 0) refuse(column, index, "has a negative text_count");
    if (column.text_count > 0 && (!column.text || !column.text_offsets)) {
        refuse(column, index, "has text_count strings but no text or text_offsets array");
    }
    if (column.text_count > 0 && column.text_offsets[0] < 0) refuse(column, index, "has a negative first text offset");
    for (long long i = 0; i < column.text_count; i++) {
        if (column.text_offsets[i + 1] < column.text_offsets[i]) {
            refuse(column, index, "has decreasing text offsets at string " + std::to_string(i));
        }
    }
    auto codes = static_cast<const long long *>(column.values);
    for (size_t row = 0; row < rows; row++) {
        if (codes[row] >= column.text_count && !(column.nulls && column.nulls[row])) {
            refuse(column, index, "has code " + std::to_string(codes[row]) + " at row " + std::to_string(row) +
                                      ", but only " + std::to_string(column.text_count) + " strings");
        }
    }
}

}  // namespace

PushedColumns::PushedColumns(const weir_push_column *columns, int count, long long rows)
    : columns_(columns), count_(count > 0 ? static_cast<size_t>(count) : 0), rows_(rows > 0 ? static_cast<size_t>(rows) : 0) {
    if (count < 0 || rows < 0) throw WeirError(ErrorKind::Misuse, "weir_push_columns needs a column count and a row count of at least 0.");
    if (count > 0 && !columns) throw WeirError(ErrorKind::Misuse, "weir_push_columns got column_count > 0 but no columns array.");
    for (size_t c = 0; c < count_; c++) {
        const weir_push_column &column = columns_[c];
        TypeId type;
        if (!column.name) refuse(column, c, "has no name");
        if (!type_of(column.type, type)) refuse(column, c, "has unknown type " + std::to_string(column.type));
        if (rows_ > 0 && !column.values) refuse(column, c, "has no values array");
        if (type == TypeId::Text && rows_ > 0) check_text(column, c, rows_);
    }
}

void PushedColumns::encode(std::string &out) const {
    Schema schema;
    for (size_t c = 0; c < count_; c++) {
        TypeId type = TypeId::Null;
        type_of(columns_[c].type, type);
        schema.add(columns_[c].name, type);
    }
    JsonLineEncoder encoder(schema);
    Batch batch;
    batch.columns.resize(count_);
    for (size_t first = 0; first < rows_; first += kChunkRows) {
        size_t n = std::min(kChunkRows, rows_ - first);
        for (size_t c = 0; c < count_; c++) {
            const weir_push_column &in = columns_[c];
            ColumnVector &column = batch.columns[c];
            column.reset(schema[c].type, n);
            switch (schema[c].type) {
            case TypeId::Boolean: {
                auto values = static_cast<const unsigned char *>(in.values) + first;
                for (size_t r = 0; r < n; r++) column.bools()[r] = values[r] ? 1 : 0;
                break;
            }
            case TypeId::BigInt:
            case TypeId::Timestamp:
            case TypeId::Interval:
                std::memcpy(column.ints(), static_cast<const long long *>(in.values) + first, n * sizeof(int64_t));
                break;
            case TypeId::Double:
                std::memcpy(column.doubles(), static_cast<const double *>(in.values) + first, n * sizeof(double));
                break;
            case TypeId::Text: {
                auto codes = static_cast<const long long *>(in.values) + first;
                std::string_view *strings = column.strings();
                for (size_t r = 0; r < n; r++) {
                    if (codes[r] < 0) {
                        column.set_null(r);
                        continue;
                    }
                    long long begin = in.text_offsets[codes[r]];
                    strings[r] = std::string_view(in.text + begin, static_cast<size_t>(in.text_offsets[codes[r] + 1] - begin));
                }
                break;
            }
            case TypeId::Null: break;
            }
            if (in.nulls) {
                for (size_t r = 0; r < n; r++) {
                    if (in.nulls[first + r]) column.set_null(r);
                }
            }
        }
        batch.set_size(n);
        size_t before = out.size();
        encoder.append(batch, out);
        // Reserve the whole text once, estimated from the first chunk: growing a string of hundreds
        // of megabytes step by step cost as much as encoding it (copies and fresh pages each time).
        if (first == 0 && n < rows_) out.reserve(before + (out.size() - before) / n * rows_ * 9 / 8);
    }
}

}  // namespace weir

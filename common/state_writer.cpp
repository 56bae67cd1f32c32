// Binary encoding of snapshot values (the counterpart of state_reader.cpp).
#include "common/state_writer.h"

#include <cstring>

namespace weir {

void StateWriter::write_u8(uint8_t value) { data_.push_back(static_cast<char>(value)); }

void StateWriter::write_u64(uint64_t value) {
    char bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((value >> (8 * i)) & 0xff);
    data_.append(bytes, 8);
}

void StateWriter::write_i64(int64_t value) { write_u64(static_cast<uint64_t>(value)); }

void StateWriter::write_double(double value) {
    uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    write_u64(bits);
}

void StateWriter::write_string(std::string_view value) {
    write_u64(value.size());
    data_.append(value.data(), value.size());
}

void StateWriter::write_batch(const Batch &batch) {
    size_t rows = batch.live_count();
    write_u64(batch.columns.size());
    write_u64(rows);
    for (const ColumnVector &column : batch.columns) {
        write_u8(static_cast<uint8_t>(column.type()));
        for (size_t i = 0; i < rows; ++i) {
            uint32_t row = batch.live_row(i);
            bool valid = column.is_valid(row);
            write_u8(valid ? 1 : 0);
            if (!valid) continue;
            switch (column.type()) {
            case TypeId::Boolean: write_u8(column.bools()[row]); break;
            case TypeId::BigInt:
            case TypeId::Timestamp:
            case TypeId::Interval: write_i64(column.ints()[row]); break;
            case TypeId::Double: write_double(column.doubles()[row]); break;
            case TypeId::Text: write_string(column.strings()[row]); break;
            default: break;
            }
        }
    }
}

}  // namespace weir

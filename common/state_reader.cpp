// Bounds-checked decoding of snapshot values written by StateWriter.
#include "common/state_reader.h"

#include <cstring>

#include "common/weir_error.h"

namespace weir {

std::string_view StateReader::take(size_t length) {
    if (length > data_.size() - offset_) corrupt("it ends early");
    std::string_view bytes = data_.substr(offset_, length);
    offset_ += length;
    return bytes;
}

void StateReader::corrupt(const std::string &what) const {
    throw WeirError(ErrorKind::Data, "the checkpoint snapshot is corrupt: " + what + " (at byte " +
                                         std::to_string(offset_) + ").");
}

uint8_t StateReader::read_u8() { return static_cast<uint8_t>(take(1)[0]); }

uint64_t StateReader::read_u64() {
    std::string_view bytes = take(8);
    uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value |= uint64_t(static_cast<uint8_t>(bytes[i])) << (8 * i);
    return value;
}

int64_t StateReader::read_i64() { return static_cast<int64_t>(read_u64()); }

double StateReader::read_double() {
    uint64_t bits = read_u64();
    double value = 0;
    std::memcpy(&value, &bits, sizeof value);
    return value;
}

size_t StateReader::read_count(size_t limit) {
    uint64_t count = read_u64();
    if (count > limit) corrupt("a count of " + std::to_string(count) + " is out of range");
    return static_cast<size_t>(count);
}

std::string StateReader::read_string() {
    size_t length = read_count(data_.size() - offset_);
    return std::string(take(length));
}

void StateReader::expect_tag(std::string_view tag) {
    std::string found = read_string();
    if (found != tag) corrupt("expected section '" + std::string(tag) + "' but found '" + found.substr(0, 40) + "'");
}

Batch StateReader::read_batch() {
    size_t columns = read_count(4096);
    size_t rows = read_count(data_.size() - offset_);
    Batch batch;
    batch.columns.resize(columns);
    batch.set_size(0);
    for (ColumnVector &column : batch.columns) {
        uint8_t type = read_u8();
        if (type > static_cast<uint8_t>(TypeId::Interval)) corrupt("unknown column type " + std::to_string(type));
        column.reset(static_cast<TypeId>(type), rows);
        for (size_t row = 0; row < rows; ++row) {
            uint8_t valid = read_u8();
            if (valid > 1) corrupt("bad validity flag");
            if (!valid) {
                column.set_null(row);
                continue;
            }
            switch (column.type()) {
            case TypeId::Boolean: column.bools()[row] = read_u8() ? 1 : 0; break;
            case TypeId::BigInt:
            case TypeId::Timestamp:
            case TypeId::Interval: column.ints()[row] = read_i64(); break;
            case TypeId::Double: column.doubles()[row] = read_double(); break;
            case TypeId::Text: {
                size_t length = read_count(data_.size() - offset_);
                column.strings()[row] = batch.arena().add(take(length));
                break;
            }
            default: corrupt("a value of type NULL");
            }
        }
    }
    batch.set_size(rows);
    return batch;
}

}  // namespace weir

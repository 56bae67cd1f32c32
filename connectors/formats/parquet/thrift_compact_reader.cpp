// Bounds-checked Thrift compact protocol decoding.
#include "connectors/formats/parquet/thrift_compact_reader.h"

#include "common/weir_error.h"

namespace weir {
namespace {

constexpr size_t kMaxDepth = 64;
enum : uint8_t { BoolTrue = 1, BoolFalse = 2, Byte = 3, I16 = 4, I32 = 5, I64 = 6, Double = 7, Binary = 8,
                 List = 9, Set = 10, Map = 11, Struct = 12 };

int64_t unzigzag(uint64_t value) { return static_cast<int64_t>(value >> 1) ^ -static_cast<int64_t>(value & 1); }

}  // namespace

void ThriftCompactReader::fail(const std::string &what) const {
    throw WeirError(ErrorKind::Data, "corrupt Parquet metadata: " + what + " at byte " + std::to_string(pos_));
}

uint8_t ThriftCompactReader::byte() {
    if (pos_ >= data_.size()) fail("unexpected end");
    return static_cast<uint8_t>(data_[pos_++]);
}

uint64_t ThriftCompactReader::varint() {
    uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        uint8_t b = byte();
        value |= static_cast<uint64_t>(b & 0x7F) << shift;
        if (!(b & 0x80)) return value;
    }
    fail("varint longer than 10 bytes");
}

void ThriftCompactReader::expect(uint8_t type, uint8_t wanted, uint8_t alternative) const {
    if (type != wanted && (alternative == 0 || type != alternative)) {
        fail("field of type " + std::to_string(type) + " where type " + std::to_string(wanted) + " was expected");
    }
}

void ThriftCompactReader::begin_struct() {
    if (last_ids_.size() >= kMaxDepth) fail("structs nested deeper than 64");
    last_ids_.push_back(0);
}

bool ThriftCompactReader::next_field(int16_t &id, uint8_t &type) {
    uint8_t header = byte();
    if (header == 0) return false;
    type = header & 0x0F;
    int delta = header >> 4;
    if (delta != 0) {
        id = static_cast<int16_t>(last_ids_.back() + delta);
    } else {
        int64_t value = unzigzag(varint());
        if (value < INT16_MIN || value > INT16_MAX) fail("field id out of range");
        id = static_cast<int16_t>(value);
    }
    last_ids_.back() = id;
    return true;
}

int32_t ThriftCompactReader::read_i32(uint8_t type) {
    expect(type, I32, I16);
    int64_t value = unzigzag(varint());
    if (value < INT32_MIN || value > INT32_MAX) fail("i32 out of range");
    return static_cast<int32_t>(value);
}

int64_t ThriftCompactReader::read_i64(uint8_t type) {
    if (type != I64) expect(type, I32, I16);
    return unzigzag(varint());
}

bool ThriftCompactReader::read_bool(uint8_t type) const {
    expect(type, BoolTrue, BoolFalse);
    return type == BoolTrue;
}

std::string_view ThriftCompactReader::read_binary(uint8_t type) {
    expect(type, Binary);
    uint64_t size = varint();
    if (size > data_.size() - pos_) fail("binary longer than the remaining bytes");
    std::string_view value = data_.substr(pos_, size);
    pos_ += size;
    return value;
}

size_t ThriftCompactReader::read_list_header(uint8_t type, uint8_t &element_type) {
    expect(type, List, Set);
    uint8_t header = byte();
    element_type = header & 0x0F;
    uint64_t size = header >> 4;
    if (size == 15) size = varint();
    if (size > data_.size() - pos_) fail("list longer than the remaining bytes");
    return size;
}

void ThriftCompactReader::skip_element(uint8_t type) {
    // Booleans inside lists and maps are one byte each.
    if (type == BoolTrue || type == BoolFalse) byte();
    else skip(type);
}

void ThriftCompactReader::skip(uint8_t type) {
    switch (type) {
    case BoolTrue:
    case BoolFalse:
        return;
    case Byte:
        byte();
        return;
    case I16:
    case I32:
    case I64:
        varint();
        return;
    case Double:
        for (int i = 0; i < 8; i++) byte();
        return;
    case Binary:
        read_binary(Binary);
        return;
    case List:
    case Set: {
        uint8_t element = 0;
        size_t size = read_list_header(type, element);
        if (last_ids_.size() >= kMaxDepth) fail("values nested deeper than 64");
        last_ids_.push_back(0);
        for (size_t i = 0; i < size; i++) skip_element(element);
        last_ids_.pop_back();
        return;
    }
    case Map: {
        uint64_t size = varint();
        if (size == 0) return;
        if (size > data_.size() - pos_) fail("map longer than the remaining bytes");
        uint8_t types = byte();
        if (last_ids_.size() >= kMaxDepth) fail("values nested deeper than 64");
        last_ids_.push_back(0);
        for (uint64_t i = 0; i < size; i++) {
            skip_element(types >> 4);
            skip_element(types & 0x0F);
        }
        last_ids_.pop_back();
        return;
    }
    case Struct: {
        begin_struct();
        int16_t id = 0;
        uint8_t field_type = 0;
        while (next_field(id, field_type)) skip(field_type);
        end_struct();
        return;
    }
    default:
        fail("unknown type " + std::to_string(type));
    }
}

}  // namespace weir

// Writes Thrift compact-protocol structs (the encoding of Parquet's file and page metadata).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace weir {

// Appends to `out`. Usage: begin_struct(); field_i32(1, x); begin_field_struct(2); ... end_struct();
// end_struct(). Fields of one struct must be written in ascending id order (deltas of 1..15 take one
// byte). Lists: begin_list(id, element type, size) then size elements written with the element
// calls (element_i32, element_binary, begin_struct/end_struct). Integers are zigzag varints, binary
// a varint length then bytes, as the compact protocol specifies.
class ThriftCompactWriter {
public:
    enum Type : uint8_t { BoolTrue = 1, BoolFalse = 2, Byte = 3, I16 = 4, I32 = 5, I64 = 6, Double = 7,
                          Binary = 8, List = 9, Set = 10, Map = 11, Struct = 12 };

    explicit ThriftCompactWriter(std::string &out) : out_(out) {}

    void begin_struct() { last_ids_.push_back(0); }
    // Writes the stop byte and leaves the struct.
    void end_struct();

    void field_bool(int16_t id, bool value) { field_header(id, value ? BoolTrue : BoolFalse); }
    void field_i32(int16_t id, int32_t value) { field_header(id, I32); varint(zigzag(value)); }
    void field_i64(int16_t id, int64_t value) { field_header(id, I64); varint(zigzag(value)); }
    void field_binary(int16_t id, std::string_view value) { field_header(id, Binary); element_binary(value); }
    // A struct-valued field: begins the nested struct (close it with end_struct()).
    void begin_field_struct(int16_t id) { field_header(id, Struct); begin_struct(); }
    void begin_list(int16_t id, Type element, size_t size);

    void element_i32(int32_t value) { varint(zigzag(value)); }
    void element_binary(std::string_view value);

private:
    void field_header(int16_t id, Type type);
    void varint(uint64_t value);
    static uint64_t zigzag(int64_t value) { return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63); }

    std::string &out_;
    std::vector<int16_t> last_ids_;
};

}  // namespace weir

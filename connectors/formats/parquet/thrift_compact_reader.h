// Reads Thrift compact-protocol structs from untrusted bytes (Parquet footers and page headers).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace weir {

// Every read checks bounds: truncated or corrupt input throws WeirError(Data) with a sentence that
// starts "corrupt Parquet metadata: ..." (the caller adds the file name). Nesting deeper than 64 and
// lists longer than the remaining bytes could hold are corrupt input, so no input can exhaust the
// stack or memory. Usage: begin_struct(); while (next_field(id, type)) { switch (id) ... default:
// skip(type); } end_struct().
class ThriftCompactReader {
public:
    // `data` must outlive the reader (values are views into it).
    explicit ThriftCompactReader(std::string_view data) : data_(data) {}

    void begin_struct();
    void end_struct() { last_ids_.pop_back(); }
    // The next field's id and compact type; false at the struct's stop byte.
    bool next_field(int16_t &id, uint8_t &type);

    // Values of the field just announced (type checked against what is expected).
    int32_t read_i32(uint8_t type);
    int64_t read_i64(uint8_t type);
    bool read_bool(uint8_t type) const;
    std::string_view read_binary(uint8_t type);
    // A list's element type and size (at most the remaining bytes).
    size_t read_list_header(uint8_t type, uint8_t &element_type);
    // Elements of a list.
    int32_t element_i32(uint8_t element_type) { return read_i32(element_type); }
    std::string_view element_binary(uint8_t element_type) { return read_binary(element_type); }
    // Skips a value of `type` (also a whole struct, list, set or map).
    void skip(uint8_t type);

    size_t offset() const { return pos_; }

private:
    [[noreturn]] void fail(const std::string &what) const;
    uint64_t varint();
    uint8_t byte();
    void skip_element(uint8_t type);
    void expect(uint8_t type, uint8_t wanted, uint8_t alternative = 0) const;

    std::string_view data_;
    size_t pos_ = 0;
    std::vector<int16_t> last_ids_;
};

}  // namespace weir

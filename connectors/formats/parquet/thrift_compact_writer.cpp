// Thrift compact protocol: field headers with id deltas, zigzag varints, list headers.
#include "connectors/formats/parquet/thrift_compact_writer.h"

namespace weir {

void ThriftCompactWriter::end_struct() {
    out_.push_back(0);
    last_ids_.pop_back();
}

void ThriftCompactWriter::field_header(int16_t id, Type type) {
    int16_t &last = last_ids_.back();
    int delta = id - last;
    if (delta > 0 && delta <= 15) {
        out_.push_back(static_cast<char>((delta << 4) | type));
    } else {
        out_.push_back(static_cast<char>(type));
        varint(zigzag(id));
    }
    last = id;
}

void ThriftCompactWriter::begin_list(int16_t id, Type element, size_t size) {
    field_header(id, List);
    if (size < 15) {
        out_.push_back(static_cast<char>((size << 4) | element));
    } else {
        out_.push_back(static_cast<char>(0xF0 | element));
        varint(size);
    }
}

void ThriftCompactWriter::element_binary(std::string_view value) {
    varint(value.size());
    out_.append(value.data(), value.size());
}

void ThriftCompactWriter::varint(uint64_t value) {
    while (value >= 0x80) {
        out_.push_back(static_cast<char>((value & 0x7F) | 0x80));
        value >>= 7;
    }
    out_.push_back(static_cast<char>(value));
}

}  // namespace weir

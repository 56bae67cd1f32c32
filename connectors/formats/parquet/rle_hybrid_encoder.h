// Encodes small unsigned integers with Parquet's RLE / bit-packing hybrid (levels, dictionary indexes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace weir {

// Stateless. A run of 8 or more equal values becomes an RLE run (varint count << 1, then the value in
// ceil(bit_width / 8) little-endian bytes); everything else becomes bit-packed runs of whole groups of
// 8 values (varint groups << 1 | 1, then the values packed LSB first), the last group padded with
// zeros (readers stop at the page's value count). bit_width is 0..32; every value must fit in it.
class RleHybridEncoder {
public:
    static void encode(const uint32_t *values, size_t count, int bit_width, std::string &out);
    // The number of bits needed for values up to `max_value` (0 for 0).
    static int bit_width_for(uint32_t max_value);
};

}  // namespace weir

// Decodes Parquet's RLE / bit-packing hybrid from untrusted bytes (levels, dictionary indexes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace weir {

// Reads runs lazily; next() fills up to `count` values and returns how many it could (fewer only when
// the bytes end). Corrupt input (a bit width over 32, a run header past the end) throws
// WeirError(Data) "corrupt Parquet page: ...".
class RleHybridDecoder {
public:
    RleHybridDecoder(std::string_view data, int bit_width);
    size_t next(uint32_t *out, size_t count);

private:
    bool start_run();

    std::string_view data_;
    size_t pos_ = 0;
    int bit_width_;
    // The current run: an RLE run repeats value_ `left_` times; a bit-packed run has `left_` values
    // from bit offset packed_bit_ of packed_.
    bool packed_ = false;
    size_t left_ = 0;
    uint32_t value_ = 0;
    const uint8_t *packed_bytes_ = nullptr;
    size_t packed_bit_ = 0;
};

}  // namespace weir

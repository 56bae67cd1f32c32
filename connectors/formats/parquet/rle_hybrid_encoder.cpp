// RLE runs for repeats of 8+ values, bit-packed groups of 8 for the rest.
#include "connectors/formats/parquet/rle_hybrid_encoder.h"

namespace weir {
namespace {

constexpr size_t kMinRun = 8;

void put_varint(uint64_t value, std::string &out) {
    while (value >= 0x80) {
        out.push_back(static_cast<char>((value & 0x7F) | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

size_t run_length(const uint32_t *values, size_t count, size_t begin) {
    size_t end = begin + 1;
    while (end < count && values[end] == values[begin]) end++;
    return end - begin;
}

}  // namespace

int RleHybridEncoder::bit_width_for(uint32_t max_value) {
    int width = 0;
    while (width < 32 && (max_value >> width) != 0) width++;
    return width;
}

void RleHybridEncoder::encode(const uint32_t *values, size_t count, int bit_width, std::string &out) {
    size_t value_bytes = (static_cast<size_t>(bit_width) + 7) / 8;
    size_t i = 0;
    while (i < count) {
        size_t run = run_length(values, count, i);
        if (run >= kMinRun) {
            put_varint(static_cast<uint64_t>(run) << 1, out);
            for (size_t b = 0; b < value_bytes; b++) out.push_back(static_cast<char>(values[i] >> (8 * b)));
            i += run;
            continue;
        }
        // Bit-packed groups until a long run starts at a group boundary (or the values end).
        size_t end = i;
        do {
            end += 8;
        } while (end < count && run_length(values, count, end) < kMinRun);
        size_t groups = (end - i) / 8;
        put_varint((static_cast<uint64_t>(groups) << 1) | 1, out);
        size_t start = out.size();
        out.append(groups * static_cast<size_t>(bit_width), '\0');
        uint8_t *bytes = reinterpret_cast<uint8_t *>(&out[start]);
        size_t bit = 0;
        for (size_t v = i; v < end; v++, bit += bit_width) {
            uint64_t value = v < count ? values[v] : 0;
            for (int b = 0; b < bit_width;) {
                size_t at = bit + b;
                int take = 8 - static_cast<int>(at & 7);
                if (take > bit_width - b) take = bit_width - b;
                bytes[at >> 3] |= static_cast<uint8_t>(((value >> b) & ((1u << take) - 1)) << (at & 7));
                b += take;
            }
        }
        i = end;
    }
}

}  // namespace weir

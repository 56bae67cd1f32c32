// RLE / bit-packed run decoding with bounds checks.
#include "connectors/formats/parquet/rle_hybrid_decoder.h"

#include <string>

#include "common/weir_error.h"

namespace weir {

RleHybridDecoder::RleHybridDecoder(std::string_view data, int bit_width) : data_(data), bit_width_(bit_width) {
    if (bit_width < 0 || bit_width > 32) {
        throw WeirError(ErrorKind::Data, "corrupt Parquet page: bit width " + std::to_string(bit_width));
    }
}

bool RleHybridDecoder::start_run() {
    if (pos_ >= data_.size()) return false;
    uint64_t header = 0;
    for (int shift = 0;; shift += 7) {
        if (pos_ >= data_.size() || shift > 35) throw WeirError(ErrorKind::Data, "corrupt Parquet page: bad run header");
        uint8_t b = static_cast<uint8_t>(data_[pos_++]);
        header |= static_cast<uint64_t>(b & 0x7F) << shift;
        if (!(b & 0x80)) break;
    }
    if (header & 1) {
        size_t groups = header >> 1;
        size_t bytes = groups * static_cast<size_t>(bit_width_);
        size_t available = data_.size() - pos_;
        // A last run may be cut short by a writer that does not pad: decode what is there.
        if (bytes > available) bytes = available;
        packed_ = true;
        left_ = bit_width_ == 0 ? groups * 8 : bytes * 8 / static_cast<size_t>(bit_width_);
        packed_bytes_ = reinterpret_cast<const uint8_t *>(data_.data()) + pos_;
        packed_bit_ = 0;
        pos_ += bytes;
    } else {
        packed_ = false;
        left_ = header >> 1;
        size_t value_bytes = (static_cast<size_t>(bit_width_) + 7) / 8;
        if (value_bytes > data_.size() - pos_) throw WeirError(ErrorKind::Data, "corrupt Parquet page: RLE run past its end");
        value_ = 0;
        for (size_t b = 0; b < value_bytes; b++) value_ |= static_cast<uint32_t>(static_cast<uint8_t>(data_[pos_ + b])) << (8 * b);
        pos_ += value_bytes;
    }
    return true;
}

size_t RleHybridDecoder::next(uint32_t *out, size_t count) {
    size_t done = 0;
    while (done < count) {
        if (left_ == 0 && !start_run()) break;
        if (left_ == 0) continue;
        size_t take = count - done < left_ ? count - done : left_;
        if (!packed_) {
            for (size_t i = 0; i < take; i++) out[done + i] = value_;
        } else {
            uint64_t mask = bit_width_ == 32 ? 0xFFFFFFFFull : ((1ull << bit_width_) - 1);
            for (size_t i = 0; i < take; i++) {
                size_t bit = packed_bit_;
                size_t byte = bit >> 3;
                // Up to 32 + 7 bits starting in `byte`: gather 5 bytes at most.
                uint64_t word = 0;
                size_t need = ((bit & 7) + static_cast<size_t>(bit_width_) + 7) / 8;
                for (size_t b = 0; b < need; b++) word |= static_cast<uint64_t>(packed_bytes_[byte + b]) << (8 * b);
                out[done + i] = static_cast<uint32_t>((word >> (bit & 7)) & mask);
                packed_bit_ += bit_width_;
            }
        }
        left_ -= take;
        done += take;
    }
    return done;
}

}  // namespace weir

// Arithmetic helpers for hot loops that avoid a libm call or a division per value.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

namespace weir {

// std::round (halves away from zero) for |x| < 2^52, without a libm call: adding the largest double
// below 0.5 (with x's sign) and truncating never carries a value below a half over to the next
// integer. Results for larger |x|, NaN or infinities are unspecified.
inline double round_half_away(double x) {
    return static_cast<double>(static_cast<int64_t>(x + std::copysign(0.49999999999999994, x)));
}

// A value below n (n > 0) from 64 uniformly random bits, by a multiply-high instead of a modulo:
// uniform up to a bias of n / 2^64.
inline uint32_t index_below(uint64_t bits, size_t n) {
    return static_cast<uint32_t>((static_cast<unsigned __int128>(bits) * n) >> 64);
}

}  // namespace weir

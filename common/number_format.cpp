// Shortest round-trip formatting of doubles via std::to_chars.
#include "common/number_format.h"

#include <charconv>
#include <cmath>

namespace weir {

std::string format_double(double value) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    char buffer[64];
    auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

}  // namespace weir

// Well-formed UTF-8 (RFC 3629), the one rule weir uses to check and repair text.
#pragma once

#include <cstddef>
#include <string_view>

namespace weir {

// Length of the well-formed UTF-8 sequence starting at text[i] (no overlongs, no surrogates,
// nothing above U+10FFFF), or 0 when the byte there does not start one. Requires i < text.size().
size_t utf8_sequence_length(std::string_view text, size_t i);

// The offset of the first byte of `text` that is not part of a well-formed sequence, or npos.
size_t first_invalid_utf8(std::string_view text);

}  // namespace weir

// Did-you-mean suggestions for misspelled names, by edit distance.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace weir {

class NameSuggester {
public:
    // The candidate closest to `name` (see distance()) if it is close enough
    // to be a plausible typo: distance <= max(1, len/3) and not the whole word. Ties → first candidate.
    static std::optional<std::string> closest(const std::string &name, const std::vector<std::string> &candidates);
    // "; did you mean `x`?" for the closest candidate, or "" when none is close.
    static std::string did_you_mean(const std::string &name, const std::vector<std::string> &candidates);
    // Case-insensitive edit distance counting an adjacent transposition as one edit ("tmep" → "temp" = 1).
    static size_t distance(const std::string &a, const std::string &b);
};

}  // namespace weir

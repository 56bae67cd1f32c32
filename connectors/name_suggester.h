// Finds the closest valid name to a misspelt one, for "did you mean" hints in errors.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace weir {

class NameSuggester {
public:
    // The candidate with the smallest case-insensitive edit distance to `name`, if that distance is
    // at most 2 and at most half the length of `name`; nullopt otherwise.
    static std::optional<std::string> closest(const std::string &name, const std::vector<std::string> &candidates);
    // "; did you mean `path`?" or "" when nothing is close.
    static std::string hint(const std::string &name, const std::vector<std::string> &candidates);
};

}  // namespace weir

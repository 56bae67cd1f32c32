// Edit-distance suggestions for unknown names.
#include "common/name_suggester.h"

#include <algorithm>

#include "common/schema.h"

namespace weir {

size_t NameSuggester::distance(const std::string &a, const std::string &b) {
    std::string x = to_lower(a);
    std::string y = to_lower(b);
    // Optimal string alignment: insertions, deletions, substitutions and adjacent transpositions.
    std::vector<std::vector<size_t>> d(x.size() + 1, std::vector<size_t>(y.size() + 1));
    for (size_t i = 0; i <= x.size(); ++i) d[i][0] = i;
    for (size_t j = 0; j <= y.size(); ++j) d[0][j] = j;
    for (size_t i = 1; i <= x.size(); ++i) {
        for (size_t j = 1; j <= y.size(); ++j) {
            size_t cost = x[i - 1] == y[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1]) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[x.size()][y.size()];
}

std::optional<std::string> NameSuggester::closest(const std::string &name, const std::vector<std::string> &candidates) {
    size_t limit = std::max<size_t>(1, name.size() / 3);
    std::optional<std::string> best;
    size_t best_distance = limit + 1;
    for (const auto &candidate : candidates) {
        size_t d = distance(name, candidate);
        if (d >= std::max(name.size(), candidate.size())) continue;
        if (d < best_distance) {
            best_distance = d;
            best = candidate;
        }
    }
    return best;
}

std::string NameSuggester::did_you_mean(const std::string &name, const std::vector<std::string> &candidates) {
    auto best = closest(name, candidates);
    if (!best) return "";
    return "; did you mean `" + *best + "`?";
}

}  // namespace weir

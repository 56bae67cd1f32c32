// Edit-distance search for did-you-mean hints.
#include "connectors/name_suggester.h"

#include <algorithm>

#include "common/schema.h"

namespace weir {
namespace {

size_t edit_distance(const std::string &a, const std::string &b) {
    std::vector<size_t> previous(b.size() + 1), current(b.size() + 1);
    for (size_t j = 0; j <= b.size(); j++) previous[j] = j;
    for (size_t i = 1; i <= a.size(); i++) {
        current[0] = i;
        for (size_t j = 1; j <= b.size(); j++) {
            size_t substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitute});
        }
        std::swap(previous, current);
    }
    return previous[b.size()];
}

}  // namespace

std::optional<std::string> NameSuggester::closest(const std::string &name, const std::vector<std::string> &candidates) {
    std::string lower = to_lower(name);
    std::optional<std::string> best;
    size_t best_distance = 3;
    for (const auto &candidate : candidates) {
        size_t distance = edit_distance(lower, to_lower(candidate));
        if (distance < best_distance && distance * 2 <= std::max<size_t>(lower.size(), 2)) {
            best_distance = distance;
            best = candidate;
        }
    }
    return best;
}

std::string NameSuggester::hint(const std::string &name, const std::vector<std::string> &candidates) {
    auto best = closest(name, candidates);
    return best ? "; did you mean `" + *best + "`?" : "";
}

}  // namespace weir

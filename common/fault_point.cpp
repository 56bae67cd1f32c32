// Reads WEIR_FAULT once and kills the process at the chosen hit of the chosen point.
#include "common/fault_point.h"

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace weir {

namespace {
struct Armed {
    std::string name;
    long at = 1;
    std::atomic<long> hits{0};
};

Armed *armed() {
    static Armed *point = [] () -> Armed * {
        const char *text = std::getenv("WEIR_FAULT");
        if (!text || !*text) return nullptr;
        auto *result = new Armed();
        std::string spec = text;
        size_t colon = spec.find(':');
        result->name = spec.substr(0, colon);
        if (colon != std::string::npos) result->at = std::max(1L, std::atol(spec.c_str() + colon + 1));
        return result;
    }();
    return point;
}
}  // namespace

void FaultPoint::hit(std::string_view name) {
    Armed *point = armed();
    if (!point || point->name != name) return;
    if (point->hits.fetch_add(1) + 1 != point->at) return;
    kill(getpid(), SIGKILL);
}

}  // namespace weir

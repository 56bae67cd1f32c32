// The per-thread start time of the statement being planned.
#include "planner/statement_clock.h"

#include <chrono>

namespace weir {

namespace {

thread_local std::optional<int64_t> statement_start;

int64_t wall_clock() {
    auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
    return std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count();
}

}  // namespace

StatementClock::StatementClock() {
    if (statement_start) return;
    statement_start = wall_clock();
    outermost_ = true;
}

StatementClock::~StatementClock() {
    if (outermost_) statement_start.reset();
}

int64_t StatementClock::now() { return statement_start ? *statement_start : wall_clock(); }

}  // namespace weir

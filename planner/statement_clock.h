// The time a statement started, which now() stands for while the statement is planned.
#pragma once

#include <cstdint>
#include <optional>

namespace weir {

// Fixes the value of now() for everything bound on this thread while it lives: one value per
// statement, as PostgreSQL's now() (the start of the statement here, there being no transactions).
// Nested clocks (a view planned inside a query) keep the outermost time. Not copyable.
class StatementClock {
public:
    // Starts the statement's clock at the wall clock now, unless one is already running.
    StatementClock();
    ~StatementClock();
    StatementClock(const StatementClock &) = delete;
    StatementClock &operator=(const StatementClock &) = delete;

    // The running statement's start time in microseconds since the epoch (UTC); without one, the
    // wall clock now.
    static int64_t now();

private:
    bool outermost_ = false;
};

}  // namespace weir

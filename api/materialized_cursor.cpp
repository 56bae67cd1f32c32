// Stepping over precomputed rows.
#include "api/materialized_cursor.h"

namespace weir {

Cursor::Step MaterializedCursor::step(int) {
    if (action_) {
        auto action = std::move(action_);
        action_ = nullptr;
        action();
    }
    if (next_ >= rows_.size()) return Step::Done;
    current_ = next_++;
    return Step::Row;
}

}  // namespace weir

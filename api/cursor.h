// A statement's result as the C API reads it: a schema and rows, stepped one at a time.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "common/batch.h"
#include "common/change_kind.h"
#include "common/schema.h"
#include "common/value.h"
#include "exec/job_metrics.h"

namespace weir {

// Contract: step() waits up to timeout_ms (negative: forever) for the next row and returns Row, Done
// (no more rows, ever) or Timeout; a failed query throws WeirError from step(). Cell accessors are
// valid after step() returned Row, until the next step(). interrupt() may be called from any thread.
// step_batch() is the columnar alternative: it fills `out` with every row that is ready (at least
// one, no selection, columns typed as schema()) and returns Row, or returns Done / Timeout as step()
// does. A cursor is read with one of the two, not both (the C API enforces it).
class Cursor {
public:
    enum class Step { Row, Done, Timeout };
    static constexpr size_t kBatchRows = 2048;
    virtual ~Cursor() = default;

    virtual Step step(int timeout_ms) = 0;
    // The default gathers up to kBatchRows rows through step() (waiting only for the first).
    virtual Step step_batch(int timeout_ms, Batch &out);
    virtual const Schema &schema() const = 0;
    virtual bool is_null(size_t column) const = 0;
    virtual Value value(size_t column) const = 0;
    // The change kind of the current row (docs/changelog.md): Insert unless the result is updating.
    virtual ChangeKind row_kind() const { return ChangeKind::Insert; }
    // The columns identifying a row of an updating result (its group keys, and window_start for a
    // window); empty for an append-only result and for statements without a query.
    const std::vector<size_t> &key_columns() const { return key_columns_; }
    void set_key_columns(std::vector<size_t> keys) { key_columns_ = std::move(keys); }
    virtual void interrupt() {}
    // The metrics of the query behind the cursor, or nullptr for statements without one.
    virtual const JobMetrics *metrics() const { return nullptr; }
    // When the cursor started (for rates).
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

private:
    std::vector<size_t> key_columns_;
};

}  // namespace weir

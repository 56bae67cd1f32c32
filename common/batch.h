// A column batch: equal-length column vectors, an optional selection vector, per-row watermarks.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "common/change_kind.h"
#include "common/column_vector.h"
#include "common/string_arena.h"

namespace weir {

// Default number of rows a source puts in one batch (a power of two).
constexpr size_t kBatchCapacity = 2048;
// The watermark before any data, and the watermark of an ended bounded source.
constexpr int64_t kWatermarkMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kWatermarkMax = std::numeric_limits<int64_t>::max();

// Contract:
// - Every column has `size()` physical rows.
// - If `has_selection()`, only the physical rows listed in `selection()` (ascending, no duplicates)
//   are live; otherwise all rows 0..size()-1 are. A filter only rewrites the selection, never the columns.
// - `row_watermarks` is either empty (no event time: results of aggregation, control data) or holds,
//   per physical row, the job watermark that held before that row arrived (docs/semantics.md#per-row-watermarks).
// - `row_kinds` is either empty (every row is an Insert: an append-only stream, the common case) or
//   holds, per physical row, the row's ChangeKind (an updating result: Upsert/Delete by key, see
//   docs/changelog.md). Operators that keep rows aligned (Filter, Project) keep it with them;
//   operators that build new rows set it for their own output.
// - Text values point into `arenas` (shared: a projection passes strings on without copying).
class Batch {
public:
    std::vector<ColumnVector> columns;
    std::vector<int64_t> row_watermarks;
    std::vector<ChangeKind> row_kinds;
    std::vector<std::shared_ptr<StringArena>> arenas;

    size_t size() const { return size_; }
    // Sets the physical row count of the batch and of every column; clears the selection.
    void set_size(size_t size);

    bool has_selection() const { return has_selection_; }
    const std::vector<uint32_t> &selection() const { return selection_; }
    // Replaces the selection; rows must be ascending physical indexes < size().
    void set_selection(std::vector<uint32_t> rows);
    void clear_selection() { has_selection_ = false; selection_.clear(); }
    // Number of live rows (selection length, or size()).
    size_t live_count() const { return has_selection_ ? selection_.size() : size_; }
    // Physical index of the i-th live row.
    uint32_t live_row(size_t i) const { return has_selection_ ? selection_[i] : static_cast<uint32_t>(i); }

    // The arena new strings of this batch should go into (created on first use).
    StringArena &arena();
    // The kind of physical row `row` (Insert when row_kinds is empty).
    ChangeKind kind(uint32_t row) const { return row_kinds.empty() ? ChangeKind::Insert : row_kinds[row]; }
    // Empties the batch (0 rows, no columns, no arenas) for reuse.
    void clear();
    // A copy holding only the live rows (no selection), with its own arena for the strings and
    // the row watermarks and kinds of the live rows. For keeping rows beyond the life of this batch.
    Batch compacted() const;

private:
    size_t size_ = 0;
    bool has_selection_ = false;
    std::vector<uint32_t> selection_;
};

}  // namespace weir

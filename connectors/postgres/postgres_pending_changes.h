// The rows a PostgreSQL sink has accepted but not yet written, in the shape each write path needs.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/batch.h"

namespace weir {

// Two shapes, chosen at construction:
// - append (by_key = false): an ordered list of segments, each either COPY text lines or a list of
//   keys to delete, so that "append A, delete its key, append B" keeps its order within one flush;
// - upsert (by_key = true): the latest change per key (an upsert row or a deletion). A later change of
//   the same key replaces the earlier one, so one flush never touches a key twice (which
//   INSERT ... ON CONFLICT DO UPDATE would refuse) and the result is the same as applying every change
//   in order.
// Cells are kept as PostgresValueEncoder text (NULL as a null entry). Not thread-safe.
class PostgresPendingChanges {
public:
    // A row's cells: text, or null for NULL.
    struct Row {
        std::vector<std::string> cells;
        std::vector<bool> nulls;
        bool deleted = false;  // upsert shape: this key is to be deleted
    };
    enum class SegmentKind { Copy, Delete };
    struct Segment {
        SegmentKind kind = SegmentKind::Copy;
        std::string copy_lines;  // Copy: COPY text-format lines
        std::vector<Row> keys;   // Delete: key cells only
        size_t rows = 0;
    };

    PostgresPendingChanges(bool by_key, std::vector<size_t> key) : by_key_(by_key), key_(std::move(key)) {}

    // Adds every live row of `batch`: appended (append shape) or as the latest change of its key.
    void add_rows(const Batch &batch);
    // Adds a deletion of the key of every live row of `batch`.
    void add_deletions(const Batch &batch);

    size_t size() const { return count_; }
    bool empty() const { return count_ == 0; }
    void clear();

    // Append shape.
    const std::vector<Segment> &segments() const { return segments_; }
    // Upsert shape: the latest change of each key, in first-seen order.
    const std::vector<Row> &latest() const { return latest_; }

private:
    static void cells_of(const Batch &batch, size_t row, const std::vector<size_t> &columns, Row &out);
    std::string key_of(const Batch &batch, size_t row) const;
    Segment &segment(SegmentKind kind);

    bool by_key_;
    std::vector<size_t> key_;
    std::vector<size_t> all_columns_;
    size_t count_ = 0;
    std::vector<Segment> segments_;
    std::vector<Row> latest_;
    std::unordered_map<std::string, size_t> index_;
};

}  // namespace weir

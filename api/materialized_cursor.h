// A cursor over rows computed up front (SHOW, DESCRIBE, EXPLAIN) or by an action run at first step.
#pragma once

#include <functional>
#include <vector>

#include "api/cursor.h"

namespace weir {

class MaterializedCursor : public Cursor {
public:
    using Rows = std::vector<std::vector<Value>>;
    MaterializedCursor(Schema schema, Rows rows) : schema_(std::move(schema)), rows_(std::move(rows)) {}
    // Runs `action` at the first step() (a DDL statement or INSERT INTO, as sqlite3_step does); its
    // WeirError propagates from step(). The cursor then has no rows.
    explicit MaterializedCursor(std::function<void()> action) : action_(std::move(action)) {}

    Step step(int timeout_ms) override;
    const Schema &schema() const override { return schema_; }
    bool is_null(size_t column) const override { return rows_[current_][column].is_null(); }
    Value value(size_t column) const override { return rows_[current_][column]; }

private:
    Schema schema_;
    Rows rows_;
    std::function<void()> action_;
    size_t next_ = 0;
    size_t current_ = 0;
};

}  // namespace weir

// Resolves a list of bound expressions to columns of a batch: column refs directly, others evaluated.
#pragma once

#include <memory>
#include <vector>

#include "common/batch.h"
#include "exec/expression_executor.h"
#include "planner/bound_expression.h"
#include "planner/query_plan.h"

namespace weir {

// Plain column references (the common case for group keys and aggregate arguments) are read in
// place without copying; other expressions are evaluated into scratch vectors owned here. A null
// expression (the argument of count(*)) resolves to a null column pointer.
class ExpressionColumns {
public:
    explicit ExpressionColumns(const std::vector<const BoundExpr *> &expressions);
    // The group keys / aggregate arguments (null for count(*)) of an Aggregate node.
    static std::vector<const BoundExpr *> group_keys_of(const PlanNode &node);
    static std::vector<const BoundExpr *> arguments_of(const PlanNode &node);

    // The columns for `batch` (physical rows; valid for its live rows) until the next resolve()
    // or until the batch changes.
    const std::vector<const ColumnVector *> &resolve(Batch &batch);
    size_t size() const { return entries_.size(); }
    // The result type of expression i (TypeId::Null for a null expression).
    TypeId type(size_t i) const { return entries_[i].type; }

private:
    struct Entry {
        TypeId type = TypeId::Null;
        bool present = false;
        bool is_column = false;
        size_t column = 0;
        std::unique_ptr<ExpressionExecutor> executor;
        ColumnVector scratch;
    };
    std::vector<Entry> entries_;
    std::vector<const ColumnVector *> resolved_;
};

}  // namespace weir

// SELECT list: computes each output expression into a new batch aligned with the input's rows.
#pragma once

#include <memory>
#include <vector>

#include "exec/expression_executor.h"
#include "exec/operator.h"
#include "planner/bound_expression.h"

namespace weir {

// The output batch has the input's physical rows, selection, row_watermarks, row_kinds and (shared) arenas,
// so rows are never copied. A plain column reference used once takes the input column over (the
// input batch is consumed by push); other expressions are evaluated a column at a time.
class ProjectOperator : public Operator {
public:
    explicit ProjectOperator(const std::vector<std::unique_ptr<BoundExpr>> &expressions);
    void push(Batch &batch) override;
    std::string name() const override { return "Project"; }

private:
    struct Output {
        bool is_column = false;
        bool move_column = false;  // the only reference to that input column
        size_t column = 0;
        std::unique_ptr<ExpressionExecutor> executor;
    };
    std::vector<Output> outputs_;
    Batch out_;
};

}  // namespace weir

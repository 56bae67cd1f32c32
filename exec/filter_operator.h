// WHERE: narrows the selection vector of each batch to the rows where the predicate is TRUE.
#pragma once

#include "exec/expression_executor.h"
#include "exec/operator.h"

namespace weir {

// Never copies rows; a batch with no live row left is not pushed on.
class FilterOperator : public Operator {
public:
    explicit FilterOperator(const BoundExpr &predicate) : predicate_(predicate) {}
    void push(Batch &batch) override;
    std::string name() const override { return "Filter"; }

private:
    ExpressionExecutor predicate_;
};

}  // namespace weir

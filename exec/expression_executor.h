// Evaluates one bound expression a whole column at a time over the live rows of a batch.
#pragma once

#include <memory>
#include <vector>

#include "common/batch.h"
#include "common/column_vector.h"
#include "planner/bound_expression.h"

namespace weir {

class ExpressionState;  // per-node compiled state (regexes, LIKE matchers, scratch vectors)

// Contract:
// - Built once per operator from a BoundExpr (which it copies); constant patterns (LIKE, regexp_*)
//   are compiled here, and a bad constant pattern throws WeirError(ErrorKind::Bind).
// - evaluate() writes `out` with out.size() == input.size() (physical rows); only the live rows of
//   `input` (its selection) are computed, other slots are unspecified. Text results are stored in
//   input.arena(), so they live as long as the batch.
// - select() keeps, among the live rows, those where the BOOLEAN expression is TRUE (NULL and FALSE
//   drop the row) by rewriting input's selection vector; it never copies columns.
// - A runtime error on data (CAST('abc' AS BIGINT), a bad non-constant regex) throws
//   WeirError(ErrorKind::Data) naming the value; TRY_CAST yields NULL instead.
// - Not thread-safe: one executor per operator per job.
class ExpressionExecutor {
public:
    explicit ExpressionExecutor(const BoundExpr &expr);
    ~ExpressionExecutor();
    ExpressionExecutor(ExpressionExecutor &&) noexcept;
    ExpressionExecutor &operator=(ExpressionExecutor &&) noexcept;

    TypeId type() const;
    void evaluate(Batch &input, ColumnVector &out);
    void select(Batch &input);

private:
    std::unique_ptr<BoundExpr> expr_;
    std::unique_ptr<ExpressionState> state_;
};

}  // namespace weir

// The compiled form of one BoundExpr node: kernel, folded constant, children and scratch space.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/batch.h"
#include "common/column_vector.h"
#include "exec/function_registry.h"
#include "exec/kernel_input.h"
#include "planner/bound_expression.h"

namespace weir {

// Contract:
// - Built once from a BoundExpr that must outlive it. Kernels are looked up and constant arguments
//   compiled here (a bad constant regex throws WeirError(Bind)); a subtree that reads no column (and
//   does not call proctime()) is folded to a constant, unless evaluating it fails, in which case it
//   is left to fail (or not) at run time on the rows that reach it.
// - evaluate() writes the live rows (`selection`, nullptr = rows 0..count-1) of `out`, which it
//   sizes to batch.size(). CASE and AND/OR evaluate later children only on the rows still undecided,
//   so CASE WHEN x <> 0 THEN 10 / x ... never computes a branch for rows that do not take it.
// - After the first batches no memory is allocated per batch (scratch vectors keep their capacity),
//   except for text results, which go into the batch's arena.
class ExpressionState {
public:
    // `materialize_text`: a text constant this node folds to is copied into each batch's arena before
    // use, because the parent may pass it on as a result.
    ExpressionState(const BoundExpr &expr, bool materialize_text);
    ~ExpressionState();
    ExpressionState(const ExpressionState &) = delete;
    ExpressionState &operator=(const ExpressionState &) = delete;

    TypeId type() const { return expr_.type; }
    void evaluate(Batch &batch, const uint32_t *selection, size_t count, ColumnVector &out);
    // Scratch column the owner may use for this node's result (select() uses it).
    ColumnVector &scratch() { return result_; }

private:
    Operand evaluate_child(size_t index, Batch &batch, const uint32_t *selection, size_t count);
    Operand constant_operand(Batch &batch);
    void fold();
    void evaluate_call(Batch &batch, const uint32_t *selection, size_t count, ColumnVector &out);
    void evaluate_cast(Batch &batch, const uint32_t *selection, size_t count, ColumnVector &out);
    void evaluate_and_or(Batch &batch, const uint32_t *selection, size_t count, ColumnVector &out);
    void evaluate_not(Batch &batch, const uint32_t *selection, size_t count, ColumnVector &out);
    void evaluate_is_null(Batch &batch, const uint32_t *selection, size_t count, ColumnVector &out);
    void evaluate_in(Batch &batch, const uint32_t *selection, size_t count, ColumnVector &out);
    void evaluate_case(Batch &batch, const uint32_t *selection, size_t count, ColumnVector &out);
    void evaluate_coalesce(Batch &batch, const uint32_t *selection, size_t count, ColumnVector &out);
    // Sets `out` to NULL wherever an operand is NULL; returns false if a constant operand is NULL
    // (then every row is NULL and the kernel need not run).
    bool propagate_nulls(const std::vector<Operand> &operands, ColumnVector &out);
    std::vector<uint32_t> &spare_rows(const uint32_t *in_use);

    const BoundExpr &expr_;
    std::vector<std::unique_ptr<ExpressionState>> children_;
    ColumnVector result_;  // this node's value when it is a child

    bool folded_ = false;  // the node is the constant below
    bool materialize_text_ = false;
    Value constant_value_;
    ColumnVector constant_;  // one row

    const KernelEntry *kernel_ = nullptr;
    std::unique_ptr<KernelState> kernel_state_;
    std::vector<Operand> operands_;

    std::vector<uint32_t> rows_a_, rows_b_, rows_matched_;  // sub-selections of AND/OR/CASE/COALESCE
};

}  // namespace weir

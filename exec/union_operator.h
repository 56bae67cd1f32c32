// UNION ALL: passes every input's batches on; its watermark is the smallest of its inputs'.
#pragma once

#include "exec/multi_input_operator.h"

namespace weir {

// docs/joins.md#watermarks-through-joins-and-unions: a row keeps its own input's row watermark, lowered to the other
// inputs' watermarks (so a window after the union never closes a window another input may still
// fill); rows are passed on without copying.
class UnionOperator : public MultiInputOperator {
public:
    explicit UnionOperator(size_t inputs) : MultiInputOperator(inputs) {}
    std::string name() const override { return "UnionAll"; }
    void snapshot(StateWriter &out) const override { snapshot_inputs(out); }
    void restore(StateReader &in) override { restore_inputs(in); }

protected:
    void push_input(size_t input, Batch &batch) override;
};

}  // namespace weir

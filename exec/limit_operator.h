// LIMIT n: passes the first n live rows on, then reports done() so the job stops reading.
#pragma once

#include <cstdint>

#include "exec/operator.h"

namespace weir {

class LimitOperator : public Operator {
public:
    // Throws WeirError(Bind) for a negative limit.
    explicit LimitOperator(int64_t limit);
    void push(Batch &batch) override;
    bool done() const override { return remaining_ == 0 || Operator::done(); }
    // Checkpoints: how many rows may still pass. restore throws WeirError(Data) for a snapshot of
    // another operator or of a larger LIMIT.
    void snapshot(StateWriter &out) const override;
    void restore(StateReader &in) override;
    std::string name() const override { return "Limit"; }

private:
    int64_t limit_;
    int64_t remaining_;
};

}  // namespace weir

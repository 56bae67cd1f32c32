// The base of operators with several inputs (joins, UNION ALL): per-input watermarks and ends.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "exec/operator.h"

namespace weir {

// Upstream operators (or the driver) push into input(i), a port that tells this operator which
// input a call came from. docs/joins.md#watermarks-through-joins-and-unions:
// - input_watermark(i) is the last watermark input i forwarded (kWatermarkMax once it finished);
//   the default on_watermark forwards min over the inputs (never decreasing);
// - finish() of an input advances its watermark to kWatermarkMax first; when every input has
//   finished, on_all_finished() runs (default: next()->finish()).
// - done() is this operator's own (a LIMIT downstream makes every input stop).
// snapshot/restore of the base (watermarks, ends, forwarded) must be called by derived classes
// first, through snapshot_inputs/restore_inputs.
class MultiInputOperator : public Operator {
public:
    explicit MultiInputOperator(size_t inputs);
    ~MultiInputOperator() override;

    // The operator upstream of input `i` pushes into this (owned by this operator).
    Operator *input(size_t i);
    size_t input_count() const { return watermarks_.size(); }

    // Direct pushes have no input: an error (upstream must use input(i)).
    void push(Batch &batch) override;
    void advance_watermark(int64_t watermark) override;
    void finish() override;

protected:
    virtual void push_input(size_t input, Batch &batch) = 0;
    // Called after input_watermark(input) became `watermark`.
    virtual void on_watermark(size_t input, int64_t watermark);
    virtual void on_all_finished();

    int64_t input_watermark(size_t input) const { return watermarks_[input]; }
    bool input_finished(size_t input) const { return finished_[input]; }
    // The smallest input watermark.
    int64_t min_watermark() const;
    // Forwards `watermark` downstream if it is above the last forwarded one.
    void forward_watermark(int64_t watermark);
    int64_t forwarded_watermark() const { return forwarded_; }

    void snapshot_inputs(StateWriter &out) const;
    void restore_inputs(StateReader &in);

private:
    class Port;
    friend class Port;
    void port_watermark(size_t input, int64_t watermark);
    void port_finish(size_t input);

    std::vector<std::unique_ptr<Port>> ports_;
    std::vector<int64_t> watermarks_;
    std::vector<bool> finished_;
    int64_t forwarded_ = kWatermarkMin;
};

}  // namespace weir

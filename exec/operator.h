// The push-based operator interface: batches, watermarks and the end of input flow downstream.
#pragma once

#include <cstdint>
#include <string>

#include "common/batch.h"

namespace weir {

// Contract:
// - push(batch) consumes the live rows of `batch`; it may rewrite the batch (selection, columns)
//   and must not keep references to it after returning (copy what state needs, strings included).
// - advance_watermark(w) is called after the batch that moved the job watermark to w, with w never
//   decreasing; windowed operators emit the windows it closes (window_end <= w), then forward it.
// - finish() is called once at the end of a bounded input (after advance_watermark(kWatermarkMax));
//   operators flush what they hold and forward it.
// - done() lets the driver stop reading early (LIMIT reached).
// Operators never block or sleep; all run on the job's driver thread.
class Operator {
public:
    virtual ~Operator() = default;
    void set_next(Operator *next) { next_ = next; }
    Operator *next() const { return next_; }

    virtual void push(Batch &batch) = 0;
    virtual void advance_watermark(int64_t watermark) {
        if (next_) next_->advance_watermark(watermark);
    }
    virtual void finish() {
        if (next_) next_->finish();
    }
    virtual bool done() const { return next_ ? next_->done() : false; }
    // Short name and details for EXPLAIN ANALYZE-like metrics ("HashAggregate", ...).
    virtual std::string name() const = 0;

protected:
    Operator *next_ = nullptr;
};

}  // namespace weir

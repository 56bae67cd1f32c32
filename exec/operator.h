// The push-based operator interface: batches, watermarks and the end of input flow downstream.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "common/batch.h"
#include "common/state_reader.h"
#include "common/state_writer.h"

namespace weir {

// Contract:
// - push(batch) consumes the live rows of `batch`; it may rewrite the batch (selection, columns)
//   and must not keep references to it after returning (copy what state needs, strings included).
// - advance_watermark(w) is called after the batch that moved the job watermark to w, with w never
//   decreasing; windowed operators emit the windows it closes (window_end <= w), then forward it.
// - finish() is called once at the end of a bounded input (after advance_watermark(kWatermarkMax));
//   operators flush what they hold and forward it.
// - done() lets the driver stop reading early (LIMIT reached).
// - snapshot(out) writes the operator's own state (open windows, groups, counters) at a checkpoint
//   barrier, between two calls of push/advance_watermark; restore(in) is called once on a freshly
//   built operator of the same plan, before any other call, with what snapshot wrote, and must
//   leave it behaving exactly as the snapshotted one would (same future output). Stateless
//   operators keep the defaults (nothing written, nothing read). The driver walks the chain itself,
//   so neither forwards to next().
// Operators never block or sleep; all run on the job's driver thread. An operator whose one call
// can run long (closing many windows at the end of the input) calls check_stop() in its loop, which
// throws StopRequested once a stop was requested: the driver then stops the job without a final
// checkpoint (the state is mid-update), so a rerun replays from the last checkpoint.
struct StopRequested {};

class Operator {
public:
    virtual ~Operator() = default;
    void set_next(Operator *next) { next_ = next; }
    Operator *next() const { return next_; }
    // The driver's stop request (set once before the first call; may stay unset in tests).
    void set_stop_flag(const std::atomic<bool> *flag) { stop_flag_ = flag; }

    virtual void push(Batch &batch) = 0;
    virtual void advance_watermark(int64_t watermark) {
        if (next_) next_->advance_watermark(watermark);
    }
    virtual void finish() {
        if (next_) next_->finish();
    }
    virtual bool done() const { return next_ ? next_->done() : false; }
    virtual void snapshot(StateWriter & /*out*/) const {}
    virtual void restore(StateReader & /*in*/) {}
    // Short name and details for EXPLAIN ANALYZE-like metrics ("HashAggregate", ...).
    virtual std::string name() const = 0;

protected:
    // Throws StopRequested when the driver asked the job to stop.
    void check_stop() const {
        if (stop_flag_ && stop_flag_->load(std::memory_order_relaxed)) throw StopRequested{};
    }

    Operator *next_ = nullptr;
    const std::atomic<bool> *stop_flag_ = nullptr;
};

}  // namespace weir

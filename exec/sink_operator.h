// The end of every pipeline: writes each batch to the job's sink with a fixed change kind.
#pragma once

#include "connectors/sink.h"
#include "exec/job_metrics.h"
#include "exec/operator.h"

namespace weir {

// Counts the live rows written in metrics.records_out; finish() flushes the sink (the driver
// closes it). Batches without live rows are not written.
class SinkOperator : public Operator {
public:
    SinkOperator(Sink &sink, ChangeKind kind, JobMetrics &metrics) : sink_(sink), kind_(kind), metrics_(metrics) {}
    void push(Batch &batch) override;
    void advance_watermark(int64_t watermark) override {}
    void finish() override { sink_.flush(); }
    bool done() const override { return false; }
    std::string name() const override { return "Sink"; }

private:
    Sink &sink_;
    ChangeKind kind_;
    JobMetrics &metrics_;
};

}  // namespace weir

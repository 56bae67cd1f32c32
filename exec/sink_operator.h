// The end of every pipeline: writes each batch to the job's sink, one write per run of a change kind.
#pragma once

#include <vector>

#include "connectors/sink.h"
#include "exec/job_metrics.h"
#include "exec/operator.h"

namespace weir {

// A batch without row_kinds is written whole with the job's `kind` (Insert, or Upsert for an
// updating result planned before rows carried kinds). A batch with row_kinds is written as runs of
// consecutive live rows of one kind, in row order (Sink::write takes one kind per call), each run
// as the batch's selection; the batch's own selection is restored afterwards. Counts the live rows
// written in metrics.records_out; finish() flushes the sink (the driver closes it). Batches without
// live rows are not written.
class SinkOperator : public Operator {
public:
    SinkOperator(Sink &sink, ChangeKind kind, JobMetrics &metrics) : sink_(sink), kind_(kind), metrics_(metrics) {}
    void push(Batch &batch) override;
    void advance_watermark(int64_t watermark) override {}
    void finish() override { sink_.flush(); }
    bool done() const override { return false; }
    std::string name() const override { return "Sink"; }

private:
    void write_runs(Batch &batch);

    Sink &sink_;
    ChangeKind kind_;
    JobMetrics &metrics_;
    std::vector<uint32_t> run_;
};

}  // namespace weir

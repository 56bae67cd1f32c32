// The cursor of a running SELECT: rows arrive from the query's job thread through a ResultQueue.
#pragma once

#include <memory>

#include "api/cursor.h"
#include "api/result_queue.h"
#include "exec/job_driver.h"

namespace weir {

// Owns the query's job. step() reads the queued batches row by row; when the job ends it returns
// Done, or throws the job's error if it failed. interrupt() stops the job gracefully (rows already
// produced can still be read); the destructor stops it and waits for its thread.
class StreamingCursor : public Cursor {
public:
    StreamingCursor(Schema schema, std::shared_ptr<ResultQueue> queue, std::unique_ptr<JobDriver> job);
    ~StreamingCursor() override;

    Step step(int timeout_ms) override;
    // Hands over the next queued batch whole (no copy). Rows left of a batch half-read by step()
    // are dropped: a cursor is read one way or the other.
    Step step_batch(int timeout_ms, Batch &out) override;
    const Schema &schema() const override { return schema_; }
    bool is_null(size_t column) const override { return current_.columns[column].is_null(row_); }
    Value value(size_t column) const override { return Value::from_column(current_.columns[column], row_); }
    ChangeKind row_kind() const override { return current_.kind(static_cast<uint32_t>(row_)); }
    void interrupt() override;
    const JobDriver &job() const { return *job_; }
    const JobMetrics *metrics() const override { return job_->metrics().get(); }

private:
    // Waits for the next non-empty batch into `out`: Row, Timeout, or Done (throws if the job failed).
    Step next_batch(int timeout_ms, Batch &out);

    Schema schema_;
    std::shared_ptr<ResultQueue> queue_;
    std::unique_ptr<JobDriver> job_;
    Batch current_;
    size_t row_ = 0;
    bool has_batch_ = false;
};

}  // namespace weir

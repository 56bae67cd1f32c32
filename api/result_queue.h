// A bounded, thread-safe hand-over of result batches from a job thread to the reading host thread.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>

#include "common/batch.h"
#include "connectors/sink.h"

namespace weir {

// Producer side (the job thread, through ResultQueueSink): push() blocks while `capacity` batches
// are waiting, so a host that stops reading slows the job down instead of growing memory; it returns
// at once after cancel(). Consumer side: pop() waits up to timeout_ms for a batch.
class ResultQueue {
public:
    explicit ResultQueue(size_t capacity = 16) : capacity_(capacity) {}

    enum class Pop { Batch, Closed, Timeout };
    void push(Batch batch);
    // No more batches will come (the job's sink was closed).
    void close();
    // The reader is gone: drop what is queued and never block the producer again.
    void cancel();
    Pop pop(Batch &out, int timeout_ms);

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Batch> batches_;
    size_t capacity_;
    bool closed_ = false;
    bool cancelled_ = false;
};

// The sink of a SELECT: copies the live rows of each batch into the queue, with their change kind
// in row_kinds (left empty for Insert rows).
class ResultQueueSink : public Sink {
public:
    explicit ResultQueueSink(std::shared_ptr<ResultQueue> queue) : queue_(std::move(queue)) {}
    void open() override {}
    void write(const Batch &batch, ChangeKind kind) override;
    void close() override { queue_->close(); }

private:
    std::shared_ptr<ResultQueue> queue_;
};

}  // namespace weir

// Blocking queue between a SELECT's job thread and weir_step.
#include "api/result_queue.h"

#include <chrono>

namespace weir {

void ResultQueue::push(Batch batch) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return cancelled_ || batches_.size() < capacity_; });
    if (cancelled_) return;
    batches_.push_back(std::move(batch));
    changed_.notify_all();
}

void ResultQueue::close() {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    changed_.notify_all();
}

void ResultQueue::cancel() {
    std::lock_guard<std::mutex> lock(mutex_);
    cancelled_ = true;
    batches_.clear();
    changed_.notify_all();
}

ResultQueue::Pop ResultQueue::pop(Batch &out, int timeout_ms) {
    std::unique_lock<std::mutex> lock(mutex_);
    auto ready = [&] { return !batches_.empty() || closed_ || cancelled_; };
    if (timeout_ms < 0) {
        changed_.wait(lock, ready);
    } else if (!changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms), ready)) {
        return Pop::Timeout;
    }
    if (batches_.empty()) return Pop::Closed;
    out = std::move(batches_.front());
    batches_.pop_front();
    changed_.notify_all();
    return Pop::Batch;
}

void ResultQueueSink::write(const Batch &batch, ChangeKind kind) {
    if (batch.live_count() == 0) return;
    Batch rows = batch.compacted();
    rows.row_kinds.clear();
    if (kind != ChangeKind::Insert) rows.row_kinds.assign(rows.size(), kind);
    queue_->push(std::move(rows));
}

}  // namespace weir

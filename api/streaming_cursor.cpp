// Reading a running SELECT's rows and surfacing its end or failure.
#include "api/streaming_cursor.h"

#include "common/weir_error.h"

namespace weir {

StreamingCursor::StreamingCursor(Schema schema, std::shared_ptr<ResultQueue> queue, std::unique_ptr<JobDriver> job)
    : schema_(std::move(schema)), queue_(std::move(queue)), job_(std::move(job)) {}

StreamingCursor::~StreamingCursor() {
    job_->request_stop();
    queue_->cancel();
    job_->join();
}

Cursor::Step StreamingCursor::step(int timeout_ms) {
    if (has_batch_ && row_ + 1 < current_.size()) {
        row_++;
        return Step::Row;
    }
    has_batch_ = false;
    Step result = next_batch(timeout_ms, current_);
    if (result != Step::Row) return result;
    has_batch_ = true;
    row_ = 0;
    return Step::Row;
}

Cursor::Step StreamingCursor::step_batch(int timeout_ms, Batch &out) {
    has_batch_ = false;
    return next_batch(timeout_ms, out);
}

Cursor::Step StreamingCursor::next_batch(int timeout_ms, Batch &out) {
    for (;;) {
        ResultQueue::Pop result = queue_->pop(out, timeout_ms);
        if (result == ResultQueue::Pop::Timeout) return Step::Timeout;
        if (result == ResultQueue::Pop::Closed) {
            job_->join();
            if (job_->state() == JobState::Failed) throw WeirError(ErrorKind::Data, job_->error());
            return Step::Done;
        }
        if (out.size() > 0) return Step::Row;
    }
}

void StreamingCursor::interrupt() { job_->request_stop(); }

}  // namespace weir

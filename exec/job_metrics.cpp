// Bad-record bookkeeping of JobMetrics.
#include "exec/job_metrics.h"

namespace weir {

void JobMetrics::record_bad(const BadRecord &record) {
    bad_records.fetch_add(1, std::memory_order_relaxed);
    std::lock_guard<std::mutex> lock(mutex_);
    if (bad_samples_.size() < kMaxBadSamples) bad_samples_.push_back(record);
}

std::vector<BadRecord> JobMetrics::bad_samples() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return bad_samples_;
}

}  // namespace weir

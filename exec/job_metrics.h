// Counters of one running job, shared between the engine (which reads them) and the job driver.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

#include "common/batch.h"
#include "connectors/source.h"

namespace weir {

// Thread-safe: the driver thread writes, any thread reads. Shared via std::shared_ptr; the engine
// wires SourceSpec::on_bad_record to record_bad().
class JobMetrics {
public:
    // How many bad-record reports are kept for display (all of them are counted).
    static constexpr size_t kMaxBadSamples = 20;

    std::atomic<int64_t> records_in{0};
    std::atomic<int64_t> records_out{0};
    std::atomic<int64_t> late_records{0};
    std::atomic<int64_t> bad_records{0};
    std::atomic<int64_t> watermark{kWatermarkMin};  // µs; kWatermarkMin before any data
    std::atomic<int64_t> batches{0};
    // Live aggregation state: (pane, group) entries held by the job's aggregate operators (the
    // state size SHOW JOBS reports; it grows with live window groups, not with events processed).
    std::atomic<int64_t> state_groups{0};
    // Checkpoints taken by this run, and the id of the newest durable one (0: none yet; after a
    // restart it starts at the id the job resumed from).
    std::atomic<int64_t> checkpoints{0};
    std::atomic<int64_t> last_checkpoint{0};

    // Counts the record in bad_records and keeps it if fewer than kMaxBadSamples are kept.
    void record_bad(const BadRecord &record);
    // A copy of the first kMaxBadSamples bad records, in arrival order.
    std::vector<BadRecord> bad_samples() const;

private:
    mutable std::mutex mutex_;
    std::vector<BadRecord> bad_samples_;
};

}  // namespace weir

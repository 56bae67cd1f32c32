// The engine's background jobs (INSERT INTO ...): start, list, stop, wait.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "exec/job_driver.h"
#include "exec/job_metrics.h"

namespace weir {

// What SHOW JOBS prints about one job.
struct JobInfo {
    std::string name;
    std::string state;  // running, finished, stopped, failed
    std::string sink;
    int64_t records_in = 0;
    int64_t records_out = 0;
    int64_t late_records = 0;
    int64_t bad_records = 0;
    int64_t watermark = 0;  // kWatermarkMin before any data
    int64_t state_groups = 0;
    int64_t checkpoint = 0;  // the newest durable checkpoint id (0: none, or no state directory)
    double seconds = 0;     // since start
    std::string error;
};

// Thread-safe. A finished, stopped or failed job stays listed until a new job takes its name.
class JobManager {
public:
    ~JobManager();
    // Starts `driver` on its own thread; it writes into `sink` and, for its bad records and late rows,
    // into `side_sinks`. A running job with the same name → WeirError(Catalog).
    void start(std::unique_ptr<JobDriver> driver, std::shared_ptr<JobMetrics> metrics, std::string sink,
               std::vector<std::string> side_sinks = {});
    // Asks the named job to stop gracefully and waits for it; unknown name → WeirError(Catalog).
    void stop(const std::string &name);
    void request_stop_all();
    // Waits up to timeout_ms (negative: forever) until no job runs (with bounded_only, no job whose
    // input is bounded); true if none runs.
    bool wait_all(int timeout_ms, bool bounded_only = false);
    // The message of the first job that failed since the last call (each failure reported once).
    std::optional<std::string> take_failure();
    std::vector<JobInfo> list() const;
    bool is_running(const std::string &name) const;
    // Names of running jobs that write into `sink` (as their sink or a side sink).
    std::vector<std::string> jobs_writing(const std::string &sink) const;
    // (job, sink) for every sink and side sink of every running job.
    std::vector<std::pair<std::string, std::string>> running_sinks() const;

private:
    struct Entry {
        std::unique_ptr<JobDriver> driver;
        std::shared_ptr<JobMetrics> metrics;
        std::string sink;
        std::chrono::steady_clock::time_point started;
        std::vector<std::string> side_sinks;
        bool failure_reported = false;
    };
    mutable std::mutex mutex_;
    std::vector<Entry> jobs_;
};

}  // namespace weir

// Samples the engine's jobs once a second (and on demand) and keeps a short history per job:
// events/s and watermark lag for the dashboard's sparklines, when each checkpoint was first seen.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "serve/job_table.h"
#include "weir.h"

namespace weir_serve {

// A job as the endpoints report it.
struct JobStatus {
    JobRow row;
    bool has_lag = false;
    double lag_seconds = 0;        // wall clock minus watermark, for a running job with a watermark
    double events_per_second = 0;  // records in per second over the last sample interval
    std::vector<double> rate_history;  // oldest first, one value per sample (at most kHistory)
    std::vector<double> lag_history;
    bool has_checkpoint_age = false;
    double checkpoint_age_seconds = 0;  // since the server first saw the newest checkpoint id
};

// Thread-safe. start() runs the sampling thread; stop() (or the destructor) ends it.
class JobSampler {
public:
    static constexpr size_t kHistory = 60;

    explicit JobSampler(weir_db *db) : db_(db) {}
    ~JobSampler() { stop(); }
    void start();
    void stop();
    // Reads the jobs now. A history point is added when a second has passed since the previous one.
    // Returns false with `error` set when the engine cannot list them.
    bool sample(std::vector<JobStatus> &jobs, std::string &error);

private:
    struct History {
        std::deque<double> rates;
        std::deque<double> lags;
        std::chrono::steady_clock::time_point last_point;
        long long last_records_in = 0;
        double rate = 0;
        long long checkpoint = 0;
        std::chrono::steady_clock::time_point checkpoint_seen;
    };
    void run();

    weir_db *db_;
    std::mutex mutex_;
    std::map<std::string, History> histories_;  // by job name
    std::mutex wake_mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace weir_serve

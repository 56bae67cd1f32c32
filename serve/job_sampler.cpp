// JobSampler: SHOW JOBS once a second, rates and lags kept per job.
#include "serve/job_sampler.h"

namespace weir_serve {

void JobSampler::start() {
    thread_ = std::thread([this] { run(); });
}

void JobSampler::stop() {
    {
        std::lock_guard<std::mutex> lock(wake_mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void JobSampler::run() {
    std::unique_lock<std::mutex> lock(wake_mutex_);
    while (!stopping_) {
        lock.unlock();
        std::vector<JobStatus> jobs;
        std::string error;
        sample(jobs, error);
        lock.lock();
        wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; });
    }
}

bool JobSampler::sample(std::vector<JobStatus> &jobs, std::string &error) {
    std::vector<JobRow> rows;
    if (!JobTable::read(db_, rows, error)) return false;
    auto now = std::chrono::steady_clock::now();
    long long wall = std::chrono::duration_cast<std::chrono::microseconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
    std::lock_guard<std::mutex> lock(mutex_);
    jobs.clear();
    for (JobRow &row : rows) {
        JobStatus status;
        status.has_lag = row.has_watermark && row.state == "running";
        status.lag_seconds = status.has_lag ? static_cast<double>(wall - row.watermark) / 1e6 : 0;
        History &history = histories_[row.name];
        bool first = history.last_point == std::chrono::steady_clock::time_point();
        double elapsed = std::chrono::duration<double>(now - history.last_point).count();
        if (first || elapsed >= 0.95) {
            // A job restarted under the same name starts counting again from zero.
            long long delta = row.records_in >= history.last_records_in ? row.records_in - history.last_records_in
                                                                      : row.records_in;
            history.rate = first ? 0 : static_cast<double>(delta) / elapsed;
            history.rates.push_back(history.rate);
            history.lags.push_back(status.lag_seconds);
            if (history.rates.size() > kHistory) history.rates.pop_front();
            if (history.lags.size() > kHistory) history.lags.pop_front();
            history.last_point = now;
            history.last_records_in = row.records_in;
        }
        if (row.checkpoint != history.checkpoint) {
            history.checkpoint = row.checkpoint;
            history.checkpoint_seen = now;
        }
        status.events_per_second = row.state == "running" ? history.rate : 0;
        status.rate_history.assign(history.rates.begin(), history.rates.end());
        status.lag_history.assign(history.lags.begin(), history.lags.end());
        status.has_checkpoint_age = row.checkpoint > 0;
        status.checkpoint_age_seconds = std::chrono::duration<double>(now - history.checkpoint_seen).count();
        status.row = std::move(row);
        jobs.push_back(std::move(status));
    }
    return true;
}

}  // namespace weir_serve

// Bookkeeping of background jobs.
#include "api/job_manager.h"

#include <thread>

#include "common/schema.h"
#include "common/weir_error.h"

namespace weir {

namespace {
const char *state_name(JobState state) {
    switch (state) {
    case JobState::Created: return "created";
    case JobState::Running: return "running";
    case JobState::Finished: return "finished";
    case JobState::Stopped: return "stopped";
    case JobState::Failed: return "failed";
    }
    return "?";
}
bool is_live(JobState state) { return state == JobState::Created || state == JobState::Running; }
}  // namespace

JobManager::~JobManager() {
    request_stop_all();
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto &job : jobs_) job.driver->join();
}

void JobManager::start(std::unique_ptr<JobDriver> driver, std::shared_ptr<JobMetrics> metrics, std::string sink,
                       std::vector<std::string> side_sinks) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = jobs_.begin(); it != jobs_.end(); ++it) {
        if (!iequals(it->driver->name(), driver->name())) continue;
        if (is_live(it->driver->state())) {
            throw WeirError(ErrorKind::Catalog, "a job named `" + driver->name() +
                                                    "` is already running; stop it with DROP JOB " +
                                                    driver->name() + " or name the new one with CREATE JOB");
        }
        it->driver->join();
        jobs_.erase(it);
        break;
    }
    driver->start();
    jobs_.push_back(Entry{std::move(driver), std::move(metrics), std::move(sink), std::chrono::steady_clock::now(),
                          std::move(side_sinks)});
}

void JobManager::stop(const std::string &name) {
    JobDriver *driver = nullptr;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        for (auto &job : jobs_) {
            if (iequals(job.driver->name(), name)) driver = job.driver.get();
        }
    }
    if (!driver) throw WeirError(ErrorKind::Catalog, "no job named `" + name + "`; SHOW JOBS lists them");
    driver->request_stop();
    driver->join();
}

void JobManager::request_stop_all() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto &job : jobs_) job.driver->request_stop();
}

bool JobManager::wait_all(int timeout_ms, bool bounded_only) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms < 0 ? 0 : timeout_ms);
    for (;;) {
        std::vector<JobDriver *> running;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            for (auto &job : jobs_) {
                bool waited_for = !bounded_only || job.driver->bounded_input();
                if (waited_for && is_live(job.driver->state())) running.push_back(job.driver.get());
            }
        }
        if (running.empty()) return true;
        if (timeout_ms >= 0 && std::chrono::steady_clock::now() >= deadline) return false;
        running.front()->wait_for(timeout_ms < 0 ? 100 : 20);
    }
}

std::optional<std::string> JobManager::take_failure() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto &job : jobs_) {
        if (job.driver->state() == JobState::Failed && !job.failure_reported) {
            job.failure_reported = true;
            return "job `" + job.driver->name() + "` failed: " + job.driver->error();
        }
    }
    return std::nullopt;
}

std::vector<JobInfo> JobManager::list() const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<JobInfo> out;
    auto now = std::chrono::steady_clock::now();
    for (const auto &job : jobs_) {
        JobInfo info;
        info.name = job.driver->name();
        info.state = state_name(job.driver->state());
        info.sink = job.sink;
        info.records_in = job.metrics->records_in.load();
        info.records_out = job.metrics->records_out.load();
        info.late_records = job.metrics->late_records.load();
        info.bad_records = job.metrics->bad_records.load();
        info.watermark = job.metrics->watermark.load();
        info.state_groups = job.metrics->state_groups.load();
        info.checkpoint = job.metrics->last_checkpoint.load();
        info.seconds = std::chrono::duration<double>(now - job.started).count();
        if (job.driver->state() == JobState::Failed) info.error = job.driver->error();
        out.push_back(std::move(info));
    }
    return out;
}

bool JobManager::is_running(const std::string &name) const {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto &job : jobs_) {
        if (iequals(job.driver->name(), name) && is_live(job.driver->state())) return true;
    }
    return false;
}

std::vector<std::string> JobManager::jobs_writing(const std::string &sink) const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::string> out;
    for (const auto &job : jobs_) {
        if (!is_live(job.driver->state())) continue;
        bool writes = iequals(job.sink, sink);
        for (const auto &side : job.side_sinks) writes = writes || iequals(side, sink);
        if (writes) out.push_back(job.driver->name());
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> JobManager::running_sinks() const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto &job : jobs_) {
        if (!is_live(job.driver->state())) continue;
        out.emplace_back(job.driver->name(), job.sink);
        for (const auto &side : job.side_sinks) out.emplace_back(job.driver->name(), side);
    }
    return out;
}

}  // namespace weir

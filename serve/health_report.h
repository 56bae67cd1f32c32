// The /health answer: one verdict per job and per external connection, and 200 or 503 overall.
#pragma once

#include <string>
#include <vector>

#include "serve/job_sampler.h"

namespace weir_serve {

class HealthReport {
public:
    // Job status: "failed" (stopped with an error), "lagging" (running, watermark more than
    // max_lag_seconds behind the wall clock; max_lag_seconds 0 turns this off), "ok" (running), or
    // its state (finished, stopped). A connection is the sink of a job whose connector reaches another
    // service (not stdout, blackhole, file, sqlite): "failed" when its job failed, "reachable" while it
    // runs (the engine retries a lost connection and fails the job when it gives up), "lagging" with
    // its job. *status is 503 if a job failed or lags, else 200.
    // {"status":"ok"|"unhealthy","jobs":[{"name":..,"state":..,"status":..,"lag_seconds":..,"error":..}],
    //  "connections":[{"job":..,"sink":..,"connector":..,"status":..}]}
    static std::string render(const std::vector<JobStatus> &jobs, double max_lag_seconds, int *status);
};

}  // namespace weir_serve

// The /jobs answer: every job with its counters, rates, lag and short histories, as JSON.
#pragma once

#include <string>
#include <vector>

#include "serve/job_sampler.h"

namespace weir_serve {

class JobsJson {
public:
    // {"jobs":[{"name":..,"state":..,"sink":..,"connector":..,"records_in":..,"records_out":..,"late":..,
    //  "bad":..,"watermark":"2025-01-15 14:00:00"|null,"lag_seconds":x|null,"events_per_second":x,
    //  "state_groups":..,"checkpoint":n|null,"checkpoint_age_seconds":x|null,"error":".."|null,
    //  "rate_history":[..],"lag_history":[..]}]}
    static std::string render(const std::vector<JobStatus> &jobs);
    // A JSON number (null for NaN or infinity, which JSON has not).
    static std::string number(double value);
};

}  // namespace weir_serve

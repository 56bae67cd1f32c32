// The engine's jobs as the server reports them: SHOW JOBS and SHOW SINKS read through the C API.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "weir.h"

namespace weir_serve {

// One row of SHOW JOBS, with the connector of its sink.
struct JobRow {
    std::string name;
    std::string state;  // running, finished, stopped, failed
    std::string sink;
    std::string connector;  // the sink's connector ("" if the sink is gone)
    long long records_in = 0;
    long long records_out = 0;
    long long late = 0;
    long long bad = 0;
    bool has_watermark = false;
    long long watermark = 0;  // µs since the epoch, when has_watermark
    long long state_groups = 0;
    long long checkpoint = 0;  // newest durable checkpoint id, 0 = none
    std::string error;
};

class JobTable {
public:
    // Reads every job. Returns false with `error` set (the engine's sentence) when SHOW JOBS fails.
    static bool read(weir_db *db, std::vector<JobRow> &jobs, std::string &error);
};

}  // namespace weir_serve

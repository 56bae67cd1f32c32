// The /metrics page: jobs, ingestion and the process in the Prometheus text exposition format 0.0.4.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "serve/job_sampler.h"

namespace weir_serve {

class PrometheusText {
public:
    // Every metric family once, with HELP and TYPE lines; one sample per job (labels job, sink,
    // connector) and per memory source fed through /ingest (label source).
    static std::string render(const std::vector<JobStatus> &jobs, const std::map<std::string, long long> &ingested,
                              long long rss_bytes);
    // A label value escaped as the format requires (backslash, double quote, newline).
    static std::string label_value(const std::string &text);
    // The process's resident set in bytes (from /proc/self/statm; 0 if unreadable).
    static long long resident_bytes();
};

}  // namespace weir_serve

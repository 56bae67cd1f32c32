// HealthReport: verdicts from job states and lags.
#include "serve/health_report.h"

#include "serve/jobs_json.h"
#include "shell/result_printer.h"

namespace weir_serve {

namespace {

bool is_external(const std::string &connector) {
    return !connector.empty() && connector != "stdout" && connector != "blackhole" && connector != "file" &&
           connector != "sqlite";
}

}  // namespace

std::string HealthReport::render(const std::vector<JobStatus> &jobs, double max_lag_seconds, int *status) {
    using weir_shell::json_string;
    bool healthy = true;
    std::string job_list, connections;
    for (const JobStatus &job : jobs) {
        const JobRow &row = job.row;
        std::string verdict = row.state == "failed"                                                   ? "failed"
                              : row.state != "running"                                                ? row.state
                              : max_lag_seconds > 0 && job.has_lag && job.lag_seconds > max_lag_seconds ? "lagging"
                                                                                                      : "ok";
        if (verdict == "failed" || verdict == "lagging") healthy = false;
        if (!job_list.empty()) job_list += ",";
        job_list += "{\"name\":" + json_string(row.name) + ",\"state\":" + json_string(row.state) +
                    ",\"status\":" + json_string(verdict) +
                    ",\"lag_seconds\":" + (job.has_lag ? JobsJson::number(job.lag_seconds) : "null") +
                    ",\"error\":" + (row.error.empty() ? "null" : json_string(row.error)) + "}";
        if (!is_external(row.connector) || (row.state != "running" && row.state != "failed")) continue;
        std::string reach = verdict == "ok" ? "reachable" : verdict;
        if (!connections.empty()) connections += ",";
        connections += "{\"job\":" + json_string(row.name) + ",\"sink\":" + json_string(row.sink) +
                       ",\"connector\":" + json_string(row.connector) + ",\"status\":" + json_string(reach) + "}";
    }
    *status = healthy ? 200 : 503;
    return std::string("{\"status\":\"") + (healthy ? "ok" : "unhealthy") + "\",\"jobs\":[" + job_list +
           "],\"connections\":[" + connections + "]}";
}

}  // namespace weir_serve

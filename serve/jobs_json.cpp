// JobsJson: the job list as one JSON object.
#include "serve/jobs_json.h"

#include <cmath>
#include <cstdio>
#include <ctime>

#include "shell/result_printer.h"

namespace weir_serve {

namespace {

using weir_shell::json_string;

std::string series(const std::vector<double> &values) {
    std::string out = "[";
    for (size_t i = 0; i < values.size(); i++) out += (i ? "," : "") + JobsJson::number(values[i]);
    return out + "]";
}

// The watermark in the engine's display form, UTC.
std::string timestamp_text(long long micros) {
    std::time_t seconds = static_cast<std::time_t>(micros / 1000000 - (micros % 1000000 < 0 ? 1 : 0));
    std::tm utc{};
    if (!gmtime_r(&seconds, &utc)) return "";
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", &utc);
    return buffer;
}

}  // namespace

std::string JobsJson::number(double value) {
    if (!std::isfinite(value)) return "null";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.15g", value);
    return buffer;
}

std::string JobsJson::render(const std::vector<JobStatus> &jobs) {
    std::string out = "{\"jobs\":[";
    for (size_t i = 0; i < jobs.size(); i++) {
        const JobStatus &job = jobs[i];
        const JobRow &row = job.row;
        if (i) out += ",";
        out += "{\"name\":" + json_string(row.name) + ",\"state\":" + json_string(row.state) +
               ",\"sink\":" + json_string(row.sink) + ",\"connector\":" + json_string(row.connector) +
               ",\"records_in\":" + std::to_string(row.records_in) + ",\"records_out\":" + std::to_string(row.records_out) +
               ",\"late\":" + std::to_string(row.late) + ",\"bad\":" + std::to_string(row.bad) +
               ",\"watermark\":" + (row.has_watermark ? json_string(timestamp_text(row.watermark)) : "null") +
               ",\"lag_seconds\":" + (job.has_lag ? number(job.lag_seconds) : "null") +
               ",\"events_per_second\":" + number(job.events_per_second) +
               ",\"state_groups\":" + std::to_string(row.state_groups) +
               ",\"checkpoint\":" + (row.checkpoint > 0 ? std::to_string(row.checkpoint) : "null") +
               ",\"checkpoint_age_seconds\":" + (job.has_checkpoint_age ? number(job.checkpoint_age_seconds) : "null") +
               ",\"error\":" + (row.error.empty() ? "null" : json_string(row.error)) +
               ",\"rate_history\":" + series(job.rate_history) + ",\"lag_history\":" + series(job.lag_history) + "}";
    }
    return out + "]}";
}

}  // namespace weir_serve

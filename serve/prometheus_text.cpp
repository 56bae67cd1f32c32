// Renders metric families; numbers in the exposition format's float syntax.
#include "serve/prometheus_text.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <functional>

namespace weir_serve {

namespace {

std::string number(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", value);
    return buffer;
}

void family(std::string &out, const char *name, const char *type, const char *help) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

std::string job_labels(const JobStatus &job) {
    return "{job=\"" + PrometheusText::label_value(job.row.name) + "\",sink=\"" +
           PrometheusText::label_value(job.row.sink) + "\",connector=\"" +
           PrometheusText::label_value(job.row.connector) + "\"}";
}

}  // namespace

std::string PrometheusText::label_value(const std::string &text) {
    std::string out;
    for (char c : text) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

long long PrometheusText::resident_bytes() {
    FILE *file = std::fopen("/proc/self/statm", "r");
    if (!file) return 0;
    long long size = 0, resident = 0;
    int read = std::fscanf(file, "%lld %lld", &size, &resident);
    std::fclose(file);
    return read == 2 ? resident * sysconf(_SC_PAGESIZE) : 0;
}

std::string PrometheusText::render(const std::vector<JobStatus> &jobs, const std::map<std::string, long long> &ingested,
                                   long long rss_bytes) {
    std::string out;
    struct Series {
        const char *name;
        const char *type;
        const char *help;
        std::function<bool(const JobStatus &, double &)> value;  // false: no sample for this job
    };
    const Series series[] = {
        {"weir_job_records_in_total", "counter", "Well-formed records the job read from its source.",
         [](const JobStatus &j, double &v) { v = static_cast<double>(j.row.records_in); return true; }},
        {"weir_job_records_out_total", "counter", "Rows the job delivered to its sink.",
         [](const JobStatus &j, double &v) { v = static_cast<double>(j.row.records_out); return true; }},
        {"weir_job_late_records_total", "counter", "Records that arrived after all their windows had closed.",
         [](const JobStatus &j, double &v) { v = static_cast<double>(j.row.late); return true; }},
        {"weir_job_bad_records_total", "counter", "Malformed records the job skipped or dead-lettered.",
         [](const JobStatus &j, double &v) { v = static_cast<double>(j.row.bad); return true; }},
        {"weir_job_running", "gauge", "1 while the job runs, else 0.",
         [](const JobStatus &j, double &v) { v = j.row.state == "running"; return true; }},
        {"weir_job_failed", "gauge", "1 if the job stopped with an error (a source or sink failure among them), else 0.",
         [](const JobStatus &j, double &v) { v = j.row.state == "failed"; return true; }},
        {"weir_job_watermark_lag_seconds", "gauge", "Wall clock minus the job's watermark (running jobs with a watermark).",
         [](const JobStatus &j, double &v) { v = j.lag_seconds; return j.has_lag; }},
        {"weir_job_events_per_second", "gauge", "Records read per second over the last second.",
         [](const JobStatus &j, double &v) { v = j.events_per_second; return true; }},
        {"weir_job_state_groups", "gauge", "Live aggregation state entries: (window pane, group) pairs held.",
         [](const JobStatus &j, double &v) { v = static_cast<double>(j.row.state_groups); return true; }},
        {"weir_job_checkpoint_id", "gauge", "Id of the job's newest durable checkpoint (with --state).",
         [](const JobStatus &j, double &v) { v = static_cast<double>(j.row.checkpoint); return j.row.checkpoint > 0; }},
        {"weir_job_checkpoint_age_seconds", "gauge",
         "Seconds since the server first saw the job's newest checkpoint (sampled every second).",
         [](const JobStatus &j, double &v) { v = j.checkpoint_age_seconds; return j.has_checkpoint_age; }},
    };
    for (const Series &s : series) {
        family(out, s.name, s.type, s.help);
        for (const JobStatus &job : jobs) {
            double value = 0;
            if (s.value(job, value)) out += std::string(s.name) + job_labels(job) + " " + number(value) + "\n";
        }
    }
    family(out, "weir_ingest_records_total", "counter", "JSON lines accepted by POST /ingest/<source>.");
    for (const auto &[source, count] : ingested) {
        out += "weir_ingest_records_total{source=\"" + label_value(source) + "\"} " + number(static_cast<double>(count)) + "\n";
    }
    family(out, "weir_process_resident_memory_bytes", "gauge", "Resident set size of the weir process.");
    out += "weir_process_resident_memory_bytes " + number(static_cast<double>(rss_bytes)) + "\n";
    return out;
}

}  // namespace weir_serve

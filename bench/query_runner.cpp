// weir_bench_query: runs one benchmark query file through the C API and prints its cost as one line.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "weir.h"

namespace {

double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double peak_rss_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;
}

// A "Name:   123 kB" field of /proc/self/status in MB (VmRSS, RssAnon, RssFile).
double status_mb(const std::string &name) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind(name + ":", 0) == 0) return std::atof(line.c_str() + name.size() + 1) / 1024.0;
    }
    return 0;
}

void replace_all(std::string &text, const std::string &from, const std::string &to) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
}

// One job's SHOW JOBS figures: records_in, records_out and state_groups (false when there is no job).
bool job_figures(weir_db *db, long long *records_in, long long *records_out, long long *state_groups) {
    weir_stmt *stmt = nullptr;
    bool found = weir_prepare(db, "SHOW JOBS;", &stmt) == WEIR_OK && weir_step(stmt, 1000) == WEIR_ROW;
    if (found) {
        *records_in = weir_column_int64(stmt, 3);
        *records_out = weir_column_int64(stmt, 4);
        *state_groups = weir_column_int64(stmt, 9);
    }
    weir_finalize(stmt);
    return found;
}

}  // namespace

// Usage: weir_bench_query QUERY.sql DATA FORMAT EVENTS [--stream] — with --stream the query's sources
// are unbounded (file sources with follow = 'true': its job never ends), so it waits until the job has
// read EVENTS records (every input counted), samples SHOW JOBS' state_groups every 10 ms and prints a
// fifth field, the largest state seen.
// Usage: weir_bench_query QUERY.sql DATA FORMAT EVENTS — replaces __DATA__, __FORMAT__ and __EVENTS__
// in the file, runs it (its INSERT INTO jobs must end: bounded sources), waits for every job and prints
// "rows_out cpu_seconds wall_seconds peak_rss_mb". CPU time covers every thread of the process.
// Usage: weir_bench_query --idle — prints the resident set (total, anonymous, file-backed: mostly shared
// libraries) in MB of a process with one open engine.
int main(int argc, char **argv) {
    if (argc == 2 && std::string(argv[1]) == "--idle") {
        weir_db *db = nullptr;
        if (weir_open(nullptr, &db) != WEIR_OK) return 1;
        weir_exec(db, "CREATE SOURCE s (city TEXT, temp DOUBLE, ts TIMESTAMP) WITH (connector = 'memory');");
        std::printf("%.1f %.1f %.1f\n", status_mb("VmRSS"), status_mb("RssAnon"), status_mb("RssFile"));
        weir_close(db);
        return 0;
    }
    bool stream = argc == 6 && std::string(argv[5]) == "--stream";
    if (argc != 5 && !stream) {
        std::fprintf(stderr, "usage: weir_bench_query QUERY.sql DATA FORMAT EVENTS [--stream] | --idle\n");
        return 2;
    }
    std::ifstream file(argv[1]);
    if (!file) {
        std::fprintf(stderr, "weir_bench_query: cannot read %s\n", argv[1]);
        return 2;
    }
    std::stringstream text;
    text << file.rdbuf();
    std::string sql = text.str();
    replace_all(sql, "__DATA__", argv[2]);
    replace_all(sql, "__FORMAT__", argv[3]);
    replace_all(sql, "__EVENTS__", argv[4]);

    weir_db *db = nullptr;
    if (weir_open(nullptr, &db) != WEIR_OK) return 1;
    double cpu_before = cpu_seconds();
    auto start = std::chrono::steady_clock::now();
    if (weir_exec(db, sql.c_str()) != WEIR_OK || (!stream && weir_wait_jobs(db, -1) != WEIR_DONE)) {
        std::fprintf(stderr, "weir_bench_query: %s: %s\n", argv[1], weir_errmsg(db));
        return 1;
    }
    long long peak_state = 0;
    if (stream) {
        const long long events = std::atoll(argv[4]);
        long long records_in = 0, records_out = 0, state = 0;
        while (job_figures(db, &records_in, &records_out, &state) && records_in < events) {
            peak_state = std::max(peak_state, state);
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double cpu = cpu_seconds() - cpu_before;
    long long rows_out = 0;
    weir_stmt *stmt = nullptr;
    if (weir_prepare(db, "SHOW JOBS;", &stmt) == WEIR_OK && weir_step(stmt, 1000) == WEIR_ROW) {
        rows_out = weir_column_int64(stmt, 4);
    }
    weir_finalize(stmt);
    weir_close(db);
    if (stream) {
        std::printf("%lld %.4f %.4f %.1f %lld\n", rows_out, cpu, wall, peak_rss_mb(), peak_state);
    } else {
        std::printf("%lld %.4f %.4f %.1f\n", rows_out, cpu, wall, peak_rss_mb());
    }
    return 0;
}

// weir_bench_connector: runs one connector benchmark query file through the C API and prints its cost.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

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

void replace_all(std::string &text, const std::string &from, const std::string &to) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
}

}  // namespace

// Usage: weir_bench_connector QUERY.sql [NAME=VALUE]... — replaces every __NAME__ in the file by VALUE
// (values may hold passwords: they are never printed), runs it (its INSERT INTO jobs must end: bounded
// sources), waits for every job and prints one line "records_in records_out bad cpu_seconds wall_seconds
// peak_rss_mb" summed over the jobs. CPU time covers every thread of the process (librdkafka's and
// hiredis' included), from weir_exec to the end of the last job.
int main(int argc, char **argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: weir_bench_connector QUERY.sql [NAME=VALUE]...\n");
        return 2;
    }
    std::ifstream file(argv[1]);
    if (!file) {
        std::fprintf(stderr, "weir_bench_connector: cannot read %s\n", argv[1]);
        return 2;
    }
    std::stringstream text;
    text << file.rdbuf();
    std::string sql = text.str();
    for (int i = 2; i < argc; i++) {
        std::string pair = argv[i];
        size_t equals = pair.find('=');
        if (equals == std::string::npos || equals == 0) {
            std::fprintf(stderr, "weir_bench_connector: expected NAME=VALUE, got an argument without '='\n");
            return 2;
        }
        replace_all(sql, "__" + pair.substr(0, equals) + "__", pair.substr(equals + 1));
    }

    weir_db *db = nullptr;
    if (weir_open(nullptr, &db) != WEIR_OK) return 1;
    double cpu_before = cpu_seconds();
    auto start = std::chrono::steady_clock::now();
    if (weir_exec(db, sql.c_str()) != WEIR_OK || weir_wait_jobs(db, -1) != WEIR_DONE) {
        std::fprintf(stderr, "weir_bench_connector: %s: %s\n", argv[1], weir_errmsg(db));
        weir_close(db);
        return 1;
    }
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double cpu = cpu_seconds() - cpu_before;
    long long records_in = 0, records_out = 0, bad = 0;
    weir_stmt *stmt = nullptr;
    if (weir_prepare(db, "SHOW JOBS;", &stmt) == WEIR_OK) {
        while (weir_step(stmt, 1000) == WEIR_ROW) {
            records_in += weir_column_int64(stmt, 3);
            records_out += weir_column_int64(stmt, 4);
            bad += weir_column_int64(stmt, 6);
        }
    }
    weir_finalize(stmt);
    weir_close(db);
    std::printf("%lld %lld %lld %.4f %.4f %.1f\n", records_in, records_out, bad, cpu, wall, peak_rss_mb());
    return 0;
}

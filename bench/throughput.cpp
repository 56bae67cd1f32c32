// Throughput runner: events/s per core of weir queries over a generated JSON-lines file into the
// blackhole sink, with wall time and peak RSS. Usage: weir_throughput [events] [work dir].
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "weir.h"

namespace {

// ~300-byte weather events, as DESIGN.md's parser ceiling was measured on.
void write_events(const std::string &path, long count) {
    std::ofstream out(path);
    std::mt19937_64 random(42);
    const char *cities[] = {"Warsaw", "Krakow", "Gdansk", "Berlin", "Lisbon", "Oslo", "Rome", "Paris", "Madrid", "Vienna"};
    std::uniform_real_distribution<double> temp(-10, 35), humidity(20, 100), pm25(1, 80);
    long long base = 1736949600LL;  // 2025-01-15 14:00:00 UTC
    char line[512];
    for (long i = 0; i < count; i++) {
        long long ms = base * 1000 + i * 10;  // 100 events per second of event time
        long long seconds = ms / 1000;
        int hour = static_cast<int>((seconds / 3600) % 24), minute = static_cast<int>((seconds / 60) % 60),
            second = static_cast<int>(seconds % 60);
        std::snprintf(line, sizeof line,
                      "{\"city\":\"%s\",\"sensor_id\":\"sensor-%04ld\",\"sensor_type\":\"air_quality\",\"temp\":%.2f,"
                      "\"humidity\":%.1f,\"pm25\":%.1f,\"ts\":\"2025-01-15T%02d:%02d:%02d.%03lldZ\",\"firmware\":\"v2.3.1\","
                      "\"battery\":%.2f,\"location\":{\"lat\":52.2297,\"lon\":21.0122},\"status\":\"ok\"}\n",
                      cities[i % 10], i % 1000, temp(random), humidity(random), pm25(random), hour, minute, second,
                      ms % 1000, 3.3 + (i % 7) * 0.1);
        out << line;
    }
}

double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

long peak_rss_kb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

struct Query {
    const char *name;
    const char *select;
};

}  // namespace

int main(int argc, char **argv) {
    long events = argc > 1 ? std::atol(argv[1]) : 2000000;
    std::string dir = argc > 2 ? argv[2] : "/tmp";
    std::string path = dir + "/weir-bench-weather.jsonl";
    write_events(path, events);

    utsname machine{};
    uname(&machine);
    std::printf("weir %s throughput, %ld events of ~300 bytes (JSON lines), %s %s, %ld cores\n", weir_libversion(),
                events, machine.sysname, machine.machine, sysconf(_SC_NPROCESSORS_ONLN));
    std::printf("%-34s %12s %10s %14s %10s\n", "query", "rows out", "wall s", "events/s/core", "peak MB");

    const Query queries[] = {
        {"q0 pass-through", "SELECT city, temp, humidity, ts FROM weather"},
        {"q2 filter", "SELECT city, temp, ts FROM weather WHERE temp > 30"},
        {"tumble 10s avg per city", "SELECT city, window_start, avg(temp), count(*) FROM weather GROUP BY city, TUMBLE(ts, 10s)"},
        {"weather hop 1m/5m per city", "SELECT city, window_start, avg(temp), max(pm25), count(*) FROM weather GROUP BY city, HOP(ts, 1m, 5m)"},
    };
    for (const Query &query : queries) {
        weir_db *db = nullptr;
        if (weir_open(nullptr, &db) != WEIR_OK) return 1;
        std::string setup = "CREATE SOURCE weather (city TEXT, temp DOUBLE, humidity DOUBLE, pm25 DOUBLE, ts TIMESTAMP, "
                            "WATERMARK FOR ts AS ts - 5s) WITH (connector = 'file', path = '" + path + "');"
                            "CREATE SINK hole WITH (connector = 'blackhole');";
        if (weir_exec(db, setup.c_str()) != WEIR_OK) {
            std::fprintf(stderr, "setup failed: %s\n", weir_errmsg(db));
            return 1;
        }
        std::string insert = std::string("INSERT INTO hole ") + query.select + ";";
        double cpu_before = cpu_seconds();
        auto start = std::chrono::steady_clock::now();
        if (weir_exec(db, insert.c_str()) != WEIR_OK || weir_wait_jobs(db, -1) != WEIR_DONE) {
            std::fprintf(stderr, "%s failed: %s\n", query.name, weir_errmsg(db));
            return 1;
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
        std::printf("%-34s %12lld %10.3f %14.0f %10.1f\n", query.name, rows_out, wall, events / cpu,
                    peak_rss_kb() / 1024.0);
    }
    std::remove(path.c_str());
    return 0;
}

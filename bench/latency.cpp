// weir_bench_latency: window emission latency and a flat-memory soak, through the public C API only.
//
// Latency (default mode): a `generator` source paced by the wall clock (speed 1, start = now, a few keys)
// → SELECT sensor_id, window_start, window_end, count(*) ... GROUP BY sensor_id, TUMBLE(ts, 1s), read
// with weir_query_callback. For each row, latency = wall clock at the callback − (window_end + watermark
// delay): how long after the watermark could first pass the window's end the row reached the host.
// Rows are printed as p50 / p99 / max in ms per case (rate × watermark delay).
//
//   weir_bench_latency [--seconds S] [--keys K] [--rates 2000,20000] [--delays-ms 0,200]
//   weir_bench_latency --lag [--seconds S] [--rates ...]   diagnostic: a pass-through SELECT sensor_id, ts;
//       per row, wall clock − ts (how far the rows reaching the host trail their event time) and the
//       gaps between deliveries (the source's batch period).
//   weir_bench_latency --soak [SECONDS] [--keys K] [--sample S]   unbounded generator (rate 0, fixed keys)
//       → HOP 1m/5m avg/max/count per sensor → blackhole, as fast as possible; every S seconds (default 10)
//       prints VmRSS (/proc/<pid>/status), the job's state_groups and records_in, then a verdict: RSS
//       growth between minute 2 (or half the run when it is shorter than 4 minutes) and the end < 5 %.
//
// Exit status: 0, or 1 when the engine reports an error; in latency mode 2 when a case's p99 is above
// 10 ms, in soak mode 2 when the RSS verdict fails (the figures are printed either way).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "weir.h"

namespace {

long long wall_us() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::vector<double> parse_list(const char *text) {
    std::vector<double> values;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ',')) {
        if (!item.empty()) values.push_back(std::atof(item.c_str()));
    }
    return values;
}

double percentile(std::vector<double> sorted, double p) {
    if (sorted.empty()) return 0;
    std::sort(sorted.begin(), sorted.end());
    size_t rank = static_cast<size_t>(p * static_cast<double>(sorted.size()) + 0.999999);  // nearest rank
    rank = std::min(std::max<size_t>(rank, 1), sorted.size());
    return sorted[rank - 1];
}

bool exec_or_report(weir_db *db, const std::string &sql) {
    if (weir_exec(db, sql.c_str()) == WEIR_OK) return true;
    std::fprintf(stderr, "weir_bench_latency: %s\n  in: %s\n", weir_errmsg(db), sql.c_str());
    return false;
}

// Runs sql through weir_query_callback on a thread of its own for `seconds`, then weir_stop_jobs.
template <typename Context>
bool run_callback_query(weir_db *db, const std::string &sql, weir_row_fn on_row, Context &context, double seconds) {
    int rc = WEIR_OK;
    std::string error;
    std::thread query([&] {
        rc = weir_query_callback(db, sql.c_str(), on_row, &context);
        if (rc != WEIR_OK) error = weir_errmsg(db);
    });
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    weir_stop_jobs(db);
    query.join();
    if (rc != WEIR_OK) std::fprintf(stderr, "weir_bench_latency: %s\n  in: %s\n", error.c_str(), sql.c_str());
    return rc == WEIR_OK;
}

std::string source_sql(double rate, int keys, int delay_ms) {
    std::string watermark = delay_ms > 0 ? ", WATERMARK FOR ts AS ts - " + std::to_string(delay_ms) + "ms" : "";
    char rate_text[32];
    std::snprintf(rate_text, sizeof rate_text, "%.0f", rate);
    return "CREATE SOURCE gen (sensor_id TEXT, ts TIMESTAMP" + watermark +
           ") WITH (connector = 'generator', rate = '" + rate_text + "', keys = '" + std::to_string(keys) +
           "', speed = '1');";
}

// ---- latency ----------------------------------------------------------------------------------------

struct LatencyContext {
    long long delay_us = 0;
    std::vector<double> latency_ms;       // every row
    std::vector<double> first_row_ms;     // the first row of each window (when the window reached the host)
    long long last_window_end = 0;
    long long early_rows = 0;             // rows before their watermark could pass (should not happen)
};

int on_window_row(void *raw, weir_stmt *row) {
    auto &context = *static_cast<LatencyContext *>(raw);
    long long now = wall_us();
    long long window_end = weir_column_int64(row, 2);
    double latency = static_cast<double>(now - (window_end + context.delay_us)) / 1000.0;
    if (latency < 0) context.early_rows++;
    context.latency_ms.push_back(latency);
    if (window_end != context.last_window_end) {
        context.first_row_ms.push_back(latency);
        context.last_window_end = window_end;
    }
    return 0;
}

bool latency_case(double rate, int delay_ms, int keys, double seconds, double &p99_out) {
    weir_db *db = nullptr;
    if (weir_open(nullptr, &db) != WEIR_OK) {
        std::fprintf(stderr, "weir_bench_latency: cannot open an engine\n");
        return false;
    }
    bool ok = exec_or_report(db, source_sql(rate, keys, delay_ms));
    LatencyContext context;
    context.delay_us = static_cast<long long>(delay_ms) * 1000;
    const std::string sql =
        "SELECT sensor_id, window_start, window_end, count(*) AS n FROM gen GROUP BY sensor_id, TUMBLE(ts, 1s)";
    if (ok) ok = run_callback_query(db, sql, on_window_row, context, seconds);
    weir_close(db);
    if (!ok) return false;
    const auto &rows = context.latency_ms;
    p99_out = percentile(rows, 0.99);
    std::printf("latency rate=%-6.0f delay=%-4dms keys=%d seconds=%.0f  rows=%zu windows=%zu  p50=%.2f p99=%.2f "
                "max=%.2f ms  (first row of each window: p50=%.2f max=%.2f ms)%s\n",
                rate, delay_ms, keys, seconds, rows.size(), context.first_row_ms.size(), percentile(rows, 0.5),
                p99_out, rows.empty() ? 0.0 : *std::max_element(rows.begin(), rows.end()),
                percentile(context.first_row_ms, 0.5),
                context.first_row_ms.empty() ? 0.0
                                             : *std::max_element(context.first_row_ms.begin(), context.first_row_ms.end()),
                context.early_rows ? "  WARNING: rows before their watermark" : "");
    std::fflush(stdout);
    return true;
}

// ---- lag diagnostic ---------------------------------------------------------------------------------

struct LagContext {
    std::vector<double> lag_ms;  // wall clock − ts per row
    std::vector<double> gap_ms;  // time between deliveries more than 0.5 ms apart (one per source batch)
    long long last_delivery = 0;
};

int on_raw_row(void *raw, weir_stmt *row) {
    auto &context = *static_cast<LagContext *>(raw);
    long long now = wall_us();
    context.lag_ms.push_back(static_cast<double>(now - weir_column_int64(row, 1)) / 1000.0);
    if (context.last_delivery != 0 && now - context.last_delivery > 500) {
        context.gap_ms.push_back(static_cast<double>(now - context.last_delivery) / 1000.0);
    }
    context.last_delivery = now;
    return 0;
}

bool lag_case(double rate, int keys, double seconds) {
    weir_db *db = nullptr;
    if (weir_open(nullptr, &db) != WEIR_OK) return false;
    bool ok = exec_or_report(db, source_sql(rate, keys, 0));
    LagContext context;
    if (ok) ok = run_callback_query(db, "SELECT sensor_id, ts FROM gen", on_raw_row, context, seconds);
    weir_close(db);
    if (!ok) return false;
    const auto &lag = context.lag_ms;
    std::printf("lag rate=%-6.0f seconds=%.0f  rows=%zu  row lag behind event time: p50=%.2f p99=%.2f max=%.2f ms  "
                "deliveries=%zu gap between them: p50=%.2f p99=%.2f ms\n",
                rate, seconds, lag.size(), percentile(lag, 0.5), percentile(lag, 0.99),
                lag.empty() ? 0.0 : *std::max_element(lag.begin(), lag.end()), context.gap_ms.size() + 1,
                percentile(context.gap_ms, 0.5), percentile(context.gap_ms, 0.99));
    std::fflush(stdout);
    return true;
}

// ---- soak -------------------------------------------------------------------------------------------

double vm_rss_mb() {
    std::ifstream status("/proc/" + std::to_string(getpid()) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
    }
    return 0;
}

int soak(double seconds, int keys, double sample_seconds) {
    weir_db *db = nullptr;
    if (weir_open(nullptr, &db) != WEIR_OK) return 1;
    std::string setup =
        "CREATE SOURCE gen (sensor_id TEXT, temp DOUBLE, ts TIMESTAMP) WITH (connector = 'generator', rate = '0', "
        "keys = '" + std::to_string(keys) + "', start = '2025-01-15T00:00:00Z');"
        "CREATE SINK hole WITH (connector = 'blackhole');"
        "CREATE JOB soak AS INSERT INTO hole SELECT sensor_id, window_start, window_end, avg(temp) AS avg_temp, "
        "max(temp) AS max_temp, count(*) AS n FROM gen GROUP BY sensor_id, HOP(ts, 1m, 5m);";
    std::printf("soak: pid %d, %.0f s, keys=%d, generator rate 0 (1 ms of event time per event) → HOP 1m/5m → "
                "blackhole, sample every %.0f s\n",
                static_cast<int>(getpid()), seconds, keys, sample_seconds);
    std::printf("soak: before start VmRSS %.1f MB\n", vm_rss_mb());
    if (!exec_or_report(db, setup)) {
        weir_close(db);
        return 1;
    }
    auto started = std::chrono::steady_clock::now();
    std::printf("%8s %10s %13s %16s %12s\n", "t_s", "rss_mb", "state_groups", "records_in", "events/s");
    struct Sample {
        double t, rss;
        long long groups;
    };
    std::vector<Sample> samples;
    long long previous_in = 0;
    double previous_t = 0;
    bool failed = false;
    for (int i = 1;; i++) {
        double target = std::min(seconds, i * sample_seconds);
        std::this_thread::sleep_until(started + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                    std::chrono::duration<double>(target)));
        weir_metrics metrics{};
        if (weir_job_metrics(db, "soak", &metrics) != WEIR_OK) {
            std::fprintf(stderr, "weir_bench_latency: the soak job is gone: %s\n", weir_errmsg(db));
            failed = true;
            break;
        }
        double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        double rss = vm_rss_mb();
        samples.push_back({t, rss, metrics.state_groups});
        std::printf("%8.0f %10.1f %13lld %16lld %12.0f\n", t, rss, metrics.state_groups, metrics.records_in,
                    (metrics.records_in - previous_in) / std::max(1e-9, t - previous_t));
        std::fflush(stdout);
        previous_in = metrics.records_in;
        previous_t = t;
        if (target >= seconds) break;
    }
    if (weir_wait_jobs(db, 0) == WEIR_ERROR) {
        std::fprintf(stderr, "weir_bench_latency: the soak job failed: %s\n", weir_errmsg(db));
        failed = true;
    }
    weir_stop_jobs(db);
    weir_wait_jobs(db, 30000);
    weir_close(db);
    if (failed || samples.empty()) return 1;
    double baseline_t = seconds >= 240 ? 120 : seconds / 2;
    const Sample *baseline = &samples.back();
    for (const auto &sample : samples) {
        if (sample.t >= baseline_t - 0.5) {
            baseline = &sample;
            break;
        }
    }
    const Sample &last = samples.back();
    double min_rss = samples.front().rss, max_rss = samples.front().rss;
    long long min_groups = samples.front().groups, max_groups = samples.front().groups;
    for (const auto &sample : samples) {
        min_rss = std::min(min_rss, sample.rss);
        max_rss = std::max(max_rss, sample.rss);
        min_groups = std::min(min_groups, sample.groups);
        max_groups = std::max(max_groups, sample.groups);
    }
    double growth = baseline->rss > 0 ? (last.rss - baseline->rss) / baseline->rss * 100 : 0;
    bool flat = growth < 5.0;
    std::printf("soak: RSS %.1f MB at %.0f s → %.1f MB at %.0f s: %+.1f %% (min %.1f, max %.1f MB); state_groups "
                "%lld..%lld\n",
                baseline->rss, baseline->t, last.rss, last.t, growth, min_rss, max_rss, min_groups, max_groups);
    std::printf("soak: verdict %s (RSS growth from %.0f s to the end %s 5 %%)\n", flat ? "FLAT" : "GROWING",
                baseline->t, flat ? "<" : ">=");
    return flat ? 0 : 2;
}

}  // namespace

int main(int argc, char **argv) {
    double seconds = 20;
    int keys = 10;
    double sample_seconds = 10;
    bool soak_mode = false, lag_mode = false, seconds_given = false, keys_given = false;
    std::vector<double> rates = {2000, 20000};
    std::vector<double> delays = {0, 200};
    for (int i = 1; i < argc; i++) {
        std::string arg = argv[i];
        bool has_value = i + 1 < argc;
        if (arg == "--soak") {
            soak_mode = true;
            if (has_value && argv[i + 1][0] != '-') {
                seconds = std::atof(argv[++i]);
                seconds_given = true;
            }
        } else if (arg == "--lag") {
            lag_mode = true;
        } else if (arg == "--seconds" && has_value) {
            seconds = std::atof(argv[++i]);
            seconds_given = true;
        } else if (arg == "--keys" && has_value) {
            keys = std::atoi(argv[++i]);
            keys_given = true;
        } else if (arg == "--sample" && has_value) {
            sample_seconds = std::atof(argv[++i]);
        } else if (arg == "--rates" && has_value) {
            rates = parse_list(argv[++i]);
        } else if (arg == "--delays-ms" && has_value) {
            delays = parse_list(argv[++i]);
        } else {
            std::fprintf(stderr,
                         "usage: weir_bench_latency [--seconds S] [--keys K] [--rates R,...] [--delays-ms D,...]\n"
                         "       weir_bench_latency --lag [--seconds S] [--rates R,...]\n"
                         "       weir_bench_latency --soak [SECONDS, default 600] [--keys K, default 1000] "
                         "[--sample S, default 10]\n");
            return 64;
        }
    }
    if (soak_mode) {
        if (!seconds_given) seconds = 600;
        if (!keys_given) keys = 1000;
        if (seconds <= 0 || sample_seconds <= 0) return 64;
        return soak(seconds, keys, sample_seconds);
    }
    bool slow = false;
    for (double rate : rates) {
        if (lag_mode) {
            if (!lag_case(rate, keys, seconds)) return 1;
            continue;
        }
        for (double delay : delays) {
            double p99 = 0;
            if (!latency_case(rate, static_cast<int>(delay), keys, seconds, p99)) return 1;
            if (p99 > 10.0) slow = true;
        }
    }
    if (!lag_mode) std::printf("latency target p99 <= 10 ms: %s\n", slow ? "MISSED" : "met");
    return slow ? 2 : 0;
}

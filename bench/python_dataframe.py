"""The Python binding's DataFrame path: a 10^6-row readings frame through a 1-minute TUMBLE per city into a DataFrame,
beside pandas (groupby + resample) and SQLite (to_sql + GROUP BY) doing the same aggregation on the same frame. Prints the run with the least CPU time
(every thread of the process: weir's job thread too) and its wall time.

    WEIR_LIBRARY=build/libweir.so PYTHONPATH=python python3 bench/python_dataframe.py [rows] [repeats]
"""
import sqlite3
import sys
import time

import numpy as np
import pandas as pd

import weir


def frame(n):
    rng = np.random.default_rng(1)
    return pd.DataFrame({"city": rng.choice(["Oslo", "Bergen", "Warsaw", "Lisbon"], n),
                         "temp": rng.normal(10, 5, n),
                         "ts": pd.Timestamp("2025-01-15", tz="UTC") + pd.to_timedelta(np.arange(n) * 100, unit="ms")})


def run_weir(data):
    with weir.connect() as con:
        con.execute("CREATE SOURCE r (city TEXT, temp DOUBLE, ts TIMESTAMP) "
                    "WITH (connector = 'memory', max_buffered = '%d')" % (len(data) + 1))
        q = con.sql("SELECT city, window_start, avg(temp) AS t, count(*) AS n FROM r GROUP BY city, TUMBLE(ts, 1m)")
        started = time.perf_counter()
        con.push("r", data)
        pushed = time.perf_counter()
        con.end("r")
        out = q.df()
        return out, {"push": pushed - started, "query + df": time.perf_counter() - pushed}


def run_pandas(data):
    out = data.set_index("ts").groupby("city").resample("1min")["temp"].agg(["mean", "count"])
    return out[out["count"] > 0], {}


def run_sqlite(data):
    db = sqlite3.connect(":memory:")
    started = time.perf_counter()
    plain = pd.DataFrame({"city": data["city"], "temp": data["temp"], "us": data["ts"].astype("int64") // 1000})
    plain.to_sql("r", db, index=False)
    loaded = time.perf_counter()
    out = pd.read_sql("SELECT city, us / 60000000 AS minute, avg(temp) AS t, count(*) AS n FROM r "
                      "GROUP BY city, minute", db)
    return out, {"load": loaded - started, "query + df": time.perf_counter() - loaded}


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    data = frame(n)
    print("%d rows, best of %d, weir %s (%s), pandas %s, SQLite %s" % (n, repeats, weir.library_version,
          weir.library_path, pd.__version__, sqlite3.sqlite_version))
    counts = set()
    for name, run in (("weir", run_weir), ("pandas groupby+resample", run_pandas), ("sqlite3 to_sql+GROUP BY", run_sqlite)):
        best = None
        for _ in range(repeats):
            started, cpu_started = time.perf_counter(), time.process_time()
            out, parts = run(data)
            cpu, seconds = time.process_time() - cpu_started, time.perf_counter() - started
            if best is None or cpu < best[0]:
                best = (cpu, seconds, parts)
        counts.add(len(out))
        cpu, seconds, parts = best
        detail = ", ".join("%s %.3f s" % item for item in parts.items())
        print("%-26s cpu %6.3f s  %5.2f M rows/cpu-s   wall %6.3f s  %5.2f M rows/s   (wall: %s)"
              % (name, cpu, n / cpu / 1e6, seconds, n / seconds / 1e6, detail))
    assert len(counts) == 1, "the three tools found different numbers of windows: %s" % counts


if __name__ == "__main__":
    main()

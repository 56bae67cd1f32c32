"""Readings -> 1-minute windows per city -> a pandas DataFrame (and a PNG plot if matplotlib is installed).

Run from the repository root after building:  WEIR_LIBRARY=build/libweir.so PYTHONPATH=python python3 examples/notebook_demo.py
"""
import numpy as np
import pandas as pd

import weir

rng = np.random.default_rng(42)
n = 200_000
readings = pd.DataFrame({
    "city": rng.choice(["Oslo", "Bergen", "Warsaw", "Lisbon"], n),
    "temp": rng.normal(8, 6, n).round(1),
    "ts": pd.Timestamp("2025-01-15 14:00", tz="UTC") + pd.to_timedelta(np.sort(rng.integers(0, 3_600_000, n)), unit="ms"),
})

with weir.connect() as con:
    con.execute("CREATE SOURCE readings (city TEXT, temp DOUBLE, ts TIMESTAMP, "
                "WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH (connector = 'memory')")
    q = con.sql("SELECT city, window_start, avg(temp) AS avg_temp, count(*) AS n "
                "FROM readings WHERE temp BETWEEN -60 AND 60 GROUP BY city, TUMBLE(ts, 5m)")
    con.push("readings", readings)          # column by column, no Python loop over the rows
    con.end("readings")                     # bounded from here: the last windows close
    windows = q.df()
    print(windows.sort_values(["window_start", "city"]).head(8).to_string(index=False))
    print("%d windows from %d readings (%s)" % (len(windows), q.metrics()["records_in"], weir.library_path))

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    plt = None
if plt is not None:
    ax = windows.pivot(index="window_start", columns="city", values="avg_temp").plot(figsize=(8, 4))
    ax.set_ylabel("average temperature, 5-minute windows")
    plt.savefig("notebook_demo.png", dpi=100, bbox_inches="tight")
    print("wrote notebook_demo.png")

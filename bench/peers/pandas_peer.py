# pandas peer of bench/run.sh: runs one benchmark query as a bounded batch computation over the same file.
# Usage: python3 pandas_peer.py QUERY DATA FORMAT — prints "rows_out cpu_seconds wall_seconds peak_rss_mb".
import resource
import sys
import time

import pandas as pd

query, data, fmt = sys.argv[1:4]
bid_types = {"auction": "int64", "bidder": "int64", "price": "int64", "channel": str, "url": str, "extra": str}
weather_types = {"city": str, "sensor_id": str, "temp": "float64", "humidity": "float64", "pm25": "float64"}


def load(types, time_column):
    if fmt == "csv":
        frame = pd.read_csv(data, dtype=types, keep_default_na=False)
    else:
        frame = pd.read_json(data, lines=True, dtype=types, convert_dates=False)
    frame[time_column] = pd.to_datetime(frame[time_column], utc=True)
    return frame


def micros(series):
    return series.astype("int64") // 1000


def hop(frame, time_column, slide, panes, keys, aggregations):
    first = micros(frame[time_column]) // slide * slide
    copies = [frame.assign(window_start=first - k * slide) for k in range(panes)]
    return pd.concat(copies).groupby(keys + ["window_start"]).agg(**aggregations).reset_index()


def tumble(frame, time_column, size, keys, aggregations):
    frame = frame.assign(window_start=micros(frame[time_column]) // size * size)
    return frame.groupby(keys + ["window_start"]).agg(**aggregations).reset_index()


def run():
    if query == "weather":
        frame = load(weather_types, "ts")
        return hop(frame, "ts", 60_000_000, 5, ["city"],
                   {"avg_temp": ("temp", "mean"), "max_pm25": ("pm25", "max"), "n": ("temp", "size")})
    frame = load(bid_types, "date_time")
    if query == "q0":
        return frame[["auction", "bidder", "price", "date_time", "extra"]]
    if query == "q1":
        return frame.assign(price=frame["price"] * 0.908)[["auction", "bidder", "price", "date_time", "extra"]]
    if query == "q2":
        return frame.loc[frame["auction"] % 123 == 0, ["auction", "price"]]
    if query == "q5":
        return hop(frame, "date_time", 2_000_000, 5, ["auction"], {"num": ("auction", "size")})
    if query == "q7":
        return tumble(frame, "date_time", 10_000_000, [], {"maxprice": ("price", "max")})
    if query == "q12":
        return tumble(frame, "date_time", 10_000_000, ["bidder"], {"bid_count": ("bidder", "size")})
    sys.exit(f"pandas_peer: no query {query}")


cpu_before = time.process_time()
start = time.perf_counter()
result = run()
wall = time.perf_counter() - start
cpu = time.process_time() - cpu_before
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{len(result)} {cpu:.4f} {wall:.4f} {peak:.1f}")

# Prints bench/run.sh's side-by-side table from its results file (engine, query, input, events, measurements).
import os
import platform
import sys

results, idle, commit, threads = sys.argv[1:5]
rows = []
for line in open(results):
    engine, query, source, events, measured = line.rstrip("\n").split("\t")
    out, cpu, wall, rss = measured.split()
    rows.append({"engine": engine, "query": query, "input": source, "events": int(events), "out": int(out),
                 "cpu": float(cpu), "wall": float(wall), "rss": float(rss)})


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def rate(row):
    return row["events"] / row["cpu"] if row["cpu"] > 0 else float("inf")


def human(value):
    return f"{value / 1e6:.2f} M" if value >= 1e6 else f"{value / 1e3:.0f} K"


print(f"weir benchmark — commit {commit}, {os.cpu_count()} cores ({cpu_model()}), {platform.system()} "
      f"{platform.release()}; DuckDB threads = {threads}")
print("events/s/core = events / CPU seconds of the process (all threads), measured around the query; "
      "best of the runs; wall time is elapsed time on a shared machine.")
print()
header = f"{'query':<17} {'input':<7} {'engine':<7} {'events':>10} {'rows out':>9} {'ev/s/core':>10} " \
         f"{'CPU s':>7} {'wall s':>7} {'peak MB':>8} {'weir ×':>7}"
print(header)
print("-" * len(header))
weir_json = {row["query"]: row for row in rows if row["engine"] == "weir" and row["input"] == "json"}
for row in rows:
    ratio = ""
    if row["engine"] != "weir" and row["query"] in weir_json:
        ratio = f"{rate(weir_json[row['query']]) / rate(row):.1f}"
    print(f"{row['query']:<17} {row['input']:<7} {row['engine']:<7} {row['events']:>10} {row['out']:>9} "
          f"{human(rate(row)):>10} {row['cpu']:>7.3f} {row['wall']:>7.3f} {row['rss']:>8.1f} {ratio:>7}")
total, anonymous, mapped = idle.split()
print()
print(f"idle engine (weir_open + one memory source): RSS {total} MB = {anonymous} MB anonymous (the engine's "
      f"heap) + {mapped} MB file-backed (shared libraries, shared with other processes)")
print("weir × = weir's events/s/core from JSON lines divided by the peer's (same file, same query).")

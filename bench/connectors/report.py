# Prints bench/connectors.sh's table from its results file (section, engine, events, cpu, wall, rss, note).
import os
import platform
import sys

results, commit = sys.argv[1:3]
rows = []
for line in open(results):
    section, engine, events, cpu, wall, rss, note = line.rstrip("\n").split("\t")
    rows.append({"section": section, "engine": engine, "events": int(events), "cpu": float(cpu),
                 "wall": float(wall), "rss": float(rss), "note": note})


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def per_second(count, seconds):
    return count / seconds if seconds > 0 else float("inf")


def human(value):
    return f"{value / 1e6:.2f} M" if value >= 1e6 else f"{value / 1e3:.0f} K"


print(f"weir connector benchmark — commit {commit}, {os.cpu_count()} cores ({cpu_model()}), {platform.system()} "
      f"{platform.release()}")
print("Services on loopback on the same machine (tests/support/services). ev/s/core = events / CPU seconds of the "
      "client process (all threads; the broker/server's CPU is not counted); ev/s wall = events / elapsed seconds. "
      "Sources: best CPU time of the runs; sinks: best wall time.")
print()
header = f"{'connector':<9} {'client':<11} {'events':>9} {'ev/s/core':>10} {'ev/s wall':>10} {'CPU s':>7} " \
         f"{'wall s':>7} {'peak MB':>8} {'weir/bare':>15}  note"
print(header)
print("-" * len(header))
by_key = {(row["section"], row["engine"]): row for row in rows}
for row in rows:
    ratio = ""
    bare = by_key.get((row["section"], "bare-ack")) or by_key.get((row["section"], "bare"))
    if row["engine"] == "weir" and bare:
        cpu_ratio = per_second(row["events"], row["cpu"]) / per_second(bare["events"], bare["cpu"])
        wall_ratio = per_second(row["events"], row["wall"]) / per_second(bare["events"], bare["wall"])
        ratio = f"{cpu_ratio:.0%} cpu {wall_ratio:.0%} wall"
    note = row["note"]
    if row["section"] == "s3":
        fields = dict(item.split("=") for item in note.split())
        objects, size = int(fields["objects"]), int(fields["bytes"])
        note = (f"{objects} objects of {fields['roll_rows']} rows, {size / 1e6:.1f} MB: "
                f"{per_second(objects, row['wall']):.1f} objects/s, {per_second(size, row['wall']) / 1e6:.1f} MB/s wall")
    print(f"{row['section']:<9} {row['engine']:<11} {row['events']:>9} {human(per_second(row['events'], row['cpu'])):>10} "
          f"{human(per_second(row['events'], row['wall'])):>10} {row['cpu']:>7.3f} {row['wall']:>7.3f} {row['rss']:>8.1f} "
          f"{ratio:>15}  {note}")
print()
print("weir/bare = weir's events/s divided by the bare client's (per CPU second, and per wall second), same data; "
      "for Redis the peer is the loop that XACKs each batch (weir acknowledges everything it read at the end).")

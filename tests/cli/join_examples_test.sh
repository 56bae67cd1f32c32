#!/usr/bin/env bash
# The join examples (examples/enrich_readings.sql, examples/retail_gold.sql) run to their end and
# write exactly what SQLite computes from the same files (Python's sqlite3 as the independent oracle).
set -euo pipefail
weir="$1"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
ln -s "$repo/examples" examples

timeout 60 "$weir" -f examples/enrich_readings.sql > enrich.out 2>&1 || { cat enrich.out; exit 1; }
timeout 60 "$weir" -f examples/retail_gold.sql > gold.out 2>&1 || { cat gold.out; exit 1; }

python3 - <<'PY'
import csv, json, sqlite3, sys
db = sqlite3.connect(":memory:")
db.execute("CREATE TABLE devices (id INTEGER, room TEXT, floor INTEGER)")
db.executemany("INSERT INTO devices VALUES (?, ?, ?)",
               [(int(r["id"]), r["room"], int(r["floor"])) for r in csv.DictReader(open("examples/data/devices.csv"))])
db.execute("CREATE TABLE readings (device_id INTEGER, temp REAL, ts TEXT)")
rows = [json.loads(line) for line in open("examples/data/readings.jsonl")]
db.executemany("INSERT INTO readings VALUES (?, ?, ?)", [(r["device_id"], r["temp"], r["ts"]) for r in rows])
# Every reading is within the 5 s watermark delay of the newest one before it, so none is late and
# the answer is the batch one: one row per room and minute.
expected = db.execute("""
    SELECT d.room, d.floor, strftime('%Y-%m-%d %H:%M:00', r.ts) AS w, round(avg(r.temp), 2), count(*)
    FROM readings r JOIN devices d ON r.device_id = d.id GROUP BY d.room, d.floor, w ORDER BY 1, 3""").fetchall()
got = sqlite3.connect("rooms.db").execute(
    "SELECT room, floor, window_start, avg_temp, readings FROM room_minutes ORDER BY 1, 3").fetchall()
if got != expected:
    sys.exit("enrich_readings: weir wrote %d rows, SQLite computes %d; first difference: %s" % (
        len(got), len(expected), next(((g, e) for g, e in zip(got, expected) if g != e), None)))

for name, columns in [("retail_orders", "order_id INTEGER, customer_id TEXT, product_id INTEGER, quantity INTEGER, ordered_at TEXT"),
                      ("customers", "customer_id TEXT, city TEXT"),
                      ("products", "product_id INTEGER, name TEXT, category TEXT, price REAL")]:
    db.execute("CREATE TABLE %s (%s)" % (name, columns))
    reader = csv.reader(open("examples/data/%s.csv" % name))
    next(reader)
    db.executemany("INSERT INTO %s VALUES (%s)" % (name, ",".join("?" * len(columns.split(",")))), reader)
expected = db.execute("""
    SELECT p.category, c.city, date(o.ordered_at) || ' 00:00:00' AS day, count(*), round(sum(o.quantity * p.price), 2)
    FROM retail_orders o JOIN customers c ON o.customer_id = c.customer_id
    JOIN products p ON CAST(o.product_id AS INTEGER) = CAST(p.product_id AS INTEGER)
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""").fetchall()
got = sqlite3.connect("gold.db").execute(
    "SELECT category, city, day, orders, revenue FROM revenue_per_category_day ORDER BY 1, 2, 3").fetchall()
if got != expected:
    sys.exit("retail_gold: weir wrote %d rows, SQLite computes %d; first difference: %s" % (
        len(got), len(expected), next(((g, e) for g, e in zip(got, expected) if g != e), None)))
print("enrich_readings and retail_gold match SQLite")
PY

"""Window results over pushed rows: a hand-computed case, and pandas' groupby of the same rows at several batch sizes."""
import datetime

import numpy as np
import pandas as pd
import pytest

from conftest import READINGS

UTC = datetime.timezone.utc


def test_the_readme_example_by_hand(con):
    con.execute(READINGS)
    q = con.sql("SELECT city, window_start, avg(temp) AS t FROM readings GROUP BY city, TUMBLE(ts, 1m)")
    con.push("readings", [{"city": "Oslo", "temp": 3.5, "ts": datetime.datetime(2025, 1, 15, 14, 0, 10, tzinfo=UTC)},
                          {"city": "Oslo", "temp": 4.5, "ts": datetime.datetime(2025, 1, 15, 14, 0, 50, tzinfo=UTC)},
                          {"city": "Bergen", "temp": -1.0, "ts": datetime.datetime(2025, 1, 15, 14, 1, 0, tzinfo=UTC)}])
    con.end("readings")
    assert sorted(q.fetchall()) == [("Bergen", datetime.datetime(2025, 1, 15, 14, 1, tzinfo=UTC), -1.0),
                                    ("Oslo", datetime.datetime(2025, 1, 15, 14, 0, tzinfo=UTC), 4.0)]


def readings(n=6000, seed=7):
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2025-01-15 14:00:00", tz="UTC")
    return pd.DataFrame({"city": rng.choice(["Oslo", "Bergen", "Warsaw"], n),
                         "temp": np.round(rng.normal(5, 8, n), 2),
                         "ts": start + pd.to_timedelta(np.sort(rng.integers(0, 20 * 60 * 1000, n)), unit="ms")})


@pytest.mark.parametrize("batch_size", [1, 7, 2048])
@pytest.mark.parametrize("push_rows", [1, 333, 6000])
def test_tumble_matches_pandas_groupby_at_several_batch_sizes(con, batch_size, push_rows):
    frame = readings(600 if push_rows == 1 else 6000)
    con.execute(READINGS.replace("connector = 'memory'", "connector = 'memory', batch_size = '%d'" % batch_size))
    q = con.sql("SELECT city, window_start, avg(temp) AS t, count(*) AS n, min(temp) AS lo FROM readings "
                "GROUP BY city, TUMBLE(ts, 1m)")
    for first in range(0, len(frame), push_rows):
        con.push("readings", frame.iloc[first:first + push_rows])
    con.end("readings")
    got = q.df().sort_values(["window_start", "city"]).reset_index(drop=True)
    frame["window_start"] = frame["ts"].dt.floor("1min")
    oracle = (frame.groupby(["city", "window_start"]).agg(t=("temp", "mean"), n=("temp", "size"), lo=("temp", "min"))
              .reset_index().sort_values(["window_start", "city"]).reset_index(drop=True))
    pd.testing.assert_frame_equal(got, oracle, check_dtype=False, check_exact=False, rtol=1e-12)
    assert q.metrics()["late_records"] == 0


def test_hop_counts_match_sqlite(con):
    """HOP(ts, 1m, 2m) row counts against SQLite's GROUP BY over the same rows (each row in two windows)."""
    import sqlite3
    frame = readings(3000, seed=3)
    con.execute(READINGS)
    q = con.sql("SELECT city, window_start, count(*) AS n FROM readings GROUP BY city, HOP(ts, 1m, 2m)")
    con.push("readings", frame)
    con.end("readings")
    got = sorted((city, start.timestamp(), n) for city, start, n in q.fetchall())
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE r (city TEXT, ms INTEGER)")
    db.executemany("INSERT INTO r VALUES (?, ?)",
                   zip(frame["city"], (frame["ts"].astype("int64") // 1_000_000).tolist()))
    oracle = db.execute("""SELECT city, ws / 1000.0, count(*) FROM (
                             SELECT city, (ms / 60000) * 60000 AS ws FROM r
                             UNION ALL SELECT city, (ms / 60000 - 1) * 60000 FROM r)
                           GROUP BY city, ws ORDER BY city, ws""").fetchall()
    assert got == sorted(oracle)

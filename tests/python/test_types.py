"""Every type and NULL both ways: dicts, tuples and JSON lines in, tuples and DataFrames out, and DataFrames in."""
import datetime

import pandas as pd
import pytest

import weir

UTC = datetime.timezone.utc
ALL = "CREATE SOURCE s (b BOOLEAN, i BIGINT, d DOUBLE, t TEXT, ts TIMESTAMP, iv INTERVAL) WITH (connector = 'memory')"


def pushed_and_read(con, rows):
    con.execute(ALL)
    q = con.sql("SELECT b, i, d, t, ts, iv FROM s")
    con.push("s", rows)
    con.end("s")
    return q


def test_every_type_and_null_from_dicts(con):
    oslo = datetime.timezone(datetime.timedelta(hours=1))
    q = pushed_and_read(con, [
        {"b": True, "i": 2 ** 62 + 1, "d": 2.5, "t": "Zürich \"q\"\n", "iv": datetime.timedelta(minutes=5),
         "ts": datetime.datetime(2025, 1, 15, 15, 0, 10, 123456, tzinfo=oslo)},  # 14:00:10.123456 UTC
        {"b": None, "i": None, "d": float("nan"), "t": None, "ts": None, "iv": None},
        {"b": False, "i": -7, "d": -0.125, "t": "", "ts": datetime.datetime(2025, 1, 15, 14, 0, 0)},  # naive: UTC
    ])
    assert q.columns == ["b", "i", "d", "t", "ts", "iv"]
    assert q.types == ["BOOLEAN", "BIGINT", "DOUBLE", "TEXT", "TIMESTAMP", "INTERVAL"]
    assert q.fetchall() == [
        (True, 4611686018427387905, 2.5, "Zürich \"q\"\n", datetime.datetime(2025, 1, 15, 14, 0, 10, 123456, tzinfo=UTC),
         datetime.timedelta(minutes=5)),
        (None, None, None, None, None, None),
        (False, -7, -0.125, "", datetime.datetime(2025, 1, 15, 14, 0, 0, tzinfo=UTC), None),
    ]


def test_tuples_follow_the_declared_column_order(con):
    q = pushed_and_read(con, [(True, 1, 1.5, "a", datetime.datetime(2025, 1, 1, tzinfo=UTC), None)])
    row = q.fetchone()
    assert row == (True, 1, 1.5, "a", datetime.datetime(2025, 1, 1, tzinfo=UTC), None)
    assert q.fetchone() is None


def test_tuple_of_the_wrong_length_is_refused_with_the_columns(con):
    con.execute(ALL)
    with pytest.raises(ValueError, match=r"a row has 2 values but the source has 6 columns \(b, i, d, t, ts, iv\)"):
        con.push("s", [(True, 1)])


def test_json_lines_as_text_and_bytes(con):
    q = pushed_and_read(con, '{"i": 1, "ts": "2025-01-15T14:00:00Z"}\n{"i": 2}\n')
    con2 = weir.connect()
    try:
        con2.execute(ALL)
        q2 = con2.sql("SELECT i FROM s")
        con2.push("s", b'{"i": 3}')
        con2.end("s")
        assert q2.fetchall() == [(3,)]
    finally:
        con2.close()
    assert [row[1] for row in q.fetchall()] == [1, 2]


def test_dataframe_round_trip_with_nulls_nan_and_nat(con):
    frame = pd.DataFrame({
        "b": pd.array([True, None, False], dtype="boolean"),
        "i": pd.array([9007199254740993, None, -7], dtype="Int64"),  # beyond a double's 53 bits
        "d": [2.5, float("nan"), -0.125],
        "t": ["Zürich", None, "a\"b\nc"],
        "ts": pd.to_datetime(["2025-01-15 15:00:10.123456+01:00", None, "2025-01-15 14:00:00+00:00"], utc=True),
        "iv": pd.to_timedelta(["5m", None, "1500us"]),
    })
    q = pushed_and_read(con, frame)
    got = q.df()
    expected = pd.DataFrame({
        "b": pd.array([True, None, False], dtype="boolean"),
        "i": pd.array([9007199254740993, None, -7], dtype="Int64"),
        "d": [2.5, float("nan"), -0.125],
        "t": pd.Series(["Zürich", None, "a\"b\nc"], dtype=object),
        "ts": pd.to_datetime(["2025-01-15 14:00:10.123456", None, "2025-01-15 14:00:00"]).tz_localize("UTC"),
        "iv": pd.to_timedelta(["5m", None, "1500us"]),
    })
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert str(got["ts"].dtype).startswith("datetime64[") and str(got["ts"].dtype).endswith(", UTC]")
    assert str(got["i"].dtype) == "Int64" and got["d"].dtype == "float64"


def test_dataframe_without_nulls_gets_plain_numpy_dtypes(con):
    con.execute("CREATE SOURCE s (i BIGINT, b BOOLEAN, naive TIMESTAMP, cat TEXT, o TEXT) WITH (connector = 'memory')")
    q = con.sql("SELECT i, b, naive, cat, o FROM s")
    con.push("s", pd.DataFrame({"i": [1, 2], "b": [True, False],
                                "naive": pd.to_datetime(["2025-01-15 14:00:00", "2025-01-15 14:00:01"]),  # UTC
                                "cat": pd.Categorical(["x", "y"]), "o": [1, "two"]}))  # mixed objects as text
    con.end("s")
    got = q.df()
    assert got["i"].dtype == "int64" and got["b"].dtype == "bool"
    assert list(got["naive"]) == [pd.Timestamp("2025-01-15 14:00:00", tz="UTC"), pd.Timestamp("2025-01-15 14:00:01", tz="UTC")]
    assert list(got["cat"]) == ["x", "y"] and list(got["o"]) == ["1", "two"]


def test_fetch_then_df_keeps_every_row_in_order(con):
    con.execute("CREATE SOURCE s (i BIGINT) WITH (connector = 'memory')")
    q = con.sql("SELECT i FROM s")
    con.push("s", "\n".join('{"i": %d}' % i for i in range(10)))
    con.end("s")
    assert q.fetchone() == (0,)
    assert q.fetchmany(2) == [(1,), (2,)]
    assert list(q.df()["i"]) == list(range(3, 10))
    assert q.fetchone() is None


def test_million_row_dataframe_push_matches_numpy(con):
    import numpy as np
    n = 1_000_000
    frame = pd.DataFrame({"k": np.where(np.arange(n) % 3 == 0, "a", "b"), "v": np.arange(n, dtype=np.int64),
                          "x": np.arange(n) * 0.5})
    con.execute("CREATE SOURCE big (k TEXT, v BIGINT, x DOUBLE) WITH (connector = 'memory', max_buffered = '2000000')")
    con.push("big", frame)  # buffered for the next query; ended first, so that query's input is bounded
    con.end("big")
    got = con.sql("SELECT k, count(*) AS n, sum(v) AS s, max(x) AS m FROM big GROUP BY k ORDER BY k").fetchall()
    oracle = frame.groupby("k").agg(n=("v", "size"), s=("v", "sum"), m=("x", "max")).reset_index()
    assert got == [tuple(row) for row in oracle.itertuples(index=False)]

"""Continuous queries: rows as windows close, timeouts, threads pushing while another reads, Ctrl-C, closing."""
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

import weir
from conftest import READINGS, ROOT


def line(city, temp, second):
    return '{"city": "%s", "temp": %s, "ts": "2025-01-15T14:%02d:%02dZ"}' % (city, temp, second // 60, second % 60)


def test_stream_yields_each_window_as_the_watermark_passes_and_stops_on_timeout(con):
    con.execute(READINGS)
    q = con.sql("SELECT window_start, count(*) AS n FROM readings GROUP BY TUMBLE(ts, 1m)")
    con.push("readings", "\n".join(line("Oslo", 1, s) for s in (1, 2, 3)))
    started = time.monotonic()
    assert list(q.stream(timeout=0.3)) == []  # window [14:00, 14:01) still open: nothing within 0.3 s
    assert time.monotonic() - started >= 0.3
    con.push("readings", line("Oslo", 1, 66))  # watermark 14:01:01 closes the first window
    rows = list(q.stream(timeout=2.0))
    assert [n for _, n in rows] == [3]
    con.end("readings")
    assert [n for _, n in q.stream(timeout=5.0)] == [1]  # the end closes the last window; then the stream ends
    assert q.fetchone(timeout=0.1) is None


def test_threads_push_while_another_reads(con):
    con.execute("CREATE SOURCE s (k BIGINT, v BIGINT) WITH (connector = 'memory')")
    q = con.sql("SELECT k, v FROM s")
    seen = []

    def reader():
        seen.extend(q.stream())

    thread = threading.Thread(target=reader)
    thread.start()
    pushers = [threading.Thread(target=lambda k=k: [con.push("s", [{"k": k, "v": v}]) for v in range(500)])
               for k in range(4)]
    for pusher in pushers:
        pusher.start()
    for pusher in pushers:
        pusher.join()
    con.end("s")
    thread.join(30)
    assert not thread.is_alive()
    assert len(seen) == 2000
    for k in range(4):  # each thread's rows arrive in the order it pushed them
        assert [v for key, v in seen if key == k] == list(range(500))


CHILD = r"""
import sys, weir
con = weir.connect()
con.execute("CREATE SOURCE s (v BIGINT) WITH (connector = 'memory')")
q = con.sql("SELECT v FROM s")
print("ready", flush=True)
try:
    for row in q.stream():
        pass
except KeyboardInterrupt:
    print("interrupted closed=%s" % q.closed, flush=True)
    con.close()
    sys.exit(0)
print("ended without an interrupt", flush=True)
"""


def test_ctrl_c_in_a_blocking_stream_stops_the_query_and_raises_keyboard_interrupt():
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"))
    child = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert child.stdout.readline().strip() == "ready"
        time.sleep(0.3)
        child.send_signal(signal.SIGINT)
        out, _ = child.communicate(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    assert out.strip() == "interrupted closed=True"
    assert child.returncode == 0


def test_closing_with_running_queries_and_jobs():
    con = weir.connect()
    con.execute("CREATE SOURCE s (v BIGINT) WITH (connector = 'memory'); CREATE SINK k WITH (connector = 'blackhole');"
                "INSERT INTO k SELECT v FROM s")
    results = [con.sql("SELECT v FROM s") for _ in range(3)]
    con.push("s", [{"v": 1}])
    started = time.monotonic()
    con.close()
    assert time.monotonic() - started < 10
    assert all(result.closed for result in results)
    with pytest.raises(weir.MisuseError, match="this weir connection is closed"):
        con.push("s", [{"v": 2}])
    with pytest.raises(weir.MisuseError, match="this result is closed"):
        results[0].fetchone()
    con.close()  # a second close does nothing


def test_job_metrics_after_a_bounded_job(con):
    con.execute("CREATE SOURCE s (v BIGINT) WITH (connector = 'memory'); CREATE SINK k WITH (connector = 'blackhole')")
    con.push("s", [{"v": v} for v in range(10)] + [{"v": "x"}])
    con.end("s")
    con.execute("INSERT INTO k SELECT v FROM s")
    assert con.wait(timeout=10)
    metrics = con.metrics("k")
    assert (metrics["records_in"], metrics["records_out"], metrics["bad_records"]) == (10, 10, 1)
    assert set(con.metrics()) == {"k"}


EXIT_WITH_OPEN_QUERIES = r"""
import weir
con = weir.connect()
con.execute("CREATE SOURCE s (v BIGINT) WITH (connector = 'memory'); CREATE SINK k WITH (connector = 'blackhole');"
            "INSERT INTO k SELECT v FROM s")
q = con.sql("SELECT v FROM s")
con.push("s", '{"v": "not a number"}')  # a notice from a job thread, while the interpreter exits
print("leaving", flush=True)
"""


def test_exiting_with_an_open_connection_and_running_queries_is_clean():
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"))
    done = subprocess.run([sys.executable, "-c", EXIT_WITH_OPEN_QUERIES], capture_output=True, text=True, env=env,
                          timeout=30)
    assert (done.returncode, done.stdout.strip()) == (0, "leaving"), done.stderr

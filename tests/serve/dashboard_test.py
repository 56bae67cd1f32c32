#!/usr/bin/env python3
"""The weir serve dashboard in real headless Chromium (issue #19): loads / from a running `weir serve`,
waits until the page shows live job figures (records in growing between two looks, events/s, state)
and window rows of its live query (table and chart), and saves a screenshot.

usage: dashboard_test.py WEIR_BINARY SCREENSHOT.png
Chromium (Debian `chromium`) is driven over the DevTools protocol on a pipe (--remote-debugging-pipe),
so no driver or npm package is needed."""
import base64
import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

WEIR, SCREENSHOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
WORK = tempfile.mkdtemp(prefix="weir_dashboard_test_")
passed, failed = 0, 0


def check(condition, what):
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {what}", flush=True)


class Browser:
    """Headless Chromium with one page, spoken to over the DevTools pipe (fd 3 in, fd 4 out, NUL-separated JSON)."""

    def __init__(self):
        executable = shutil.which("chromium") or shutil.which("chromium-browser")
        if not executable:
            raise RuntimeError("chromium is not installed (scripts/install-deps.sh installs it)")
        to_browser_read, self.to_browser = os.pipe()
        self.from_browser, from_browser_write = os.pipe()
        # The ends the browser gets are moved above fd 9, so that putting them at 3 and 4 overwrites neither.
        to_browser_read, from_browser_write = [self.high(fd) for fd in (to_browser_read, from_browser_write)]
        # Chromium reads commands from fd 3 and writes answers to fd 4: bash puts the pipe's ends there.
        arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--remote-debugging-pipe", f"--user-data-dir={WORK}/profile", "--window-size=1400,1000",
                     "about:blank"]
        self.process = subprocess.Popen(
            ["bash", "-c", f'exec "$0" "$@" 3<&{to_browser_read} 4>&{from_browser_write} '
                           f'{to_browser_read}<&- {from_browser_write}>&-', executable, *arguments],
            pass_fds=(to_browser_read, from_browser_write),
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(WORK, "chromium.log"), "w"))
        os.close(to_browser_read)
        os.close(from_browser_write)
        self.next_id = 0
        self.buffer = b""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]

    @staticmethod
    def high(fd):
        moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(fd)
        return moved

    def call(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        while time.time() < deadline:
            while b"\0" in self.buffer:
                raw, _, self.buffer = self.buffer.partition(b"\0")
                answer = json.loads(raw)
                if answer.get("id") == self.next_id:
                    if "error" in answer:
                        raise RuntimeError(f"{method}: {answer['error']}")
                    return answer["result"]
            chunk = os.read(self.from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed its pipe")
            self.buffer += chunk
        raise RuntimeError(f"{method}: no answer within {timeout} s")

    def page(self, method, params=None):
        return self.call(method, params, self.session)

    def evaluate(self, expression):
        result = self.page("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        return result["result"].get("value")

    def close(self):
        try:
            self.call("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


PIPELINE = """
CREATE SOURCE sensors (city TEXT, temp DOUBLE, ts TIMESTAMP, WATERMARK FOR ts AS ts - 1s)
    WITH (connector = 'generator', rate = '400', keys = '3', speed = '10', seed = '7');
CREATE SINK counts WITH (connector = 'blackhole');
CREATE JOB city_counts AS INSERT INTO counts
SELECT city, window_start, count(*) AS n FROM sensors GROUP BY city, TUMBLE(ts, 5s);
"""
pipeline_path = os.path.join(WORK, "pipeline.sql")
with open(pipeline_path, "w") as f:
    f.write(PIPELINE)
stderr_path = os.path.join(WORK, "weir.log")
weir = subprocess.Popen([WEIR, "serve", "--http", "127.0.0.1:0", "-f", pipeline_path], stdout=subprocess.DEVNULL,
                        stderr=open(stderr_path, "w"))
browser = None
try:
    port = None
    deadline = time.time() + 20
    while port is None and time.time() < deadline and weir.poll() is None:
        match = re.search(r"serving http://127\.0\.0\.1:(\d+)/", open(stderr_path).read())
        port = int(match.group(1)) if match else None
        time.sleep(0.05)
    if port is None:
        raise RuntimeError("weir serve did not start: " + open(stderr_path).read())

    page = urllib.request.urlopen(f"http://127.0.0.1:{port}/").read().decode()
    check("<script src=" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", ""),
          "the page loads nothing from elsewhere (no CDN)")

    query = "SELECT city, window_start, avg(temp) AS avg_temp FROM sensors GROUP BY city, TUMBLE(ts, 5s);"
    fragment = urllib.parse.urlencode({"run": "1", "q": query}, quote_via=urllib.parse.quote)
    browser = Browser()
    browser.page("Page.enable")
    browser.page("Page.navigate", {"url": f"http://127.0.0.1:{port}/#{fragment}"})

    def job_cell(name):
        return browser.evaluate(
            f"(() => {{ const c = document.querySelector('tr[data-job=\"city_counts\"] td.{name}');"
            f" return c ? c.textContent : null; }})()")

    def records_in():
        text = job_cell("records_in")
        return int(text.replace(",", "")) if text and text.replace(",", "").isdigit() else None

    first = None
    deadline = time.time() + 20
    while time.time() < deadline and not first:
        first = records_in()
        time.sleep(0.2)
    check(first is not None and first > 0, f"the jobs table shows records in: {first}")
    time.sleep(2.5)
    second = records_in()
    check(second is not None and first is not None and second > first,
          f"the figures are live: records in grew from {first} to {second} in 2.5 s")
    state = browser.evaluate("document.querySelector('tr[data-job=\"city_counts\"] td:nth-child(2)').textContent")
    check(state == "running", f"the job's state: {state}")
    rate = job_cell("events_per_second")
    check(rate and int(rate.replace(",", "")) > 0, f"events/s shown: {rate}")
    sparklines = browser.evaluate("document.querySelectorAll('tr[data-job=\"city_counts\"] svg.spark polyline').length")
    check(sparklines == 2, f"two sparklines with data (events/s, lag): {sparklines}")
    health = browser.evaluate("document.getElementById('health').textContent")
    check(health == "ok", f"health badge: {health}")

    rows = None
    deadline = time.time() + 20
    while time.time() < deadline and not rows:
        rows = browser.evaluate(
            "[...document.querySelectorAll('#live-rows tr')].map(tr => [...tr.cells].map(c => c.textContent))")
        time.sleep(0.2)
    header = browser.evaluate("[...document.querySelectorAll('#live-head th')].map(th => th.textContent)")
    check(header == ["city", "window_start", "avg_temp"], f"live table columns: {header}")
    check(rows and all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", r[1]) for r in rows) and
          all(re.fullmatch(r"-?\d+(\.\d+)?", r[2]) for r in rows), f"window rows in the live table: {rows}")
    marks = browser.evaluate("document.querySelectorAll('#chart polyline, #chart circle').length")
    check(marks and marks >= 1, f"the line chart draws the windows: {marks}")
    status = browser.evaluate("document.getElementById('live-status').textContent")
    check(status and status.endswith("rows"), f"live query status: {status}")

    shot = browser.page("Page.captureScreenshot", {"format": "png"})
    with open(SCREENSHOT, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    check(os.path.getsize(SCREENSHOT) > 10000, f"screenshot saved as {SCREENSHOT}")
finally:
    if browser:
        browser.close()
    weir.terminate()
    try:
        code = weir.wait(20)
    except subprocess.TimeoutExpired:
        weir.kill()
        code = None
    check(code == 0, f"weir serve stops with 0 on SIGTERM while the page streams: {code}")

print(f"serve_dashboard: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)

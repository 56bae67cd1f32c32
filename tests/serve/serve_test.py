#!/usr/bin/env python3
"""weir serve end to end (issue #19): the real binary over loopback, every endpoint, the token rules,
bad requests, streams a client leaves, concurrent clients, a slow client, SIGTERM with a running stream.

usage: serve_test.py WEIR_BINARY
Expected values are computed by hand from the rows the test sends. /metrics is checked with
prometheus_client's parser (Debian python3-prometheus-client)."""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

from prometheus_client.parser import text_string_to_metric_families

WEIR = os.path.abspath(sys.argv[1])
WORK = tempfile.mkdtemp(prefix="weir_serve_test_")
passed, failed = 0, 0


def check(condition, what):
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {what}", flush=True)


class Server:
    """One `weir serve` process on a free loopback port (port 0: it prints the one it bound)."""

    def __init__(self, *args, pipeline=None):
        command = [WEIR, "serve", "--http", "127.0.0.1:0", *args]
        if pipeline is not None:
            path = os.path.join(WORK, f"pipeline_{time.monotonic_ns()}.sql")
            with open(path, "w") as f:
                f.write(pipeline)
            command += ["-f", path]
        self.stderr_path = os.path.join(WORK, f"stderr_{time.monotonic_ns()}.txt")
        self.stderr = open(self.stderr_path, "w+")
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=self.stderr, cwd=WORK)
        self.port = None
        deadline = time.time() + 20
        while time.time() < deadline and self.port is None:
            if self.process.poll() is not None:
                raise RuntimeError(f"weir serve exited with {self.process.returncode}: {self.log()}")
            match = re.search(r"serving http://127\.0\.0\.1:(\d+)/", self.log())
            if match:
                self.port = int(match.group(1))
            time.sleep(0.05)
        if self.port is None:
            self.process.kill()
            raise RuntimeError("weir serve did not start: " + self.log())

    def log(self):
        with open(self.stderr_path) as f:
            return f.read()

    def request(self, method, path, body=None, headers=None, timeout=30):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, dict(response.getheaders()), data

    def json(self, method, path, body=None, headers=None):
        status, _, data = self.request(method, path, body, headers)
        return status, json.loads(data)

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None


def wait_for(condition, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    return None


def job(server, name):
    status, answer = server.json("GET", "/jobs")
    return next((j for j in answer["jobs"] if j["name"] == name), None) if status == 200 else None


def open_stream(server, sql, accept="application/x-ndjson", rcvbuf=None):
    """A raw socket POSTing sql to /sql; the caller reads (or does not read) the answer."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sock.connect(("127.0.0.1", server.port))
    body = sql.encode()
    sock.sendall(f"POST /sql HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: {accept}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
                 + body)
    return sock


def read_until(sock, predicate, timeout=15):
    """Reads from sock until predicate(text so far) holds; returns the text."""
    sock.settimeout(0.5)
    text = b""
    deadline = time.time() + timeout
    while time.time() < deadline and not predicate(text.decode(errors="replace")):
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            continue
        if not chunk:
            break
        text += chunk
    return text.decode(errors="replace")


def chunked_payloads(raw):
    """The payload lines of a chunked HTTP answer (headers and chunk sizes dropped), and whether the
    last chunk (0) arrived."""
    head, _, body = raw.partition("\r\n\r\n")
    out, complete = "", False
    while body:
        size_text, _, rest = body.partition("\r\n")
        try:
            size = int(size_text, 16)
        except ValueError:
            break
        if size == 0:
            complete = True
            break
        out += rest[:size]
        body = rest[size + 2:]
    return out, complete


DATA = os.path.join(WORK, "cities.jsonl")
with open(DATA, "w") as f:
    # Oslo: 3.5 + 4.5 = 8.0 over 2 rows; Warsaw: 10 + 20 + 30 = 60 over 3 rows.
    for city, temp in [("Oslo", 3.5), ("Warsaw", 10), ("Oslo", 4.5), ("Warsaw", 20), ("Warsaw", 30)]:
        f.write(json.dumps({"city": city, "temp": temp, "ts": "2025-01-15T14:00:00Z"}) + "\n")
BIG = os.path.join(WORK, "big.jsonl")
with open(BIG, "w") as f:
    for i in range(2000):
        f.write(json.dumps({"city": f"city-{i:05d}", "temp": i, "ts": "2025-01-15T14:00:00Z"}) + "\n")
OUT = os.path.join(WORK, "averages.jsonl")

PIPELINE = f"""
CREATE SOURCE readings (city TEXT, temp DOUBLE, ts TIMESTAMP, WATERMARK FOR ts AS ts - 1s)
    WITH (connector = 'memory');
CREATE SOURCE cities (city TEXT, temp DOUBLE, ts TIMESTAMP) WITH (connector = 'file', path = '{DATA}', format = 'json');
CREATE SOURCE big (city TEXT, temp DOUBLE, ts TIMESTAMP) WITH (connector = 'file', path = '{BIG}', format = 'json');
CREATE SOURCE sensors (city TEXT, temp DOUBLE, ts TIMESTAMP) WITH (connector = 'generator', rate = '200');
CREATE SINK averages WITH (connector = 'file', path = '{OUT}', format = 'json');
CREATE JOB minute_averages AS INSERT INTO averages
SELECT city, window_start, count(*) AS n, avg(temp) AS avg_temp FROM readings GROUP BY city, TUMBLE(ts, 1m);
"""

server = Server("--state", os.path.join(WORK, "state"), "--http-max-body", "64K", "--http-max-result", "1K",
                "--http-query-timeout", "1s", "--http-max-streams", "2", pipeline=PIPELINE)
try:
    # ---- /health and /jobs before any data
    status, health = server.json("GET", "/health")
    check(status == 200 and health["status"] == "ok", f"/health is 200 ok: {status} {health}")
    entry = next((j for j in health["jobs"] if j["name"] == "minute_averages"), None)
    check(entry and entry["status"] == "ok" and entry["state"] == "running", f"/health lists the job: {health}")
    status, jobs = server.json("GET", "/jobs")
    check(status == 200 and [j["name"] for j in jobs["jobs"]] == ["minute_averages"], f"/jobs: {jobs}")
    check(jobs["jobs"][0]["sink"] == "averages" and jobs["jobs"][0]["connector"] == "file", f"/jobs sink: {jobs}")

    # ---- pages of other sites cannot use the server (cross-site request forgery, DNS rebinding)
    status, answer = server.json("POST", "/sql", "SELECT 1", {"Origin": "http://evil.example"})
    check(status == 403 and "Origin http://evil.example" in answer["error"], f"foreign Origin 403: {answer}")
    status, answer = server.json("POST", "/sql", "SELECT 1", {"Host": f"evil.example:{server.port}"})
    check(status == 403 and "host name evil.example is refused" in answer["error"], f"foreign Host 403: {answer}")
    status, answer = server.json("POST", "/sql", "SELECT 1", {"Host": f"localhost:{server.port}",
                                                              "Origin": f"http://localhost:{server.port}"})
    check(status == 200, f"the server's own origin: {status} {answer}")
    check(server.request("GET", "/health", headers={"Origin": "http://evil.example"})[0] == 200, "/health for anyone")

    # ---- /ingest: two windows of 14:00 close when a row of 14:02 moves the watermark to 14:01:59
    rows = [{"city": "Oslo", "temp": 3.5, "ts": "2025-01-15T14:00:10Z"},
            {"city": "Oslo", "temp": 4.5, "ts": "2025-01-15T14:00:50Z"},
            {"city": "Warsaw", "temp": -1.0, "ts": "2025-01-15T14:00:30Z"},
            {"city": "Oslo", "temp": 9.0, "ts": "2025-01-15T14:02:00Z"}]
    status, answer = server.json("POST", "/ingest/readings", "\n".join(json.dumps(r) for r in rows) + "\n")
    check(status == 200 and answer == {"accepted": 4}, f"/ingest accepts 4 lines: {status} {answer}")
    done = wait_for(lambda: (j := job(server, "minute_averages")) and j["records_in"] == 4 and j["records_out"] == 2 and j)
    check(done, f"the job read 4 rows and wrote 2 windows: {job(server, 'minute_averages')}")
    check(done and done["watermark"] == "2025-01-15 14:01:59", f"watermark 14:02:00 - 1s: {done}")
    written = wait_for(lambda: os.path.exists(OUT) and len(open(OUT).read().splitlines()) == 2 and open(OUT).read())
    got = sorted((r["city"], r["n"], r["avg_temp"]) for r in map(json.loads, (written or "").splitlines()))
    check(got == [("Oslo", 2, 4.0), ("Warsaw", 1, -1.0)], f"the sink holds the two windows: {got}")

    status, answer = server.json("POST", "/ingest/nowhere", '{"a":1}\n')
    check(status == 404 and "no source named `nowhere`" in answer["error"], f"/ingest unknown source 404: {status} {answer}")
    status, answer = server.json("POST", "/ingest/sensors", '{"a":1}\n')
    check(status == 400 and "only sources with connector = 'memory'" in answer["error"], f"/ingest generator 400: {answer}")
    status, _, data = server.request("POST", "/ingest/readings", "x" * (65 * 1024))
    check(status == 413 and b"larger than 65536 bytes (--http-max-body)" in data, f"oversized body 413: {status} {data}")

    # ---- /metrics, read by a real parser
    status, headers, data = server.request("GET", "/metrics")
    check(status == 200 and headers.get("Content-Type", "").startswith("text/plain; version=0.0.4"), f"/metrics type: {headers}")
    samples = {}
    families = {}
    for family in text_string_to_metric_families(data.decode()):
        families[family.name] = family.type
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    labels = (("connector", "file"), ("job", "minute_averages"), ("sink", "averages"))
    check(samples.get(("weir_job_records_in_total", labels)) == 4, f"records in 4: {samples}")
    check(samples.get(("weir_job_records_out_total", labels)) == 2, "records out 2")
    check(samples.get(("weir_job_late_records_total", labels)) == 0, "late 0")
    check(samples.get(("weir_job_bad_records_total", labels)) == 0, "bad 0")
    check(samples.get(("weir_job_running", labels)) == 1, "running 1")
    check(samples.get(("weir_job_state_groups", labels), -1) >= 1, "state groups (the open 14:02 window)")
    check(("weir_job_watermark_lag_seconds", labels) in samples, "watermark lag")
    check(samples.get(("weir_ingest_records_total", (("source", "readings"),))) == 4, "ingested 4")
    check(samples.get(("weir_process_resident_memory_bytes", ()), 0) > 1e6, "process RSS")
    check(families.get("weir_job_records_in") == "counter" and families.get("weir_job_watermark_lag_seconds") == "gauge",
          f"metric types: {families}")

    # ---- POST /sql: bounded answers as JSON and CSV, errors
    status, answer = server.json("POST", "/sql", "SELECT 1 + 1 AS two")
    check(status == 200 and answer == {"columns": ["two"], "rows": [{"two": 2}]}, f"SELECT 1 + 1: {answer}")
    query = "SELECT city, count(*) AS n, sum(temp) AS total FROM cities GROUP BY city ORDER BY city;"
    status, answer = server.json("POST", "/sql", query)
    check(answer == {"columns": ["city", "n", "total"],
                     "rows": [{"city": "Oslo", "n": 2, "total": 8.0}, {"city": "Warsaw", "n": 3, "total": 60.0}]},
          f"bounded query as JSON: {answer}")
    status, headers, data = server.request("POST", "/sql", query, {"Accept": "text/csv"})
    check(status == 200 and headers.get("Content-Type", "").startswith("text/csv") and
          data.decode() == "city,n,total\nOslo,2,8\nWarsaw,3,60\n", f"bounded query as CSV: {data}")
    status, answer = server.json("POST", "/sql", "SELEC 1")
    check(status == 400 and "line 1, column 1" in answer["error"], f"malformed SQL 400 with the sentence: {answer}")
    status, answer = server.json("POST", "/sql", "SELECT * FROM wether")
    check(status == 404 and "no source or view named `wether`" in answer["error"], f"unknown source 404: {answer}")
    status, answer = server.json("POST", "/sql", "   ")
    check(status == 400 and "empty" in answer["error"], f"empty body 400: {answer}")
    status, answer = server.json("POST", "/sql", "SELECT * FROM big")
    check(status == 400 and "larger than 1024 bytes (--http-max-result)" in answer["error"], f"result bound: {answer}")
    started = time.time()
    status, answer = server.json("POST", "/sql", "SELECT * FROM readings")
    check(status == 400 and "still running after 1 s" in answer["error"] and time.time() - started < 5,
          f"an unbounded query asked for a whole answer: {answer}")
    status, answer = server.json("POST", "/sql", "CREATE SINK extra WITH (connector = 'blackhole'); SHOW SINKS;")
    check(status == 200 and {"name": "extra", "connector": "blackhole"} in answer["rows"], f"statements, SHOW: {answer}")
    status, answer = server.json("GET", "/nothing")
    check(status == 404 and "no endpoint GET /nothing" in answer["error"], f"unknown endpoint: {answer}")

    # ---- streaming: NDJSON rows as they come, SSE events, the stream limit, a client that leaves
    first = open_stream(server, "SELECT city, temp FROM readings WHERE temp > 100")
    second = open_stream(server, "SELECT city, temp FROM readings WHERE temp > 100", accept="text/event-stream")
    time.sleep(0.5)
    status, headers, data = server.request("POST", "/sql", "SELECT * FROM readings", {"Accept": "application/x-ndjson"})
    check(status == 503 and b"--http-max-streams" in data and headers.get("Retry-After"), f"third stream 503: {status} {data}")
    server.request("POST", "/ingest/readings", '{"city":"Rome","temp":101.5,"ts":"2025-01-15T14:03:00Z"}\n'
                                               '{"city":"Oslo","temp":1,"ts":"2025-01-15T14:03:01Z"}\n')
    text = read_until(first, lambda t: "Rome" in t)
    lines = [l for l in chunked_payloads(text)[0].split("\n") if l.strip()]
    check(lines == ['{"city":"Rome","temp":101.5}'], f"NDJSON stream rows: {lines}")
    text = read_until(second, lambda t: "Rome" in t)
    check('data: {"city":"Rome","temp":101.5}\n\n' in chunked_payloads(text)[0] and "text/event-stream" in text,
          f"SSE stream events: {text}")
    first.close()  # the client goes away mid-stream: its query stops and its slot is free again
    third = wait_for(lambda: (s := server.request("POST", "/sql", "SELECT 1", {"Accept": "application/x-ndjson"}))[0] == 200 and s)
    check(third and b'{"1":1}' in third[2] or (third and b'"1"' in third[2]), f"a bounded stream ends: {third}")
    freed = wait_for(lambda: (sock := open_stream(server, "SELECT * FROM readings")) and
                     ("200 OK" in read_until(sock, lambda t: "\r\n\r\n" in t, 2) or sock.close()) and sock, 10)
    check(freed, "the stream slot of the client that left is free again")
    if freed:
        freed.close()
    second.close()

    # ---- concurrent clients
    results = []
    def client(n):
        for _ in range(10):
            results.append(server.request("POST", "/sql", f"SELECT {n} * 2 AS v")[2] == f'{{"columns":["v"],"rows":[{{"v":{n * 2}}}]}}\n'.encode())
            results.append(server.request("GET", "/metrics")[0] == 200)
            results.append(server.request("GET", "/health")[0] == 200)
    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    check(len(results) == 240 and all(results), f"8 concurrent clients: {results.count(False)} failures")

    # ---- a slow client (never reads its stream) stalls neither the job nor the server
    wait_for(lambda: server.request("POST", "/sql", "SELECT 1", {"Accept": "application/x-ndjson"})[0] == 200)
    slow = open_stream(server, "SELECT city, temp, ts FROM readings", rcvbuf=4096)
    time.sleep(0.3)
    before = job(server, "minute_averages")["records_in"]
    batch = "".join(json.dumps({"city": f"c{i % 50}", "temp": i, "ts": "2025-01-15T14:05:00Z"}) + "\n" for i in range(1000))
    for _ in range(50):
        status, _, _ = server.request("POST", "/ingest/readings", batch, timeout=10)
        check(status == 200, f"ingest while a client is slow: {status}")
    progressed = wait_for(lambda: job(server, "minute_averages")["records_in"] == before + 50000, 20)
    check(progressed, f"the job read all 50000 rows while the stream's client slept: {job(server, 'minute_averages')}")
    t0 = time.time()
    check(server.request("GET", "/health", timeout=5)[0] == 200 and time.time() - t0 < 2, "/health answers quickly")
    slow.close()

    # ---- weir --server: statements sent to the running server; its jobs keep running there
    url = f"http://127.0.0.1:{server.port}"
    def client(*args, env=None):
        return subprocess.run([WEIR, "--server", url, *args], capture_output=True, text=True, timeout=30,
                              env=env or {k: v for k, v in os.environ.items() if k != "WEIR_TOKEN"})
    result = client("-c", "CREATE SINK copies WITH (connector = 'blackhole'); "
                          "CREATE JOB copier AS INSERT INTO copies SELECT * FROM readings;")
    check(result.returncode == 0, f"--server -c CREATE JOB: {result.stderr}")
    check(wait_for(lambda: (j := job(server, "copier")) and j["state"] == "running"),
          "the job started through --server runs on the server after the client exited")
    result = client("--format", "csv", "-c", "SELECT city, count(*) AS n FROM cities GROUP BY city ORDER BY city;")
    check(result.returncode == 0 and result.stdout == "city,n\nOslo,2\nWarsaw,3\n", f"--server csv: {result}")
    pipeline = os.path.join(WORK, "client.sql")
    with open(pipeline, "w") as f:
        f.write("SELECT city, sum(temp) AS total FROM cities GROUP BY city ORDER BY city;\n")
    result = client("--format", "json", "-f", pipeline)
    check(result.returncode == 0 and result.stdout == '{"city":"Oslo","total":8}\n{"city":"Warsaw","total":60}\n',
          f"--server json -f: {result}")
    result = client("-c", "SHOW JOBS;")
    check(result.returncode == 0 and "copier,running,copies" in result.stdout, f"--server SHOW JOBS: {result}")
    result = client("-c", "SELEC 1;")
    check(result.returncode == 1 and result.stderr.startswith("Error: syntax error at line 1, column 1"),
          f"--server malformed SQL: {result.stderr}")
    result = client("--format", "json", "-c", "SELECT CAST(city AS BIGINT) AS n FROM cities;")
    check(result.returncode == 1 and "could not convert 'Oslo' to BIGINT" in result.stderr,
          f"--server error mid-stream: {result.stderr}")
    result = subprocess.run([WEIR, "--server", "http://127.0.0.1:1", "-c", "SELECT 1;"], capture_output=True, text=True)
    check(result.returncode == 1 and "cannot reach weir serve at http://127.0.0.1:1" in result.stderr,
          f"--server unreachable: {result.stderr}")

    # ---- SIGTERM with a running stream: the stream ends cleanly, the process exits 0
    live = open_stream(server, "SELECT city FROM readings")
    text = read_until(live, lambda t: "\r\n\r\n" in t, 5)
    code = server.stop()
    text += read_until(live, lambda t: t.endswith("0\r\n\r\n"), 10)
    check(code == 0, f"SIGTERM: exit status {code}; stderr: {server.log()[-2000:]}")
    check(chunked_payloads(text)[1], f"the open stream got its last chunk: {text[-200:]!r}")
    live.close()
finally:
    server.stop(signal.SIGKILL)

# ---- the token rules
result = subprocess.run([WEIR, "serve", "--http", "0.0.0.0:0"], capture_output=True, text=True, timeout=20,
                        env={k: v for k, v in os.environ.items() if k != "WEIR_TOKEN"})
check(result.returncode == 1 and "needs --http-token" in result.stderr, f"0.0.0.0 without a token: {result.stderr}")
secure = Server("--http-token", "s3cret-token", pipeline=PIPELINE)
try:
    check(secure.request("GET", "/health")[0] == 200, "/health needs no token")
    check(secure.request("GET", "/")[0] == 200, "the dashboard page needs no token")
    for path in ["/jobs", "/metrics"]:
        status, headers, data = secure.request("GET", path)
        check(status == 401 and headers.get("WWW-Authenticate") == "Bearer" and b"Authorization: Bearer" in data,
              f"{path} without a token: {status}")
        check(secure.request("GET", path, headers={"Authorization": "Bearer wrong"})[0] == 401, f"{path} wrong token")
        check(secure.request("GET", path, headers={"Authorization": "Bearer s3cret-token"})[0] == 200, f"{path} token")
    check(secure.request("POST", "/sql", "SELECT 1")[0] == 401, "/sql without a token")
    check(secure.request("POST", "/ingest/readings", "{}\n")[0] == 401, "/ingest without a token")
    check(secure.request("POST", "/sql", "SELECT 1", {"Authorization": "Bearer s3cret-token"})[0] == 200, "/sql token")
    url = f"http://127.0.0.1:{secure.port}"
    result = subprocess.run([WEIR, "--server", url, "-c", "SELECT 1 AS one;"], capture_output=True, text=True,
                            env={k: v for k, v in os.environ.items() if k != "WEIR_TOKEN"})
    check(result.returncode == 1 and "Authorization: Bearer" in result.stderr, f"--server without a token: {result}")
    result = subprocess.run([WEIR, "--server", url, "--http-token", "s3cret-token", "-c", "SELECT 1 AS one;"],
                            capture_output=True, text=True)
    check(result.returncode == 0 and result.stdout == "one\n1\n", f"--server --http-token: {result}")
    result = subprocess.run([WEIR, "--server", url, "-c", "SELECT 2 AS two;"], capture_output=True, text=True,
                            env=dict(os.environ, WEIR_TOKEN="s3cret-token"))
    check(result.returncode == 0 and result.stdout == "two\n2\n", f"--server with WEIR_TOKEN: {result}")
    check("s3cret-token" not in secure.log(), "the token never appears in the output")
finally:
    check(secure.stop() == 0, "token server stops with 0")

# ---- plain weir commands do not map the HTTP library and its TLS stack: serve is the weir-serve program
libraries = subprocess.run(["ldd", WEIR], capture_output=True, text=True).stdout
check("libcpp-httplib" not in libraries and "libcrypto" not in libraries, f"weir links no HTTP/TLS library: {libraries}")

# ---- examples/serve_demo.sql runs as its comments say (files it writes land in WORK)
EXAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "serve_demo.sql")
demo = Server("-f", EXAMPLE)
try:
    status, health = demo.json("GET", "/health")
    check(status == 200 and sorted(j["name"] for j in health["jobs"]) == ["readings_1m", "sensors_10s"], f"demo: {health}")
    status, answer = demo.json("POST", "/ingest/readings", '{"city":"Oslo","temp":3.5,"ts":"2025-01-15T14:00:10Z"}\n')
    check(status == 200 and answer == {"accepted": 1}, f"demo ingest: {answer}")
    check(wait_for(lambda: job(demo, "sensors_10s")["records_out"] > 0), "the demo's sensor windows close")
finally:
    check(demo.stop() == 0, "demo server stops with 0")

# ---- an empty pipeline file is no error: the server starts with no jobs
empty = Server(pipeline="")
try:
    check(empty.json("GET", "/jobs") == (200, {"jobs": []}), "an empty pipeline file: no jobs")
finally:
    check(empty.stop() == 0, "empty server stops with 0")

print(f"serve: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)

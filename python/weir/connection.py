"""A connection: one embedded weir engine (a weir_db), its statements and its memory sources."""
import atexit
import ctypes
import logging
import threading
import weakref

from . import _library as L
from . import _values
from .errors import from_code, MisuseError
from .result import Result, metrics_dict

_log = logging.getLogger("weir")


def _notice(context, message):
    _log.warning("%s", message.decode("utf-8", "replace"))


_NOTICE = L.NOTICE_FN(_notice)  # one C callback for every connection, alive as long as the module
_OPEN = weakref.WeakSet()  # connections to close at exit, before the interpreter can no longer take notices


@atexit.register
def _close_all():
    for connection in list(_OPEN):
        connection.close()


def connect(state=None, options=None, notices=True):
    """Opens an engine. state: None (or ":memory:") keeps nothing on disk; a folder keeps checkpoints
    there so INSERT jobs resume after a restart. options: engine options such as
    {"checkpoint_interval": "5s"}. notices (malformed or late records, jobs starting and ending) go to
    the `weir` logger unless notices=False."""
    return Connection(state, options or {}, notices)


class Connection:
    """A weir engine. Thread-safe: several threads may push, run statements and read their own
    results at once (a Result belongs to one thread at a time)."""

    def __init__(self, state=None, options=None, notices=True):
        handle = ctypes.c_void_p()
        path = None if state is None else str(state).encode()
        rc = L.lib.weir_open(path, ctypes.byref(handle))
        self._handle = handle
        self._results = weakref.WeakSet()
        self._lock = threading.Lock()
        self._columns = {}  # source name (lower case) -> declared column names, for tuple rows
        if rc != L.OK:
            error = self._error(rc) if handle else MemoryError("weir_open: out of memory")
            self.close()
            raise error
        _OPEN.add(self)
        if notices:
            L.lib.weir_set_notice(handle, ctypes.cast(_NOTICE, ctypes.c_void_p), None)
        for name, value in (options or {}).items():
            rc = L.lib.weir_set_option(handle, str(name).encode(), str(value).encode())
            if rc != L.OK:
                error = self._error(rc)
                self.close()
                raise error

    # ---- errors ----
    def _error(self, rc):
        return from_code(rc, L.lib.weir_errmsg(self._handle).decode("utf-8", "replace"))

    def _misuse(self, message):
        return MisuseError(message, L.MISUSE)

    def _db(self):
        if not self._handle:
            raise self._misuse("this weir connection is closed")
        return self._handle

    def _check(self, rc):
        if rc != L.OK:
            raise self._error(rc)

    # ---- lifetime ----
    @property
    def closed(self):
        return not self._handle

    def close(self):
        """Stops every query and job gracefully (sinks flushed), frees every result, closes the engine."""
        handle, self._handle = self._handle, None
        if not handle:
            return
        for result in list(self._results):
            result._handle = None  # weir_close finalizes leftover statements itself
        L.lib.weir_close(handle)
        _OPEN.discard(self)

    def _forget(self, result):
        self._results.discard(result)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    def __repr__(self):
        return "<weir.Connection%s>" % (" closed" if self.closed else "")

    # ---- statements ----
    def _prepare(self, sql):
        """(handle or None, rest of the text) for the first statement of sql."""
        stmt = ctypes.c_void_p()
        tail = ctypes.c_void_p()
        encoded = sql.encode() if isinstance(sql, str) else sql
        buffer = ctypes.create_string_buffer(encoded)
        self._check(L.lib.weir_prepare_tail(self._db(), buffer, ctypes.byref(stmt), ctypes.byref(tail)))
        rest = ctypes.string_at(tail.value) if tail.value else b""
        return (stmt if stmt.value else None), rest

    def _result(self, stmt):
        result = Result(self, stmt)
        self._results.add(result)
        if not result.columns:  # CREATE, DROP, INSERT: run now, so errors surface here
            try:
                result.fetchall()
            finally:
                result.close()
        return result

    def sql(self, query):
        """Prepares one statement and returns its Result. A SELECT starts running now (a memory source
        delivers to it every row pushed from now on); other statements run at once."""
        stmt, rest = self._prepare(query)
        if stmt is None:
            raise self._misuse("sql() got no statement; pass one SQL statement")
        if rest.strip(b" \t\r\n;"):
            L.lib.weir_finalize(stmt)
            raise self._misuse("sql() runs one statement; use execute() for a script of several")
        return self._result(stmt)

    def execute(self, script):
        """Runs every statement of a script in order, stopping at the first error, and returns the
        Result of the last one (rows of a SHOW, a running SELECT, or an empty result)."""
        rest = script.encode() if isinstance(script, str) else script
        last = None
        while rest.strip(b" \t\r\n;"):
            stmt, rest = self._prepare(rest)
            if stmt is None:
                break
            if last is not None and not last.closed:
                last.fetchall()
                last.close()
            last = self._result(stmt)
        self._columns.clear()  # CREATE / DROP may have changed a source
        return last

    def commit(self):
        """PEP 249: weir has no transactions (every statement takes effect at once), so this does nothing."""
        self._db()

    def cursor(self):
        """A PEP 249 cursor over this connection."""
        from .dbapi import Cursor
        return Cursor(self)

    # ---- memory sources ----
    def _source_columns(self, source):
        key = source.lower()
        if key not in self._columns:
            with self.sql("DESCRIBE %s" % source) as described:
                self._columns[key] = [row[0] for row in described.fetchall()]
        return self._columns[key]

    def push(self, source, rows):
        """Pushes rows into a memory source: a pandas DataFrame (column by column, without a Python
        loop over its rows), JSON lines (str or bytes), a dict, or an iterable of dicts or tuples (in
        the order of the source's columns). Values convert as JSON values do; rows that do not are
        counted as malformed by the queries reading them."""
        db = self._db()
        name = source.encode()
        if isinstance(rows, (bytes, bytearray, str)):
            data = rows.encode() if isinstance(rows, str) else bytes(rows)
            self._check(L.lib.weir_push_json(db, name, data, len(data)))
            return
        if _is_dataframe(rows):
            from ._frames import FrameColumns
            columns = FrameColumns(rows)
            self._check(L.lib.weir_push_columns(db, name, columns.array, columns.count, columns.row_count))
            return
        if isinstance(rows, dict):
            rows = [rows]
        rows = list(rows)
        needs_columns = any(isinstance(row, (tuple, list)) for row in rows)
        columns = self._source_columns(source) if needs_columns else None
        data = _values.json_lines(rows, columns).encode()
        self._check(L.lib.weir_push_json(db, name, data, len(data)))

    def end(self, source):
        """Marks a memory source as ended: its windows close and the queries reading it finish."""
        self._check(L.lib.weir_source_end(self._db(), source.encode()))

    # ---- jobs ----
    def wait(self, timeout=None):
        """Waits for every INSERT job to end (True), or until `timeout` seconds passed (False)."""
        import time
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            slice_ms = 100 if deadline is None else max(0, min(100, int((deadline - time.monotonic()) * 1000)))
            rc = L.lib.weir_wait_jobs(self._db(), slice_ms)
            if rc == L.DONE:
                return True
            if rc != L.TIMEOUT:
                raise self._error(rc)
            if deadline is not None and time.monotonic() >= deadline:
                return False

    def stop(self):
        """Asks every job and query to stop gracefully; returns at once."""
        self._check(L.lib.weir_stop_jobs(self._db()))

    def metrics(self, job=None):
        """Metrics of the named background job as a dict, or of every job ({name: dict}) without a name."""
        if job is None:
            with self.sql("SHOW JOBS") as jobs:
                names = [row[0] for row in jobs.fetchall()]
            return {name: self.metrics(name) for name in names}
        out = L.Metrics()
        self._check(L.lib.weir_job_metrics(self._db(), job.encode(), ctypes.byref(out)))
        return metrics_dict(out)


def _is_dataframe(value):
    module = type(value).__module__
    return module.startswith("pandas") and type(value).__name__ == "DataFrame"

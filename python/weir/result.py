"""A statement's result: rows as tuples, DataFrames or a stream, read through the C API's batches."""
import collections
import ctypes
import time

from . import _library as L
from . import _values

_SLICE_MS = 100  # longest single wait in C, so Ctrl-C is seen within a tenth of a second


def _deadline(timeout):
    return None if timeout is None else time.monotonic() + max(timeout, 0.0)


def _remaining_ms(deadline):
    if deadline is None:
        return _SLICE_MS
    return max(0, min(_SLICE_MS, int((deadline - time.monotonic()) * 1000)))


class Result:
    """Rows of one statement. A SELECT runs from the moment it is prepared; rows that are ready are
    read in batches and handed out by fetchone/fetchmany/fetchall/df/stream in order. The reading
    calls wait without holding the GIL; Ctrl-C while waiting stops the query and raises
    KeyboardInterrupt."""

    def __init__(self, connection, handle):
        self._connection = connection
        self._handle = handle
        lib = L.lib
        count = lib.weir_column_count(handle)
        self.columns = [lib.weir_column_name(handle, c).decode("utf-8", "replace") for c in range(count)]
        self._codes = [lib.weir_column_type(handle, c) for c in range(count)]
        self.types = [L.TYPE_NAMES[code] for code in self._codes]
        self._pending = collections.deque()  # rows read from C, not yet handed out
        self._done = False

    # ---- lifetime ----
    @property
    def closed(self):
        return self._handle is None

    def close(self):
        """Stops the query if it runs and frees the statement; a second close does nothing."""
        handle, self._handle = self._handle, None
        if handle is not None:
            L.lib.weir_finalize(handle)
            self._connection._forget(self)

    def interrupt(self):
        """Stops the query early (from any thread); rows already produced can still be read."""
        if self._handle is not None:
            L.lib.weir_interrupt(self._handle)

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
        return "<weir.Result columns=%r%s>" % (self.columns, " closed" if self.closed else "")

    # ---- reading ----
    def _live(self):
        if self._handle is None:
            raise self._connection._misuse("this result is closed")
        return self._handle

    def _read_batch(self, deadline, as_columns=False):
        """Waits for the next batch until `deadline` (None: until the query ends). Returns its rows (a
        list of tuples, or of columns), or None when the query ended or the time ran out."""
        handle = self._live()
        batch = ctypes.c_void_p()
        while not self._done:
            try:
                rc = L.lib.weir_step_batch(handle, _remaining_ms(deadline), ctypes.byref(batch))
            except KeyboardInterrupt:
                self.close()
                raise
            if rc == L.ROW:
                columns = self._batch_columns(batch)
                return columns if as_columns else list(zip(*columns)) if columns else [()] * self._rows(batch)
            if rc == L.DONE:
                self._done = True
                break
            if rc != L.TIMEOUT:
                raise self._connection._error(rc)
            if deadline is not None and time.monotonic() >= deadline:
                break
        return None

    @staticmethod
    def _rows(batch):
        return L.lib.weir_batch_row_count(batch)

    def _nulls_at_zero(self, batch, col, values):
        """Rows of a numeric column that are NULL: a NULL cell reads 0, so only zeros are asked about."""
        return {row for row, value in enumerate(values) if not value and L.lib.weir_batch_is_null(batch, col, row)}

    def _batch_columns(self, batch):
        lib = L.lib
        rows = lib.weir_batch_row_count(batch)
        columns = []
        for col, code in enumerate(self._codes):
            if code == L.DOUBLE:
                values = list((ctypes.c_double * rows).from_address(lib.weir_batch_column_doubles(batch, col)))
            elif code in (L.BIGINT, L.BOOLEAN, L.TIMESTAMP, L.INTERVAL):
                values = list((ctypes.c_longlong * rows).from_address(lib.weir_batch_column_int64s(batch, col)))
            else:
                columns.append([self._text(batch, col, row) for row in range(rows)])
                continue
            nulls = self._nulls_at_zero(batch, col, values)
            convert = {L.BOOLEAN: bool, L.TIMESTAMP: _values.timestamp, L.INTERVAL: _values.interval}.get(code)
            if convert:
                values = [convert(value) for value in values]
            for row in nulls:
                values[row] = None
            columns.append(values)
        return columns

    @staticmethod
    def _text(batch, col, row):
        pointer = L.lib.weir_batch_column_text(batch, col, row)
        if not pointer:
            return None
        return ctypes.string_at(pointer, L.lib.weir_batch_column_bytes(batch, col, row)).decode("utf-8", "replace")

    def _fill(self, deadline):
        rows = self._read_batch(deadline)
        if rows:
            self._pending.extend(rows)
        return rows is not None

    def fetchone(self, timeout=None):
        """The next row as a tuple, or None when the query has ended (or no row came within `timeout`
        seconds, if given)."""
        deadline = _deadline(timeout)
        while not self._pending:
            if not self._fill(deadline):
                return None
        return self._pending.popleft()

    def fetchmany(self, size=1000, timeout=None):
        """Up to `size` rows; fewer when the query ends (or `timeout` seconds pass)."""
        deadline = _deadline(timeout)
        while len(self._pending) < size and self._fill(deadline):
            pass
        return [self._pending.popleft() for _ in range(min(size, len(self._pending)))]

    def fetchall(self, timeout=None):
        """Every remaining row; waits for the query to end (a query over an unbounded source never does:
        give a timeout, or use stream)."""
        deadline = _deadline(timeout)
        while self._fill(deadline):
            pass
        rows = list(self._pending)
        self._pending.clear()
        return rows

    def stream(self, timeout=None):
        """Yields rows as the query produces them; stops when it ends, or when no row arrived within
        `timeout` seconds (the query goes on running: stream again to read on)."""
        while True:
            while self._pending:
                yield self._pending.popleft()
            if not self._fill(_deadline(timeout)):
                return
            if not self._pending and self._done:
                return

    def __iter__(self):
        return self.stream()

    def df(self, timeout=None):
        """The remaining rows as a pandas DataFrame (waits as fetchall does): BIGINT int64 (Int64 with
        NULLs), DOUBLE float64 (NaN for NULL), BOOLEAN bool (boolean with NULLs), TEXT object,
        TIMESTAMP datetime64[us, UTC] (NaT), INTERVAL timedelta64[us]."""
        import numpy as np
        import pandas as pd
        deadline = _deadline(timeout)
        chunks = [[] for _ in self._codes]
        if self._pending:
            for col, values in enumerate(zip(*self._pending)):
                chunks[col].append(_pending_array(self._codes[col], values, np, pd))
            self._pending.clear()
        while True:
            arrays = self._read_arrays(deadline, np)
            if arrays is None:
                break
            for col, array in enumerate(arrays):
                chunks[col].append(array)
        data = {}
        for col, name in enumerate(self.columns):
            data[name] = _frame_column(self._codes[col], chunks[col], np, pd)
        return pd.DataFrame(data, columns=self.columns)

    def arrow(self, timeout=None):
        """The remaining rows as a pyarrow Table (through df(); needs pyarrow)."""
        try:
            import pyarrow
        except ImportError:
            raise ImportError("Result.arrow() needs pyarrow, which is not installed; use df() or install pyarrow") from None
        return pyarrow.Table.from_pandas(self.df(timeout), preserve_index=False)

    def _read_arrays(self, deadline, np):
        """The next batch as (values, nulls) numpy pairs per column (objects for TEXT), or None."""
        handle = self._live()
        batch = ctypes.c_void_p()
        lib = L.lib
        while not self._done:
            try:
                rc = lib.weir_step_batch(handle, _remaining_ms(deadline), ctypes.byref(batch))
            except KeyboardInterrupt:
                self.close()
                raise
            if rc == L.DONE:
                self._done = True
                return None
            if rc == L.TIMEOUT:
                if deadline is not None and time.monotonic() >= deadline:
                    return None
                continue
            if rc != L.ROW:
                raise self._connection._error(rc)
            rows = lib.weir_batch_row_count(batch)
            arrays = []
            for col, code in enumerate(self._codes):
                if code == L.TEXT:
                    arrays.append((np.array([self._text(batch, col, r) for r in range(rows)], dtype=object), None))
                    continue
                if code == L.DOUBLE:
                    values = np.ctypeslib.as_array((ctypes.c_double * rows).from_address(
                        lib.weir_batch_column_doubles(batch, col))).copy()
                else:
                    values = np.ctypeslib.as_array((ctypes.c_longlong * rows).from_address(
                        lib.weir_batch_column_int64s(batch, col))).copy()
                nulls = np.zeros(rows, dtype=bool)
                for row in np.flatnonzero(values == 0):  # NULL cells read 0: ask only about zeros
                    nulls[row] = bool(lib.weir_batch_is_null(batch, col, int(row)))
                arrays.append((values, nulls))
            return arrays
        return None

    # ---- metrics ----
    def metrics(self):
        """The query's progress as a dict (records_in, records_out, late_records, bad_records, watermark
        (an aware datetime or None), seconds, state_groups)."""
        out = L.Metrics()
        rc = L.lib.weir_stmt_metrics(self._live(), ctypes.byref(out))
        if rc != L.OK:
            raise self._connection._error(rc)
        return metrics_dict(out)


def metrics_dict(out):
    values = {name: getattr(out, name) for name, _ in L.Metrics._fields_}
    values["watermark"] = None if out.watermark == L.NO_WATERMARK else _values.timestamp(out.watermark)
    return values


def _pending_array(code, values, np, pd):
    """(values, nulls) for rows already converted to Python (read by fetchone before df)."""
    nulls = np.array([value is None for value in values], dtype=bool)
    if code == L.TEXT:
        return np.array(values, dtype=object), None
    if code == L.DOUBLE:
        return np.array([0.0 if v is None else v for v in values], dtype=np.float64), nulls
    if code == L.TIMESTAMP:
        return np.array([0 if v is None else _values.micros_of_datetime(v) for v in values], dtype=np.int64), nulls
    if code == L.INTERVAL:
        return np.array([0 if v is None else _values.micros_of_timedelta(v) for v in values], dtype=np.int64), nulls
    return np.array([0 if v is None else int(v) for v in values], dtype=np.int64), nulls


def _frame_column(code, chunks, np, pd):
    if code == L.TEXT:
        return pd.Series(np.concatenate([c[0] for c in chunks]) if chunks else np.array([], dtype=object), dtype=object)
    values = np.concatenate([c[0] for c in chunks]) if chunks else np.array([], dtype=np.int64)
    nulls = np.concatenate([c[1] for c in chunks]) if chunks else np.array([], dtype=bool)
    if code == L.DOUBLE:
        values = values.astype(np.float64)
        values[nulls] = np.nan
        return pd.Series(values, dtype=np.float64)
    if code == L.TIMESTAMP:
        stamps = values.astype("datetime64[us]")
        stamps[nulls] = np.datetime64("NaT")
        return pd.Series(pd.DatetimeIndex(stamps).tz_localize("UTC"))
    if code == L.INTERVAL:
        spans = values.astype("timedelta64[us]")
        spans[nulls] = np.timedelta64("NaT")
        return pd.Series(spans)
    if code == L.BOOLEAN:
        flags = values.astype(bool)
        return pd.Series(pd.arrays.BooleanArray(flags, nulls)) if nulls.any() else pd.Series(flags, dtype=bool)
    if nulls.any():
        return pd.Series(pd.arrays.IntegerArray(values.astype(np.int64), nulls))
    return pd.Series(values.astype(np.int64), dtype=np.int64)

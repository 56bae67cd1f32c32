"""A PEP 249 (DB-API 2.0) cursor, for tools that expect one; weir has no transactions or parameters."""
import datetime
import time

from .errors import NotSupportedError


class _TypeSet(frozenset):
    """A PEP 249 type object: equal to each weir type name it holds (description's type_code)."""

    def __eq__(self, other):
        return other in self if isinstance(other, str) else frozenset.__eq__(self, other)

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = frozenset.__hash__


STRING = _TypeSet({"TEXT"})
NUMBER = _TypeSet({"BIGINT", "DOUBLE", "BOOLEAN"})
DATETIME = _TypeSet({"TIMESTAMP", "INTERVAL"})
BINARY = _TypeSet()
ROWID = _TypeSet()

Date = datetime.date
Time = datetime.time
Timestamp = datetime.datetime
Binary = bytes


def DateFromTicks(ticks):  # noqa: N802 (PEP 249 names)
    return Date(*time.gmtime(ticks)[:3])


def TimeFromTicks(ticks):  # noqa: N802
    return Time(*time.gmtime(ticks)[3:6])


def TimestampFromTicks(ticks):  # noqa: N802
    return datetime.datetime.fromtimestamp(ticks, datetime.timezone.utc)


class Cursor:
    """cursor.execute(sql) runs a script and keeps the last statement's rows for fetch*; `description`
    holds (name, type_code, None, None, None, None, None) per column, `rowcount` is -1."""

    arraysize = 1000

    def __init__(self, connection):
        self.connection = connection
        self._result = None
        self.rowcount = -1

    @property
    def description(self):
        if self._result is None or not self._result.columns:
            return None
        return [(name, kind, None, None, None, None, None)
                for name, kind in zip(self._result.columns, self._result.types)]

    def execute(self, operation, parameters=None):
        if parameters:
            raise NotSupportedError("weir takes no query parameters; write the values into the SQL text", 21)
        self._close_result()
        self._result = self.connection.execute(operation)
        return self

    def executemany(self, operation, seq_of_parameters):
        raise NotSupportedError("weir takes no query parameters; push rows with Connection.push instead", 21)

    def fetchone(self):
        return self._result.fetchone() if self._result else None

    def fetchmany(self, size=None):
        return self._result.fetchmany(size or self.arraysize) if self._result else []

    def fetchall(self):
        return self._result.fetchall() if self._result else []

    def __iter__(self):
        return iter(self._result.stream()) if self._result else iter(())

    def setinputsizes(self, sizes):
        pass

    def setoutputsize(self, size, column=None):
        pass

    def _close_result(self):
        if self._result is not None:
            self._result.close()
            self._result = None

    def close(self):
        self._close_result()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

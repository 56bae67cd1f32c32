"""weir for Python: an embedded streaming SQL engine (libweir) behind a DuckDB-style API.

    import weir
    con = weir.connect()
    con.execute("CREATE SOURCE readings (city TEXT, temp DOUBLE, ts TIMESTAMP) WITH (connector = 'memory')")
    q = con.sql("SELECT city, window_start, avg(temp) AS t FROM readings GROUP BY city, TUMBLE(ts, 1m)")
    con.push("readings", frame)
    con.end("readings")
    print(q.df())
"""
from . import _library
from .connection import Connection, connect
from .dbapi import (BINARY, DATETIME, NUMBER, ROWID, STRING, Binary, Cursor, Date, DateFromTicks, Time, TimeFromTicks,
                    Timestamp, TimestampFromTicks)
from .errors import (DatabaseError, DataError, Error, IntegrityError, InterfaceError, InternalError, MisuseError,
                     NotFoundError, NotSupportedError, OperationalError, ProgrammingError, SyntaxError, Warning)
from .result import Result

__version__ = "0.1.0"
library_version = _library.lib.weir_libversion().decode()
library_path = _library.lib._name

# PEP 249 module globals.
apilevel = "2.0"
threadsafety = 2  # threads may share the module and connections, not cursors
paramstyle = "qmark"  # declared for tools that read it; weir takes no parameters

__all__ = ["connect", "Connection", "Result", "Cursor", "Error", "Warning", "InterfaceError", "DatabaseError",
           "MisuseError", "ProgrammingError", "SyntaxError", "NotFoundError", "DataError", "OperationalError",
           "IntegrityError", "InternalError", "NotSupportedError", "library_version", "library_path"]

"""The exceptions of weir: PEP 249 classes, chosen from the C API's result code and the kind of its sentence."""


class Warning(Exception):  # noqa: A001 (PEP 249 names it so)
    """PEP 249 Warning (weir raises none: notices go to the `weir` logger)."""


class Error(Exception):
    """Every error weir raises; `str(error)` is the engine's one sentence, `code` the C result code."""

    def __init__(self, message, code=1):
        super().__init__(message)
        self.code = code


class InterfaceError(Error):
    """PEP 249: the binding was used wrongly."""


class DatabaseError(Error):
    """PEP 249: the engine refused or failed."""


class MisuseError(InterfaceError):
    """WEIR_MISUSE: a closed connection or result, a source that takes no pushed rows, a full buffer..."""


class ProgrammingError(DatabaseError):
    """PEP 249: bad SQL or names."""


class SyntaxError(ProgrammingError):  # noqa: A001 (weir.SyntaxError, not the builtin)
    """SQL that does not parse; the sentence names line and column."""


class NotFoundError(ProgrammingError):
    """WEIR_NOTFOUND, or a statement naming a source, sink, view or job that does not exist."""


class DataError(DatabaseError):
    """A value that does not convert, an overflow, a TIMESTAMP out of range."""


class OperationalError(DatabaseError):
    """I/O and connector failures: a file or service that cannot be reached, a failed job."""


class IntegrityError(DatabaseError):
    """PEP 249 (weir raises none)."""


class InternalError(DatabaseError):
    """A bug in weir ("internal error: ...")."""


class NotSupportedError(DatabaseError):
    """PEP 249: something weir does not do (e.g. DB-API transactions)."""


_PREFIXES = (
    ("syntax error", SyntaxError),
    ("no source", NotFoundError), ("no sink", NotFoundError), ("no view", NotFoundError),
    ("no job", NotFoundError), ("no column", ProgrammingError),
    ("could not convert", DataError), ("integer overflow", DataError), ("timestamp", DataError),
    ("internal error", InternalError), ("out of memory", InternalError),
    ("cannot ", OperationalError),
)


def from_code(code, message):
    """The exception for a C result code and its sentence."""
    if code == 21:
        return MisuseError(message, code)
    if code == 12:
        return NotFoundError(message, code)
    lowered = message.lower()
    for prefix, kind in _PREFIXES:
        if lowered.startswith(prefix):
            return kind(message, code)
    return OperationalError(message, code) if "job" in lowered and "failed" in lowered else DatabaseError(message, code)

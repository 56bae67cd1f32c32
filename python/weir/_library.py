"""Finds libweir.so, loads it with ctypes and declares the C signatures of include/weir.h."""
import ctypes
import ctypes.util
import os

OK, ERROR, NOTFOUND, MISUSE = 0, 1, 12, 21
ROW, DONE, TIMEOUT = 100, 101, 102
NULL_TYPE, BOOLEAN, BIGINT, DOUBLE, TEXT, TIMESTAMP, INTERVAL = range(7)
TYPE_NAMES = {NULL_TYPE: "NULL", BOOLEAN: "BOOLEAN", BIGINT: "BIGINT", DOUBLE: "DOUBLE", TEXT: "TEXT",
              TIMESTAMP: "TIMESTAMP", INTERVAL: "INTERVAL"}
NO_WATERMARK = -(2 ** 63)

_NAMES = ("libweir.so.0", "libweir.so")


class Metrics(ctypes.Structure):
    _fields_ = [("records_in", ctypes.c_longlong), ("records_out", ctypes.c_longlong),
                ("late_records", ctypes.c_longlong), ("bad_records", ctypes.c_longlong),
                ("watermark", ctypes.c_longlong), ("seconds", ctypes.c_double),
                ("state_groups", ctypes.c_longlong)]


class PushColumn(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("type", ctypes.c_int), ("values", ctypes.c_void_p),
                ("nulls", ctypes.c_void_p), ("text", ctypes.c_void_p), ("text_offsets", ctypes.c_void_p),
                ("text_count", ctypes.c_longlong)]


def candidates():
    """The places looked at, in order: $WEIR_LIBRARY, the package's folder, the folders above it (an
    installed prefix puts the package in <prefix>/lib/python3/dist-packages and the library in <prefix>/lib),
    a source tree's build/ folder, then the system's loader paths."""
    here = os.path.dirname(os.path.abspath(__file__))
    places = []
    if os.environ.get("WEIR_LIBRARY"):
        places.append(os.environ["WEIR_LIBRARY"])
    folder = here
    for _ in range(4):
        places.extend(os.path.join(folder, name) for name in _NAMES)
        folder = os.path.dirname(folder)
    places.extend(os.path.join(os.path.dirname(os.path.dirname(here)), "build", name) for name in _NAMES)
    found = ctypes.util.find_library("weir")
    places.extend([found] if found else [])
    places.append("libweir.so.0")
    return places


def load():
    """Loads the first library found; ImportError with one sentence when there is none."""
    explicit = os.environ.get("WEIR_LIBRARY")
    if explicit and not os.path.exists(explicit):
        raise ImportError("WEIR_LIBRARY is set to %r, which does not exist; point it at libweir.so "
                          "(e.g. build/libweir.so) or unset it" % explicit)
    errors = []
    for place in candidates():
        if os.path.sep in place and not os.path.exists(place):
            continue
        try:
            return _declare(ctypes.CDLL(place))
        except OSError as error:
            errors.append(str(error))
            if place == explicit:
                break
    raise ImportError("cannot find libweir.so (looked at $WEIR_LIBRARY, next to the weir package, the "
                      "installed prefix above it and the system library path%s); build weir and set "
                      "WEIR_LIBRARY=/path/to/libweir.so, or install it with cmake --install"
                      % (": " + errors[-1] if errors else ""))


def _declare(lib):
    p, i, ll, d, s = ctypes.c_void_p, ctypes.c_int, ctypes.c_longlong, ctypes.c_double, ctypes.c_char_p
    pp = ctypes.POINTER(ctypes.c_void_p)
    signatures = {
        "weir_open": (i, [s, pp]), "weir_close": (i, [p]), "weir_set_option": (i, [p, s, s]),
        "weir_exec": (i, [p, s]), "weir_prepare_tail": (i, [p, s, pp, pp]),
        "weir_step": (i, [p, i]), "weir_interrupt": (i, [p]), "weir_finalize": (i, [p]),
        "weir_column_count": (i, [p]), "weir_column_name": (s, [p, i]), "weir_column_type": (i, [p, i]),
        "weir_step_batch": (i, [p, i, pp]), "weir_batch_row_count": (i, [p]),
        "weir_batch_column_int64s": (p, [p, i]), "weir_batch_column_doubles": (p, [p, i]),
        "weir_batch_column_text": (p, [p, i, i]), "weir_batch_column_bytes": (i, [p, i, i]),
        "weir_batch_is_null": (i, [p, i, i]),
        "weir_stmt_metrics": (i, [p, ctypes.POINTER(Metrics)]),
        "weir_job_metrics": (i, [p, s, ctypes.POINTER(Metrics)]),
        "weir_push_json": (i, [p, s, s, ctypes.c_size_t]),
        "weir_push_columns": (i, [p, s, ctypes.POINTER(PushColumn), i, ll]),
        "weir_source_end": (i, [p, s]), "weir_wait_jobs": (i, [p, i]), "weir_stop_jobs": (i, [p]),
        "weir_set_notice": (i, [p, p, p]), "weir_errmsg": (s, [p]), "weir_errstr": (s, [i]),
        "weir_libversion": (s, []), "weir_complete": (i, [s]),
    }
    for name, (restype, argtypes) in signatures.items():
        try:
            function = getattr(lib, name)
        except AttributeError:
            raise ImportError("%s has no function %s: it is older than this weir package; build the "
                              "library of the same version" % (lib._name, name)) from None
        function.restype = restype
        function.argtypes = argtypes
    return lib


NOTICE_FN = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_char_p)
lib = load()

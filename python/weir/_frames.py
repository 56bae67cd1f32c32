"""A pandas DataFrame to weir_push_columns descriptions, column by column with numpy (no Python loop over rows)."""
import ctypes

from . import _library as L


def _pointer(array):
    return array.ctypes.data_as(ctypes.c_void_p) if array is not None else None


class FrameColumns:
    """The C descriptions of a DataFrame's columns; holds the numpy arrays they point into."""

    def __init__(self, frame):
        import numpy as np
        self.row_count = len(frame)
        self._keep = []
        descriptions = []
        for name in frame.columns:
            kind, values, nulls, text, offsets, count = _column(frame[name], np)
            self._keep.extend([values, nulls, text, offsets])
            column = L.PushColumn()
            column.name = str(name).encode()
            column.type = kind
            column.values = _pointer(values)
            column.nulls = _pointer(nulls)
            column.text = _pointer(text)
            column.text_offsets = _pointer(offsets)
            column.text_count = count
            descriptions.append(column)
        self.count = len(descriptions)
        self.array = (L.PushColumn * max(self.count, 1))(*descriptions)


def _nulls(series, np):
    mask = series.isna().to_numpy()
    return np.ascontiguousarray(mask, dtype=np.uint8) if mask.any() else None


def _column(series, np):
    import pandas as pd
    types = pd.api.types
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return _text(series.cat.codes.to_numpy(dtype=np.int64), series.cat.categories, np)
    if types.is_bool_dtype(dtype):
        nulls = _nulls(series, np)
        values = series.to_numpy(dtype=np.uint8, na_value=0) if nulls is not None else series.to_numpy(dtype=np.uint8)
        return L.BOOLEAN, np.ascontiguousarray(values), nulls, None, None, 0
    if types.is_integer_dtype(dtype):
        nulls = _nulls(series, np)
        if str(dtype).lower() == "uint64" and len(series) and series.max() > 2 ** 63 - 1:
            raise OverflowError("column `%s` holds unsigned values above BIGINT's 9223372036854775807" % series.name)
        values = series.to_numpy(dtype=np.int64, na_value=0) if nulls is not None else series.to_numpy(dtype=np.int64)
        return L.BIGINT, np.ascontiguousarray(values), nulls, None, None, 0
    if types.is_float_dtype(dtype):
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
        return L.DOUBLE, np.ascontiguousarray(values), None, None, None, 0  # NaN is NULL
    if types.is_datetime64_any_dtype(dtype):
        if getattr(dtype, "tz", None) is not None:
            series = series.dt.tz_convert("UTC").dt.tz_localize(None)
        nulls = _nulls(series, np)
        values = series.to_numpy(dtype="datetime64[us]").view(np.int64)
        return L.TIMESTAMP, np.ascontiguousarray(values), nulls, None, None, 0
    if types.is_timedelta64_dtype(dtype):
        nulls = _nulls(series, np)
        values = series.to_numpy(dtype="timedelta64[us]").view(np.int64)
        return L.INTERVAL, np.ascontiguousarray(values), nulls, None, None, 0
    inferred = types.infer_dtype(series, skipna=True)
    if inferred in ("integer", "boolean", "floating", "mixed-integer-float", "datetime", "date", "timedelta"):
        converted = {"integer": lambda: series.astype("Int64"), "boolean": lambda: series.astype("boolean"),
                     "floating": lambda: series.astype("float64"),
                     "mixed-integer-float": lambda: series.astype("float64"),
                     "datetime": lambda: pd.to_datetime(series, utc=True),
                     "date": lambda: pd.to_datetime(series, utc=True),
                     "timedelta": lambda: pd.to_timedelta(series)}[inferred]()
        return _column(converted, np)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return _text(np.asarray(codes, dtype=np.int64), uniques, np)


def _text(codes, uniques, np):
    """Dictionary-encoded TEXT: codes per row (-1 NULL) and the distinct strings once each."""
    encoded = [(value if isinstance(value, str) else str(value)).encode("utf-8", "surrogatepass")
               for value in uniques]
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    text = np.frombuffer(b"".join(encoded) or b"\0", dtype=np.uint8)
    return L.TEXT, np.ascontiguousarray(codes), None, text, offsets, len(encoded)

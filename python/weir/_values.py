"""Python values to and from weir's: TIMESTAMP is an aware datetime in UTC, INTERVAL a timedelta, NULL None."""
import datetime
import json
import math

UTC = datetime.timezone.utc
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=UTC)


def timestamp(micros):
    """An aware UTC datetime for microseconds since the epoch."""
    return EPOCH + datetime.timedelta(microseconds=micros)


def interval(micros):
    return datetime.timedelta(microseconds=micros)


def micros_of_datetime(value):
    """Microseconds since the epoch; a naive datetime is taken as UTC (weir's time zone)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    delta = value - EPOCH
    return (delta.days * 86400 + delta.seconds) * 1000000 + delta.microseconds


def micros_of_timedelta(value):
    return (value.days * 86400 + value.seconds) * 1000000 + value.microseconds


def _json_value(value):
    """A value json.dumps writes as weir reads it."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, datetime.datetime):
        micros = micros_of_datetime(value)
        seconds, fraction = divmod(micros, 1000000)
        text = timestamp(seconds * 1000000).strftime("%Y-%m-%dT%H:%M:%S")
        return "%s.%06dZ" % (text, fraction)
    if isinstance(value, datetime.date):
        return value.isoformat() + "T00:00:00Z"
    if isinstance(value, datetime.timedelta):
        return "%dus" % micros_of_timedelta(value)
    if hasattr(value, "item"):  # numpy and pandas scalars
        if value != value:  # NaN, NaT
            return None
        if hasattr(value, "to_pydatetime"):
            return _json_value(value.to_pydatetime())
        return _json_value(value.item())
    if isinstance(value, (dict, list, tuple)):
        return value
    return str(value)


def json_lines(rows, columns):
    """JSON lines for an iterable of dicts (keys are column names) or of tuples/lists (in `columns` order)."""
    lines = []
    for row in rows:
        if isinstance(row, dict):
            pairs = row.items()
        elif isinstance(row, (tuple, list)):
            if columns is None:
                raise TypeError("a tuple row needs the source's column names (weir reads them with DESCRIBE)")
            if len(row) != len(columns):
                raise ValueError("a row has %d values but the source has %d columns (%s)"
                                 % (len(row), len(columns), ", ".join(columns)))
            pairs = zip(columns, row)
        else:
            raise TypeError("push takes dicts, tuples, JSON lines (str or bytes) or a pandas DataFrame, not %s"
                            % type(row).__name__)
        lines.append(json.dumps({str(k): _json_value(v) for k, v in pairs}, ensure_ascii=False,
                                separators=(",", ":")))
    return "\n".join(lines)

"""Fixtures of the weir Python tests: the package from python/ over the libweir.so named by WEIR_LIBRARY (CTest sets both)."""
import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "python"))

import weir  # noqa: E402


@pytest.fixture
def con():
    with weir.connect() as connection:
        yield connection


READINGS = ("CREATE SOURCE readings (city TEXT, temp DOUBLE, ts TIMESTAMP, "
            "WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH (connector = 'memory')")

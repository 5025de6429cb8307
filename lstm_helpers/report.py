"""Report a notebook's key figures to the benchmark harness.

A notebook calls ``report("test_accuracy", acc)`` for each headline number.
When ``benchmarks/notebook_times.py`` runs the notebook it sets
``LSTM_REPORT_FILE``; each call then appends one JSON line there, so the
benchmark never scrapes printed text. Otherwise the call only checks its
arguments. It returns None, so a cell that ends with ``report(...)`` shows no
stray ``Out[]`` value under its printed result.
"""

from __future__ import annotations

import json
import os

from ._shapes import check_number, check_str

REPORT_FILE_ENV = "LSTM_REPORT_FILE"


def report(key: str, value, unit: str = ""):
    """Record ``value`` under ``key`` (a short snake_case name); returns None."""
    if not check_str("report key", key).strip():
        raise ValueError(f"report key must be a non-empty str, got {key!r}")
    number = check_number(f"report value for {key!r}", value)
    path = os.environ.get(REPORT_FILE_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"key": key, "value": number, "unit": unit}) + "\n")


def read_reports(path) -> dict:
    """Read a report file into ``{key: (value, unit)}``; a later value for a key wins."""
    figures = {}
    if not os.path.exists(path):
        return figures
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                figures[row["key"]] = (row["value"], row.get("unit", ""))
    return figures

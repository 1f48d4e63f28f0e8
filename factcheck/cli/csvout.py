"""Every CSV the tool writes goes through here: cells from sources are untrusted.  A cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return becomes a formula when the file is opened
in a spreadsheet (OWASP "CSV injection"): such text cells get a leading ``'``; control characters
and bidirectional overrides are escaped as in every other output mode (``env.clean``)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

from factcheck.cli.env import clean

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A value as a CSV cell that no spreadsheet runs and no terminal obeys (numbers kept as they are)."""
    if not isinstance(value, str):
        return value
    text = clean(value, one_line=False)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


class SafeWriter:
    """csv.writer whose rows are made safe cell by cell."""

    def __init__(self, stream: IO[str]) -> None:
        self._w = csv.writer(stream)

    def writerow(self, row: Iterable[Any]) -> None:
        self._w.writerow([safe_cell(v) for v in row])

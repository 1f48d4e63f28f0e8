"""CSV output is safe to open in a spreadsheet and to print (factcheck/cli/csvout.py): formula-leading
cells from sources get a leading quote; control characters are escaped."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from factcheck.cli.csvout import safe_cell
from tests.conftest import write_corpus


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://example.invalid","x")', '\'=HYPERLINK("http://example.invalid","x")'),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("+1 555", "'+1 555"),
        ("-2+3", "'-2+3"),
        ("Acme has 800 staff", "Acme has 800 staff"),
        ("title\x1b]0;owned\x07 here", "title\\x1b]0;owned\\x07 here"),
        (800, 800),
        (-2.5, -2.5),
        (None, None),
    ],
)
def test_safe_cell(value: Any, expected: Any) -> None:
    assert safe_cell(value) == expected


def test_facts_csv_neutralises_formulas_and_escapes(cli: Any, tmp_path: Path) -> None:
    src = write_corpus(
        tmp_path / "src",
        {
            "=evil.txt": '=HYPERLINK("http://example.invalid") Acme Robotics has 800 employees.\n',
            "plain.txt": "Acme Robotics has 800 employees.\x1b]0;pwned\x07\n",
        },
    )
    r = cli("facts", "--csv", sources=src)
    assert r.code == 0, r.err
    assert "\x1b" not in r.out and "\x07" not in r.out
    rows = list(csv.DictReader(io.StringIO(r.out)))
    assert rows
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "@")), row
    assert any(row["source"] == "'=evil.txt" for row in rows)

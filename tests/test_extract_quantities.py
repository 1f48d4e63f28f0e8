"""Data-driven tests for factcheck.extract.quantities (rows in tests/data/quantities.json)."""

from __future__ import annotations

import json
import math
import time
from pathlib import Path
from typing import Any

import pytest

from factcheck.extract.quantities import extract_quantities
from factcheck.models import Quantity

DATA = Path(__file__).parent / "data" / "quantities.json"
SOURCES = Path(__file__).resolve().parent.parent / "sources"


def _rows() -> list[Any]:
    rows = json.loads(DATA.read_text(encoding="utf-8"))["rows"]
    params = []
    for row in rows:
        marks = []
        if row.get("xfail"):
            marks.append(pytest.mark.xfail(strict=True, reason=row["xfail"]))
        params.append(pytest.param(row["text"], row["q"], id=row["id"], marks=marks))
    return params


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _describe(qs: list[Quantity]) -> list[tuple[Any, ...]]:
    return [(q.text, q.value, q.low, q.high, q.kind, q.currency, q.unit, q.qualifier, q.linked) for q in qs]


@pytest.mark.parametrize(("text", "expected"), _rows())
def test_quantities_table(text: str, expected: list[list[Any]]) -> None:
    got = extract_quantities(text)
    assert len(got) == len(expected), _describe(got)
    for q, (surface, value, low, high, extra) in zip(got, expected, strict=True):
        assert q.text == surface, _describe(got)
        assert text[q.start : q.end] == q.text
        assert _same(q.value, value), (surface, q.value, value)
        assert _same(q.low, low), (surface, "low", q.low, low)
        assert _same(q.high, high), (surface, "high", q.high, high)
        for key, want in extra.items():
            attr = {"li": "low_inclusive", "hi": "high_inclusive"}.get(key, key)
            have = getattr(q, attr)
            if isinstance(want, float | int) and not isinstance(want, bool) and have is not None:
                assert _same(have, want), (surface, key, have, want)
            else:
                assert have == want, (surface, key, have, want)


NASTY = [
    "",
    " ",
    "\n\n\n",
    "$",
    "$$$$",
    "-",
    "--1",
    "1-",
    "1e",
    "1e999",
    "9" * 400,
    "9" * 400 + " billion",
    "." * 50,
    "1." * 200,
    "1,0,0,0,0",
    ",,,,1,,,,",
    "one one one one one",
    "and and and",
    "a a a a dozen",
    "half half half",
    "point point",
    "one point",
    "nearly",
    "nearly nearly nearly 5",
    "between and",
    "between 5 and",
    "from to",
    "5 to",
    "1-2-",
    "US$",
    "HK$ $ $ 5",
    "[para. ]",
    "[[[[1]]]]",
    "(((($2.7 billion",
    "$2.7 billion))))",
    "\x00\x01\x02 5 \ufeff",
    "İstanbul 5 İİİ",  # lower() changes length
    "ß 5 ﬁ 6",
    "5\u202f000\u00a0000",
    "½ ⅓ ¼",
    "①②③ 5",
    "٣٤٥ 12",  # Arabic-Indic digits
    "１２３ 4",  # full-width digits
    "+" * 100 + "1",
    "1" + "0" * 5000,
    "e" * 1000,
    "minus",
    "minus minus 5",
    "over over over $",
    "the 1990s 2000s 1880s 2200s",
    "Q",
    "¥",
    "5 ¥ ¥ 6",
    "12:34:56:78",
    "http://",
    "a" * 10000,
]


@pytest.mark.parametrize("text", NASTY, ids=[f"nasty-{i}" for i in range(len(NASTY))])
def test_never_raises_and_offsets_slice_back(text: str) -> None:
    for q in extract_quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert not math.isnan(q.value)


def test_articles_offsets_slice_back() -> None:
    total = 0
    for path in sorted(SOURCES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        qs = extract_quantities(text)
        total += len(qs)
        starts = [q.start for q in qs]
        assert starts == sorted(starts)
        for q in qs:
            assert text[q.start : q.end] == q.text
            if q.linked is not None:
                assert 0 <= q.linked < qs.index(q)
    assert total > 60


def test_non_string_input() -> None:
    assert extract_quantities(None) == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("1" + ",000" * 250_000, id="one-comma-grouped-number-1MB"),
        pytest.param("1,00" * 250_000, id="bad-comma-groups-1MB"),
        pytest.param("9" * 1_000_000, id="one-digit-run-1MB"),
        pytest.param("$" * 1_000_000, id="dollar-signs-1MB"),
        pytest.param("-" * 1_000_000, id="dashes-1MB"),
        pytest.param("1 " * 100_000, id="digits-and-spaces-200KB"),
        pytest.param("one and " * 25_000, id="number-words-200KB"),
    ],
)
def test_no_catastrophic_backtracking(text: str) -> None:
    t0 = time.process_time()
    for q in extract_quantities(text):
        assert math.isfinite(q.value)
    assert time.process_time() - t0 < 15.0


@pytest.mark.parametrize("unit", ["1,", "12,34 ", "one ", "$1.", "[1]", "1-2 "])
def test_linear_time(unit: str) -> None:
    def cost(n: int) -> float:
        t0 = time.process_time()
        extract_quantities(unit * n)
        return time.process_time() - t0

    small = min(cost(5_000) for _ in range(2))
    large = cost(40_000)
    assert large < 8 * 3 * max(small, 0.005)  # 8x the input: linear (x8) with a 3x noise margin

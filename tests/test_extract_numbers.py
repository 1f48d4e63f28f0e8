"""Data-driven tests for factcheck.extract.numbers.parse_number / parse_number_ex."""

from __future__ import annotations

import math

import pytest

from factcheck.extract.numbers import parse_number, parse_number_ex

VALUES = [
    ("1,000", 1000.0),
    ("2.78", 2.78),
    ("800", 800.0),
    (".25", 0.25),
    ("-4", -4.0),
    ("1 234 567", 1234567.0),
    ("1\u202f234\u202f567.89", 1234567.89),
    ("1e10", 1e10),
    ("1.2k", 1200.0),
    ("10k", 10000.0),
    ("4.4million", 4.4e6),
    ("2 million", 2e6),
    ("10 bln", 1e10),
    ("5bn", 5e9),
    ("10M", 1e7),
    ("1.2b", 1.2e9),
    ("3 dozen", 36.0),
    ("13 lakh", 1.3e6),
    ("eight hundred", 800.0),
    ("twenty-five", 25.0),
    ("fifty - two", 52.0),
    ("a dozen", 12.0),
    ("half a dozen", 6.0),
    ("three dozens", 36.0),
    ("half a million", 500_000.0),
    ("a quarter million", 250_000.0),
    ("three quarters billion", 7.5e8),
    ("one hundred and sixty-one", 161.0),
    ("two hundred and two thousand", 202_000.0),
    ("two thousand and two hundred", 2200.0),
    ("twenty-one trillion three hundred", 21_000_000_000_300.0),
    ("three lakh crore", 3e12),
    ("one and a half", 1.5),
    ("five and a half million", 5.5e6),
    ("two thirds", 2 / 3),
    ("one hundred and three quarters", 100.75),
    ("twenty and three fifths", 20.6),
    ("two hundred point zero three", 200.03),
    ("two hundred point seventy-one", 200.71),
    ("nought point nought three", 0.03),
    ("minus one", -1.0),
    ("negative five point five", -5.5),
    ("Twenty", 20.0),
    ("ZERO", 0.0),
]

PRECISIONS = [
    ("800", 0.5),
    ("1,000", 0.5),
    ("2.7", 0.05),
    ("2.78", 0.005),
    ("2.7 billion", 0.05e9),
    ("2.78 billion", 0.005e9),
    ("eight hundred", 0.5),
    ("twenty billion", 0.5e9),
    ("two hundred point zero three", 0.005),
]

NOT_NUMBERS = [
    "",
    "   ",
    "abc",
    "GPT",
    "1m",
    "one two three four x",
    "$",
    "1,2,3,",
    "point",
    "and",
    "a",
    "1 xyz",
]


@pytest.mark.parametrize(("text", "value"), VALUES, ids=[v[0] for v in VALUES])
def test_parse_number(text: str, value: float) -> None:
    got = parse_number(text)
    assert got is not None
    assert math.isclose(got, value, rel_tol=1e-9)


@pytest.mark.parametrize(("text", "precision"), PRECISIONS, ids=[p[0] for p in PRECISIONS])
def test_precision(text: str, precision: float) -> None:
    got = parse_number_ex(text)
    assert got is not None
    assert math.isclose(got[1], precision, rel_tol=1e-9)


@pytest.mark.parametrize("text", NOT_NUMBERS, ids=[f"not-{i}" for i in range(len(NOT_NUMBERS))])
def test_not_a_number(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("9" * 1000, id="huge"),
        pytest.param("1e999", id="overflow"),
        pytest.param("x" * 10_000, id="long"),
    ],
)
def test_never_raises(text: str) -> None:
    got = parse_number(text)
    assert got is None or math.isfinite(got)


def test_non_string() -> None:
    assert parse_number(None) is None  # type: ignore[arg-type]

"""Data-driven tests for factcheck.extract.dates.extract_dates."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.extract.dates import _lex, extract_dates

REF = datetime.date(2025, 6, 26)  # a Thursday
SOURCES = Path(__file__).resolve().parent.parent / "sources"

# (id, text, ref_year, ref_date, [(surface, begin, finish, precision), ...])
ROWS: list[tuple[str, str, int | None, datetime.date | None, list[tuple[str, str, str, str]]]] = [
    (
        "in-march-ref-year",
        "after its latest fundraising round in March.",
        2024,
        None,
        [("March", "2024-03-01", "2024-03-31", "month")],
    ),
    ("in-march-no-ref", "after its latest fundraising round in March.", None, None, []),
    (
        "month-year",
        "Kai-Fu Lee founds 01.AI in March 2023",
        None,
        None,
        [("March 2023", "2023-03-01", "2023-03-31", "month")],
    ),
    (
        "abbrev-month-day",
        "On Feb. 17, the San Francisco-based AI firm inked a deal",
        2024,
        None,
        [("Feb. 17", "2024-02-17", "2024-02-17", "day")],
    ),
    ("abbrev-month-day-no-ref", "On Feb. 17, the firm inked a deal", None, None, []),
    (
        "month-day-year",
        "Published on June 25 2025, 8:01 pm",
        None,
        None,
        [("June 25 2025", "2025-06-25", "2025-06-25", "day")],
    ),
    (
        "month-day-comma-year",
        "on June 25, 2025 the report",
        None,
        None,
        [("June 25, 2025", "2025-06-25", "2025-06-25", "day")],
    ),
    (
        "day-month-year",
        "on 25 June 2025 the report",
        None,
        None,
        [("25 June 2025", "2025-06-25", "2025-06-25", "day")],
    ),
    ("iso", "filed on 2025-06-25.", None, None, [("2025-06-25", "2025-06-25", "2025-06-25", "day")]),
    (
        "late-year",
        "in generative AI since late 2022",
        None,
        None,
        [("late 2022", "2022-09-01", "2022-12-31", "season")],
    ),
    (
        "late-year-heading",
        "- Late 2023:\n- Moonshot leads",
        None,
        None,
        [("Late 2023", "2023-09-01", "2023-12-31", "season")],
    ),
    (
        "early-year",
        "in early 2024 the firm",
        None,
        None,
        [("early 2024", "2024-01-01", "2024-04-30", "season")],
    ),
    (
        "mid-year",
        "parity with GPT-4 as of mid-2024 [para. 13]",
        None,
        None,
        [("mid-2024", "2024-05-01", "2024-08-31", "season")],
    ),
    (
        "first-half",
        "- First half of 2024:\n- The Six AI Tigers",
        None,
        None,
        [("First half of 2024", "2024-01-01", "2024-06-30", "half")],
    ),
    (
        "second-half",
        "in the second half of 2024",
        None,
        None,
        [("second half of 2024", "2024-07-01", "2024-12-31", "half")],
    ),
    ("h1", "results for H1 2024", None, None, [("H1 2024", "2024-01-01", "2024-06-30", "half")]),
    ("q3", "revenue in Q3 2024 rose", None, None, [("Q3 2024", "2024-07-01", "2024-09-30", "quarter")]),
    (
        "third-quarter-of",
        "in the third quarter of 2023",
        None,
        None,
        [("third quarter of 2023", "2023-07-01", "2023-09-30", "quarter")],
    ),
    (
        "spring",
        "launched in spring 2024",
        None,
        None,
        [("spring 2024", "2024-03-01", "2024-05-31", "season")],
    ),
    (
        "winter-crosses-year",
        "during winter 2024",
        None,
        None,
        [("winter 2024", "2024-12-01", "2025-02-28", "season")],
    ),
    (
        "mid-month",
        "- Mid-December 2024:\n- Doubao's daily token usage",
        None,
        None,
        [("Mid-December 2024", "2024-12-11", "2024-12-20", "month")],
    ),
    ("early-month-ref", "in early March", 2024, None, [("early March", "2024-03-01", "2024-03-10", "month")]),
    (
        "in-year",
        "Zhipu AI, founded in 2019, has been",
        None,
        None,
        [("2019", "2019-01-01", "2019-12-31", "year")],
    ),
    (
        "since-year",
        "Since the ChatGPT boom in 2022, China's AI sector",
        None,
        None,
        [("2022", "2022-01-01", "2022-12-31", "year")],
    ),
    (
        "by-year",
        "growth in AI applications by 2025, focusing",
        None,
        None,
        [("2025", "2025-01-01", "2025-12-31", "year")],
    ),
    (
        "year-heading",
        "- 2022:\n- MiniMax launches Glow",
        None,
        None,
        [("2022", "2022-01-01", "2022-12-31", "year")],
    ),
    (
        "month-year-in",
        "In July 2024, Baichuan raised 5 billion yuan",
        None,
        None,
        [("July 2024", "2024-07-01", "2024-07-31", "month")],
    ),
    ("decade", "popular in the 1990s", None, None, [("the 1990s", "1990-01-01", "1999-12-31", "decade")]),
    (
        "last-week",
        "However, last week, Zhipu AI Chairman Liu Debing told reporters",
        None,
        REF,
        [("last week", "2025-06-16", "2025-06-22", "day")],
    ),
    ("last-week-no-ref", "However, last week, the chairman said", None, None, []),
    (
        "on-wednesday",
        "OpenAI said on Wednesday its analysts have seen",
        None,
        REF,
        [("Wednesday", "2025-06-25", "2025-06-25", "day")],
    ),
    (
        "on-thursday-same-day",
        "did not reply on Thursday.",
        None,
        REF,
        [("Thursday", "2025-06-26", "2025-06-26", "day")],
    ),
    (
        "last-friday",
        "last Friday the board met",
        None,
        REF,
        [("last Friday", "2025-06-20", "2025-06-20", "day")],
    ),
    ("yesterday", "said yesterday", None, REF, [("yesterday", "2025-06-25", "2025-06-25", "day")]),
    (
        "last-month",
        "a report from last month detailing",
        None,
        REF,
        [("last month", "2025-05-01", "2025-05-31", "month")],
    ),
    (
        "this-month-uses-ref-date",
        "This month, OpenAI was awarded",
        None,
        REF,
        [("This month", "2025-06-01", "2025-06-30", "month")],
    ),
    (
        "in-month-from-ref-date",
        "In January, the company was added",
        None,
        REF,
        [("January", "2025-01-01", "2025-01-31", "month")],
    ),
    ("neg-dollars", "a deal worth $80 billion and $2019", None, None, []),
    ("neg-staff", "has 800 staff and 2019 employees", None, None, []),
    ("neg-may-verb", "you may go and march on", 2024, None, []),
    ("neg-percent", "up 2020% in a year", None, None, []),
    ("neg-large-number", "1,2019 and 20190", None, None, []),
    ("neg-time", "at 8:01 pm", None, None, []),
]


@pytest.mark.parametrize(
    ("text", "ref_year", "ref_date", "expected"),
    [pytest.param(t, y, d, e, id=i) for i, t, y, d, e in ROWS],
)
def test_dates_table(
    text: str, ref_year: int | None, ref_date: datetime.date | None, expected: list[tuple[str, str, str, str]]
) -> None:
    got = extract_dates(text, ref_year=ref_year, ref_date=ref_date)
    assert [(d.text, d.begin, d.finish, d.precision) for d in got] == expected
    for d in got:
        assert text[d.start : d.end] == d.text


def test_articles_slice_back_and_ordered() -> None:
    n = 0
    for path in sorted(SOURCES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        spans = extract_dates(text, ref_date=REF)
        n += len(spans)
        ends = -1
        for d in spans:
            assert text[d.start : d.end] == d.text
            assert d.start >= ends
            assert d.begin <= d.finish
            ends = d.end
    assert n > 30


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2025-13-45",
        "February 30, 2024",
        "Q5 2024",
        "the 1995s",
        "0000-00-00",
        "9" * 100_000,
        "in " * 50_000,
    ],
)
def test_never_raises(text: str) -> None:
    for d in extract_dates(text, ref_year=2024, ref_date=REF):
        assert text[d.start : d.end] == d.text


def _unfiltered() -> re.Pattern[str]:
    """The date pattern without the look-ahead that turns positions away early (see dates._Lex)."""
    pattern = _lex().re.pattern
    start = pattern.index("(?=")
    return re.compile(pattern[:start] + pattern[pattern.index(")", start) + 1 :])


def _matches(rx: re.Pattern[str], text: str) -> list[tuple[int, int, dict[str, str | None]]]:
    return [(m.start(), m.end(), m.groupdict()) for m in rx.finditer(" " + text.lower())]


_WORDS = sorted(
    {
        w
        for key in ("months", "parts_of_year", "parts_of_month", "seasons", "halves", "quarters")
        for w in getattr(_lex(), key)
    }
    | set(_lex().month_cues)
    | set(_lex().relative)
    | set(_lex().weekdays)
    | {
        "on",
        "the",
        "half",
        "quarter",
        "of",
        "in",
        "h1",
        "h2",
        "q3",
        "2024",
        "1990s",
        "17th",
        "5",
        "2025-06-26",
    }
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(_WORDS), st.sampled_from([" ", "  ", "\t", ", ", ". ", "-", "'", "($"])),
        max_size=12,
    )
)
def test_lookahead_only_turns_away_positions_without_a_date(parts: list[str]) -> None:
    """The look-ahead is derived from the lexicon; it must never hide a match the full pattern makes."""
    text = " ".join(parts)
    assert _matches(_lex().re, text) == _matches(_unfiltered(), text)


@pytest.mark.parametrize("row", ROWS, ids=[r[0] for r in ROWS])
def test_lookahead_keeps_every_table_match(row: tuple[str, str, object, object, object]) -> None:
    assert _matches(_lex().re, row[1]) == _matches(_unfiltered(), row[1])

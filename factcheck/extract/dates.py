"""Find dates and periods in text as inclusive ISO intervals.

``extract_dates(text, ref_year=..., ref_date=...)`` returns :class:`factcheck.models.DateSpan` spans
(offsets into ``text``, end exclusive) sorted by position, never overlapping.

Read: "2025-06-25"; "June 25 2025", "June 25, 2025", "25 June 2025"; "Feb. 17" and "17 March" (need a
reference year); "March 2023", "mid-December 2024" (days 11-20), "early March" (needs a reference
year); "in March" (month of the reference year); "late 2023" (Sep-Dec), "early 2024" (Jan-Apr),
"mid-2024" (May-Aug); "first/second half of 2024", "H1 2024"; "Q3 2024", "third quarter of 2024";
"spring 2024" (meteorological seasons; "winter 2024" = Dec 2024 - Feb 2025); "in 2019", "since
2019", "2022:" at the start of a line (years 1900-2100 only after a cue word, never "$80" or "800
staff"); "the 1990s" (decade); and, only when ``ref_date`` is given, "today", "yesterday", "last
week" (the Monday-Sunday week before ``ref_date``'s), "last month", "this year", "on Wednesday"
(the latest Wednesday on or before ``ref_date``), "last Wednesday" (strictly before).

Not read (by design): numeric day/month forms other than ISO ("5/17/2018" is ambiguous between
US and European order), times of day, and month names without a cue word ("may", "march" are also
verbs).  ``ref_year`` defaults to ``ref_date.year``.  The lexicon is
``factcheck/data/date_words.json``.  Never raises; linear time.
"""

from __future__ import annotations

import calendar
import datetime
import re
from functools import cache
from typing import Any

from factcheck.extract.numbers import load_json, trie_pattern
from factcheck.models import DateSpan

__all__ = ["extract_dates"]

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


class _Lex:
    def __init__(self) -> None:
        raw: dict[str, Any] = load_json("date_words.json")
        self.months: dict[str, int] = raw["months"]
        self.parts_of_year: dict[str, tuple[int, int]] = {
            k: (v[0], v[1]) for k, v in raw["parts_of_year"].items()
        }
        self.parts_of_month: dict[str, tuple[int, int]] = {
            k: (v[0], v[1]) for k, v in raw["parts_of_month"].items()
        }
        self.seasons: dict[str, tuple[int, int]] = {k: (v[0], v[1]) for k, v in raw["seasons"].items()}
        self.halves: dict[str, int] = raw["halves"]
        self.quarters: dict[str, int] = raw["quarters"]
        self.month_cues = frozenset(raw["month_cues"])
        self.year_cues = frozenset(raw["year_cues"])
        self.weekdays: dict[str, int] = raw["weekdays"]
        self.relative: dict[str, tuple[str, int]] = {k: (v[0], int(v[1])) for k, v in raw["relative"].items()}

        full = frozenset(k for k in self.months if len(k) > 4 or k in ("may", "june", "july"))
        abbr = frozenset(self.months) - full
        part_y = "|".join(
            re.escape(k).replace(r"\ ", r"\s+") for k in sorted(self.parts_of_year, key=len)[::-1]
        )
        part_m = "|".join(
            re.escape(k).replace(r"\ ", r"\s+") for k in sorted(self.parts_of_month, key=len)[::-1]
        )
        season = "|".join(self.seasons)
        half = "|".join(self.halves)
        quarter = "|".join(self.quarters)
        wd = "|".join(self.weekdays)
        rel = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(self.relative, key=len)[::-1])
        year = r"(?:19|20)\d\d|2100"
        day = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
        mon_w = rf"(?<![a-z])(?:{trie_pattern(full)}(?![a-z])|{trie_pattern(abbr)}(?![a-z])\.?)"
        sp = r"[ \t]+"
        cue = trie_pattern(self.month_cues)
        wd_cues = ("on", "last", "this", "next")  # "on Monday", "next Friday"
        # Every alternative starts at a word start: the match begins with the one delimiter character
        # before it (the engine then only tries positions after a delimiter); scan " " + text.  After
        # the delimiter, a look-ahead for the first two characters any alternative can begin with (a
        # digit, or the start of a word of the lexicon: every alternative starts with one) turns most
        # word starts away before the engine tries the alternatives one by one.
        starts = {
            (k[:2] if len(k) >= 2 else k)
            for words in (
                self.months,
                self.parts_of_year,
                self.parts_of_month,
                self.seasons,
                self.halves,
                self.quarters,
                self.month_cues,
                self.relative,
                wd_cues,
                ("the", "h1", "h2", "q1", "q2", "q3", "q4"),  # "the 1990s", "H1 2024", "Q3 2024"
            )
            for k in words
            if not k[:1].isdigit()
        }
        first = "|".join(re.escape(k).replace(r"\ ", r"\s") for k in sorted(starts))
        self.re = re.compile(
            rf"[^a-z0-9_](?=\d|{first})(?:(?<![\w-])(?P<iso_y>{year})-(?P<iso_m>0?[1-9]|1[0-2])-(?P<iso_d>[12]\d|3[01]|0?[1-9])(?![\w-])"
            rf"|(?:(?P<mdy_part>{part_m})[- \t]*)?(?P<mdy_m>{mon_w}){sp}(?P<mdy_d>{day}),?{sp}(?P<mdy_y>{year})(?!\d)"
            rf"|(?<![\w.])(?P<dmy_d>{day}){sp}(?:of{sp})?(?P<dmy_m>{mon_w}),?{sp}(?P<dmy_y>{year})(?!\d)"
            rf"|(?:(?P<my_part>{part_m})[- \t]*)?(?P<my_m>{mon_w}),?{sp}(?:of{sp})?(?P<my_y>{year})(?!\d)"
            rf"|(?P<md_m>{mon_w}){sp}(?P<md_d>{day})(?![\d:.,]\d|\w)"
            rf"|(?<![\w.$€£¥])(?P<dm_d>{day}){sp}(?:of{sp})?(?P<dm_m>{mon_w})"
            rf"|(?<![a-z])(?P<py_part>{part_y})[- \t]*(?P<py_y>{year})(?![\d%])"
            rf"|(?<![a-z])(?P<h_n>{half}){sp}half{sp}(?:of{sp}|in{sp})?(?P<h_y>{year})?"
            rf"|(?<![a-z0-9])h(?P<h2_n>[12]){sp}(?P<h2_y>{year})(?!\d)"
            rf"|(?<![a-z0-9])q(?P<q_n>[1-4]){sp}(?P<q_y>{year})(?!\d)"
            rf"|(?<![a-z])(?P<q2_n>{quarter}){sp}quarter{sp}(?:of{sp}|in{sp})?(?P<q2_y>{year})?"
            rf"|(?<![a-z])(?P<s_n>{season}){sp}(?:of{sp})?(?P<s_y>{year})(?!\d)"
            rf"|(?<![a-z0-9$€£¥])(?:the{sp})?(?P<dec>(?:19|20)\d0)'?s(?![a-z])"
            rf"|(?<![a-z])(?:(?P<pm_part>{part_m})[- \t]*|(?P<m_cue>{cue}){sp})(?P<m_m>{mon_w})"
            rf"(?!\.?,?{sp}(?:of{sp})?(?:{year}|\d))"
            rf"|(?<![a-z])(?P<rel>{rel})(?![a-z])"
            rf"|(?<![a-z])(?P<wd_cue>{'|'.join(wd_cues)}){sp}(?P<wd>{wd})(?![a-z])"
            rf"|(?<![\w$€£¥.,])(?P<y>{year})(?![\w%,.]\d|[\w%]))"
        )


@cache
def _lex() -> _Lex:
    return _Lex()


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _iso(y: int, m: int, d: int) -> str:
    return datetime.date(y, m, d).isoformat()


def _recent_year(ref_year: int, ref_date: datetime.date | None, month: int) -> int:
    """The year of a date written without one: the reference year, or the year before when the month
    lies more than a month after the reference date ("November 22" in a January article)."""
    if ref_date is not None and ref_year == ref_date.year and month > ref_date.month + 1:
        return ref_year - 1
    return ref_year


def _month_num(lex: _Lex, raw: str) -> int:
    return lex.months[raw.rstrip(".").strip()]


def _day_num(raw: str) -> int:
    return int(re.sub(r"\D", "", raw))


def _prev_word(low: str, s: int) -> str:
    m = re.search(r"([a-z]+)[ \t]*$", low[max(0, s - 20) : s])
    return m.group(1) if m else ""


def extract_dates(
    text: str, *, ref_year: int | None = None, ref_date: datetime.date | None = None
) -> list[DateSpan]:
    """Dates and periods in ``text`` as inclusive ISO intervals (never raises)."""
    if not isinstance(text, str) or not text:
        return []
    if ref_year is None and ref_date is not None:
        ref_year = ref_date.year
    try:
        return _extract(text, ref_year, ref_date)
    except Exception:  # pragma: no cover - a safety net
        from factcheck.extract.strict import strict

        if strict():
            raise
        return []


def _extract(text: str, ref_year: int | None, ref_date: datetime.date | None) -> list[DateSpan]:
    lex = _lex()
    low = text.lower()
    if len(low) != len(text):
        low = text.translate(_ASCII_LOWER)
    out: list[DateSpan] = []
    for m in lex.re.finditer(" " + low):
        span = _resolve(lex, m, low, ref_year, ref_date)
        if span is None:
            continue
        s, e, begin, finish, precision = span
        out.append(DateSpan(s, e, text[s:e], begin, finish, precision))
    return out


def _resolve(
    lex: _Lex, m: re.Match[str], low: str, ref_year: int | None, ref_date: datetime.date | None
) -> tuple[int, int, str, str, str] | None:
    g = m.group
    s, e = m.start(), m.end() - 1  # offsets in " " + text, minus the padding, skipping the delimiter
    try:
        if g("iso_y"):
            y, mo, d = int(g("iso_y")), int(g("iso_m")), int(g("iso_d"))
            return s, e, _iso(y, mo, d), _iso(y, mo, d), "day"
        if g("mdy_m"):
            y, mo, d = int(g("mdy_y")), _month_num(lex, g("mdy_m")), _day_num(g("mdy_d"))
            s = m.start("mdy_m") - 1
            return s, e, _iso(y, mo, d), _iso(y, mo, d), "day"
        if g("dmy_m"):
            y, mo, d = int(g("dmy_y")), _month_num(lex, g("dmy_m")), _day_num(g("dmy_d"))
            return s, e, _iso(y, mo, d), _iso(y, mo, d), "day"
        if g("my_m"):
            y, mo = int(g("my_y")), _month_num(lex, g("my_m"))
            return (s, e, *_month_part(lex, y, mo, g("my_part")))
        if g("md_m"):
            if ref_year is None:
                return None
            mo, d = _month_num(lex, g("md_m")), _day_num(g("md_d"))
            y = _recent_year(ref_year, ref_date, mo)
            return s, e, _iso(y, mo, d), _iso(y, mo, d), "day"
        if g("dm_m"):
            if ref_year is None:
                return None
            mo, d = _month_num(lex, g("dm_m")), _day_num(g("dm_d"))
            y = _recent_year(ref_year, ref_date, mo)
            return s, e, _iso(y, mo, d), _iso(y, mo, d), "day"
        if g("py_part"):
            y = int(g("py_y"))
            key = re.sub(r"\s+", " ", g("py_part"))
            a, b = lex.parts_of_year[key]
            return s, e, _iso(y, a, 1), _iso(y, b, _last_day(y, b)), "season"
        if g("h_n") or g("h2_n"):
            n = lex.halves[g("h_n")] if g("h_n") else int(g("h2_n"))
            ys = g("h_y") or g("h2_y")
            if ys:
                y = int(ys)
            elif ref_year is not None:
                y = ref_year
                e = m.start() + len(m.group().rstrip()) - 1
                e = _trim_trailing(low, s, e)
            else:
                return None
            a, b = (1, 6) if n == 1 else (7, 12)
            return s, e, _iso(y, a, 1), _iso(y, b, _last_day(y, b)), "half"
        if g("q_n") or g("q2_n"):
            n = int(g("q_n")) if g("q_n") else lex.quarters[g("q2_n")]
            ys = g("q_y") or g("q2_y")
            if ys:
                y = int(ys)
            elif ref_year is not None:
                y = ref_year
                e = _trim_trailing(low, s, e)
            else:
                return None
            a, b = 3 * n - 2, 3 * n
            return s, e, _iso(y, a, 1), _iso(y, b, _last_day(y, b)), "quarter"
        if g("s_n"):
            y = int(g("s_y"))
            a, b = lex.seasons[g("s_n")]
            y2 = y + 1 if b < a else y
            return s, e, _iso(y, a, 1), _iso(y2, b, _last_day(y2, b)), "season"
        if g("dec"):
            y = int(g("dec"))
            if y % 10:
                return None
            return s, e, _iso(y, 1, 1), _iso(y + 9, 12, 31), "decade"
        if g("m_m"):
            cue = g("m_cue")
            part = g("pm_part")
            if cue is not None and cue not in lex.month_cues:
                return None
            if ref_year is None:
                return None
            mo = _month_num(lex, g("m_m"))
            y = _recent_year(ref_year, ref_date, mo) if cue is None else ref_year
            if cue == "last" and ref_date is not None:
                y = ref_date.year - 1 if mo >= ref_date.month else ref_date.year
            elif cue == "next" and ref_date is not None:
                y = ref_date.year + 1 if mo <= ref_date.month else ref_date.year
            s = m.start("m_m") - 1 if part is None and cue not in ("last", "next", "this") else s
            return (s, e, *_month_part(lex, y, mo, part))
        if g("rel"):
            if ref_date is None:
                return None
            unit, off = lex.relative[re.sub(r"\s+", " ", g("rel"))]
            return (s, e, *_relative(ref_date, unit, off))
        if g("wd"):
            if ref_date is None:
                return None
            target = lex.weekdays[g("wd")]
            cue = g("wd_cue")
            back = (ref_date.weekday() - target) % 7
            if cue == "last" and back == 0:
                back = 7
            if cue == "next":
                fwd = (target - ref_date.weekday()) % 7 or 7
                d0 = ref_date + datetime.timedelta(days=fwd)
            else:
                d0 = ref_date - datetime.timedelta(days=back)
            if cue == "on":
                s = m.start("wd") - 1
            return s, e, d0.isoformat(), d0.isoformat(), "day"
        if g("y"):
            y = int(g("y"))
            pw = _prev_word(low, s)
            line_start = low.rfind("\n", 0, s) + 1
            heading = not low[line_start:s].strip(" \t-•*") and low[e : e + 1] in (":", "")
            if pw in lex.year_cues or heading or (pw == "mid" and low[s - 1 : s] == "-"):
                return s, e, _iso(y, 1, 1), _iso(y, 12, 31), "year"
            return None
    except (ValueError, KeyError, OverflowError):
        return None
    return None


def _trim_trailing(low: str, s: int, e: int) -> int:
    while e > s and low[e - 1] in " \t":
        e -= 1
    for tail in (" of", " in"):
        if low[s:e].endswith(tail):
            e -= len(tail)
    return e


def _month_part(lex: _Lex, y: int, mo: int, part: str | None) -> tuple[str, str, str]:
    last = _last_day(y, mo)
    if part:
        key = re.sub(r"\s+", " ", part.strip(" -\t"))
        key = key if key in lex.parts_of_month else key.rstrip("-")
        a, b = lex.parts_of_month.get(key, (1, last))
        return _iso(y, mo, a), _iso(y, mo, min(b, last)), "month"
    return _iso(y, mo, 1), _iso(y, mo, last), "month"


def _relative(ref: datetime.date, unit: str, off: int) -> tuple[str, str, str]:
    if unit == "day":
        d = ref + datetime.timedelta(days=off)
        return d.isoformat(), d.isoformat(), "day"
    if unit == "week":
        monday = ref - datetime.timedelta(days=ref.weekday()) + datetime.timedelta(weeks=off)
        return monday.isoformat(), (monday + datetime.timedelta(days=6)).isoformat(), "day"
    if unit == "month":
        y, mo = ref.year, ref.month + off
        while mo < 1:
            mo += 12
            y -= 1
        while mo > 12:
            mo -= 12
            y += 1
        return _iso(y, mo, 1), _iso(y, mo, _last_day(y, mo)), "month"
    y = ref.year + off
    return _iso(y, 1, 1), _iso(y, 12, 31), "year"

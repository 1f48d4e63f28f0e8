"""Relative figures: a change ("rose 30%", "a 30% increase", "30% more"), a multiple ("five times",
"tenfold"), a difference in percentage points, or a rate ("$1,200 per capita").  Such a figure is a
relation, not a level: "unemployment rose 3%" says nothing about an unemployment rate of 3%.  Each
figure gets a *frame*; figures are compared only within the same frame.  The words are data
(``factcheck/data/relative_words.json``)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from factcheck.models import Quantity

_ONE_WORDS = frozenset(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"])
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z]+)?|[.;:!?]", re.IGNORECASE)
LEVEL = "level"
RATIO = "ratio"  # "1 in 500": the figure alone is one term of a ratio the extractor does not read


@dataclass(frozen=True, slots=True)
class _Words:
    change_before: frozenset[str]
    change_after: frozenset[str]
    multiple_after: frozenset[str]
    multiple_words: frozenset[str]
    per: frozenset[str]


@cache
def _words() -> _Words:
    raw = resources.files("factcheck").joinpath("data/relative_words.json").read_text(encoding="utf-8")
    d = json.loads(raw)
    return _Words(*(frozenset(w.casefold() for w in d[k]) for k in _Words.__slots__))


def _before(text: str, start: int, n: int) -> list[str]:
    """Up to ``n`` words before ``start``, nearest first, stopping at a clause break."""
    return _walk(reversed(list(_WORD.finditer(text, max(0, start - 80), start))), n)


def _after(text: str, end: int, n: int) -> list[str]:
    """Up to ``n`` words after ``end``, nearest first, stopping at a clause break."""
    return _walk(_WORD.finditer(text, end, min(len(text), end + 80)), n)


def _walk(matches: Iterable[re.Match[str]], n: int) -> list[str]:
    out: list[str] = []
    for m in matches:
        w = m.group().casefold()
        if w in ".;:!?":
            break
        out.append(w)
        if len(out) == n:
            break
    return out


_YEAR = re.compile(r"(19|20)\d\d")  # "sales of $125 billion in 2012": a date, not "1 in 500"


def _denominator(words: list[str]) -> bool:
    """Whether the words after "in" / "out of" give a ratio's other term ("500", "every five"), not a
    place or a year ("in Germany, 1,600", "in 2012")."""
    if not words:
        return False
    w = words[0]
    if w in ("a", "every", "each") and len(words) > 1:
        w = words[1]
    return (w[:1].isdigit() and not _YEAR.fullmatch(w)) or w in _ONE_WORDS


def frame(text: str, q: Quantity) -> str:
    """The frame of a figure in ``text`` (offsets of ``q`` index into it): "level", "change",
    "multiple", "points", "ratio" or "per <noun>"."""
    w = _words()
    if q.unit == "percentage point" or "point" in (q.unit or ""):
        return "points"
    after = _after(text, q.end, 4)
    if (
        len(after) >= 2
        and q.kind not in ("money", "percent")
        and (after[0] == "in" or after[:2] == ["out", "of"])
        and _denominator(after[1:] if after[0] == "in" else after[2:])
    ):
        return RATIO  # "1 in 500", "one in every five", "3 out of 4"
    if after[:1] and (after[0] in w.multiple_after or after[0].startswith("-fold")):
        return "multiple"
    if re.search(r"(?:\d\s*x|fold)$", q.text.casefold()):  # "3x", "tenfold"; not "six"
        return "multiple"
    before = _before(text, q.start, 4)
    if before[:1] in (["in"], ["of"]) or before[:2] == ["every", "in"]:
        lead = before[2:4] if before[0] == "every" else before[1:3]
        if lead and lead[0] == "out":
            lead = lead[1:]
        if lead and (lead[0][:1].isdigit() or lead[0] in _ONE_WORDS):
            return RATIO  # the denominator: "1 in 500", "one in every five", "3 out of 4"
    if any(a in ("percentage", "points") for a in after[:1]):
        return "points"
    if (
        len(after) >= 2
        and after[0] in ("a", "an")
        and after[1].isalpha()
        and after[1] not in _ONE_WORDS
        and after[2:3] not in (["ago"], ["earlier"], ["before"], ["later"])
    ):
        return f"per {after[1]}"  # "$9.66 a share", "5.7 million barrels a day": "a" right after the figure
    for i, a in enumerate(after):
        if a in w.per and i + 1 < len(after):
            nxt = after[i + 1]
            if nxt in ("a", "an", "the", "each", "every") and i + 2 < len(after):
                nxt = after[i + 2]
            return f"per {nxt}"
    if any(a in w.change_after for a in after[:2]):
        return "change"
    if q.text.casefold().startswith("from ") and any(
        b in w.change_before or b in w.multiple_words or b in ("double", "triple", "go", "went", "gone")
        for b in before
    ):
        return "change"  # "rates will double from 3.4 percent to 6.8 percent": two levels, not a range
    before = before[:3]
    for i, b in enumerate(before):
        if b in w.change_before and not (b == "up" and i > 0 and before[i - 1] == "to"):
            return "change"  # "increased by 30%", "up 30%"; not "up to 30%"
    return LEVEL


def multiple_word(text: str) -> str | None:
    """A relative word without a digit ("doubled", "tripled"), when the text has one."""
    w = _words()
    for m in _WORD.finditer(text):
        if m.group().casefold() in w.multiple_words:
            return m.group()
    return None

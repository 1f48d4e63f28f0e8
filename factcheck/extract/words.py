"""Words for reading what a figure measures: content tokens with offsets, crude lemmas with the
irregular forms and synonym groups of ``data/measure_words.json``, and word distances.  Pure: text in,
tokens out; shared by the frame extractor and the claim matcher."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9'’.-]*[A-Za-z0-9]|[A-Za-z]|\d[\d,.]*")


@dataclass(frozen=True, slots=True)
class Vocab:
    forms: dict[str, str]
    groups: dict[str, frozenset[int]]
    group_weight: float
    function: frozenset[str]
    stop: frozenset[str]


def _calendar() -> frozenset[str]:
    """Month and weekday names: read as a figure's period, never as what it measures."""
    d = json.loads(resources.files("factcheck").joinpath("data/date_words.json").read_text(encoding="utf-8"))
    return frozenset(w.casefold() for w in (*d["months"], *d["weekdays"]))


CALENDAR = _calendar()


@cache
def vocab() -> Vocab:
    root = resources.files("factcheck")
    d = json.loads(root.joinpath("data/measure_words.json").read_text(encoding="utf-8"))
    groups: dict[str, set[int]] = {}
    for i, words in enumerate(d["groups"]):
        for w in words:
            groups.setdefault(w, set()).add(i)
    raw = root.joinpath("data/claim_stopwords.txt").read_text(encoding="utf-8")
    stop = frozenset(w.strip() for w in raw.splitlines() if w.strip() and not w.startswith("#"))
    return Vocab(
        forms={k.casefold(): v for k, v in d["forms"].items()},
        groups={w: frozenset(g) for w, g in groups.items()},
        group_weight=float(d["group_weight"]),
        function=frozenset(d["function"]) | stop,
        stop=stop,
    )


@lru_cache(maxsize=65536)  # a claim reads the same words in every passage it scores
def lemma(word: str) -> str:
    """A crude lemma: irregular forms from the lexicon, else a plain suffix strip."""
    v = vocab()
    w = word.casefold().strip("'’.-")
    w = re.sub(r"['’]s$", "", w)
    if w in v.forms:
        return v.forms[w]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith("ed"):
        w = w[:-2] if not w.endswith("ied") else w[:-3] + "y"
    return v.forms.get(w, w)


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    lemma: str
    name: bool  # capitalised, not at the start of its sentence


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Content tokens of text[start:end] (function words and numbers left out), with offsets."""
    return list(_tokens(text, start, end))


@lru_cache(maxsize=4096)  # each figure of a passage reads its sentence again
def _tokens(text: str, start: int, end: int | None) -> tuple[Token, ...]:
    """Content tokens of text[start:end] (function words and numbers left out), with offsets."""
    v = vocab()
    out: list[Token] = []
    stop_at = len(text) if end is None else end
    for m in _TOKEN.finditer(text, start, stop_at):
        w = m.group()
        if w[0].isdigit():
            continue
        low = w.casefold()
        if low in v.function or len(low) < 2 or low in CALENDAR:
            continue  # function words carry no measure; dates are read as the period
        before = text[max(start, m.start() - 3) : m.start()].strip()
        sentence_start = m.start() == start or before.endswith((".", "!", "?", '"', "“"))
        inner = w[0].islower() and any(c.isupper() for c in w[1:])  # "iPhone", "eBay"
        out.append(Token(m.start(), m.end(), lemma(w), (w[0].isupper() and not sentence_start) or inner))
    return tuple(out)


def word_distance(text: str, a: int, b: int) -> int:
    """Words between two offsets (a crude count of spaces)."""
    lo, hi = (a, b) if a <= b else (b, a)
    return text.count(" ", lo, hi)

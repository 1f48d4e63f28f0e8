"""The frame of every figure in a text: what it measures (the words that govern it), who it is about
(the nearest name before it in its sentence), when (the date nearest it in its sentence), how the
source gives it (stated, forecast, estimate, offer, denied) and whether it is a level, a change, a
rate or a ratio.  Pure: text in, one frame per figure out, with offsets; ``factcheck extract``
prints it."""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources

from factcheck.extract.words import CALENDAR, tokens, word_distance
from factcheck.models import DateSpan, Quantity

_CLAUSE_END = re.compile(r"[,;:()]")
MEASURE_AFTER = 3  # words after a figure searched for the noun it counts ("149 confirmed orders")
MEASURE_BEFORE = 4  # words before it searched for the word that governs it ("a profit of", "cut")
PERIOD_WORDS = 15  # a date this many words from a figure dates it
MODALITY_CHARS = 60  # the stretch of its clause before a figure read for how it is given


class Modality(StrEnum):
    """How a source gives a figure: only ``stated`` is evidence that the figure is so."""

    STATED = "stated"
    FORECAST = "forecast"
    ESTIMATE = "estimate"
    OFFER = "offer"
    NEGATED = "negated"


@dataclass(frozen=True, slots=True)
class FigureFrame:
    quantity: Quantity
    measure: tuple[str, ...]  # lemmas of the words that say what the figure counts
    measure_text: str  # those words as written, in text order
    subject: str | None  # the nearest name before the figure in its sentence
    period: DateSpan | None  # the date nearest the figure in its sentence
    modality: Modality
    relation: str  # level | change | multiple | points | ratio | per <noun>


@cache
def _modality_words() -> tuple[tuple[Modality, re.Pattern[str]], ...]:
    raw = resources.files("factcheck").joinpath("data/modality.json").read_text(encoding="utf-8")
    d = json.loads(raw)
    out = []
    for kind in (Modality.NEGATED, Modality.OFFER, Modality.FORECAST, Modality.ESTIMATE):
        words = sorted(d[kind.value], key=len, reverse=True)
        out.append((kind, re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")))
    return tuple(out)


def modality(text: str, q: Quantity, sentence_start: int = 0) -> Modality:
    """How the clause before a figure gives it; the cue nearest the figure wins."""
    if "estimat" in q.text.casefold():
        return Modality.ESTIMATE  # "an estimated 1.4 million": the qualifier is part of the figure
    before = text[max(sentence_start, q.start - MODALITY_CHARS) : q.start]
    before = re.split(r"[.;:!?]\s|,\s(?:but|while|whereas)\s", before)[-1].casefold()
    if (q.qualifier or "") in ("up to",):
        return Modality.ESTIMATE if "estimat" in before else Modality.STATED
    best: tuple[int, Modality] | None = None
    for kind, pat in _modality_words():
        for m in pat.finditer(before):
            if best is None or m.end() > best[0]:
                best = (m.end(), kind)
    if best is None:
        return (
            Modality.ESTIMATE if (q.qualifier or "") == "about" and "estimat" in before else Modality.STATED
        )
    return best[1]


def _subject(text: str, s0: int, at: int) -> str | None:
    """Who a figure is about: the first name of its sentence before it, a place only when no other
    name comes first ("Ford said its US sales rose 43%": Ford)."""
    from factcheck.extract.entities import find_entity_mentions

    found = [m for m in find_entity_mentions(text[s0:at]) if m.text.casefold() not in CALENDAR]
    if not found:
        return None
    named = [m for m in found if m.kind != "place"]
    return (named or found)[0].text


def _sentence_of(spans: list[tuple[int, int]], pos: int, size: int) -> tuple[int, int]:
    return next(((a, b) for a, b in spans if a <= pos < b), (0, size))


def read_frames(text: str, ref_date: datetime.date | None = None) -> list[FigureFrame]:
    """A frame for each figure of ``text`` (offsets into ``text``); ``ref_date`` resolves "last year"."""
    from factcheck.check.relative import frame as relation_of
    from factcheck.extract.dates import extract_dates
    from factcheck.extract.quantities import extract_quantities
    from factcheck.ingest.segment import split_sentences

    if not text:
        return []
    spans = [(s.start, s.end) for s in split_sentences(text, 0, len(text), 1)]
    dates = extract_dates(text, ref_date=ref_date)
    out: list[FigureFrame] = []
    found = extract_quantities(text)
    taken = [(f.start, f.end) for f in found]
    for q in found:
        s0, s1 = _sentence_of(spans, q.start, len(text))
        toks = [
            t
            for t in tokens(text, s0, s1)
            if not any(a <= t.start < b for a, b in taken)
            and not text[t.start].isupper()  # names are subjects
        ]
        after = [
            t
            for t in toks
            if t.start >= q.end
            and not t.name
            and word_distance(text, q.end, t.start) <= MEASURE_AFTER
            and not _CLAUSE_END.search(text, q.end, t.start)
        ]
        before = [
            t
            for t in toks
            if t.end <= q.start and not t.name and word_distance(text, t.end, q.start) <= MEASURE_BEFORE
        ]
        chosen = ([before[-1]] if before else []) + after[:2]
        subject = _subject(text, s0, q.start)
        near = [
            d
            for d in dates
            if s0 <= d.start < s1
            and not (d.start <= q.start < d.end)
            and word_distance(text, d.end if d.end <= q.start else d.start, q.start) <= PERIOD_WORDS
        ]
        period = min(near, key=lambda d: abs(d.start - q.start)) if near else None
        out.append(
            FigureFrame(
                quantity=q,
                measure=tuple(t.lemma for t in chosen),
                measure_text=" ".join(text[t.start : t.end] for t in chosen),
                subject=subject,
                period=period,
                modality=modality(text, q, s0),
                relation=relation_of(text[s0:s1], _shift(q, s0)),
            )
        )
    return out


def _shift(q: Quantity, by: int) -> Quantity:
    from dataclasses import replace

    return replace(q, start=q.start - by, end=q.end - by)

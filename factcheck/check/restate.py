"""Passages that restate the claim being checked are not evidence for it.

A fact-check quotes the claim it checks ("a viral post claims that 25 million visitors ..."), a
campaign ad is reported with its own words, a question headline asks it ("did X say ...?"): the
figure is then the claim's own figure, and finding it proves nothing.  A passage restates a claim
when it is near-identical to the claim (or to a part of it), or when it holds most of the claim's
words together with a word that quotes, attributes or rates it (``data/restatement_cues.json``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rapidfuzz import fuzz

_WORD = re.compile(r"[a-z0-9]+")
_QUOTED = re.compile(r"[\"“”]([^\"“”]{3,})[\"“”]")
NEAR_IDENTICAL = "the passage restates the claim nearly word for word"
MIN_SHARE = 0.6  # share of the claim's content words an attributing passage holds
SAME_LENGTH = 0.6  # a repetition is at least this long relative to what it repeats
ALL_WORDS_MIN = 6
LONG_CLAIM_WORDS = 8  # a claim this long found verbatim inside a longer passage is being quoted  # distinct words a claim needs before "holds nearly all its words" means restating


@dataclass(frozen=True, slots=True)
class _Cues:
    words: frozenset[str]
    phrases: tuple[str, ...]
    near_identical: float


@cache
def _cues() -> _Cues:
    raw = resources.files("factcheck").joinpath("data/restatement_cues.json").read_text(encoding="utf-8")
    d = json.loads(raw)
    return _Cues(
        frozenset(w.casefold() for w in d["words"]),
        tuple(p.casefold() for p in d["phrases"]),
        float(d["near_identical"]),
    )


def normalise(text: str) -> str:
    """Lower case, ASCII letters and digits only, one space between words (as scraped snippets are)."""
    return " ".join(_WORD.findall(text.casefold()))


def near_identical(claim: str, passage: str) -> bool:
    """The passage repeats the claim (or the claim repeats the passage) nearly word for word, or
    holds nearly every word of a claim of some length in another order: then it may well be where
    the claim comes from (the speech, the ad, the viral post), not a check of it."""
    a, b = normalise(claim), normalise(passage)
    if min(len(a), len(b)) < 20:
        return a == b
    limit = _cues().near_identical
    if min(len(a), len(b)) < SAME_LENGTH * max(len(a), len(b)):
        # one says much more than the other: a repetition only when a long claim is quoted in full
        # (an independent source does not phrase ten words the same way)
        return len(a.split()) >= LONG_CLAIM_WORDS and len(a) < len(b) and fuzz.partial_ratio(a, b) >= limit
    if fuzz.partial_ratio(a, b) >= limit:
        return True
    return len(set(a.split())) >= ALL_WORDS_MIN and fuzz.token_set_ratio(a, b) >= limit


def cue(passage: str) -> str | None:
    """The first word or phrase of the passage that quotes, attributes or rates a claim."""
    c = _cues()
    low = passage.casefold()
    for p in c.phrases:
        if p in low:
            return p
    for m in _WORD.finditer(low):
        if m.group() in c.words:
            return m.group()
    return None


def restates(claim: str, passage: str, share: float, figure_start: int | None = None) -> str | None:
    """Why ``passage`` restates ``claim`` (None when it does not).  ``share`` is the share of the
    claim's content words the passage holds; ``figure_start`` the offset of the passage's figure,
    to tell a quoted figure."""
    if near_identical(claim, passage):
        return NEAR_IDENTICAL
    if share < MIN_SHARE:
        return None
    found = cue(passage)
    if found is not None:
        return f'the passage quotes or attributes the claim ("{found}")'
    if figure_start is not None:
        for m in _QUOTED.finditer(passage):
            if m.start(1) <= figure_start < m.end(1):
                return "the passage quotes the figure"
    return None

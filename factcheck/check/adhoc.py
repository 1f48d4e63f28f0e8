"""Evidence found by the claim's own words, for claims whose entity is not a name the index knows.

Lower-cased or scraped corpora ("acme robotics has 350 staff") carry no capitalised names, so no fact is
attributed to an entity at index time.  A claim still names what it is about: its content words.
Passages holding those words are read at check time; a sentence counts as evidence when it holds
most of the claim's content words and a figure of the same kind that is tied to the claim's
attribute (its cue word) or to the same noun the claim counts ("80,000 americans").  Such evidence
is marked as matched by words, so a reader knows no entity was recognised.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from functools import cache
from importlib import resources

from factcheck.check.claims import Claim
from factcheck.models import Fact, FactRecord, Hit
from factcheck.store import Store

_WORD = re.compile(r"[a-z0-9][a-z0-9'’-]*", re.IGNORECASE)
MAX_HITS = 30
MIN_SHARE = 0.6  # share of the claim's content words a sentence must hold
NOUN_WINDOW = 3  # words after a figure searched for the noun it counts
CUE_WINDOW = 40  # characters around a figure searched for the claim's attribute cue
# text with no capital letters: a full stop followed by a space ends a sentence unless it follows a
# single letter or a digit ("u.s. ", "no. 1")
_LOWER_BREAK = re.compile(r"(?<=[a-z]{2}[.!?])\s+(?=[a-z(\"“])")


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a passage; lower-cased text (no capitals to go by) is split at full stops."""
    from factcheck.ingest.segment import split_sentences

    spans = [(s.start, s.end) for s in split_sentences(text, 0, len(text), 1)]
    if any(c.isupper() for c in text):
        return spans
    out: list[tuple[int, int]] = []
    for a, b in spans:
        pos = a
        for m in _LOWER_BREAK.finditer(text, a, b):
            out.append((pos, m.start()))
            pos = m.end()
        out.append((pos, b))
    return out


@cache
def _stopwords() -> frozenset[str]:
    raw = resources.files("factcheck").joinpath("data/claim_stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in raw.splitlines() if w.strip() and not w.startswith("#"))


def _stem(w: str) -> str:
    w = w.casefold().strip("'’-")
    for suf in ("ies", "es", "s"):
        if len(w) > 4 and w.endswith(suf):
            return w[: -len(suf)] + ("y" if suf == "ies" else "")
    return w


def _distance(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, b0 - a1, a0 - b1)


def content_words(text: str, skip: list[tuple[int, int]]) -> list[str]:
    stop = _stopwords()
    out: list[str] = []
    for m in _WORD.finditer(text):
        if any(a <= m.start() < b for a, b in skip):
            continue
        w = m.group().casefold()
        if w in stop or w.isdigit() or len(w) < 2:
            continue
        if w not in out:
            out.append(w)
    return out


def _noun_after(text: str, end: int) -> str | None:
    stop = _stopwords()
    for m in list(_WORD.finditer(text, end))[:NOUN_WINDOW]:
        w = m.group().casefold()
        if w not in stop and not w[0].isdigit():
            return _stem(w)
    return None


def adhoc_records(store: Store, claim: Claim, text: str) -> list[FactRecord]:
    """Facts read at check time from passages that hold the claim's own words."""
    from factcheck.check.compare import _family
    from factcheck.extract.attributes import find_attributes
    from factcheck.extract.quantities import extract_quantities

    q = claim.quantity
    if q is None:
        return []
    skip = [(q.start, q.end)]
    if claim.date is not None:
        skip.append((claim.date.start, claim.date.end))
    words = content_words(text, skip)
    cue = claim.attribute_text.casefold() if claim.attribute_text else None
    noun = _noun_after(text, q.end)
    subject = [w for w in words if w != cue and _stem(w) != noun]
    if not subject:
        return []
    # every content word must be in the passage (an any-word search over a large corpus ranks
    # millions of passages, and a passage without the claim's words is no evidence for it)
    hits: list[Hit] = store.search([[w] for w in subject], limit=MAX_HITS)
    need = len(subject) if len(subject) <= 3 else max(3, math.ceil(MIN_SHARE * len(subject)))
    stems = {_stem(w) for w in subject}
    family = _family(q)
    out: list[FactRecord] = []
    for h in hits:
        for start, end in _sentences(h.text):
            sent = h.text[start:end]
            have = {_stem(m.group()) for m in _WORD.finditer(sent)}
            if len(stems & have) < need:
                continue
            allq = extract_quantities(sent)
            alts = {f.linked: f for f in allq if f.linked is not None}
            figures = [f for f in allq if f.linked is None and f.kind not in ("year", "ordinal")]
            index_of = {id(f): k for k, f in enumerate(allq)}
            # a cue belongs to the figure nearest to it ("1,000 employees, has 25 million users")
            owned: set[int] = set()
            if claim.attribute is not None and figures:
                for a in find_attributes(sent):
                    if a.attribute != claim.attribute:
                        continue
                    dist, idx = min(
                        (_distance(a.start, a.end, f.start, f.end), j) for j, f in enumerate(figures)
                    )
                    if dist <= CUE_WINDOW:
                        owned.add(idx)
            for i, fq in enumerate(figures):
                if _family(fq) != family:
                    continue
                tied = i in owned or (noun is not None and _noun_after(sent, fq.end) == noun)
                if not tied:
                    continue
                off = h.start + start
                moved = replace(fq, start=off + fq.start, end=off + fq.end)
                alt = alts.get(index_of[id(fq)])
                alt_moved = (
                    None
                    if alt is None
                    else replace(alt, start=off + alt.start, end=off + alt.end, linked=None)
                )
                fact = Fact(
                    entity=None,
                    attribute=claim.attribute or f"count of {noun}",
                    quantity=moved,
                    sentence_start=off,
                    sentence_end=h.start + end,
                    line=h.line + h.text[: start + fq.start].count("\n"),
                    alt=alt_moved,
                )
                out.append(FactRecord(id=0, fact=fact, source=h.source, canonical=None, sentence=sent))
    return out

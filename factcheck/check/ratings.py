"""Sources that rate the claim: a fact-check's own verdict ("we rate this claim false", "rating: mostly
true", "pants on fire") on a passage about the very claim being checked.

This is not figure checking: it reads what a fact-checker concluded, not the figure.  It is a
separate kind of evidence (``basis`` "rating"), used by the engine only when no figure supports or
contradicts the claim, and it can be turned off.  The rating vocabulary is data
(``data/ratings.json``: the published scales of PolitiFact, Snopes, the Washington Post, the ratings
AFP, Reuters and Full Fact attach to ClaimReview records).

Precision first; a passage rates the claim only when

- one of its sentences is about the claim: it restates it nearly word for word, or holds 70% of the
  claim's content words and every name the claim capitalises, and gives no other figure of the kind
  the claim gives (a rating of "3,000 staff" says nothing of "300 staff");
- a rating phrase stands in that sentence, or in a label of the next or previous one ("claim: ...
  rating: false"), where it rates something: after a label ("rating: false"), after "we rate" /
  "rated" ("we rate this claim 'false'"), as the predicate of the claim or of "this" ("this claim
  is false"), opening a headline ("false: ..."), as an adjective of a claim noun ("false claim",
  "fake news"), as an adverb of a claim verb ("falsely claims"), or a phrase that means nothing else
  ("pants on fire", "mostly false");
- the phrase is not negated ("not false", "isn't true"), conditional ("if true", "whether it is
  true"), asked ("is it true?"), quoted outside a label ("'true' patriots"), used by the claim itself,
  or followed by what it qualifies instead ("it is true that ...", "wrong to ...");
- the passage does not rate the claim two ways.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from factcheck.check.claims import Claim
from factcheck.models import Fact, FactRecord, Hit, Quantity
from factcheck.store import Store

MAX_HITS = 30  # passages read per claim
# share of the claim's content words a sentence about it must hold (at 0.6, "Flake falsely says he
# hasn't worked with President Donald Trump" rated "Did Trump announce he will not run for President?")
MIN_SHARE = 0.7
MIN_WORDS = 3  # a claim needs this many content words before sharing them means being about it
OR_SEARCH_MAX_PASSAGES = 200_000  # above this many passages, only those holding all the claim's words
STANCES = ("supports", "contradicts", "disputes")
REPORTED_WORDS = 8  # a reporting verb this close before "... is false" makes it someone's words
_WORD = re.compile(r"[a-z0-9][a-z0-9'’-]*", re.IGNORECASE)
_QUOTES = "\"'“”‘’`"
_AFTER_PREDICATE = frozenset(["that", "to", "for", "about", "of", "with", "in", "on", "when", "as"])


@dataclass(frozen=True, slots=True)
class Rating:
    """A rating found in a source: the lexicon phrase, the words as written around it, the stance it
    gives the claim, how it was written (``form``) and why the passage is about the claim."""

    phrase: str  # the rating phrase as in the lexicon ("false", "pants on fire")
    words: str  # the words that rate, as the source wrote them ("we rate this claim 'false'")
    stance: str  # supports | contradicts | disputes
    form: str  # label | rate verb | predicate | headline | adjective | adverb | phrase | no evidence
    about: str  # "restates the claim nearly word for word" | "holds 5 of the claim's 6 words"
    start: int  # offsets of the phrase in the passage text
    end: int


@dataclass(frozen=True, slots=True)
class RatingMatch:
    """A passage rating the claim, as a record the engine shows as evidence: its ``fact`` spans the
    rating phrase (kind "rating", no figure) and its sentence the words about the claim."""

    record: FactRecord
    rating: Rating


@dataclass(frozen=True, slots=True)
class _Lexicon:
    stance: dict[str, str]
    adverbs: dict[str, str]  # "falsely" -> "false"
    negations: frozenset[str]
    conditions: frozenset[str]
    reporting: frozenset[str]
    triggers: tuple[str, ...]  # every word or phrase a rating needs (a passage without one rates nothing)
    trigger: re.Pattern[str]


def _alt(items: list[str]) -> str:
    """A regex alternation of phrases, longest first, spaces matching any run of spaces."""
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(set(items), key=len, reverse=True))


@cache
def _data() -> dict[str, Any]:
    raw = resources.files("factcheck").joinpath("data/ratings.json").read_text(encoding="utf-8")
    d: dict[str, Any] = json.loads(raw)
    return d


@cache
def _lexicon() -> _Lexicon:
    d = _data()
    stance: dict[str, str] = {}
    for st, phrases in d["ratings"].items():
        if st not in STANCES:
            raise ValueError(f"data/ratings.json: unknown stance {st!r}")
        for p in phrases:
            stance[" ".join(p.casefold().split())] = st
    adverbs: dict[str, str] = {a.casefold(): _norm(adj) for a, adj in d["adverbs"].items()}
    for a, adj in adverbs.items():
        if adj not in stance:
            raise ValueError(f"data/ratings.json: adverb {a!r} rates as {adj!r}, which is not a rating")
    return _Lexicon(
        stance=stance,
        adverbs=adverbs,
        negations=frozenset(w.casefold() for w in d["negations"]),
        conditions=frozenset(w.casefold() for w in d["conditions"]),
        reporting=frozenset(w.casefold() for w in d["reporting_verbs"]),
        triggers=tuple(sorted(set(stance) | set(adverbs))),
        trigger=re.compile(rf"(?<![\w-])(?:{_alt([*stance, *adverbs])})(?![\w-])", re.IGNORECASE),
    )


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(form, regex with a group "p" = the phrase) for each way a rating is written.  Compiled on the
    first passage that holds a rating word (~15 ms): a corpus without fact-checks never needs them."""
    d = _data()
    lex = _lexicon()
    stance, adverbs = lex.stance, lex.adverbs
    p_any = _alt(list(stance))
    q = f"[{re.escape(_QUOTES)}]?"
    phrase = rf"{q}(?P<p>{p_any}){q}(?![\w-])"
    labels = _alt(d["labels"])
    verbs = _alt(d["rate_verbs"])
    subjects = _alt(d["subjects"])
    copulas = _alt(d["copulas"])
    intens = _alt(d["intensifiers"])
    attributive = d["before_claim_nouns"]
    between = rf"(?:(?:{_alt(d['rate_verb_objects'])})\s+){{0,4}}"  # "we rate [this claim] false"
    patterns: list[tuple[str, re.Pattern[str]]] = [
        ("label", re.compile(rf"(?<![\w-])(?:{labels})\s*[:\-–—]\s*{phrase}", re.IGNORECASE)),
        ("rate verb", re.compile(rf"(?<![\w-])(?:{verbs})\s+{between}{phrase}", re.IGNORECASE)),
        (
            "predicate",
            re.compile(
                rf"(?<![\w-])(?:{subjects})\s+(?:{copulas})\s+(?:(?:{intens})\s+)?(?:an?\s+)?{phrase}",
                re.IGNORECASE,
            ),
        ),
        (
            "headline",
            re.compile(
                rf"^[\W_]*(?:[^.!?:]{{0,24}}?\b(?:19|20)\d\d\s+)?(?:(?:fact\s*-?\s*check)\s*[:\-–—]?\s*)?"
                rf"[{re.escape(_QUOTES)}(\[]*(?P<p>{p_any})[{re.escape(_QUOTES)})\]]*\s*[:!](?!\S)",
                re.IGNORECASE,
            ),
        ),
        (
            "adjective",
            re.compile(
                rf"(?<![\w-])(?P<p>{_alt(attributive['words'])})\s+(?:{_alt(attributive['nouns'])})(?![\w-])",
                re.IGNORECASE,
            ),
        ),
        (
            "adverb",
            re.compile(
                rf"(?<![\w-])(?P<p>{_alt(list(adverbs))})\s+(?:{_alt(d['adverb_verbs'])})(?![\w-])",
                re.IGNORECASE,
            ),
        ),
        ("phrase", re.compile(rf"(?<![\w-])(?P<p>{_alt(d['anywhere'])})(?![\w-])", re.IGNORECASE)),
        (
            "no evidence",
            re.compile(
                rf"(?<![\w-])(?P<p>no\s+evidence)\s+(?:{_alt(d['no_evidence_after'])})(?![\w-])",
                re.IGNORECASE,
            ),
        ),
    ]
    return tuple(patterns)


def _norm(s: str) -> str:
    return " ".join(s.casefold().split())


@dataclass(frozen=True, slots=True)
class _Found:
    phrase: str
    words: str
    stance: str
    form: str
    start: int  # of the phrase, in the sentence
    end: int
    match_start: int  # of the whole pattern


def find_ratings(sentence: str, claim_text: str = "") -> list[_Found]:
    """The ratings a sentence gives (see the module docstring for what counts), without the phrases
    ``claim_text`` uses itself; one per phrase position."""
    lex = _lexicon()
    if lex.trigger.search(sentence) is None:
        return []
    low_claim = " " + " ".join(_WORD.findall(claim_text.casefold())) + " "
    out: list[_Found] = []
    taken: set[int] = set()
    for form, rx in _patterns():
        for m in rx.finditer(sentence):
            a, b = m.span("p")
            if a in taken:
                continue
            written = _norm(m.group("p"))
            phrase = lex.adverbs.get(written, written) if form == "adverb" else written
            st = lex.stance.get(phrase)
            if st is None:
                continue
            if form == "headline" and st == "supports":
                continue  # "TRUE: ..." opens clickbait as often as a fact-check
            if f" {written} " in low_claim or f" {phrase} " in low_claim:
                continue  # the claim's own word ("misleading forwards"): the restatement carries it
            if _asked(sentence, b):
                continue
            before = [w.casefold() for w in _WORD.findall(sentence[max(0, m.start() - 60) : m.start()])][-4:]
            if form not in ("label",) and any(w in lex.negations or w.endswith("n't") for w in before[-3:]):
                continue
            if any(w in lex.conditions for w in before):
                continue
            if form in ("predicate", "no evidence"):
                said = [w.casefold() for w in _WORD.findall(sentence[: m.start()])][-REPORTED_WORDS:]
                if any(w in lex.reporting for w in said):
                    continue  # "the company said the report was false": a denial reported, not a rating
            if form == "predicate":
                inside = [w.casefold() for w in _WORD.findall(sentence[m.start() : a])]
                if any(w in lex.conditions for w in inside):
                    continue
                nxt = _WORD.search(sentence, b)
                gap = sentence[b : nxt.start()] if nxt else ""
                if (
                    nxt is not None
                    and nxt.group().casefold() in _AFTER_PREDICATE
                    and not re.search(r"[.,;:!?]", gap)
                ):
                    continue  # "it is true that ...", "wrong to ...": it qualifies what follows
            if form in ("predicate", "adjective", "adverb", "phrase", "no evidence") and _quoted(
                sentence, a, b
            ):
                continue  # "'true' patriots", called it "fake news": a mention, not the source's rating
            taken.add(a)
            w0 = a if form == "headline" else m.start()  # a headline's dateline is not part of the rating
            out.append(_Found(phrase, " ".join(sentence[w0 : m.end()].split()), st, form, a, b, w0))
    return sorted(out, key=lambda f: f.start)


def _asked(sentence: str, pos: int) -> bool:
    """Whether the clause holding an offset ends in a question mark ("is the claim true?")."""
    stop = re.search(r"[.!?;]", sentence[pos:])
    return stop is not None and stop.group() == "?"


def _quoted(text: str, a: int, b: int) -> bool:
    """The phrase stands in quotation marks (a mention: "'true' patriots")."""
    before = text[max(0, a - 1) : a]
    after = text[b : b + 1]
    return bool(before) and before in _QUOTES and bool(after) and after in _QUOTES


@dataclass(frozen=True, slots=True)
class _Subject:
    """What a sentence must hold to be about the claim: its content words (stems), how many of them,
    its names, and its figures (not years)."""

    text: str
    words: list[str]
    stems: frozenset[str]
    need: int
    names: list[str]
    figures: tuple[Quantity, ...]


def _subject(claim: Claim) -> _Subject:
    from factcheck.check.by_words import claim_names, content_words, quoted_terms, stem
    from factcheck.check.claims import year_like
    from factcheck.extract.quantities import extract_quantities

    text = claim.clean
    words = content_words(text, [])
    stems = frozenset(stem(w) for w in words)
    need = len(stems) if len(stems) < MIN_WORDS else math.ceil(MIN_SHARE * len(stems))
    names = claim_names(text)
    names += [w for w in quoted_terms(text) if w not in names]
    figures = tuple(
        q
        for q in extract_quantities(text)
        if q.linked is None and q.kind not in ("year", "ordinal") and not year_like(q)
    )
    return _Subject(text, words, stems, need, names, figures)


def about(subject: _Subject, sentence: str) -> str | None:
    """Why ``sentence`` is about the claim (None when it is not): it restates it nearly word for word,
    or holds most of its content words and all its names, and gives none of its figures otherwise."""
    from factcheck.check.by_words import has_names, stem
    from factcheck.check.restate import near_identical

    why: str | None = None
    if near_identical(subject.text, sentence):
        why = "restates the claim nearly word for word"
    elif len(subject.stems) >= MIN_WORDS:
        have = {stem(m.group()) for m in _WORD.finditer(sentence)}
        shared = len(subject.stems & have)
        if shared >= subject.need and has_names(sentence, subject.names):
            why = f"holds {shared} of the claim's {len(subject.stems)} content words"
    if why is None:
        return None
    if subject.figures and _other_figure(subject, sentence):
        return None
    return why


def _other_figure(subject: _Subject, sentence: str) -> bool:
    """The sentence gives a figure of a kind the claim gives, and never the claim's value: it rates
    another claim ("3,000 staff" is not "300 staff")."""
    from factcheck.check.by_words import family, same_value
    from factcheck.check.claims import year_like
    from factcheck.extract.quantities import extract_quantities

    found = [
        q
        for q in extract_quantities(sentence)
        if q.linked is None and q.kind not in ("year", "ordinal") and not year_like(q)
    ]
    for c in subject.figures:
        same_kind = [q for q in found if family(q) == family(c)]
        if same_kind and not any(same_value(q, c) for q in same_kind):
            return True
    return False


RANKED_MAX_PASSAGES = 200_000  # as engine.RANKED_RELATED_MAX


def _hits(store: Store, words: list[str], names: list[str]) -> list[Hit]:
    """Passages holding a rating word and every name the claim capitalises, best ranked for the
    claim's words (in a corpus too large to rank every such passage: those holding every content
    word of the claim)."""
    from factcheck.check.by_words import stem

    triggers = list(_lexicon().triggers)
    required = [sorted({n, stem(n), stem(n) + "s"}) for n in names]  # "indian" or "indians"
    passages = store.counts(cached=True).get("passages", 0)
    if len(words) >= 2 and passages <= OR_SEARCH_MAX_PASSAGES:
        return store.search([triggers, *required, words], limit=MAX_HITS)
    return store.search([triggers, *required, *[[w] for w in words]], limit=MAX_HITS)


def rate_claim(store: Store, claim: Claim, related: Sequence[Hit] = ()) -> list[RatingMatch]:
    """The passages of the index that rate the claim, one match per passage (none when a passage
    rates it two ways).  In an index of more than RANKED_MAX_PASSAGES passages no search of its own
    is made: the claim's ``related`` passages (already found by the caller) are read."""
    from factcheck.check.by_words import sentences

    subject = _subject(claim)
    if not subject.words:
        return []
    out: list[RatingMatch] = []
    seen: set[tuple[int, int]] = set()
    large = store.counts(cached=True).get("passages", 0) > RANKED_MAX_PASSAGES
    trigger = _lexicon().trigger
    hits = (
        [h for h in related if trigger.search(h.text)]
        if large
        else _hits(store, subject.words[:12], subject.names)
    )
    for h in hits:
        if (h.source.id, h.start) in seen:
            continue
        seen.add((h.source.id, h.start))
        m = _rate_passage(subject, h, sentences)
        if m is not None:
            out.append(m)
    return out


def _rate_passage(
    subject: _Subject, h: Hit, sentences: Callable[[str], list[tuple[int, int]]]
) -> RatingMatch | None:
    if _lexicon().trigger.search(h.text) is None:
        return None
    spans = sentences(h.text)
    # the ratings first (a regex), then whether the sentence or its neighbour is about the claim
    rated = {i: r for i, (a, b) in enumerate(spans) if (r := find_ratings(h.text[a:b], subject.text))}
    if not rated:
        return None
    abouts: dict[int, str | None] = {}

    def about_at(i: int) -> str | None:
        if i not in abouts:
            abouts[i] = about(subject, h.text[spans[i][0] : spans[i][1]])
        return abouts[i]

    found: list[tuple[int, int, _Found, str]] = []  # (sentence start, end, rating, why about)
    for i, ratings in rated.items():
        a, b = spans[i]
        sent = h.text[a:b]
        why = about_at(i)
        if why is not None:
            for f in ratings:
                if f.form in ("adjective", "adverb") and not _rates_what_follows(subject, sent, f):
                    continue
                found.append((a, b, _shift(f, a), why))
            continue
        # a rating next to a sentence about the claim: "claim: ... . our rating: false", "we rate this
        # post pants on fire! claim: ...", "posts claim ... . this is false" (a predicate looks back)
        for j in (i - 1, i + 1):
            if 0 <= j < len(spans) and (why := about_at(j)) is not None:
                c, d = spans[j]
                for f in ratings:
                    if f.form in ("label", "rate verb", "phrase") or (f.form == "predicate" and j == i - 1):
                        found.append((min(a, c), max(b, d), _shift(f, a), why))
    if not found or len({f.stance for _, _, f, _ in found}) > 1:
        return None
    a, b, f, why = min(found, key=lambda x: x[2].start)
    rating = Rating(f.phrase, f.words, f.stance, f.form, why, f.start, f.end)
    off = h.start
    qty = Quantity(
        start=off + f.start,
        end=off + f.end,
        text=h.text[f.start : f.end],
        value=0.0,
        low=None,
        high=None,
        kind="rating",
    )
    fact = Fact(
        entity=None,
        attribute="rating",
        quantity=qty,
        sentence_start=off + a,
        sentence_end=off + b,
        line=h.line + h.text[: f.start].count("\n"),
    )
    return RatingMatch(
        FactRecord(id=0, fact=fact, source=h.source, canonical=None, sentence=h.text[a:b]), rating
    )


def _rates_what_follows(subject: _Subject, sentence: str, f: _Found) -> bool:
    """In "a false claim that X" and "falsely claimed X" the rated words follow the rating, so most of the
    claim's words the sentence holds must come after it ("... beat Reagan in 1984. Flake falsely
    says he hasn't worked with Trump" rates Flake's words, not the claim about Reagan)."""
    from factcheck.check.by_words import stem

    before = {stem(m.group()) for m in _WORD.finditer(sentence, 0, f.start)} & subject.stems
    after = {stem(m.group()) for m in _WORD.finditer(sentence, f.end)} & subject.stems
    return len(after) > len(before - after)


def _shift(f: _Found, by: int) -> _Found:
    return _Found(f.phrase, f.words, f.stance, f.form, f.start + by, f.end + by, f.match_start + by)

"""Checking a claim: every fact about the claim's entity and attribute, compared with the claimed
figure; a stance per passage, a verdict per claim and a one-line reason a person can check.  When no
figure decides the claim, a source that rates the claim itself may (``check/ratings.py``; such
evidence and verdicts have ``basis`` "rating", never "figure")."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from factcheck.check.claims import Claim, parse_claim
from factcheck.check.compare import Comparison, RateFn, compare
from factcheck.check.verdicts import Verdict
from factcheck.models import FactRecord, Hit, Quantity, SourceInfo
from factcheck.store import Store

if TYPE_CHECKING:
    from factcheck.check.by_words import WordsMatch, WordsResult
    from factcheck.check.ratings import Rating

VERDICTS = tuple(v.value for v in Verdict)
RANKED_RELATED_MAX = 200_000  # passages: above this, related passages are not ranked (see _related)


@dataclass(frozen=True, slots=True)
class Evidence:
    record: FactRecord
    comparison: Comparison | None  # None for a passage shown as related without a figure compared
    stance: str  # supports | contradicts | related; a rating may also dispute (a "half true")
    reason: str = ""  # why a passage is only related (different date, different kind of figure, ...)
    basis: str = "figure"  # "figure": a figure compared; "rating": the source rates the claim
    rating: Rating | None = None  # the rating read when basis is "rating" (check/ratings.py)


@dataclass(frozen=True, slots=True)
class PartResult:
    """The verdict on one figure of a claim."""

    quantity: Quantity  # the claim's figure (offsets into the claim's clean text)
    verdict: str
    reason: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class Result:
    claim: Claim
    verdict: str
    reason: str
    evidence: list[Evidence] = field(default_factory=list)
    related: list[Hit] = field(default_factory=list)  # passages about the entity without a usable figure
    basis: str = ""  # what the verdict rests on: "figure", "rating" (a source rates the claim), "" unverified
    parts: list[PartResult] = field(default_factory=list)  # one per figure of the claim


def source_day(source: SourceInfo) -> str:
    """The day whose exchange rate stands for a source: its date, mid-period when only a month or
    season is known, the latest rate when unknown."""
    d = source.date
    if not d:
        return "9999-12-31"
    if len(d) == 7:
        return d + "-15"
    if len(d) == 4:
        return d + "-07-01"
    return d[:10]


def make_rate(store: Store) -> RateFn:
    """Exchange rates from the index (ECB reference rates; per-euro quotes crossed)."""

    def rate(src: str, dst: str, day: str) -> tuple[float, str] | None:
        a = store.rate_on(src, day)
        b = store.rate_on(dst, day)
        if a is None or b is None:
            return None
        return b[1] / a[1], (a[0] if src != "EUR" else b[0])

    return rate


def who(record: FactRecord) -> str:
    """ "Cointelegraph, citing the Financial Times" - the outlet and the cited origin."""
    outlet = record.source.outlet or record.source.path
    if record.fact.origin:
        return f"{outlet}, citing {record.fact.origin}"
    return outlet


def figure(q: Quantity) -> str:
    """The figure as the source wrote it, with its qualifier."""
    t = " ".join(q.text.split())
    if q.qualifier and t[:1] and (t[0].isdigit() or not t[0].isalpha()):
        t = f"{q.qualifier} {t}"
    return t


def label(record: FactRecord) -> str:
    """A fact's figure with the other rendering the source gave, as written ("over 20 billion yuan
    ($2.7 billion)": the qualifier is said once)."""
    t = figure(record.fact.quantity)
    if record.fact.alt is not None:
        t += f" ({' '.join(record.fact.alt.text.split())})"
    return t


def _dates_overlap(claim: Claim, record: FactRecord) -> bool | None:
    """Whether the fact's date fits the claim's date (None when either has no date)."""
    if claim.date is None:
        return None
    d = record.fact.as_of
    if d is None:
        return None
    return not (d.finish < claim.date.begin or claim.date.finish < d.begin)


def _distinct(evs: list[Evidence]) -> str:
    seen: dict[str, list[str]] = {}
    for e in evs:
        fig = label(e.record)
        seen.setdefault(fig, [])
        w = who(e.record)
        if w not in seen[fig]:
            seen[fig].append(w)
    return "; ".join(f"{fig} ({', '.join(ws)})" for fig, ws in seen.items())


def _compare_all(store: Store, claim: Claim, records: list[FactRecord], note: str = "") -> list[Evidence]:
    assert claim.quantity is not None
    rate = make_rate(store)
    out: list[Evidence] = []
    for r in records:
        if _dates_overlap(claim, r) is False:
            out.append(Evidence(r, None, "related", "a different date"))
            continue
        cmp = compare(claim.quantity, r.fact.quantity, alt=r.fact.alt, day=source_day(r.source), rate=rate)
        reason = cmp.note if cmp.stance == "related" else ""
        if note:
            reason = f"{note}; {reason}" if reason else note
        out.append(Evidence(r, cmp, cmp.stance, reason))
    return out


def _compare_by_words(store: Store, claim: Claim, matches: list[WordsMatch]) -> list[Evidence]:
    """Figures read by the claim's words: compared as facts are, then held back to ``related`` when
    the passage restates the claim or frames the figure differently, and a disagreement kept from
    being a contradiction when the source hedges, dates its figure otherwise or differs by little."""
    from factcheck.check.by_words import CONTRADICTION_MIN

    note = "matched by the claim's words, not a known entity"
    out: list[Evidence] = []
    for m, ev in zip(matches, _compare_all(store, claim, [m.record for m in matches], note), strict=True):
        if ev.stance == "related":
            out.append(ev)
        elif m.related:
            out.append(Evidence(ev.record, ev.comparison, "related", f"{note}; {m.related}"))
        elif ev.stance == "contradicts":
            diff = ev.comparison.difference if ev.comparison is not None else None
            why = m.no_contradiction
            if not why and diff is not None and abs(diff) <= CONTRADICTION_MIN:
                why = f"differs by only {diff:+.1%} (rounding, another date or another measure?)"
            out.append(Evidence(ev.record, ev.comparison, "related", f"{note}; {why}") if why else ev)
        else:
            out.append(ev)
    return out


def _why_related(evidence: list[Evidence]) -> str:
    """The reason the first passage matched by the claim's words was only related."""
    for e in evidence:
        if e.record.fact.entity is None and e.reason:
            return "nothing comparable (" + e.reason.split("; ", 1)[-1] + ")"
    return "nothing comparable"


def _rating_evidence(store: Store, claim: Claim, related: list[Hit]) -> list[Evidence]:
    """Sources that rate the claim itself ("we rate this claim false"): a fact-checker's verdict,
    shown as its own kind of evidence (basis "rating"), never a figure compared."""
    from factcheck.check.language import foreign_language
    from factcheck.check.ratings import rate_claim

    if not claim.clean or (claim.problems[:1] and claim.problems[0].startswith("claim too long")):
        return []
    if foreign_language(claim.clean) is not None:
        return []  # the rating words are English
    out: list[Evidence] = []
    for m in rate_claim(store, claim, related):
        r = m.rating
        note = f'rated {r.phrase} by {who(m.record)} ("{r.words}"); the source {r.about}; no figure compared'
        out.append(Evidence(m.record, None, r.stance, note, basis="rating", rating=r))
    return out


def _rated(claim: Claim, evidence: list[Evidence], rated: list[Evidence], hits: list[Hit]) -> Result | None:
    """The verdict of the sources that rate the claim, when any does (None otherwise)."""
    if not rated:
        return None

    def says(evs: list[Evidence]) -> str:
        said = (f'rated {e.rating.phrase} by {who(e.record)} ("{e.rating.words}")' for e in evs if e.rating)
        return "; ".join(dict.fromkeys(said))  # the same words in two copies of a snippet: said once

    stances = {e.stance for e in rated}
    if len(stances) > 1:
        verdict, reason = "disputed", "sources rate the claim differently: " + says(rated)
    else:
        verdict = {"supports": "supported", "contradicts": "contradicted"}.get(stances.pop(), "disputed")
        reason = says(rated)
    reason += " (a fact-check's rating of the claim; no figure compared)"
    return Result(claim, verdict, reason, rated + evidence, hits, basis="rating")


def check_claim(store: Store, text: str, *, related_limit: int = 5, ratings: bool = True) -> Result:
    """The verdict on one claim: each of its figures is a part, checked on its own, and the claim's
    verdict is its most serious part's (contradicted > disputed > unverified > supported), so a claim
    is supported only when every figure in it is.  A one-figure claim whose entity and attribute the
    index knows is decided by the facts attributed at index time; every other figure by its frame
    (``check/by_frame.py``).  Only when no figure decides anything, and ``ratings`` is on, do
    sources that rate the claim itself decide it (``check/ratings.py``; ``basis`` "rating")."""
    from factcheck.check.by_frame import names_a_thing
    from factcheck.check.claims import claim_figures, negated

    base = _check_by_facts(store, text, related_limit=related_limit, ratings=ratings)
    claim = base.claim
    if not claim.clean or (
        claim.problems[:1] and claim.problems[0].startswith(("claim too long", "the claim is in"))
    ):
        return base
    figures = [q for q in claim_figures(claim.clean) if not names_a_thing(store, claim.clean, q)]
    if not figures:
        return base
    decided_by_facts = base.basis == "figure" and claim.quantity is not None
    if (
        decided_by_facts
        and claim.quantity is not None
        and not any(_same_span(q, claim.quantity) for q in figures)
    ):
        figures = sorted([claim.quantity, *figures], key=lambda q: q.start)  # "founded in 2019" is a part too
    if (
        decided_by_facts
        and len(figures) == 1
        and _same_span(figures[0], claim.quantity)
        and not negated(claim.clean, figures[0])
    ):
        base.parts = [PartResult(figures[0], base.verdict, base.reason, base.evidence)]
        return base
    parts = [
        PartResult(q, base.verdict, base.reason, base.evidence)
        if decided_by_facts and _same_span(q, claim.quantity)
        else _check_by_frame(store, claim, q, [o for o in figures if o is not q])
        for q in figures
    ]
    parts = [_denied(p) if negated(claim.clean, p.quantity) else p for p in parts]
    if all(p.verdict == "unverified" for p in parts) and base.basis == "rating":
        base.parts = parts  # a rating, or facts about a figure the frames could not place
        return base
    verdict = min((Verdict(p.verdict) for p in parts), key=lambda v: v.severity)
    if len(parts) == 1:
        reason = parts[0].reason
    else:
        reason = "; ".join(
            f'"{p.quantity.text}": {p.verdict}' + (f" ({p.reason})" if p.reason else "") for p in parts
        )
    evidence = [e for p in parts for e in p.evidence]
    hits = base.related if verdict == "unverified" else []
    return Result(claim, verdict, reason, evidence, hits, "" if verdict == "unverified" else "figure", parts)


_DENIED = {Verdict.SUPPORTED: Verdict.CONTRADICTED, Verdict.CONTRADICTED: Verdict.SUPPORTED}
_FLIPPED = {"supports": "contradicts", "contradicts": "supports"}


def _denied(p: PartResult) -> PartResult:
    """A figure the claim denies ("does not have 800 staff"): what supports the figure contradicts
    the claim, and the other way round."""
    verdict = _DENIED.get(Verdict(p.verdict), Verdict(p.verdict))
    evidence = [replace(e, stance=_FLIPPED.get(e.stance, e.stance)) for e in p.evidence]
    reason = f"the claim denies {p.quantity.text}: " + (p.reason or verdict.value)
    return PartResult(p.quantity, verdict, reason, evidence)


def _same_span(a: Quantity, b: Quantity | None) -> bool:
    return b is not None and a.start == b.start and a.end == b.end


def _check_by_frame(store: Store, claim: Claim, q: Quantity, others: list[Quantity]) -> PartResult:
    """One figure of a claim, judged by the source figures whose frame fits it best."""
    from factcheck.check.by_frame import candidates, judge
    from factcheck.extract.dates import extract_dates

    cands = candidates(store, claim.clean, q, others, extract_dates(claim.clean), make_rate(store))
    j = judge(q, cands, others)
    stance = {"supported": "supports", "contradicted": "contradicts"}
    evidence: list[Evidence] = []
    for c in j.evidence:
        rec = _frame_record(c)
        if j.verdict == "disputed":
            st = "supports" if c.agrees else "contradicts"
        else:
            st = stance.get(j.verdict, "related")
        diff = (c.value - q.value) / abs(q.value) if q.value else None
        note = "; ".join(
            x for x in (c.mismatch, c.restated, c.note, f"matched by its frame (fit {c.fit:.2f})") if x
        )
        cmp = Comparison(
            st, st == "supports" and diff is not None and diff != 0, diff, note, rec.fact.quantity
        )
        evidence.append(Evidence(rec, cmp, st, "" if st != "related" else note))
    sup = [e for e in evidence if e.stance == "supports"]
    con = [e for e in evidence if e.stance == "contradicts"]
    if j.verdict == "disputed":
        reason = f"sources disagree: {_distinct(sup)} vs {_distinct(con)}"
    elif j.verdict == "supported":
        reason = _distinct(sup)
    elif j.verdict == "contradicted":
        reason = (j.reason + ": " if j.reason else "sources say ") + _distinct(con)
    else:
        reason = j.reason
    return PartResult(q, j.verdict, reason, evidence)


def _frame_record(c: object) -> FactRecord:
    """A source figure read at check time as a FactRecord (offsets into the document)."""
    from factcheck.check.by_frame import Candidate
    from factcheck.models import Fact

    assert isinstance(c, Candidate)
    h = c.hit
    s0, s1 = c.sentence
    q = replace(c.quantity, start=h.start + c.quantity.start, end=h.start + c.quantity.end)
    fact = Fact(
        entity=None,
        attribute="figure",
        quantity=q,
        sentence_start=h.start + s0,
        sentence_end=h.start + s1,
        line=h.line + h.text[: c.quantity.start].count("\n"),
    )
    return FactRecord(
        id=0, fact=fact, source=h.source, canonical=None, sentence=" ".join(h.text[s0:s1].split())
    )


def _check_by_facts(store: Store, text: str, *, related_limit: int = 5, ratings: bool = True) -> Result:
    """The claim's first figure against the facts attributed at index time (then the claim's words,
    then ratings): the path of a one-figure claim about a known entity and attribute."""
    from factcheck.check.by_words import records_by_words

    claim = parse_claim(store, text)
    records: list[FactRecord] = []
    if claim.entity is not None and claim.attribute is not None:
        keys = store.keys_of(claim.entity)
        records = list(store.facts(entity_keys=keys, attribute=claim.attribute, attributed_only=True))
    if claim.quantity is None:
        hits = _related(store, claim, related_limit)
        ev = [Evidence(r, None, "related", "the claim has no figure to compare") for r in records]
        rated = _rated(claim, ev, _rating_evidence(store, claim, hits), hits) if ratings else None
        if rated is not None:
            return rated
        reason = "; ".join(claim.problems) or "no checkable figure in the claim"
        return Result(claim, "unverified", reason, ev, hits)
    evidence = _compare_all(store, claim, records)
    by_words: WordsResult | None = None
    if not any(e.stance in ("supports", "contradicts") for e in evidence):
        # nothing comparable among the facts attributed at index time: read the passages that hold
        # the claim's own words (lower-cased corpora, attributes outside the lexicon)
        by_words = records_by_words(store, claim, claim.clean)
        evidence += _compare_by_words(store, claim, by_words.matches)
    sup = [e for e in evidence if e.stance == "supports"]
    con = [e for e in evidence if e.stance == "contradicts"]
    hits = _related(store, claim, related_limit) if not (sup or con) else []
    if ratings and not (sup or con):
        # no figure decides it: a source that rates the claim itself may (never over a figure)
        rated = _rated(claim, evidence, _rating_evidence(store, claim, hits), hits)
        if rated is not None:
            return rated
    if sup and con:
        verdict = "disputed"
        reason = f"sources disagree: {_distinct(sup)} vs {_distinct(con)}"
    elif sup:
        verdict = "supported"
        near = all(e.comparison is not None and e.comparison.near for e in sup)
        reason = ("near match: " if near else "") + _distinct(sup)
    elif con:
        verdict = "contradicted"
        reason = f"sources say {_distinct(con)}"
    else:
        verdict = "unverified"
        if claim.entity is None or claim.attribute is None:
            reason = "; ".join(claim.problems)
            if by_words is not None:
                reason += "; by the claim's words: " + (by_words.outcome or _why_related(evidence))
        elif not records:
            reason = f"no figure for {claim.attribute} of {claim.entity} in the sources"
        else:
            reason = f"no comparable figure: {_distinct(evidence)}"
    return Result(claim, verdict, reason, evidence, hits, basis="" if verdict == "unverified" else "figure")


def _related(store: Store, claim: Claim, limit: int) -> list[Hit]:
    """The closest passages: the entity (all its names) and the attribute word, else the claim words."""
    # ranking every passage that names a frequent entity costs tens of milliseconds in a large
    # index: there the related passages are the first found rather than the best ranked
    ranked = store.counts(cached=True).get("passages", 0) <= RANKED_RELATED_MAX
    if claim.entity is not None:
        names = sorted(set(store.names_of(claim.entity)) | {claim.entity})
        groups = [names] + ([[claim.attribute_text]] if claim.attribute_text else [])
        hits = store.search(groups, limit=limit, ranked=ranked)
        if hits or not claim.attribute_text:
            return hits
        return store.search([names], limit=limit, ranked=ranked)
    from factcheck.check.by_words import content_words

    skip = [] if claim.quantity is None else [(claim.quantity.start, claim.quantity.end)]
    words = content_words(claim.clean[:500], skip)[:8]
    if not words:
        return []
    groups = [[w] for w in words]
    return store.search(groups, limit=limit) or store.search(groups, limit=limit, any_term=True)

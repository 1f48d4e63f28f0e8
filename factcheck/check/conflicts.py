"""Where the sources disagree: facts grouped by entity and attribute, compared pairwise with the
same rules as ``check`` (one implementation: :mod:`factcheck.check.compare`), and each difference
classified by what could explain it."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import groupby

from factcheck.check.compare import RateFn, compare, interval_of, relative_gap
from factcheck.check.engine import label, make_rate, source_day
from factcheck.extract.frames import Modality, modality
from factcheck.models import FactRecord, Quantity
from factcheck.store import Store

# why two figures differ, in the order they are tried
CONVERSION = "same figure, different conversion"
ROUNDING = "rounding or precision"
APPROXIMATE = "approximate vs exact"
DATES = "different dates"
ORIGIN = "different origin"
PLAIN = "plain disagreement"
DATE_GAP_DAYS = 90  # facts further apart than this may describe a change over time


@dataclass(slots=True)
class ValueGroup:
    """One distinct figure and every fact that states it."""

    label: str
    records: list[FactRecord]

    @property
    def quantity(self) -> Quantity:
        return self.records[0].fact.quantity

    @property
    def date(self) -> str:
        return min((fact_date(r) for r in self.records), default="")


@dataclass(slots=True)
class Difference:
    a: ValueGroup
    b: ValueGroup
    kinds: list[str]
    relative: float  # relative gap between the two figures' intervals (0 for near matches)
    near: bool  # a near match (rounding, conversion), not a disagreement
    note: str = ""


@dataclass(slots=True)
class ConflictGroup:
    entity: str
    attribute: str
    values: list[ValueGroup]
    differences: list[Difference]
    facts: int

    @property
    def disagreement(self) -> bool:
        return any(not d.near for d in self.differences)

    @property
    def kinds(self) -> list[str]:
        seen: list[str] = []
        for d in self.differences:
            for k in d.kinds:
                if k not in seen:
                    seen.append(k)
        return seen

    @property
    def relative(self) -> float:
        return max((d.relative for d in self.differences), default=0.0)

    @property
    def sources(self) -> int:
        return len({r.source.path for v in self.values for r in v.records})

    @property
    def score(self) -> float:
        rel = self.relative if math.isfinite(self.relative) else 10.0
        return (rel + (0.0 if self.disagreement else -1.0)) * math.log2(1 + self.sources)


@dataclass(slots=True)
class ConflictReport:
    groups: list[ConflictGroup] = field(default_factory=list)
    facts_compared: int = 0
    groups_compared: int = 0


def fact_date(r: FactRecord) -> str:
    if r.fact.as_of is not None:
        return r.fact.as_of.begin
    return r.source.date


def _key(q: Quantity) -> tuple[object, ...]:
    return (round(q.value, 6), q.currency, q.unit, q.low, q.high, q.qualifier)


def _days_apart(a: str, b: str) -> float | None:
    from factcheck.pipeline import parse_iso_date

    da, db = parse_iso_date(a), parse_iso_date(b)
    if da is None or db is None:
        return None
    return abs((da - db).days)


def _same_sentence(a: ValueGroup, b: ValueGroup) -> bool:
    sa = {(r.source.id, r.fact.sentence_start) for r in a.records}
    return any((r.source.id, r.fact.sentence_start) in sa for r in b.records)


def _same_time(a: ValueGroup, b: ValueGroup) -> bool:
    """Both figures dated (as-of) and the dates overlap."""
    da = [r.fact.as_of for r in a.records if r.fact.as_of is not None]
    db = [r.fact.as_of for r in b.records if r.fact.as_of is not None]
    return any(not (x.finish < y.begin or y.finish < x.begin) for x in da for y in db)


def _pair(a: ValueGroup, b: ValueGroup, rate: RateFn, *, event: bool = False) -> Difference | None:
    if _same_sentence(a, b):
        return None  # one sentence with two figures ("from 120 billion in May to 4 trillion") is a change, not a conflict
    if event and not _same_time(a, b):
        return None  # separate events (two funding rounds) may both be right
    ra, rb = a.records[0], b.records[0]
    qa, qb = ra.fact.quantity, rb.fact.quantity
    fa, fb = ra.fact, rb.fact
    # the same original figure rendered differently in a second currency
    if (
        fa.alt is not None
        and fb.alt is not None
        and qa.currency == qb.currency
        and fa.alt.currency == fb.alt.currency
    ):
        primary = compare(qa, qb, day=source_day(rb.source), rate=rate)
        if primary.stance != "contradicts" and fa.alt.value != fb.alt.value:
            ca = (
                rate(qa.currency or "", fa.alt.currency or "", source_day(ra.source)) if qa.currency else None
            )
            cb = (
                rate(qb.currency or "", fb.alt.currency or "", source_day(rb.source)) if qb.currency else None
            )
            note = f"both give {' '.join(qa.text.split())}; the {fa.alt.currency} amounts differ" + (
                f" (ECB {ca[0]:.4g} on {ca[1]} vs {cb[0]:.4g} on {cb[1]})" if ca and cb else ""
            )
            diff = abs(fa.alt.value - fb.alt.value) / max(abs(fa.alt.value), abs(fb.alt.value))
            return Difference(a, b, [CONVERSION], diff, True, note)
    cmp = compare(qa, qb, alt=fb.alt, day=source_day(rb.source), rate=rate)
    if cmp.stance == "related" and cmp.note.startswith("a "):
        return None  # different kinds of figure: not comparable
    if cmp.stance == "supports" and not cmp.near:
        qc = cmp.compared
        if interval_of(qa).bounded and interval_of(qc).bounded and qa.value != qc.value * (cmp.rate or 1.0):
            # "$1.2 billion" and "$1.21 billion": they overlap at their stated precision
            kind = CONVERSION if cmp.rate is not None or qc is not qb else ROUNDING
            return Difference(
                a, b, [kind], 0.0, True, cmp.note or "the figures agree at their stated precision"
            )
        return None
    ia = interval_of(qa)
    ib = interval_of(cmp.compared)
    if cmp.rate is not None:
        ib = ib.scaled(cmp.rate)
    rel = relative_gap(ia, ib)
    if cmp.stance == "supports" and cmp.near:
        kind = CONVERSION if cmp.rate is not None or cmp.compared is not qb else ROUNDING
        return Difference(a, b, [kind], 0.0, True, cmp.note)
    if cmp.stance == "related":
        return None  # consistent (a bound and a figure inside it)
    kinds: list[str] = []
    if (qa.qualifier is None) != (qb.qualifier is None) or (qa.qualifier and qb.qualifier):
        kinds.append(APPROXIMATE)
    days = _days_apart(a.date, b.date)
    if days is not None and days > DATE_GAP_DAYS:
        kinds.append(DATES)
    if {r.fact.origin for r in a.records} != {r.fact.origin for r in b.records}:
        kinds.append(ORIGIN)
    if not kinds:
        kinds.append(PLAIN)
    return Difference(a, b, kinds, rel, False, cmp.note)


def stated(r: FactRecord) -> bool:
    """Whether a fact's sentence states its figure (extract/frames.py: not a forecast, an estimate,
    an offer or a denial)."""
    q = r.fact.quantity
    at = q.start - r.fact.sentence_start
    if r.sentence[at : at + len(q.text)] != q.text:
        at = r.sentence.find(q.text)  # the quoted sentence's spacing may differ from the document's
        if at < 0:
            return True
    local = replace(q, start=at, end=at + len(q.text))
    return modality(r.sentence, local) == Modality.STATED


def group_conflicts(records: Iterable[FactRecord], rate: RateFn) -> ConflictReport:
    """Conflict groups from facts ordered by (canonical entity, attribute), one group at a time."""
    from factcheck.extract.attributes import attribute_specs

    specs = attribute_specs()
    report = ConflictReport()
    # unattributed facts are evidence about nobody; a forecast, an estimate, an offer or a denied
    # figure is no statement that the figure is so (a rejected bid is not a valuation)
    attributed = (r for r in records if r.canonical is not None and stated(r))
    for (entity, attribute), grp in groupby(attributed, key=lambda r: (r.canonical or "", r.fact.attribute)):
        recs = list(grp)
        spec = specs.get(attribute)
        event = spec is not None and spec.event
        report.facts_compared += len(recs)
        report.groups_compared += 1
        by_value: dict[tuple[object, ...], ValueGroup] = {}
        for r in recs:
            k = _key(r.fact.quantity) + ((None,) if r.fact.alt is None else _key(r.fact.alt))
            vg = by_value.get(k)
            if vg is None:
                by_value[k] = ValueGroup(label(r), [r])
            else:
                vg.records.append(r)
        values = sorted(by_value.values(), key=lambda v: (v.date or "9999", v.label))
        if len(values) < 2:
            continue
        diffs = []
        for i in range(len(values)):
            for j in range(i + 1, len(values)):
                d = _pair(values[i], values[j], rate, event=event)
                if d is not None:
                    diffs.append(d)
        if diffs:
            report.groups.append(ConflictGroup(entity, attribute, values, diffs, len(recs)))
    report.groups.sort(key=lambda g: g.score, reverse=True)
    return report


def find_conflicts(
    store: Store,
    *,
    entity_keys: list[str] | None = None,
    attribute: str | None = None,
    since: str | None = None,
    min_difference: float = 0.0,
) -> ConflictReport:
    """Every entity/attribute group whose figures do not agree (near matches included, marked)."""
    records = store.facts(entity_keys=entity_keys, attribute=attribute, attributed_only=True, by_entity=True)
    if since:
        records = (r for r in records if fact_date(r) >= since)
    report = group_conflicts(records, make_rate(store))
    if min_difference > 0:
        report.groups = [g for g in report.groups if g.relative >= min_difference]
    return report

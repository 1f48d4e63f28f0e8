"""Comparing two figures honestly: as intervals, at their stated precision, across currencies.

One implementation serves ``check`` (a claim against a source) and ``conflicts`` (a source against
another source).

Rules (documented in the README, "How figures are compared"):
- Every figure is an interval.  A bare figure stands for its stated precision: "2.7 billion" is
  [2.65, 2.75] billion, "800" is [799.5, 800.5].  Qualifiers come from the extractor: "nearly 1,000"
  is [900, 1000), "over 20 billion" is (20, inf) billion.
- A one-sided bound ("over X", "more than X") read as a figure means "a bit over X": for supporting a
  point claim it counts as [X, X*(1+BOUND_REACH)]; anything beyond that is merely *consistent*
  (stance ``related``), never *supported*.
- Two figures whose intervals are disjoint, but by a gap of at most NEAR_TOLERANCE of their size,
  are a *near match* (same figure, rounding or conversion); beyond that they disagree.
- Money in different currencies is converted at the ECB reference rate of the source's date; when
  the source itself gives both renderings ("20 billion yuan ($2.7 billion)") its own rendering in
  the claim's currency is used, and said so.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from factcheck.models import Quantity

NEAR_TOLERANCE = 0.02  # relative gap between two intervals still called a near match
BOUND_REACH = 0.10  # how far past its bound "over X" reaches when read as a figure
INF = math.inf


@dataclass(frozen=True, slots=True)
class Interval:
    lo: float
    hi: float
    lo_open: bool = False
    hi_open: bool = False

    @property
    def bounded(self) -> bool:
        return math.isfinite(self.lo) and math.isfinite(self.hi)

    @property
    def magnitude(self) -> float:
        vals = [abs(v) for v in (self.lo, self.hi) if math.isfinite(v)]
        return max(vals) if vals else 0.0

    def scaled(self, factor: float) -> Interval:
        lo, hi = self.lo * factor, self.hi * factor
        if factor < 0:
            return Interval(hi, lo, self.hi_open, self.lo_open)
        return Interval(lo, hi, self.lo_open, self.hi_open)


def interval_of(q: Quantity) -> Interval:
    """The interval a quantity stands for, with a bare figure widened to its stated precision."""
    lo = -INF if q.low is None else q.low
    hi = INF if q.high is None else q.high
    if q.low is not None and q.high is not None and q.low == q.high:
        # open ends: "800" and "801" (each +-0.5) touch but do not overlap.  Only where the widening
        # is representable: at 2**52 and above a float cannot hold x - 0.5, and a figure's interval
        # open at both ends of one point would not overlap itself
        p = abs(q.precision)
        return Interval(lo - p, hi + p, lo - p < lo, hi + p > hi)
    return Interval(
        lo, hi, not q.low_inclusive and q.low is not None, not q.high_inclusive and q.high is not None
    )


def effective(iv: Interval) -> Interval:
    """A one-sided bound read as a figure: "over X" -> [X, X(1+BOUND_REACH)]."""
    lo, hi = iv.lo, iv.hi
    if math.isinf(hi) and math.isfinite(lo):
        hi = lo + abs(lo) * BOUND_REACH if lo != 0 else INF
    if math.isinf(lo) and math.isfinite(hi):
        lo = max(0.0, hi - abs(hi) * BOUND_REACH) if hi > 0 else -INF
    return Interval(lo, hi, iv.lo_open, iv.hi_open)


def gap(a: Interval, b: Interval) -> float:
    """Distance between two intervals (0 when they touch or overlap)."""
    if a.hi < b.lo:
        return b.lo - a.hi
    if b.hi < a.lo:
        return a.lo - b.hi
    return 0.0


def overlaps(a: Interval, b: Interval) -> bool:
    if a.hi < b.lo or b.hi < a.lo:
        return False
    if a.hi == b.lo:
        return not (a.hi_open or b.lo_open)
    if b.hi == a.lo:
        return not (b.hi_open or a.lo_open)
    return True


def contains(outer: Interval, inner: Interval) -> bool:
    lo_ok = outer.lo < inner.lo or (outer.lo == inner.lo and (not outer.lo_open or inner.lo_open))
    hi_ok = inner.hi < outer.hi or (outer.hi == inner.hi and (not outer.hi_open or inner.hi_open))
    return lo_ok and hi_ok


def relative_gap(a: Interval, b: Interval) -> float:
    g = gap(a, b)
    if g == 0:
        return 0.0
    m = max(a.magnitude, b.magnitude)
    return g / m if m else INF


def point_like(iv: Interval) -> bool:
    """A claim figure that names a value (bare, "about", "exactly") rather than a bound."""
    return iv.bounded


@dataclass(frozen=True, slots=True)
class Comparison:
    stance: str  # supports | contradicts | related
    near: bool  # supports only as a near match (rounding / conversion), not exactly
    difference: float | None  # relative difference of central values (fact vs claim), when both have one
    note: str  # one line a person can check
    compared: Quantity  # the figure of the source actually compared (after choosing a rendering)
    rate: float | None = None  # claim-currency units per source-currency unit, when converted
    rate_day: str | None = None


def stance(claim: Interval, fact: Interval, *, near_ok: bool = True) -> tuple[str, bool]:
    """(stance, near) of a source figure towards a claimed figure, both already in one unit.
    ``near_ok`` is False for years and durations, where a relative tolerance means nothing."""
    if not overlaps(claim, fact):
        # a near match is two stated values that differ by rounding or conversion; a bound that is
        # missed ("fewer than 900" vs "nearly 1,000") is missed, however narrowly
        g = relative_gap(claim, fact)
        if near_ok and g <= NEAR_TOLERANCE and claim.bounded and fact.bounded:
            return "supports", True
        return "contradicts", False
    fe = effective(fact)
    if point_like(claim):
        if fact.bounded:
            return "supports", False
        return ("supports", False) if overlaps(claim, fe) else ("related", False)
    # the claim is a bound ("more than 500"): supported when the whole source figure lies inside it
    if contains(claim, fe):
        return "supports", False
    return "related", False


def _amount(v: float) -> str:
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(v) >= scale:
            return f"{v / scale:.3g} {word}"
    return f"{v:,.0f}"


def _family(q: Quantity) -> str:
    if q.kind == "money" or q.currency:
        return "money"
    if q.kind == "percent" or q.unit == "percent":
        return "percentage"
    if q.kind in ("year", "duration"):
        return q.kind
    return "count"


def central(q: Quantity) -> float:
    return q.value


RateFn = Callable[[str, str, str], tuple[float, str] | None]  # (from, to, day) -> (rate, day used)


def compare(
    claim: Quantity,
    fact: Quantity,
    *,
    alt: Quantity | None = None,
    day: str = "",
    rate: RateFn | None = None,
) -> Comparison:
    """How a source figure (``fact``, with its other rendering ``alt``) bears on a claimed figure."""
    if _family(claim) != _family(fact):
        return Comparison("related", False, None, f"a {_family(fact)} figure, not a {_family(claim)}", fact)
    chosen = fact
    factor = 1.0
    rate_used: float | None = None
    rate_day: str | None = None
    note = ""
    if claim.kind == "money" or fact.kind == "money":
        cc, fc = claim.currency, fact.currency
        if cc and fc and cc != fc:
            if alt is not None and alt.currency == cc:
                chosen = alt
                note = f"the source's own {cc} rendering"
                got = rate(fc, cc, day) if rate is not None else None
                if got is not None:
                    note += (
                        f"; at the ECB rate of {got[1]} ({got[0]:.4g} {cc}/{fc}) "
                        f"{_amount(fact.value)} {fc} is {_amount(fact.value * got[0])} {cc}"
                    )
            elif rate is not None:
                got = rate(fc, cc, day)
                if got is None:
                    return Comparison("related", False, None, f"no exchange rate {fc}->{cc}", fact)
                factor, rate_day = got
                rate_used = factor
                note = f"converted at {factor:.4g} {cc}/{fc} (ECB, {rate_day})"
            else:
                return Comparison("related", False, None, f"different currencies ({fc} vs {cc})", fact)
        elif not cc and fc:
            note = f"the claim gives no currency; compared as {fc}"
    civ = interval_of(claim)
    fiv = interval_of(chosen).scaled(factor)
    st, near = stance(civ, fiv, near_ok=_family(claim) not in ("year", "duration"))
    diff = None
    cv = central(claim)
    fv = central(chosen) * factor
    if cv and math.isfinite(cv) and math.isfinite(fv):
        diff = (fv - cv) / abs(cv)
    if near and diff is not None:
        note = f"near match ({diff:+.1%})" + (f", {note}" if note else "")
    return Comparison(st, near, diff, note, chosen, rate_used, rate_day)

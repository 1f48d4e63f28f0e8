"""Whether a source's figure bears out a claimed figure, as a careful reader rounds: the rule of
README "Round and approximate figures", tested as a table in tests/test_check_parts.py."""

from __future__ import annotations

import math

from factcheck.models import Quantity

ROUND_TOLERANCE = 0.05  # an unqualified claimed figure holds when the source rounds to it within this
APPROX_TOLERANCE = 0.10  # "about", "around", "roughly": within this
NEARLY_FLOOR = 0.85  # "nearly X" holds for a source figure from 0.85 X up to X


# the extractor's normalised qualifiers (data/qualifiers.json) by what they say of the figure
_ABOVE = ("over", "just over", "at least")
_BELOW = ("under", "up to")
_NEARLY = ("nearly",)
_APPROX = ("about",)


def qualifier_class(q: Quantity) -> str:
    qual = (q.qualifier or "").casefold()
    if qual in _NEARLY:
        return "nearly"
    if qual in _ABOVE:
        return "above"
    if qual in _BELOW:
        return "below"
    if qual in _APPROX:
        return "about"
    return "exact"


def _significant_tolerance(q: Quantity) -> float:
    """How much an unqualified figure may differ from a source's and still be the same figure: half a
    unit of its last significant digit, capped at ROUND_TOLERANCE of its size ("$1 billion" holds for
    $1.04 billion, not for $1.45 billion or $600 million)."""
    v = abs(q.value)
    if v == 0:
        return 0.0
    return (
        min(abs(q.precision) / v if q.precision else 0.0, ROUND_TOLERANCE) if q.precision else ROUND_TOLERANCE
    )


def undecided(claim: Quantity, source_value: float, source_class: str) -> bool:
    """Whether a source's bound leaves a claimed figure open, neither borne out nor refuted: "over
    93 million" for "less than 98 million" or for "98 million"; "more than 21 million" for "more
    than 25 million"."""
    x, y = claim.value, source_value
    cls = qualifier_class(claim)
    if source_class == "above":  # the source says "more than y": anything above y may be so
        return (
            (cls in ("below", "nearly") and y < x)
            or (cls in ("exact", "about") and y < x)
            or (cls == "above" and y < x)
        )
    if source_class == "below":  # "fewer than y", "up to y": anything below y may be so
        return (
            (cls in ("above",) and y > x)
            or (cls in ("exact", "about") and y > x)
            or (cls == "below" and y > x)
        )
    return False


def holds(claim: Quantity, source_value: float, source_class: str) -> bool:
    """Whether a source's figure (its stated value and qualifier class) bears the claimed figure out.
    The rule of README "How figures are compared" (the careful reader's table in tests)."""
    x, y = claim.value, source_value
    if x == 0 or not math.isfinite(y):
        return y == x
    rel = (y - x) / abs(x)
    cls = qualifier_class(claim)
    if claim.kind == "duration" and (claim.qualifier or "") == "over" and claim.text[:4].casefold() == "over":
        cls = "exact"  # "over 41 years" is a span of time ("sold 2,400 over 41 years"), not "more than"
    if cls == "exact":
        if source_class in ("above", "below", "nearly"):
            return abs(rel) <= ROUND_TOLERANCE
        if source_class == "about":
            return abs(rel) <= APPROX_TOLERANCE
        return abs(rel) <= max(_significant_tolerance(claim), 1e-9)
    if cls == "about":
        return abs(rel) <= APPROX_TOLERANCE
    if cls == "nearly":
        if source_class == "above":
            return False
        return (source_class == "nearly" and abs(rel) <= ROUND_TOLERANCE) or (NEARLY_FLOOR * x <= y <= x)
    if cls == "above":
        if source_class == "above":
            return y >= x * (1 - ROUND_TOLERANCE)
        if source_class in ("about", "nearly", "below"):
            return y > x * (1 + APPROX_TOLERANCE)
        incl = (claim.qualifier or "") == "at least"
        return y >= x if incl else y > x
    if (claim.qualifier or "") == "up to":
        return abs(rel) <= ROUND_TOLERANCE  # "can carry up to 840": the most it can, a figure of its own
    if cls == "below":
        if source_class == "below":
            return y <= x * (1 + ROUND_TOLERANCE)
        if source_class in ("above", "about"):
            return y < x * (1 - APPROX_TOLERANCE)
        return y <= x if (claim.qualifier or "") in ("up to", "at most") else y < x
    return abs(rel) <= ROUND_TOLERANCE

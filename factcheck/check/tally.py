"""The weight of the evidence under a verdict: each distinct figure with how many sources give it,
how many of them are independent (do not cite one origin), and when; and the figure to put instead
of a contradicted one."""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.check.engine import Evidence, Result, label


@dataclass(frozen=True, slots=True)
class TallyRow:
    figure: str  # the figure as the sources write it (with its other rendering)
    stance: str  # supports | contradicts
    sources: int  # distinct sources that give it
    independent: int  # distinct origins among them (a source citing no one is its own origin)
    dates: tuple[str, ...]  # the sources' publication dates, oldest first ("" when unknown)


def tally(result: Result) -> list[TallyRow]:
    """One row per distinct figure that supports or contradicts the claim, most sources first."""
    groups: dict[tuple[str, str], list[Evidence]] = {}
    for e in result.evidence:
        if e.stance in ("supports", "contradicts") and e.basis == "figure":
            groups.setdefault((label(e.record), e.stance), []).append(e)
    rows = []
    for (fig, stance), evs in groups.items():
        paths = {e.record.source.path for e in evs}
        origins = {
            (e.record.fact.origin or e.record.source.outlet or e.record.source.path).casefold() for e in evs
        }
        dates = tuple(sorted({e.record.source.date for e in evs}))
        rows.append(TallyRow(fig, stance, len(paths), len(origins), dates))
    rows.sort(key=lambda r: (-r.sources, r.stance != "supports", r.figure))
    return rows


def suggestion(result: Result) -> str | None:
    """What the sources say instead of a contradicted figure ("800 and nearly 1,000, not 1,200"),
    when every figure that contradicts the claim is known; None otherwise."""
    if result.verdict != "contradicted" or (result.claim.quantity is None and not result.parts):
        return None
    against = [r for r in tally(result) if r.stance == "contradicts"]
    if not against:
        return None
    wrong = [p.quantity.text for p in result.parts if p.verdict == "contradicted"] or (
        [result.claim.quantity.text] if result.claim.quantity is not None else []
    )
    said = " and ".join(r.figure for r in against[:3])
    return f"sources say {said}, not {' / '.join(wrong)}" if wrong else f"sources say {said}"


def describe(rows: list[TallyRow]) -> str:
    """ "800: 2 sources (1 independent), 2024-04 to 2025-01; nearly 1,000: 1 source, 2025-01" """
    out = []
    for r in rows:
        n = f"{r.sources} source{'s' if r.sources != 1 else ''}"
        if r.independent < r.sources:
            n += f" ({r.independent} independent)"
        known = [d for d in r.dates if d]
        when = "" if not known else (known[0] if len(known) == 1 else f"{known[0]} to {known[-1]}")
        out.append(f"{r.figure}: {n}" + (f", {when}" if when else ""))
    return "; ".join(out)

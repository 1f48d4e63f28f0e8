"""JSON shapes shared by several commands (documented in the README)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from factcheck.models import DateSpan, FactRecord, Quantity


def q_json(q: Quantity | None) -> dict[str, Any] | None:
    if q is None:
        return None
    return {
        "text": q.text,
        "value": q.value,
        "low": q.low,
        "high": q.high,
        "low_inclusive": q.low_inclusive,
        "high_inclusive": q.high_inclusive,
        "kind": q.kind,
        "unit": unit_of(q),
        "currency": q.currency,
        "qualifier": q.qualifier,
        "precision": q.precision,
    }


def unit_of(q: Quantity) -> str:
    return q.currency or q.unit or q.kind


def d_json(d: DateSpan | None) -> dict[str, str] | None:
    if d is None:
        return None
    return {"text": d.text, "begin": d.begin, "end": d.finish, "precision": d.precision}


def record_json(r: FactRecord) -> dict[str, Any]:
    """Where a fact was said: source, date, line, offsets, the sentence, its origin and as-of date."""
    f = r.fact
    return {
        "source": r.source.path,
        "outlet": r.source.outlet,
        "date": r.source.date,
        "date_precision": r.source.date_precision,
        "date_inferred": r.source.date_inferred,
        "line": f.line,
        "start": f.quantity.start,
        "end": f.quantity.end,
        "sentence_start": f.sentence_start,
        "sentence_end": f.sentence_end,
        "text": r.sentence,
        "origin": f.origin,
        "as_of": d_json(f.as_of),
        "entity_text": f.entity_surface or f.entity,
    }

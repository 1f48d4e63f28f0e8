"""JSON shapes shared by several commands (documented in the README)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from factcheck.models import DateSpan, Quantity


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

"""The unit named right after a figure ("75 mph", "120 km/h", "a 79-metre wingspan"), by the unit it
names: figures in different units are never the same figure.  General English, no corpus."""

from __future__ import annotations

import re

from factcheck.models import Quantity

_UNITS = (  # the unit words after a figure, by the unit they name (general English, not a corpus)
    ("mph", r"mph|mi/h|miles? (?:per|an|a) hour"),
    ("kph", r"kph|kmh|km/h|kilomet(?:er|re)s? (?:per|an|a) hour"),
    ("knot", r"knots?"),
    ("km", r"km|kilomet(?:er|re)s?"),
    ("nmi", r"nautical miles?|nmi"),
    ("mile", r"miles?|mi"),
    ("m", r"m|met(?:er|re)s?"),
    ("cm", r"cm|centimet(?:er|re)s?"),
    ("mm", r"mm|millimet(?:er|re)s?"),
    ("ft", r"ft|feet|foot"),
    ("in", r"inch(?:es)?"),
    ("kg", r"kg|kilograms?|kilos?"),
    ("lb", r"lbs?|pounds? weight"),
    ("t", r"tonnes?|tons?|metric tons?"),
    ("point", r"points?|pts?"),
    ("byte", r"[kmgt]b|(?:kilo|mega|giga|tera)bytes?"),
    ("watt", r"[kmg]w|(?:kilo|mega|giga)watts?"),
    ("degree", r"degrees?|°[cf]?"),
    ("barrel", r"barrels?"),
    ("litre", r"litres?|liters?|l"),
    ("hectare", r"hectares?|ha"),
    ("acre", r"acres?"),
)
_UNIT_RE = re.compile(r"\s*-?\s*(?:" + "|".join(f"(?P<{n}>{p})" for n, p in _UNITS) + r")(?![A-Za-z])", re.I)


def unit_after(text: str, q: Quantity) -> str:
    """The unit named right after a figure ("75 mph", "120 km/h", "79-metre"), or ""."""
    m = _UNIT_RE.match(text, q.end)
    return (m.lastgroup or "") if m else ""

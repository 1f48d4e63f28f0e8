"""One lower-cased copy of a text, shared by the extractors that scan the same document."""

from __future__ import annotations

_last: tuple[str, str] = ("", "")


def lowered(text: str) -> str:
    """``text.lower()``, computed once for the text last asked about: the attribute-cue scan and the
    figure reader both scan a whole document lower-cased.  Lower-casing an article that holds one
    curly quote walks the full Unicode case tables (str.lower was ~5% of a worker's instructions,
    twice per article), and this is the only sharing needed, so a one-entry cache keyed by identity."""
    global _last
    last = _last
    if last[0] is text:
        return last[1]
    low = text.lower()
    _last = (text, low)
    return low

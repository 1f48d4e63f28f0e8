"""Which claims are not in English: the extractors and lexicons read English, so a claim in another
language is reported as such instead of being mis-parsed ("99,84 Prozent" is not 9,984 percent)."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@cache
def _languages() -> tuple[int, float, tuple[tuple[str, frozenset[str]], ...]]:
    raw = resources.files("factcheck").joinpath("data/language_words.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    langs = tuple(
        (str(spec["name"]), frozenset(w.casefold() for w in spec["words"]))
        for spec in data["languages"].values()
    )
    return int(data["min_words"]), float(data["min_share"]), langs


def foreign_language(text: str) -> str | None:
    """The name of the language a text is written in when it is one the data file lists (not
    English), else None."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if not words:
        return None
    min_words, min_share, langs = _languages()
    for name, vocab in langs:
        hits = [w for w in words if w in vocab]
        if len(set(hits)) >= min_words and len(hits) / len(words) >= min_share:
            return name
    return None

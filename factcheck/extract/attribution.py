"""Who a sentence says a figure comes from ("According to the Daily Planet, ...", "Globex said").

Patterns live in ``factcheck/data/attribution.json``.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from factcheck.extract.entities import entity_words, find_entity_mentions


@cache
def _lexicon() -> dict[str, Any]:
    raw = resources.files("factcheck").joinpath("data/attribution.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str], frozenset[str]]:
    lex = _lexicon()
    according = re.compile(
        rf"\b(?:{_alt(lex['according_to'])})\s+(?P<src>[^,;.:!?()\"“”]{{2,80}}?)"
        r"(?=\s*(?:[,;:!?()\"“”]|\.(?:\s|$)|$|\s+(?:that|which|who|as|and|in|on|at|last|this|since)\b))",
        re.IGNORECASE,
    )
    verbs = re.compile(rf"\b(?:{_alt(lex['reporting_verbs'])})\b")
    return (
        according,
        verbs,
        frozenset(w.casefold() for w in lex["not_sources"]),
        frozenset(w.casefold() for w in lex["determiners"]),
    )


@cache
def _breakers() -> frozenset[str]:
    """Words that cannot sit inside a source phrase ("The firm employs 300 people, said ...")."""
    return frozenset(entity_words()["grammar"]["source_phrase_breakers"])


@cache
def _source_nouns() -> frozenset[str]:
    return frozenset(w.casefold() for w in _lexicon()["source_nouns"])


_CLEAN_END = re.compile(r"[\s,\"“”’']+$")


def find_origin(sentence: str) -> str | None:
    """The cited origin of what ``sentence`` states, or None if it cites nobody."""
    according, verbs, not_sources, determiners = _patterns()
    m = according.search(sentence)
    if m:
        src = m.group("src").strip()
        if src.casefold() not in not_sources:
            return src
    vm = None
    for vm in verbs.finditer(sentence):
        src = _subject_before(sentence, vm.start(), not_sources, determiners)
        if src is None:
            src = _name_after(sentence, vm.end())
        if src is not None:
            return src
    return None


def _subject_before(
    sentence: str, pos: int, not_sources: frozenset[str], determiners: frozenset[str]
) -> str | None:
    head = sentence[:pos]
    if head.rstrip().endswith(","):
        return None  # ", said Jane Doe": the source follows the verb
    stripped = _CLEAN_END.sub("", head)
    if not stripped:
        return None
    # A name ending right before the verb ("... ," Globex claimed").
    mentions = find_entity_mentions(stripped[-80:])
    if mentions:
        last = mentions[-1]
        offset = len(stripped) - len(stripped[-80:])
        if offset + last.end == len(stripped) and last.kind != "place":
            return last.text
    # A lower-case noun phrase: "the chip maker said", "local media reported".
    words = stripped.split()
    if not words:
        return None
    if words[-1].casefold().strip("’'") not in _source_nouns():
        return None
    for n in range(1, min(5, len(words)) + 1):
        w = words[-n].casefold()
        if any(ch.isdigit() for ch in w) or (n > 1 and w in _breakers()):
            return None
        if w in determiners:
            phrase = " ".join(words[-n:])
            if phrase.casefold() in not_sources:
                return None
            return phrase
    return None


_NAME_AFTER = re.compile(r"^\s+((?:[A-Z][\w.&’'-]*)(?:\s+[A-Z][\w.&’'-]*){0,3})")


def _name_after(sentence: str, pos: int) -> str | None:
    """Inverted attribution: '..., said Globex.'"""
    m = _NAME_AFTER.match(sentence[pos:])
    if not m:
        return None
    mentions = find_entity_mentions(m.group(1))
    if mentions and mentions[0].start == 0 and mentions[0].kind not in ("place",):
        return mentions[0].text
    return None

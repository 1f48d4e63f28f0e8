"""Passage search: BM25 over the FTS5 index, with entity names matched despite case, spacing and
small typos ("acme robotics", "AcmeRobotics", "Acme Robotcs") against the names seen in the corpus."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from factcheck.models import Hit
from factcheck.names import name_key
from factcheck.store import Store

_WORD = re.compile(r"\w+(?:[.'’]\w+)*", re.UNICODE)
FUZZY_CUTOFF = 80.0  # rapidfuzz ratio (0-100) for a typed name to count as a known name
MAX_NGRAM = 3


@dataclass(slots=True)
class SearchResult:
    query: str
    hits: list[Hit]
    groups: list[list[str]]  # the phrase alternatives searched (one group per query part)
    matched_entities: list[tuple[str, str]] = field(default_factory=list)  # (typed, canonical)
    any_term: bool = False  # True when no passage had every term and the search fell back to any


def resolve_entity(store: Store, text: str, *, fuzzy: bool = True) -> str | None:
    """The canonical corpus name for a typed entity name, or None."""
    key = name_key(text)
    if not key:
        return None
    exact = store.canonical_for_key(key)
    if exact or not fuzzy or len(key) < 4:
        return exact
    from rapidfuzz import fuzz, process

    keys = store.alias_keys()
    best = process.extractOne(key, keys.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    return None if best is None else keys[best[0]]


def query_groups(store: Store, query: str) -> tuple[list[list[str]], list[tuple[str, str]]]:
    """Split a query into groups of alternative phrases; entity names become all their surfaces."""
    words = _WORD.findall(query)
    groups: list[list[str]] = []
    matched: list[tuple[str, str]] = []
    i = 0
    while i < len(words):
        found = False
        for n in range(min(MAX_NGRAM, len(words) - i), 0, -1):
            span = words[i : i + n]
            typed = " ".join(span)
            key = name_key(typed)
            canonical = store.canonical_for_key(key) if key else None
            if canonical is None and n == 1 and len(key) >= 4 and not store.in_vocabulary(span[0]):
                canonical = resolve_entity(store, typed)
            if canonical is None and n > 1 and not all(store.in_vocabulary(w) for w in span):
                # "AcmeRobotics" style glued or spaced names: try the n-gram's key fuzzily
                canonical = resolve_entity(store, typed)
            if canonical is not None:
                names = sorted(set(store.names_of(canonical)) | {canonical})
                groups.append(names)
                matched.append((typed, canonical))
                i += n
                found = True
                break
        if not found:
            groups.append([words[i]])
            i += 1
    return groups, matched


def search(store: Store, query: str, *, limit: int = 10) -> SearchResult:
    groups, matched = query_groups(store, query)
    hits = store.search(groups, limit=limit)
    any_term = False
    if not hits and len(groups) > 1:
        hits = store.search(groups, limit=limit, any_term=True)
        any_term = bool(hits)
    return SearchResult(query=query, hits=hits, groups=groups, matched_entities=matched, any_term=any_term)

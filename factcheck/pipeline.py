"""From a read document to what the index stores about it: facts and entity mentions."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from factcheck.models import Document, Fact

SHORT_PASSAGE = 80  # characters: headings and list titles


def parse_iso_date(s: str | None) -> dt.date | None:
    """A date from an ISO string of day, month or year precision ("2025-06-25", "2024-04", "2025")."""
    if not s:
        return None
    parts = s.strip()[:10].split("-")
    try:
        y = int(parts[0])
        m = int(parts[1]) if len(parts) > 1 else 1
        d = int(parts[2]) if len(parts) > 2 else 1
        return dt.date(y, m, d)
    except (ValueError, IndexError):
        return None


def document_facts(doc: Document, metadata: dict[str, str]) -> tuple[list[tuple[Fact, str]], dict[str, int]]:
    """The facts of a document (each with its sentence text) and how often each entity name occurs."""
    from factcheck.extract.entities import entity_names
    from factcheck.extract.facts import extract_facts

    ref = parse_iso_date(metadata.get("date"))
    # Entity names seen in the corpus (for alias merging, fuzzy name matching and "which entity does
    # this claim name").  Finding names is the costliest step of indexing, so they are taken from the
    # passages fact extraction reads anyway (figures with an attribute cue) plus short passages
    # (headings, profile titles), not from every passage.
    mentions: Counter[str] = Counter()
    facts = extract_facts(doc, ref_date=ref, names=mentions)
    text = doc.text
    out = [(f, text[f.sentence_start : f.sentence_end]) for f in facts]
    for p in doc.passages:
        if len(p.text) <= SHORT_PASSAGE:
            mentions.update(entity_names(p.text))
    for f in facts:
        if f.entity:
            mentions[f.entity] += 0  # make sure every fact's entity has an alias row
    return out, dict(mentions)

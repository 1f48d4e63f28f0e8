"""The one normalised form of an entity name, shared by extraction, the index and look-ups."""

from __future__ import annotations


def name_key(name: str) -> str:
    """Casefolded, spaces and punctuation removed, a trailing possessive dropped:
    "Acme AI" == "AcmeAI" == "acme-ai" == "Acme AI's"."""
    n = name.strip()
    if n.endswith(("'s", "’s")):
        n = n[:-2]
    return "".join(ch for ch in n.casefold() if ch.isalnum())

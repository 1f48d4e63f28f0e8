"""The typed vocabularies of checking: what a claim's verdict is and what a passage says of it."""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    """A claim's (or one figure's) verdict; a StrEnum, so it prints and serialises as its value."""

    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    DISPUTED = "disputed"
    UNVERIFIED = "unverified"

    @property
    def severity(self) -> int:
        """How serious: a claim is as wrong as its most serious part (lower is more serious)."""
        return SEVERITY.index(self)


SEVERITY = (Verdict.CONTRADICTED, Verdict.DISPUTED, Verdict.UNVERIFIED, Verdict.SUPPORTED)


class Stance(StrEnum):
    """What one passage says of a claimed figure."""

    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    RELATED = "related"  # consistent but not confirming, another date, another kind of figure
    DISPUTES = "disputes"  # a rating such as "Half True"

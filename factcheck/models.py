"""The value types that flow through the pipeline.

ingest -> Document (text + Passages with Sentences)
extract -> Quantity / DateSpan / EntityMention spans (offsets into the text given to the extractor)
facts -> Fact (entity, attribute, Quantity, as-of date, cited origin, where it was said)
check -> Claim, Evidence, Verdict

Every span carries ``start``/``end`` character offsets (end exclusive) so any result can be traced
back to the exact words it came from.  Nothing here imports anything outside the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a passage; offsets are into the document text (not the passage)."""

    start: int
    end: int
    line: int  # 1-based line of the document text where the sentence starts


class Passage(NamedTuple):
    """A paragraph of a source document, after boilerplate removal.

    ``start``/``end`` are offsets into the repaired document text; ``line`` is the 1-based line
    where the passage starts.  ``text`` == document_text[start:end].

    A named tuple, not a frozen dataclass like the other types here: indexing makes one for every
    paragraph of the corpus (3.4 million for a gigabyte), and a frozen dataclass's ``__init__``
    (one ``object.__setattr__`` call a field) took 1.7% of the index workers' time, four times
    what building the tuple does.
    """

    number: int  # 0-based paragraph number within the document (boilerplate paragraphs skipped)
    line: int
    start: int
    end: int
    text: str
    sentences: tuple[Sentence, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    """One source file read, decoded, repaired and segmented."""

    text: str  # the repaired full text (line structure identical to the file's)
    passages: tuple[Passage, ...]
    encoding: str  # encoding actually used to decode ("utf-8", "utf-8-sig", "cp1252", ...)
    repairs: int = 0  # number of mojibake sequences repaired
    dropped: int = 0  # number of boilerplate paragraphs/lines dropped
    warnings: tuple[str, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict)  # from front matter / HTML <meta>


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure found in text: a normalised value, the interval it stands for, and its unit.

    ``value`` is the central value in base units ("2.7 billion" -> 2.7e9, "45%" -> 45.0 with
    unit "percent").  ``low``/``high`` is the interval the words allow (None = unbounded);
    ``precision`` is the half-width of the last stated digit ("2.7 billion" -> 0.05e9,
    "800" -> 0.5, "1,000" -> 0.5), so bare figures can be compared at their stated precision.
    ``linked`` is the index, in the same result list, of the quantity this one re-expresses
    ("20 billion yuan ($2.7 billion)": the dollar figure is linked to the yuan figure).
    """

    start: int
    end: int
    text: str
    value: float
    low: float | None
    high: float | None
    low_inclusive: bool = True
    high_inclusive: bool = True
    kind: str = "number"  # number | money | percent | year | duration | ordinal | count
    unit: str | None = None  # "percent", "year", "month", ... (None for a bare number or money)
    currency: str | None = None  # ISO 4217 code for money ("USD", "CNY", "EUR", "GBP", ...)
    qualifier: str | None = None  # normalised qualifier word: nearly, over, at least, up to, about, ...
    precision: float = 0.0
    linked: int | None = None


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A date or period in text, as an inclusive interval of ISO dates."""

    start: int
    end: int
    text: str
    begin: str  # ISO date, e.g. "2024-03-01"
    finish: str  # ISO date, inclusive, e.g. "2024-03-31"
    precision: str  # day | month | season | half | quarter | year | decade


@dataclass(frozen=True, slots=True)
class Fact:
    """A figure about an entity's attribute, tied to the words that say it."""

    entity: str | None  # canonical entity name; None when the subject could not be established
    attribute: str  # attribute id from the lexicon ("headcount", "valuation", ...)
    quantity: Quantity  # offsets are into the document text
    sentence_start: int
    sentence_end: int
    line: int
    as_of: DateSpan | None = None
    origin: str | None = None  # cited origin ("the Financial Times", "OpenAI")
    entity_surface: str | None = None  # the words that named the entity ("the AI company")
    alt: Quantity | None = None  # the linked other rendering of the same figure, if any


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """A source as recorded in the index."""

    id: int
    path: str  # relative to the sources folder (or "corpus.jsonl#id" for record corpora)
    outlet: str
    title: str
    date: str  # ISO date (or "" when unknown); see date_precision
    date_precision: str  # day | month | season | year | "" (unknown)
    date_inferred: bool
    language: str
    encoding: str
    size: int
    passages: int
    repairs: int
    dropped: int
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Hit:
    """A passage found by search, with its BM25 rank (lower is better, as SQLite reports it)."""

    source: SourceInfo
    line: int
    start: int
    end: int
    text: str
    highlighted: str  # text with \x02 ... \x03 around matched terms
    rank: float


@dataclass(frozen=True, slots=True)
class FactRecord:
    """A stored fact with the source it came from and the canonical entity after alias merging."""

    id: int
    fact: Fact
    source: SourceInfo
    canonical: str | None  # the corpus-wide canonical entity name
    sentence: str

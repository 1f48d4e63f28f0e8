"""Corpora that are one file of records (JSON Lines or CSV), each record a document: newsroom
exports and scraped datasets.  Read as a stream, never loaded whole."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

RECORD_SUFFIXES = (".jsonl", ".ndjson", ".csv")


@dataclass(frozen=True, slots=True)
class RecordFields:
    """Which field of a record holds what."""

    text: str = "text"
    id: str = "id"
    date: str = "date"
    outlet: str = "source"
    title: str = "title"

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, s: str) -> RecordFields:
        return cls(**json.loads(s))


@dataclass(frozen=True, slots=True)
class Record:
    id: str
    text: str
    metadata: dict[str, str]
    line: int  # line (JSONL) or record number (CSV) in the corpus file


def is_record_corpus(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in RECORD_SUFFIXES


def _field(obj: dict[str, object], name: str) -> str | None:
    v = obj.get(name)
    if v is None:
        return None
    return v if isinstance(v, str) else str(v)


def _record(
    obj: dict[str, object], fields: RecordFields, n: int, warn: list[tuple[int, str]]
) -> Record | None:
    text = _field(obj, fields.text)
    if text is None:
        warn.append((n, f"no '{fields.text}' field; record skipped"))
        return None
    rid = _field(obj, fields.id) or str(n)
    md = {}
    for key, name in (("date", fields.date), ("outlet", fields.outlet), ("title", fields.title)):
        v = _field(obj, name)
        if v:
            md[key] = v
    if "date" in md:
        md["date"] = md["date"][:10]
        md.setdefault(
            "date_precision", "day" if len(md["date"]) == 10 else "month" if len(md["date"]) == 7 else "year"
        )
    return Record(rid, text, md, n)


def iter_records(path: Path, fields: RecordFields, warnings: list[tuple[int, str]]) -> Iterator[Record]:
    """Records of a .jsonl/.ndjson or .csv file, in file order; bad records become warnings
    (line number, message) and are skipped."""
    if path.suffix.lower() == ".csv":
        csv.field_size_limit(sys.maxsize)
        with open(path, encoding="utf-8", errors="replace", newline="") as fh:
            reader = csv.DictReader(fh)
            for n, row in enumerate(reader, start=2):
                rec = _record(dict(row), fields, n, warnings)
                if rec is not None:
                    yield rec
        return
    with open(path, "rb") as fh:
        for n, raw in enumerate(fh, start=1):
            line = raw.strip()
            if not line:
                continue
            try:
                obj = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError) as e:
                warnings.append((n, f"not valid JSON ({e.__class__.__name__}); record skipped"))
                continue
            if not isinstance(obj, dict):
                warnings.append((n, "not a JSON object; record skipped"))
                continue
            rec = _record(obj, fields, n, warnings)
            if rec is not None:
                yield rec

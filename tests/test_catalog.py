"""sources/catalog.json and factcheck.ingest.catalog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.ingest.catalog import load_catalog, metadata_for

SOURCES = Path(__file__).resolve().parent.parent / "sources"

# id, file, outlet, date, precision, inferred
BUNDLED = [
    pytest.param("000_18a181829c3511c5.txt", "Cointelegraph", "2024-04", "season", True, id="cointelegraph"),
    pytest.param("001_2937a901429759be.txt", "Caixin Global", "2025-01", "season", True, id="caixin"),
    pytest.param("002_5c8366660ba2e341.txt", "GNN", "2025-06-25", "day", False, id="gnn"),
    pytest.param("003_53115e42850fa6a9.txt", "CNBC", "2025-06-26", "day", True, id="cnbc"),
    pytest.param(
        "004_39d260672c34949b.txt", "South China Morning Post", "2025-06-26", "day", True, id="scmp"
    ),
]


@pytest.mark.parametrize(("name", "outlet", "date", "precision", "inferred"), BUNDLED)
def test_bundled_catalog(name: str, outlet: str, date: str, precision: str, inferred: bool) -> None:
    entry = load_catalog(SOURCES)[name]
    assert entry["outlet"] == outlet
    assert entry["date"] == date
    assert entry["date_precision"] == precision
    assert entry["date_inferred"] is inferred
    assert entry["language"] == "en"
    assert isinstance(entry["date_note"], str) and entry["date_note"]
    assert isinstance(entry["title"], str) and entry["title"]


def test_catalog_covers_every_bundled_file() -> None:
    assert set(load_catalog(SOURCES)) == {p.name for p in SOURCES.glob("*.txt")}


def test_missing_catalog_is_empty(tmp_path: Path) -> None:
    assert load_catalog(tmp_path) == {}


# id, file content, fragment of the error message
BAD = [
    pytest.param("{not json", "not valid JSON (line 1", id="not-json"),
    pytest.param("[]", "expected a JSON object", id="not-object"),
    pytest.param('{"schema": 2, "sources": {}}', "unsupported schema 2", id="schema"),
    pytest.param('{"schema": 1, "sources": []}', "'sources' must be an object", id="sources-list"),
    pytest.param(
        '{"schema": 1, "sources": {"a.txt": "x"}}', "entry 'a.txt' must be an object", id="entry-not-object"
    ),
    pytest.param(
        '{"schema": 1, "sources": {"a.txt": {"n": 1}}}',
        "'a.txt'.n must be a string or true/false",
        id="number-value",
    ),
]


@pytest.mark.parametrize(("content", "message"), BAD)
def test_malformed_catalog(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "catalog.json").write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=None) as info:
        load_catalog(tmp_path)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


CATALOG = {"a.txt": {"outlet": "Wire", "date": "2024-04"}, "sub/b.md": {"outlet": "Sub"}}

# id, relpath, file metadata, expected merge
MERGE = [
    pytest.param(
        "a.txt",
        {"date": "2024-01-01", "author": "X"},
        {"date": "2024-04", "author": "X", "outlet": "Wire"},
        id="catalog-wins-file-fills",
    ),
    pytest.param("sub/b.md", {"title": "T"}, {"title": "T", "outlet": "Sub"}, id="by-relative-path"),
    pytest.param("other/a.txt", {}, {"outlet": "Wire", "date": "2024-04"}, id="by-file-name"),
    pytest.param("c.txt", {"title": "T"}, {"title": "T"}, id="no-entry"),
]


@pytest.mark.parametrize(("relpath", "file_meta", "expected"), MERGE)
def test_metadata_for(relpath: str, file_meta: dict[str, str], expected: dict[str, str]) -> None:
    assert metadata_for(relpath, CATALOG, file_meta) == expected


def test_catalog_file_is_plain_json() -> None:
    data = json.loads((SOURCES / "catalog.json").read_text(encoding="utf-8"))
    assert data["schema"] == 1

"""Publication date and outlet read from a document's own dateline or byline."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.ingest.dateline import infer_metadata
from tests.conftest import write_corpus


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Headline\n\nBy Jennifer Hassan | Global Wire | May 23, 2024\n\nSINGAPORE — Body.",
            {"date": "2024-05-23", "date_precision": "day", "date_inferred": "true", "outlet": "Global Wire"},
            id="pipe-byline",
        ),
        pytest.param(
            "Title\nPublished on June 25 2025, 8:01 pm\nBody text.",
            {"date": "2025-06-25", "date_precision": "day", "date_inferred": "true"},
            id="published-line",
        ),
        pytest.param(
            "Acme raised $5 million in March.\nIt has 300 staff.", {}, id="month-alone-is-no-dateline"
        ),
        pytest.param("Body.\n" * 20 + "By Ann Lee | Daily Ledger | May 3, 2021", {}, id="too-far-down"),
        pytest.param("", {}, id="empty"),
    ],
)
def test_infer_metadata(text: str, expected: dict[str, str]) -> None:
    assert infer_metadata(text) == expected


def test_dateline_fills_what_no_catalog_or_front_matter_gives(cli, tmp_path: Path) -> None:
    src = write_corpus(
        tmp_path / "src",
        {
            "a.txt": "Headline\n\nBy Ann Lee | Daily Ledger | May 3, 2021\n\nAcme Robotics has 300 employees.\n",
            "b.md": "---\ndate: 2020-01-02\n---\nBy Ann Lee | Daily Ledger | May 3, 2021\n\nAcme Robotics has 300 employees.\n",
        },
    )
    rows = {s["path"]: s for s in cli("sources", "--json", sources=src).json()["sources"]}
    assert (rows["a.txt"]["date"], rows["a.txt"]["date_inferred"], rows["a.txt"]["outlet"]) == (
        "2021-05-03",
        True,
        "Daily Ledger",
    )
    assert (rows["b.md"]["date"], rows["b.md"]["date_inferred"], rows["b.md"]["outlet"]) == (
        "2020-01-02",
        False,
        "Daily Ledger",
    )

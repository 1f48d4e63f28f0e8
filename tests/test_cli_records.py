"""Corpora that are one JSON Lines or CSV file of documents: indexing, incremental refresh,
malformed records, field names, and checking claims against them."""

from __future__ import annotations

import csv
import json
import os
import time
from pathlib import Path

RECORDS = [
    {
        "id": "a1",
        "source": "Daily Ledger",
        "date": "2024-05-01",
        "title": "t1",
        "text": "Nimbus Freight has 1,200 employees.",
    },
    {
        "id": "a2",
        "source": "Global Wire",
        "date": "2024-06-01",
        "text": "Nimbus Freight employs about 1,500 people.",
    },
    {
        "id": "a3",
        "source": "Tech Courier",
        "date": "2024-07-01",
        "text": "Orbital Mining raised $25 million in a Series A round.",
    },
]


def write_jsonl(path: Path, rows: list[object], extra: str = "") -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n" + extra, encoding="utf-8")
    return path


def test_jsonl_corpus_is_indexed_with_its_metadata(cli, tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "export.jsonl", RECORDS)
    r = cli("index", "--json", sources=corpus)
    assert r.code == 0, r.err
    assert (r.json()["added"], r.json()["sources"]) == (3, 3)
    rows = {s["path"]: s for s in cli("sources", "--json", sources=corpus).json()["sources"]}
    assert set(rows) == {"export.jsonl#a1", "export.jsonl#a2", "export.jsonl#a3"}
    assert (rows["export.jsonl#a1"]["outlet"], rows["export.jsonl#a1"]["date"]) == (
        "Daily Ledger",
        "2024-05-01",
    )
    res = cli("check", "Nimbus Freight has 1,200 employees", "--json", sources=corpus).json()["results"][0]
    assert res["verdict"] == "disputed"
    assert {e["source"] for e in res["evidence"]} == {"export.jsonl#a1", "export.jsonl#a2"}


def test_jsonl_refresh_reads_only_changed_records(cli, tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "export.jsonl", RECORDS)
    assert cli("index", sources=corpus).code == 0
    again = cli("index", "--json", sources=corpus).json()
    assert (again["added"], again["changed"], again["removed"], again["unchanged"]) == (0, 0, 0, 3)
    changed = [
        dict(RECORDS[0], text="Nimbus Freight has 1,300 employees."),
        RECORDS[2],
        {"id": "a4", "text": "Helix Motors is valued at $3 billion."},
    ]
    write_jsonl(corpus, changed)
    t = time.time() + 5
    os.utime(corpus, (t, t))
    r = cli("index", "--json", sources=corpus).json()
    assert (r["added"], r["changed"], r["removed"], r["unchanged"]) == (1, 1, 1, 1)


def test_malformed_records_are_skipped_with_a_warning(cli, tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "export.jsonl", RECORDS, extra='{"id": "x"\n[1, 2]\n{"id": "no-text"}\n')
    r = cli("index", "--json", sources=corpus)
    assert r.code == 0 and r.json()["sources"] == 3
    assert "export.jsonl:4" in r.err and "not valid JSON" in r.err
    assert "not a JSON object" in r.err and "no 'text' field" in r.err


def test_field_names_and_csv(cli, tmp_path: Path) -> None:
    corpus = tmp_path / "export.csv"
    with open(corpus, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["url", "site", "published", "body"])
        w.writerow(["u1", "Daily Ledger", "2023-03-01", "Quorra Labs has 450 employees."])
        w.writerow(["u2", "Global Wire", "2023-03-05", "Quorra Labs has 900 employees."])
    r = cli(
        "index",
        "--text-field",
        "body",
        "--id-field",
        "url",
        "--date-field",
        "published",
        "--outlet-field",
        "site",
        "--json",
        sources=corpus,
    )
    assert r.code == 0 and r.json()["sources"] == 2, r.err
    rows = {s["path"]: s for s in cli("sources", "--json", sources=corpus).json()["sources"]}
    assert rows["export.csv#u1"]["outlet"] == "Daily Ledger" and rows["export.csv#u2"]["date"] == "2023-03-05"
    # a plain `index` and later commands refresh with the field names the index remembers
    again = cli("index", "--json", sources=corpus).json()
    assert (again["unchanged"], again["removed"]) == (2, 0)
    with open(corpus, "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow(["u3", "Tech Courier", "2023-04-01", "Quorra Labs has 460 employees."])
    r = cli("conflicts", "--json", sources=corpus)
    assert "indexed 3 sources" in r.err
    groups = {(g["entity"], g["attribute"]) for g in r.json()["groups"]}
    assert ("Quorra Labs", "headcount") in groups


def test_lower_case_corpus_is_checked_by_the_claims_words(cli, tmp_path: Path) -> None:
    """No capitals, so no entity names: evidence comes from passages holding the claim's words."""
    corpus = write_jsonl(
        tmp_path / "snippets.jsonl",
        [
            {"id": "s1", "text": "quorra labs has 450 employees, the company said on monday."},
            {"id": "s2", "text": "rival firm helix motors has 9,000 employees and 12 plants."},
        ],
    )
    res = cli("check", "Quorra Labs has 450 employees", "--json", sources=corpus).json()["results"][0]
    assert res["verdict"] == "supported", res
    assert all("claim's words" in e["note"] for e in res["evidence"])
    res = cli("check", "Quorra Labs has 900 employees", "--json", sources=corpus).json()["results"][0]
    assert res["verdict"] == "contradicted", res
    assert {e["figure"] for e in res["evidence"]} == {"450"}  # not helix motors' 9,000
    res = cli("check", "Zentra Bank has 450 employees", "--json", sources=corpus).json()["results"][0]
    assert res["verdict"] == "unverified"

"""`factcheck conflicts`: groups, classification of each difference, exit status, outputs."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.conftest import write_corpus


def doc(outlet: str, date: str, body: str) -> str:
    return f"---\noutlet: {outlet}\ndate: {date}\n---\n{body}\n"


PLANTED = {
    # real disagreement, same time, no qualifiers, no cited origin
    "a1.md": doc("Daily Ledger", "2024-03-01", "Quorra Labs has 450 employees."),
    "a2.md": doc("Global Wire", "2024-03-05", "Quorra Labs has 900 employees."),
    # agreement: no group
    "b1.md": doc("Daily Ledger", "2024-03-01", "Helix Motors is valued at $3 billion."),
    "b2.md": doc("Global Wire", "2024-03-02", "Helix Motors is valued at $3 billion."),
    # same yuan figure, different dollar conversions
    "c1.md": doc(
        "Tech Courier", "2023-01-10", "Lumen Semiconductor is valued at 20 billion yuan ($2.9 billion)."
    ),
    "c2.md": doc(
        "Market Observer", "2024-11-10", "Lumen Semiconductor is valued at 20 billion yuan ($2.78 billion)."
    ),
    # rounding: $1.2 billion vs $1.23 billion
    "d1.md": doc("Daily Ledger", "2024-05-01", "Norvex Energy is valued at $1.2 billion."),
    "d2.md": doc("Global Wire", "2024-05-02", "Norvex Energy is valued at $1.21 billion."),
    # change over time: a year apart
    "e1.md": doc("Daily Ledger", "2021-01-15", "Tavio Media has 120 employees."),
    "e2.md": doc("Global Wire", "2023-06-15", "Tavio Media has 400 employees."),
    # approximate vs exact, with a cited origin
    "f1.md": doc("Daily Ledger", "2024-02-01", "According to Reuters, Brisk Logistics has 800 staff."),
    "f2.md": doc("Global Wire", "2024-02-03", "Brisk Logistics, with nearly 1,000 employees, expanded."),
    # different attributes and things must not mix
    "g1.md": doc(
        "Daily Ledger",
        "2024-01-01",
        "Ombra Capital announced $200 billion in commercial deals. Ombra Capital is valued at $5 billion.",
    ),
}


@pytest.fixture
def planted(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    src = write_corpus(tmp_path / "src", PLANTED)

    def run(*args: str):  # type: ignore[no-untyped-def]
        return cli("conflicts", *args, sources=src)

    return run


def groups_by_entity(doc_json: dict) -> dict[tuple[str, str], dict]:  # type: ignore[type-arg]
    return {(g["entity"], g["attribute"]): g for g in doc_json["groups"]}


def test_classification_of_planted_differences(planted) -> None:
    r = planted("--json")
    assert r.code == 1, r.err
    g = groups_by_entity(r.json())
    assert g[("Quorra Labs", "headcount")]["classification"] == ["plain disagreement"]
    assert g[("Quorra Labs", "headcount")]["disagreement"] is True
    assert ("Helix Motors", "valuation") not in g
    conv = g[("Lumen Semiconductor", "valuation")]
    assert conv["classification"] == ["same figure, different conversion"] and conv["disagreement"] is False
    assert "ECB" in conv["differences"][0]["note"]
    rnd = g[("Norvex Energy", "valuation")]
    assert rnd["classification"] == ["rounding or precision"] and rnd["disagreement"] is False
    assert "different dates" in g[("Tavio Media", "headcount")]["classification"]
    brisk = g[("Brisk Logistics", "headcount")]["classification"]
    assert "approximate vs exact" in brisk and "different origin" in brisk
    assert not any(e == "Ombra Capital" and a != "valuation" for e, a in g)


def test_values_ordered_by_date_and_quoted(planted) -> None:
    g = groups_by_entity(planted("--json").json())[("Tavio Media", "headcount")]
    assert [v["figure"] for v in g["values"]] == ["120", "400"]
    src = g["values"][0]["sources"][0]
    assert src["outlet"] == "Daily Ledger" and src["line"] == 5 and "120 employees" in src["text"]


def test_near_matches_do_not_fail_unless_strict(cli, tmp_path: Path) -> None:
    src = write_corpus(tmp_path / "src", {k: PLANTED[k] for k in ("c1.md", "c2.md", "d1.md", "d2.md")})
    assert cli("conflicts", sources=src).code == 0
    assert cli("conflicts", "--strict", sources=src).code == 1


def test_min_difference_filters_small_ones(planted) -> None:
    g = groups_by_entity(planted("--json", "--min-difference", "0.3").json())
    assert ("Quorra Labs", "headcount") in g  # 450 vs 900
    assert ("Brisk Logistics", "headcount") not in g  # 800 vs [900, 1000)


def test_entity_filter_and_exit_status(planted) -> None:
    assert planted("--entity", "helix motors").code == 0
    assert planted("--entity", "quorra labs").code == 1
    assert planted("--entity", "No Such Company").code == 2


def test_jsonl_and_csv(planted) -> None:
    rows = planted("--jsonl").jsonl()
    assert rows[-1]["type"] == "summary" and rows[-1]["conflicts"] >= 3
    assert all(r["type"] == "group" for r in rows[:-1])
    out = planted("--csv").out
    table = list(csv.DictReader(io.StringIO(out)))
    assert {"entity", "attribute", "figure", "source", "line"} <= set(table[0])


def test_bundled_conflicts(bundled) -> None:
    r = bundled("conflicts", "--json")
    assert r.code == 1
    g = groups_by_entity(r.json())
    head = g[("Zhipu AI", "headcount")]
    figures = [v["figure"] for v in head["values"]]
    assert figures == ["800", "nearly 1,000"]
    assert head["values"][0]["sources"][0]["origin"] == "the Financial Times"
    val = g[("Zhipu AI", "valuation")]
    labels = [v["figure"] for v in val["values"]]
    assert labels[0] == "$2.5 billion"
    assert any("20 billion yuan ($2.7 billion)" in x for x in labels)
    assert any("20 billion yuan ($2.78 billion)" in x for x in labels)
    assert "same figure, different conversion" in val["classification"]
    assert "different dates" in val["classification"]
    # an unattributed figure never joins a group
    assert all(e for e, _ in g)


def test_min_difference_takes_a_percentage_as_report_does(cli, bundled_copy) -> None:
    plain = cli("conflicts", "--json", "--min-difference", "0.05", sources=bundled_copy)
    pct = cli("conflicts", "--json", "--min-difference", "5%", sources=bundled_copy)
    assert plain.code == pct.code and plain.json()["groups"] == pct.json()["groups"]
    bad = cli("conflicts", "--min-difference", "lots", sources=bundled_copy)
    assert bad.code == 2 and "not a relative difference like 0.1 or 10%" in bad.err


def test_a_forecast_or_an_offer_is_no_conflict(cli, tmp_path: Path) -> None:
    """A figure given as a forecast, an estimate, an offer or a denial is not a statement that it is so
    (extract/frames.py), so it never disagrees with one that is."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.md").write_text(
        "---\noutlet: Wire A\ndate: 2024-03-01\n---\nAcme Robotics is valued at $2 billion after its latest round.\n",
        encoding="utf-8",
    )
    (src / "b.md").write_text(
        "---\noutlet: Wire B\ndate: 2024-03-02\n---\n"
        "Analysts expect Acme Robotics to be valued at $5 billion by next year.\n",
        encoding="utf-8",
    )
    r = cli("conflicts", "--json", sources=src)
    assert r.code == 0, r.out
    assert r.json()["groups"] == []
    (src / "c.md").write_text(
        "---\noutlet: Wire C\ndate: 2024-03-03\n---\nAcme Robotics is valued at $3.5 billion, its filing shows.\n",
        encoding="utf-8",
    )
    r = cli("conflicts", "--json", sources=src)
    assert r.code == 1  # two stated figures do disagree

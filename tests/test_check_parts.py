"""Claims checked figure by figure (parts) and matched by frame (check/by_frame.py), driven through the
CLI over corpora the tests write; and the careful reader's table for round and approximate figures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from factcheck.check.claims import claim_figures
from factcheck.check.rounding import holds, qualifier_class
from factcheck.extract.quantities import extract_quantities
from factcheck.extract.units import unit_after
from tests.conftest import check_one, write_corpus

ARTICLES = {
    "aircraft.md": "---\noutlet: Air Wire\ndate: 2005-01-18\n---\n"
    "Skyliner unveils the Skyliner X9\n\n"
    "Skyliner has unveiled the X9, the largest passenger jet ever built. To date, 149 confirmed orders "
    "for the aircraft have been received, and chief executive Ana Ruiz expects sales to exceed the 250 "
    "required for the project to break even.\n\n"
    "The X9 has a 79-metre wingspan and can fly 8,000 nautical miles without refuelling.\n",
    "carmaker.md": "---\noutlet: Motor Daily\ndate: 2009-02-18\n---\n"
    "Kestrel Motors seeks more aid\n\n"
    "Kestrel Motors announced that it seeks $16.6 billion in loans from the government, in addition to "
    "the $13.4 billion that it has already received. The carmaker plans to close five factories.\n",
}


def check(cli: Any, tmp_path: Path, claim: str) -> tuple[int, dict[str, Any]]:
    return check_one(cli, write_corpus(tmp_path / "src", ARTICLES), claim)


@pytest.mark.parametrize(
    ("claim", "verdict", "parts"),
    [
        pytest.param(
            "When Skyliner unveiled the X9 it had 149 firm orders and needed 250 sales to break even.",
            "supported",
            ["supported", "supported"],
            id="two-figures-both-right",
        ),
        pytest.param(
            "Skyliner had 194 firm orders and needed 250 sales to break even.",
            "contradicted",
            ["contradicted", "supported"],
            id="first-figure-wrong",
        ),
        pytest.param(
            "When Skyliner unveiled the X9 it had 194 firm orders and needed 250 sales to break even.",
            "contradicted",
            ["contradicted", "supported"],
            id="first-figure-wrong-long-claim",
        ),
        pytest.param(
            "Kestrel Motors asked for a further $16.6 billion in government loans on top of the $31.4 billion "
            "it had received.",
            "contradicted",
            ["supported", "contradicted"],
            id="money-second-wrong",
        ),
        pytest.param(
            "The Skyliner X9 has a wingspan of 79 metres.", "supported", ["supported"], id="open-measure"
        ),
        pytest.param(
            "The Skyliner X9 has a wingspan of 97 metres.", "contradicted", ["contradicted"], id="open-wrong"
        ),
        pytest.param(
            "Skyliner's X9 has 3,000 toilets.", "unverified", ["unverified"], id="measure-not-in-sources"
        ),
    ],
)
def test_each_figure_is_a_part(cli: Any, tmp_path: Path, claim: str, verdict: str, parts: list[str]) -> None:
    code, res = check(cli, tmp_path, claim)
    assert res["verdict"] == verdict, res["reason"]
    assert [p["verdict"] for p in res["parts"]] == parts
    for p in res["parts"]:
        assert claim[p["start"] : p["end"]] == p["figure"]  # offsets slice the claim back to its figure
    assert code == (1 if verdict in ("contradicted", "disputed") else 0)


def test_a_claim_is_never_supported_while_a_part_is_unsourced(cli: Any, tmp_path: Path) -> None:
    _, res = check(cli, tmp_path, "Kestrel Motors got $13.4 billion in loans and employs 91,000 people.")
    assert res["verdict"] != "supported"
    assert "unverified" in [p["verdict"] for p in res["parts"]]


def test_text_output_lists_the_parts(cli: Any, tmp_path: Path) -> None:
    src = write_corpus(tmp_path / "src", ARTICLES)
    r = cli("check", "Skyliner had 194 firm orders and needed 250 sales to break even.", sources=src)
    assert r.code == 1
    lines = r.out.splitlines()
    assert lines[0].startswith("CONTRADICTED")
    assert "  part 194: contradicted" in lines and "  part 250: supported" in lines


@pytest.mark.parametrize(
    ("claim", "labels"),
    [
        ("Boeing had delivered 5,700 737s by May 2008.", ["5,700"]),
        ("In January 2005 the firm said it needed 250 sales.", ["250"]),
        ("The A380 has a wingspan of 79 metres.", ["79"]),
        ("Kay Hagan was born on May 26, 1958.", ["1958"]),
        ("Monarch butterflies covered about six hectares in 2018-19.", ["about six"]),
        ("US unemployment hit 8.5% in March 2009, the highest rate since 1993.", ["8.5%", "1993"]),
        ("Robert Mugabe was imprisoned from 1963 until 1980.", ["1963", "1980"]),
    ],
)
def test_claim_figures_leave_out_dates_and_model_numbers_but_not_marked_years(
    claim: str, labels: list[str]
) -> None:
    assert [q.text for q in claim_figures(claim)] == labels


def _q(text: str) -> Any:
    return extract_quantities(text)[0]


# The careful reader's table (README "How figures are compared"): (claim, source figure, holds?)
READER_TABLE = [
    ("$3 billion", "$2.5 billion", False),
    ("$3 billion", "$2.78 billion", False),
    ("$3 billion", "$3.2 billion", False),
    ("$3 billion", "$3.05 billion", True),
    ("$1 billion", "$600 million", False),
    ("$1 billion", "$1.04 billion", True),
    ("$1 billion", "$1.45 billion", False),
    ("800", "about 800", True),
    ("800", "nearly 1,000", False),
    ("more than 500", "800", True),
    ("more than 5,000", "about 5,000", False),
    ("nearly 21 million", "more than 21 million", False),
    ("about 35,000", "34,500", True),
    ("about $15bn", "$15 billion", True),
    ("over six billion dollars", "more than 6 billion dollars", True),
    ("fewer than 900", "800", True),
    ("fewer than 900", "nearly 1,000", False),
]


@pytest.mark.parametrize(
    ("claim", "source", "expected"), READER_TABLE, ids=[f"{c}~{s}" for c, s, _ in READER_TABLE]
)
def test_careful_reader_table(claim: str, source: str, expected: bool) -> None:
    s = _q(source)
    assert holds(_q(claim), s.value, qualifier_class(s)) is expected


@pytest.mark.parametrize(
    ("text", "unit"),
    [("75 mph winds", "mph"), ("120 km/h", "kph"), ("30 miles per hour", "mph"), ("a 79-metre wingspan", "m"),
     ("9,420 nautical miles", "nmi"), ("800 employees", "")],
)  # fmt: skip
def test_unit_after_a_figure(text: str, unit: str) -> None:
    assert unit_after(text, _q(text)) == unit


# -- negation, shell accidents, the weight of the evidence ----------------------------------------------


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        pytest.param(
            "The Skyliner X9 does not have a wingspan of 79 metres.", "contradicted", id="denies-true"
        ),
        pytest.param(
            "The Skyliner X9 does not have a wingspan of 97 metres.", "supported", id="denies-false"
        ),
        pytest.param(
            "The Skyliner X9 has a wingspan of no more than 80 metres.", "supported", id="qualifier"
        ),
    ],
)
def test_a_denied_figure_is_understood(cli: Any, tmp_path: Path, claim: str, verdict: str) -> None:
    _, res = check(cli, tmp_path, claim)
    assert res["verdict"] == verdict, res["reason"]


@pytest.mark.parametrize(
    ("claim", "cut"),
    [
        ("Kestrel Motors seeks .6 billion in loans", ".6"),
        ("Kestrel Motors plans to close 00 factories", "00"),
    ],
)
def test_a_figure_cut_by_the_shell_is_named(cli: Any, tmp_path: Path, claim: str, cut: str) -> None:
    src = write_corpus(tmp_path / "src", ARTICLES)
    r = cli("check", claim, "--json", sources=src)
    assert f'"{cut}" looks cut by the shell' in r.err and "single quotes" in r.err
    assert any("single quotes" in p for p in r.json()["results"][0]["problems"])


def test_no_shell_warning_for_an_ordinary_claim(cli: Any, tmp_path: Path) -> None:
    src = write_corpus(tmp_path / "src", ARTICLES)
    r = cli("check", "Kestrel Motors seeks $16.6 billion in loans", sources=src)
    assert "shell" not in r.err


DISPUTE = {
    "a.md": "---\noutlet: Daily A\ndate: 2020-03-02\n---\nQuake in Ostrava\n\n"
    "The earthquake that hit Ostrava on Monday had a magnitude of 5.8, the national survey said.\n",
    "b.md": "---\noutlet: Daily B\ndate: 2020-03-02\n---\nOstrava shaken\n\n"
    "The earthquake that hit Ostrava on Monday had a magnitude of 5.5, according to the Geological Institute.\n",
    "c.md": "---\noutlet: Daily C\ndate: 2020-03-03\n---\nAftermath in Ostrava\n\n"
    "Monday's earthquake in Ostrava had a magnitude of 5.5, the Geological Institute confirmed.\n",
}


def test_disputed_shows_the_tally_and_contradicted_a_suggestion(cli: Any, tmp_path: Path) -> None:
    src = write_corpus(tmp_path / "src", DISPUTE)
    _, res = check_one(cli, src, "The earthquake in Ostrava had a magnitude of 5.8.")
    assert res["verdict"] == "disputed", res["reason"]
    tally = {t["figure"]: t for t in res["tally"]}
    assert tally["5.8"]["sources"] == 1 and tally["5.5"]["sources"] == 2
    assert tally["5.5"]["stance"] == "contradicts"
    _, res = check_one(cli, src, "The earthquake in Ostrava had a magnitude of 7.1.")
    assert res["verdict"] == "contradicted", res["reason"]
    assert res["suggestion"] and "not 7.1" in res["suggestion"]
    r = cli("check", "The earthquake in Ostrava had a magnitude of 5.8.", sources=src)
    assert any(line.startswith("  tally: ") for line in r.out.splitlines())


PLACES = {
    "jobs.md": "---\noutlet: Wire\ndate: 2021-05-04\n---\nCarmaker cuts jobs\n\n"
    "Velora said it would cut 1,200 German jobs this year, most of them at its Leipzig plant.\n",
}


def test_a_country_is_found_by_its_adjective(cli: Any, tmp_path: Path) -> None:
    src = write_corpus(tmp_path / "src", PLACES)
    _, res = check_one(cli, src, "Velora planned to cut 1,200 jobs in Germany in 2021.")
    assert res["verdict"] == "supported", res["reason"]


PRICES = {
    "price.md": "---\noutlet: Tech Wire\ndate: 2007-09-05\n---\nPhone maker cuts price\n\n"
    "Orchard chief executive Sam Lee announced that the price of the Orchard Phone will be cut by $200 to $399.\n\n"
    "The Orchard Phone can seat between 60 and 90 apps on its home screen.\n",
}


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        pytest.param("Orchard cut the price of the Orchard Phone to $399.", "supported", id="range-end"),
        pytest.param("Orchard cut the price of the Orchard Phone to $449.", "contradicted", id="outside"),
        pytest.param(
            "The Orchard Phone home screen holds 75 apps.",
            "unverified",
            id="inside-a-range",
            marks=pytest.mark.xfail(
                strict=True,
                reason="the words path (check/by_words.py) still reads a range holding the figure as support",
            ),
        ),
    ],
)
def test_a_range_in_a_source(cli: Any, tmp_path: Path, claim: str, verdict: str) -> None:
    _, res = check_one(cli, write_corpus(tmp_path / "src", PRICES), claim)
    assert res["verdict"] == verdict, res["reason"]

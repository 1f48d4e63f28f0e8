"""Relative claims ("rose 30%", "five times", percentage points, "per student") are relations, not
levels: checked against a figure of the same frame, never against a level that happens to share the
number.  Lower-cased corpus, so the evidence is found by the claim's words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import check_one, write_corpus

SNIPPETS = {
    "level.txt": "figures from the county labour office show that among young workers the unemployment rate in "
    "springfield is 30%, the highest of any county in the state and well above the national average.\n",
    "change.txt": "in the year after the old textile mill closed its doors, shelbyville saw unemployment among "
    "its young workers rise 30%, according to figures from the county labour office.\n",
    "multiple.txt": "a study by the regional hospital found that among children in ogdenville asthma occurs at "
    "five times the rate found in adults living in the same neighbourhoods.\n",
    "per.txt": "budget documents published by the treasury show that the state of brockway, on public schools, "
    "spends $12,000 per student each year, more than most of its neighbours.\n",
    "total.txt": "budget documents published by the treasury show that the state of northhaverbrook, on public "
    "schools, spends $12,000 million each year, more than most of its neighbours.\n",
    "points.txt": "official results show that between the two local elections turnout in capital city fell 4 "
    "percentage points, the steepest drop recorded by the electoral office.\n",
    "ratio.txt": "a preprint posted by researchers in westvale reported that one in every 500 children given the "
    "new syrup were admitted to hospital within a month of the first dose.\n",
    "share.txt": "surveys carried out every spring in lakeside find that 90% of teachers support longer school "
    "holidays, a figure that has hardly moved in a decade.\n",
    "loans.txt": "the interest charged on new student loans in freedonia is 5.5% this year for undergraduates, "
    "according to figures on the website of the education office.\n",
    "other.txt": "patrol records for the border county show 58,000 migrants crossed last season, with "
    "95,000 migrants detained by the patrol over the same months.\n",
}


def check(cli: Any, tmp_path: Path, claim: str) -> dict[str, Any]:
    return check_one(cli, write_corpus(tmp_path / "src", SNIPPETS), claim)[1]


def notes(res: dict[str, Any]) -> str:
    return " | ".join(e["note"] or "" for e in res["evidence"])


@pytest.mark.parametrize(
    ("claim", "verdict", "note"),
    [
        # a change is not a level: "rose 30%" says nothing about a 30% rate
        pytest.param("Unemployment in Springfield rose 30% among young workers.", "unverified",
                     "a level figure, the claim's is a change", id="change-vs-level"),
        pytest.param("Unemployment in Shelbyville is 30% among young workers.", "unverified",
                     "a change figure, the claim's is a level", id="level-vs-change"),
        pytest.param("Unemployment in Shelbyville rose 30% among young workers.", "supported", "",
                     id="change-vs-change"),
        pytest.param("Unemployment in Shelbyville rose 50% among young workers.", "contradicted", "",
                     id="change-vs-other-change"),
        # multiples
        pytest.param("In Ogdenville asthma strikes children at five times the rate of adults.", "supported", "",
                     id="times-vs-times"),
        pytest.param("In Ogdenville asthma strikes children at three times the rate of adults.", "contradicted",
                     "", id="times-vs-other-times"),
        # rates per something are compared only with the same rate
        pytest.param("Brockway spends $12,000 per student on public schools.", "supported", "", id="per-vs-per"),
        pytest.param("Northhaverbrook spends $12,000 per student on public schools.", "unverified",
                     "the claim's is a per student", id="per-vs-total"),
        pytest.param("Brockway spends $12,000 per pupil on public schools.", "unverified",
                     "a per student figure, the claim's is a per pupil", id="per-other-noun"),
        # a share of one population is not a share of another
        pytest.param("Ninety percent of teachers in Lakeside back longer school holidays.", "supported", "",
                     id="share-same-base"),
        pytest.param("Ninety percent of parents in Lakeside back longer school holidays.", "unverified", "",
                     id="share-other-base"),
        # "from X to Y" after a change word is two levels, not a range that holds whatever lies between
        pytest.param("Freedonia student loan interest rates will double from 3.4 percent to 6.8 percent.",
                     "unverified", "a level figure, the claim's is a change", id="from-to-is-a-change"),
        # percentage points are not percent
        pytest.param("Turnout in Capital City fell 4 percentage points between the elections.", "supported", "",
                     id="points-vs-points"),
    ],
)  # fmt: skip
def test_relative_frames(cli: Any, tmp_path: Path, claim: str, verdict: str, note: str) -> None:
    res = check(cli, tmp_path, claim)
    assert res["verdict"] == verdict, (res["reason"], notes(res))
    if note:
        assert note in notes(res)


def test_other_figure_of_the_claim_is_not_a_rival(cli: Any, tmp_path: Path) -> None:
    """Precision guard: "58,000 ... with 95,000" - the passage's 95,000 is the claim's own second figure,
    not a contradiction of its first."""
    res = check(
        cli, tmp_path, "In the border county 58,000 migrants crossed and 95,000 migrants were detained."
    )
    assert res["verdict"] != "contradicted", res["reason"]


def test_relative_word_without_figures_says_why(cli: Any, tmp_path: Path) -> None:
    res = check(cli, tmp_path, "Unemployment among young workers in Shelbyville has doubled.")
    assert res["verdict"] == "unverified"
    assert 'a relative claim, "doubled"' in res["reason"]


def test_one_term_of_a_ratio_is_not_a_figure(cli: Any, tmp_path: Path) -> None:
    """Precision guard: "1 in 1,000" and "one in every 500" share the 1; neither supports nor contradicts."""
    res = check(
        cli, tmp_path, "In Westvale 1 in 1,000 children given the new syrup were admitted to hospital."
    )
    assert res["verdict"] == "unverified", res["reason"]
    assert "one term of a ratio" in res["reason"]

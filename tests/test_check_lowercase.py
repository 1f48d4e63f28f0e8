"""Claims checked against a lower-cased, ASCII-only corpus (scraped snippets: no capitals to find names
by, "£" stripped): evidence found by the claim's own words, compared only when the figure measures the
same thing, and never taken from a passage that merely restates the claim."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import check_one, write_corpus

SNIPPETS = {
    "cdc.txt": "the flu killed 61,000 americans during a severe season, according to the cdc annual report "
    "on hospital admissions.\n",
    "infections.txt": "in a survey of clinics the flu infected 35 million americans.\n",
    "viral.txt": "a viral post claims that 12,000 monkeys escaped from the zoo in springfield.\n",
    "echo.txt": "the new bridge over the river tamar cost 450 million pounds to build.\n",
    "council.txt": "the audit of the borough council found it spent 4.4million on outside consultants "
    "over three financial years.\n",
    "lagos.txt": "lagos, the largest city in nigeria by some distance, has a population of 15 million "
    "according to the national census office.\n",
    "estimate.txt": "in the health ministry's weekly bulletin an estimated 30,000 people in ruritania have "
    "caught measles this winter across all provinces.\n",
    "kanye.txt": "kanye west got about 60,000 votes nationwide in the presidential election, far behind "
    "the two main candidates.\n",
    "courts.txt": "more than 100 million lawsuits are filed each year in state trial courts of ruritania, while "
    "roughly 400,000 lawsuits are filed in its federal trial courts.\n",
    "apollo.txt": "buzz aldrin posted a new photo of the apollo 11 moon landing crew on twitter.\n",
}


def check(cli: Any, tmp_path: Path, claim: str) -> dict[str, Any]:
    return check_one(cli, write_corpus(tmp_path / "src", SNIPPETS), claim)[1]


def test_death_toll_outside_the_lexicon_is_contradicted(cli: Any, tmp_path: Path) -> None:
    res = check(cli, tmp_path, "The flu killed 80,000 Americans.")
    assert res["verdict"] == "contradicted", res["reason"]
    assert "61,000" in res["reason"]
    assert res["parsed"]["entity"] is None  # no name in a lower-cased corpus: matched by words
    con = [e for e in res["evidence"] if e["stance"] == "contradicts"]
    assert con and all("matched by the claim's words" in (e["note"] or "") for e in con)


def test_same_measure_in_other_words_supports(cli: Any, tmp_path: Path) -> None:
    """ "deaths" and "killed" are one measure (data/measures.json)."""
    res = check(cli, tmp_path, "The flu caused 61,000 deaths among Americans.")
    assert res["verdict"] == "supported", res["reason"]


def test_different_measure_is_neither_support_nor_contradiction(cli: Any, tmp_path: Path) -> None:
    """Precision guard: infections are not deaths, however many words the sentences share."""
    res = check(cli, tmp_path, "The flu put 80,000 Americans in hospital.")  # no measure of the lexicon
    assert res["verdict"] == "unverified", res["reason"]  # neither the deaths nor the infections
    res = check(cli, tmp_path, "The flu infected 61,000 Americans.")
    assert res["verdict"] == "contradicted", res["reason"]  # by the infections, not supported by the deaths
    assert "35 million" in res["reason"] and "61,000" not in res["reason"]
    res = check(cli, tmp_path, "The flu killed 35 million Americans.")
    assert res["verdict"] == "contradicted", res["reason"]  # by the death toll, not supported by infections
    assert "61,000" in res["reason"]


def test_restated_claim_is_not_support(cli: Any, tmp_path: Path) -> None:
    """Precision guard: a passage quoting the claim it reports ("a viral post claims ...")."""
    res = check(cli, tmp_path, "12,000 monkeys escaped from the zoo in Springfield.")
    assert res["verdict"] == "unverified", res["reason"]
    notes = [e["note"] or "" for e in res["evidence"]]
    assert notes and all("restates the claim" in n or "quotes or attributes the claim" in n for n in notes)


def test_near_identical_passage_is_not_support(cli: Any, tmp_path: Path) -> None:
    res = check(cli, tmp_path, "The new bridge over the River Tamar cost 450 million pounds to build.")
    assert res["verdict"] == "unverified", res["reason"]
    assert any("nearly word for word" in (e["note"] or "") for e in res["evidence"])


def test_stripped_pound_sign_supports_but_never_contradicts(cli: Any, tmp_path: Path) -> None:
    """ "4.4million" in an ASCII-only snippet once was "£4.4 million"."""
    res = check(cli, tmp_path, "The borough council spent £4.4 million on consultants.")
    assert res["verdict"] == "supported", res["reason"]
    res = check(cli, tmp_path, "The borough council spent £9 million on consultants.")
    assert res["verdict"] == "unverified", res["reason"]
    assert any("ASCII-only" in (e["note"] or "") for e in res["evidence"])


def test_population_and_inhabitants_are_one_measure(cli: Any, tmp_path: Path) -> None:
    res = check(cli, tmp_path, "Lagos has 21 million inhabitants.")
    assert res["verdict"] == "contradicted", res["reason"]
    assert "15 million" in res["reason"]


def test_hedged_source_figure_does_not_contradict(cli: Any, tmp_path: Path) -> None:
    res = check(cli, tmp_path, "About 90,000 people in Ruritania have caught measles.")
    assert res["verdict"] == "unverified", res["reason"]
    assert any('hedges its figure ("estimated")' in (e["note"] or "") for e in res["evidence"])


def test_a_name_the_passage_lacks_is_not_the_same_thing(cli: Any, tmp_path: Path) -> None:
    """Precision guard: a national figure is not a figure for Kentucky."""
    res = check(cli, tmp_path, "Kanye West got 40,000 votes in Kentucky.")
    assert res["verdict"] == "unverified", res["reason"]
    res = check(cli, tmp_path, "Kanye West got 60,000 votes nationwide.")
    assert res["verdict"] == "supported", res["reason"]


@pytest.mark.parametrize(
    "claim",
    [
        pytest.param(
            "No, Buzz Aldrin did not post the Apollo 11 moon landing as faked.", id="label-apollo-11"
        ),
        pytest.param("99,84 Prozent der Menschen in Deutschland hätten kein Corona gehabt.", id="german"),
    ],
)
def test_no_figure_to_compare(cli: Any, tmp_path: Path, claim: str) -> None:
    res = check(cli, tmp_path, claim)
    assert res["verdict"] == "unverified", res["reason"]
    assert not any(e["stance"] in ("supports", "contradicts") for e in res["evidence"])


def test_german_claim_says_why(cli: Any, tmp_path: Path) -> None:
    res = check(cli, tmp_path, "Nein, in Deutschland sind nicht 427 Menschen an Covid-19 gestorben.")
    assert res["verdict"] == "unverified"
    assert "in German" in res["reason"]


def test_a_sentence_contrasting_two_figures_is_no_dispute(cli: Any, tmp_path: Path) -> None:
    """Precision guard: the sentence gives the claim's figure for one court and another for others."""
    res = check(cli, tmp_path, "About 400,000 lawsuits a year are filed in the trial courts of Ruritania.")
    assert res["verdict"] == "supported", res["reason"]
    assert any("about something else" in (e["note"] or "") for e in res["evidence"])

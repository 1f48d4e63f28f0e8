"""Sources that rate the claim (a fact-check's verdict: "we rate this claim false") as their own,
labelled kind of evidence: used only when no figure decides the claim, only when the rating is about
the very claim, never when negated, asked, conditional or quoted, and turned off by --no-ratings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import check_one
from tests.test_cli_check import BUNDLED_CLAIMS

RECORDS = [
    {
        "id": "monkeys",
        "source": "PolitiFact",
        "date": "2024-03-02",
        "text": "A viral post claims that 12,000 monkeys escaped from the zoo in Springfield. "
        "We rate this claim False.",
    },
    {
        "id": "bridge",
        "source": "Snopes",
        "date": "2024-04-11",
        "text": "The mayor said the new bridge over the Tamar river cost 450 million pounds to build. Rating: True.",
    },
    {
        "id": "school",
        "source": "Full Fact",
        "date": "2024-05-20",
        "text": "Claim: Ruritania closed 40 village schools in the mountain provinces last year. "
        "Our verdict: needs context.",
    },
    {
        "id": "wolves",
        "source": "Lead Stories",
        "date": "2024-06-01",
        "text": "The story that 300 wolves roam the Ardennes forest near Bastogne was never rated false by "
        "any fact-checker.",
    },
    {
        "id": "bears",
        "source": "Lead Stories",
        "date": "2024-06-02",
        "text": "Was the claim that 80 brown bears live in the Tatra mountains near Zakopane rated true?",
    },
    {
        "id": "eagles",
        "source": "Nature Weekly",
        "date": "2024-06-03",
        "text": 'Birdwatchers call the 15 golden eagles nesting above Lake Bled a "mostly true" wonder '
        "of the Julian Alps.",
    },
    {
        "id": "acme-check",
        "source": "CheckYourFacts",
        "date": "2024-07-01",
        "text": "A post claims Acme Robotics has 350 employees in its Lyon plant. We rate this claim false.",
    },
    {
        "id": "acme",
        "source": "Daily Ledger",
        "date": "2024-07-02",
        "text": "Acme Robotics has 350 employees in its Lyon plant, the company said.",
    },
    {
        "id": "tunnel",
        "source": "AFP Fact Check",
        "date": "2024-09-01",
        "text": "Social media posts claim the Mersey tunnel toll will rise to 9 pounds in April. This is false; "
        "the toll is set by the city region.",
    },
    {
        "id": "ferry",
        "source": "AFP",
        "date": "2024-08-09",
        "text": "Posts falsely claim that the Dover ferry carried 9,000 passengers on Christmas Day.",
    },
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "factchecks.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    return path


check = check_one


def rated(res: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in res["evidence"] if e["basis"] == "rating"]


def test_a_rating_of_the_restated_claim_contradicts_it(cli: Any, corpus: Path) -> None:
    code, res = check(cli, corpus, "12,000 monkeys escaped from the zoo in Springfield.")
    assert res["verdict"] == "contradicted", res["reason"]
    assert code == 1
    assert res["basis"] == "rating"
    assert res["reason"].startswith('rated false by PolitiFact ("We rate this claim False")')
    (ev,) = rated(res)
    assert ev["stance"] == "contradicts"
    assert ev["figure"] is None and ev["value"] is None  # no figure was compared
    assert ev["rating"]["phrase"] == "false"
    assert ev["rating"]["words"] == "We rate this claim False"
    assert ev["note"].startswith('rated false by PolitiFact ("We rate this claim False")')
    assert ev["text"][ev["start"] - ev["sentence_start"] : ev["end"] - ev["sentence_start"]] == "False"


def test_a_claim_without_a_figure_can_be_rated(cli: Any, corpus: Path) -> None:
    _, res = check(cli, corpus, "Monkeys escaped from the zoo in Springfield")
    assert (res["verdict"], res["basis"]) == ("contradicted", "rating")


def test_rating_label_in_the_next_sentence_supports(cli: Any, corpus: Path) -> None:
    code, res = check(cli, corpus, "The new bridge over the Tamar river cost 450 million pounds")
    assert res["verdict"] == "supported", res["reason"]
    assert code == 0
    assert res["basis"] == "rating"
    assert 'rated true by Snopes ("Rating: True")' in res["reason"]


def test_needs_context_is_disputed(cli: Any, corpus: Path) -> None:
    code, res = check(cli, corpus, "Ruritania closed 40 village schools in the mountain provinces last year")
    assert res["verdict"] == "disputed", res["reason"]
    assert code == 1
    (ev,) = rated(res)
    assert (ev["stance"], ev["rating"]["phrase"], ev["outlet"]) == ("disputes", "needs context", "Full Fact")


def test_this_is_false_after_the_restated_claim_contradicts(cli: Any, corpus: Path) -> None:
    _, res = check(cli, corpus, "The Mersey tunnel toll will rise to 9 pounds in April")
    assert res["verdict"] == "contradicted", res["reason"]
    (ev,) = rated(res)
    assert (ev["rating"]["words"], ev["rating"]["form"]) == ("This is false", "predicate")


def test_a_falsely_claims_report_contradicts(cli: Any, corpus: Path) -> None:
    _, res = check(cli, corpus, "The Dover ferry carried 9,000 passengers on Christmas Day")
    assert res["verdict"] == "contradicted", res["reason"]
    assert 'rated false by AFP ("falsely claim")' in res["reason"]


@pytest.mark.parametrize(
    ("claim", "basis"),
    [
        pytest.param(
            "The zoo in Springfield opened a new penguin house in May", None, id="another-claim-same-place"
        ),
        pytest.param(
            "12,000 parrots escaped from an aviary in Shelbyville", None, id="same-figure-other-thing"
        ),
        # the rated sentence gives 12,000: it rates another claim; its figure is still compared
        pytest.param("120 monkeys escaped from the zoo in Springfield", "figure", id="another-figure"),
    ],
)
def test_a_rating_of_a_different_claim_does_not_count(
    cli: Any, corpus: Path, claim: str, basis: str | None
) -> None:
    _, res = check(cli, corpus, claim)
    assert res["basis"] == basis, res["reason"]
    assert not rated(res)
    assert "rated" not in res["reason"]
    if basis is None:
        assert res["verdict"] == "unverified", res["reason"]


@pytest.mark.parametrize(
    "claim",
    [
        pytest.param("300 wolves roam the Ardennes forest near Bastogne", id="negated-never-rated-false"),
        pytest.param("80 brown bears live in the Tatra mountains near Zakopane", id="asked-rated-true"),
        pytest.param("15 golden eagles nest above Lake Bled in the Julian Alps", id="quoted-mostly-true"),
    ],
)
def test_negated_asked_or_quoted_rating_words_are_not_ratings(cli: Any, corpus: Path, claim: str) -> None:
    _, res = check(cli, corpus, claim)
    assert res["verdict"] == "unverified", res["reason"]
    assert not rated(res)


def test_a_figure_comparison_wins_over_a_rating(cli: Any, corpus: Path) -> None:
    """The fact-check rates the claim false, but a source states the figure: the figure decides."""
    _, res = check(cli, corpus, "Acme Robotics has 350 employees")
    assert res["verdict"] == "supported", res["reason"]
    assert res["basis"] == "figure"
    assert not rated(res)
    assert all(e["basis"] == "figure" for e in res["evidence"])


def test_no_ratings_turns_rating_evidence_off(cli: Any, corpus: Path) -> None:
    code, res = check(cli, corpus, "12,000 monkeys escaped from the zoo in Springfield.", "--no-ratings")
    assert res["verdict"] == "unverified", res["reason"]
    assert code == 0
    assert res["basis"] is None and not rated(res)
    assert "rated" not in res["reason"]


def test_text_output_says_who_rated_the_claim(cli: Any, corpus: Path) -> None:
    r = cli("check", "12,000 monkeys escaped from the zoo in Springfield.", sources=corpus)
    assert r.code == 1, r.err
    assert r.out.startswith("CONTRADICTED")
    assert 'rated false by PolitiFact ("We rate this claim False")' in r.out
    assert "no figure compared" in r.out


def test_check_help_documents_no_ratings(cli: Any) -> None:
    r = cli("check", "--help")
    assert r.code == 0
    assert "--no-ratings" in r.out


@pytest.mark.parametrize(("claim", "verdict"), BUNDLED_CLAIMS)
def test_bundled_verdicts_do_not_change_with_ratings(bundled: Any, claim: str, verdict: str) -> None:
    """The bundled news articles rate nothing: every verdict is the same with and without ratings."""
    with_ratings = bundled("check", claim, "--json").json()["results"][0]
    without = bundled("check", claim, "--json", "--no-ratings").json()["results"][0]
    assert with_ratings["verdict"] == without["verdict"] == verdict
    assert with_ratings["reason"] == without["reason"]
    assert with_ratings["basis"] != "rating"
    assert not rated(with_ratings)


# (sentence, the rating words found or None): where a rating phrase rates, and where it does not
SENTENCES = [
    ("We rate this claim 'False'.", "We rate this claim 'False'"),
    ("We rated the post Pants on Fire!", "We rated the post Pants on Fire"),
    ("Our rating: Mostly True", "Our rating: Mostly True"),
    ("Verdict: correct.", "Verdict: correct"),
    ("The ruling: Half True.", "ruling: Half True"),
    ("It was rated mostly false by PolitiFact.", "was rated mostly false"),
    ("The claim is completely false.", "The claim is completely false"),
    ("This is false; the figure was 300.", "This is false"),
    ("False: the mayor never said that.", "False:"),
    ("Fact check: misleading claim about the budget", "Fact check: misleading"),
    ("Posts falsely claim that the toll will rise.", "falsely claim"),
    ("A false claim that the bridge cost 9 billion went viral.", "false claim"),
    ("There is no evidence that the vaccine alters DNA.", "no evidence that"),
    ("The post earned Four Pinocchios.", "Four Pinocchios"),
    # not ratings
    ("True: the singer turns down a $1 million paycheck.", None),  # "TRUE:" opens clickbait
    ("It is true that the rolls grew, but not by that much.", None),  # qualifies what follows
    ("That is wrong to say about a neighbour.", None),
    ("The claim was never rated false.", None),  # negated
    ("Is this claim true?", None),
    ("Was the claim rated true?", None),  # asked
    ("If this is true, the budget is short.", None),  # conditional
    ("They call themselves 'true' patriots.", None),  # quoted
    ('He called it a "mostly false" story.', None),  # quoted outside a label
    ("Acme said the report that it has 500 staff was false.", None),  # a denial reported
    ("Read how we rate nursing homes.", None),
    ("A fake funeral was staged.", None),  # "fake" of something that is not a claim
    ("Police found no evidence of a break-in.", None),  # no evidence of what the claim says
    ("The true cost of the bridge is unknown.", None),
]


@pytest.mark.parametrize(("sentence", "words"), SENTENCES, ids=[s for s, _ in SENTENCES])
def test_where_a_rating_phrase_rates(sentence: str, words: str | None) -> None:
    from factcheck.check.ratings import find_ratings

    found = find_ratings(sentence)
    assert (found[0].words if found else None) == words


def test_a_rating_word_the_claim_uses_is_not_a_rating() -> None:
    from factcheck.check.ratings import find_ratings

    sentence = "52 group admins were arrested for misleading posts in the group."
    assert find_ratings(sentence)  # "misleading posts" reads as a rating on its own
    assert find_ratings(sentence, "52 group admins arrested for sharing misleading posts") == []


def test_large_index_reads_the_related_passages_for_a_rating(
    cli: Any, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above 200,000 passages no search of its own is made (a full-text query of the claim's words
    costs 5-30 ms there): the claim's related passages are read for a rating."""
    import factcheck.check.ratings as ratings

    monkeypatch.setattr(ratings, "RANKED_MAX_PASSAGES", 0)
    monkeypatch.setattr(ratings, "OR_SEARCH_MAX_PASSAGES", 0)
    _, res = check(cli, corpus, "12,000 monkeys escaped from the zoo in Springfield.")
    assert (res["verdict"], res["basis"]) == ("contradicted", "rating"), res["reason"]
    _, res = check(cli, corpus, "The new bridge over the Tamar river cost 450 million pounds")
    assert res["verdict"] == "supported", res["reason"]

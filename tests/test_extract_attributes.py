"""Attribute cues and attribute names (factcheck.extract.attributes)."""

from __future__ import annotations

import pytest

from factcheck.extract.attributes import attribute_names, attribute_specs, find_attributes, resolve_attribute


def _xfail(*values: object, reason: str, id: str) -> object:
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=reason), id=id)


# (text, expected (cue text, attribute) in order)
CUE_ROWS = [
    pytest.param("Zhipu AI has 800 staff.", [("staff", "headcount")], id="staff"),
    pytest.param("The firm employs 300 people.", [("employs", "headcount")], id="employs"),
    pytest.param("a concert for 55 million people", [], id="people-alone-is-not-headcount"),
    pytest.param("Investors now value Acme at $2 billion", [("value", "valuation")], id="value-x-at"),
    pytest.param("of the value of $98 million", [], id="value-of-is-not-valuation"),
    pytest.param("the value of gold at $2,000 an ounce", [], id="value-of-thing-at-price"),
    pytest.param("completed in 2007 at a cost of $191 million", [], id="plain-cost-is-not-training-cost"),
    pytest.param("its workforce doubled", [("workforce", "headcount")], id="workforce"),
    pytest.param("It is valued at $2.5 billion.", [("valued at", "valuation")], id="valued-at"),
    pytest.param("a $1.2 billion valuation", [("valuation", "valuation")], id="valuation"),
    pytest.param("Acme is worth $3 billion.", [("worth", "valuation")], id="worth"),
    pytest.param("Acme raised $5 million.", [("raised", "funding")], id="raised"),
    pytest.param(
        "5 billion yuan in a Series A round",
        [("Series A round", "funding")],
        id="series-a",
    ),
    pytest.param("It secured new funding.", [("secured", "funding"), ("funding", "funding")], id="secured"),
    pytest.param(
        "$70 million in annual recurring revenue",
        [("annual recurring revenue", "revenue")],
        id="arr-longest",
    ),
    pytest.param(
        "ARR reached $5 million; sales fell", [("ARR", "revenue"), ("sales", "revenue")], id="arr-sales"
    ),
    pytest.param("42 million monthly active users", [("monthly active users", "users")], id="mau"),
    pytest.param("over 12 million visits in March", [("visits", "visits")], id="visits"),
    pytest.param("with 671 billion parameters", [("parameters", "parameters")], id="parameters"),
    pytest.param(
        "It was trained for two months at a cost of $5.58 million",
        [("trained for two months at a cost of", "training_cost")],
        id="trained-at-a-cost",
    ),
    pytest.param("Zhipu AI, founded in 2019,", [("founded in", "founded")], id="founded-in"),
    pytest.param(
        "01.AI, founded by Kai-Fu Lee in March 2023",
        [("founded by Kai-Fu Lee in", "founded")],
        id="founded-by-in",
    ),
    pytest.param("AI doctor error rates of 1%", [("error rates", "error_rate")], id="error-rate"),
    pytest.param("a 30% market share", [("market share", "market_share")], id="market-share"),
    pytest.param("a $200 million contract", [("contract", "contracts")], id="contract"),
    pytest.param("a $500 billion investment vehicle", [], id="investment-vehicle-is-not-funding"),
    pytest.param("Abu Dhabi investment firm MGX", [], id="investment-firm-is-not-funding"),
    pytest.param(
        "over $1.4 billion in state investment", [("state investment", "funding")], id="state-investment"
    ),
    pytest.param("It's expected to be launched in 2026.", [], id="future-launch-is-not-founding"),
    pytest.param("daily token usage rose", [("daily token usage", "token_usage")], id="token-usage"),
    pytest.param("No figures here at all.", [], id="nothing"),
    pytest.param("Acme's head count stands at 50.", [("head count", "headcount")], id="head-count-spaced"),
    _xfail(
        "The company pulled in $3 million last year.",
        [("pulled in", "revenue")],
        reason="'pulled in' is not a revenue cue yet",
        id="pulled-in",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CUE_ROWS)
def test_find_attributes(text: str, expected: list[tuple[str, str]]) -> None:
    found = find_attributes(text)
    for a in found:
        assert text[a.start : a.end] == a.text
    assert [(a.text, a.attribute) for a in found] == expected


# (word a user types, attribute id)
RESOLVE_ROWS = [
    pytest.param("employees", "headcount", id="employees"),
    pytest.param("staff", "headcount", id="staff"),
    pytest.param("Employees", "headcount", id="capitalised"),
    pytest.param("headcount", "headcount", id="id-itself"),
    pytest.param("people", "headcount", id="people"),
    pytest.param("valuation", "valuation", id="valuation"),
    pytest.param("worth", "valuation", id="worth"),
    pytest.param("market cap", "valuation", id="market-cap"),
    pytest.param("funding", "funding", id="funding"),
    pytest.param("raised", "funding", id="raised"),
    pytest.param("revenue", "revenue", id="revenue"),
    pytest.param("ARR", "revenue", id="arr"),
    pytest.param("users", "users", id="users"),
    pytest.param("monthly active users", "users", id="mau"),
    pytest.param("parameter", "parameters", id="singular"),
    pytest.param("training cost", "training_cost", id="training-cost"),
    pytest.param("training_cost", "training_cost", id="underscore-id"),
    pytest.param("founded", "founded", id="founded"),
    pytest.param("error rate", "error_rate", id="error-rate"),
    pytest.param("market share", "market_share", id="market-share"),
    pytest.param("colour", None, id="unknown"),
    pytest.param("", None, id="empty"),
]


@pytest.mark.parametrize(("word", "expected"), RESOLVE_ROWS)
def test_resolve_attribute(word: str, expected: str | None) -> None:
    assert resolve_attribute(word) == expected


def test_attribute_names_cover_the_lexicon() -> None:
    names = attribute_names()
    for required in (
        "headcount",
        "valuation",
        "funding",
        "revenue",
        "users",
        "visits",
        "parameters",
        "training_cost",
        "founded",
        "error_rate",
        "market_share",
    ):
        assert required in names
    assert len(names) == len(set(names))


# (attribute, quantity kind, currency, accepted)
ACCEPT_ROWS = [
    pytest.param("headcount", "number", None, True, id="headcount-number"),
    pytest.param("headcount", "money", "USD", False, id="headcount-not-money"),
    pytest.param("valuation", "money", "CNY", True, id="valuation-money"),
    pytest.param("valuation", "number", None, False, id="valuation-not-bare-number"),
    pytest.param("founded", "year", None, True, id="founded-year"),
    pytest.param("founded", "number", None, False, id="founded-not-number"),
    pytest.param("error_rate", "percent", None, True, id="error-rate-percent"),
    pytest.param("training_cost", "duration", None, False, id="cost-not-duration"),
]


@pytest.mark.parametrize(("attribute", "kind", "currency", "accepted"), ACCEPT_ROWS)
def test_attribute_accepts(attribute: str, kind: str, currency: str | None, accepted: bool) -> None:
    assert attribute_specs()[attribute].accepts(kind, currency) is accepted


def test_fast_path_agrees_with_the_single_pattern() -> None:
    from pathlib import Path

    from factcheck.extract import attributes

    assert attributes._cue_prefixes() is not None  # the per-prefix fast path is in use
    pattern, ids = attributes._cue_regex()
    for path in sorted((Path(__file__).resolve().parent.parent / "sources").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        slow = [(m.start(), m.end(), ids[(m.lastindex or 1) - 1]) for m in pattern.finditer(text)]
        fast = [(a.start, a.end, a.attribute) for a in find_attributes(text)]
        assert fast == slow


# --- the Aho-Corasick cue scan: character offsets whatever the text holds ---------------------------


def _cue_starts_by_regex(text: str) -> tuple[list[int], list[tuple[str, ...]]]:
    """What cue_starts finds, by the module's regular-expression scan instead of the automaton."""
    from factcheck.extract.attributes import _cue_prefixes, _word_start_re

    prefixes = _cue_prefixes()
    assert prefixes is not None
    found: dict[int, list[str]] = {}
    for w in _word_start_re().finditer(text.lower()):
        longest = w.group(1)
        found[w.start()] = [longest[:n] for n in range(len(longest), 1, -1) if longest[:n] in prefixes]
    positions = sorted(found)
    return positions, [tuple(sorted(found[i], key=len, reverse=True)) for i in positions]


@pytest.mark.parametrize(
    "text",
    [
        "Revenue rose; the company raised $2 billion and employs 800 staff.",
        "“Valued at” 😀 $2.5 billion — its valuation, revenues and headcount 🚀 grew (users: 3 million).",
        "Zhipu’s 融资 funding round: 20 billion yuan; ÉTÉ revenue, naïve staff-count",
        "pre-revenue, co-founded, sub_total revenue_x",
        "",
    ],
    ids=["ascii", "emoji", "cjk-accents", "word-joiners", "empty"],
)
def test_cue_starts_offsets_match_the_regex_scan(text: str) -> None:
    from factcheck.extract.attributes import cue_starts

    got = cue_starts(text)
    assert got is not None
    assert got == _cue_starts_by_regex(text)
    for i, keys in zip(*got, strict=True):
        assert text.lower().startswith(keys[0], i)  # an offset in characters, not UTF-8 bytes

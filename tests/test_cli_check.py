"""`factcheck check` as users run it: arguments, --file, stdin; text, --json, --jsonl; exit codes;
over the bundled sources and over corpora the tests write themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_corpus

# (claim, expected verdict) on the bundled sources
BUNDLED_CLAIMS = [
    pytest.param("Zhipu AI has 800 employees", "disputed", id="zhipu-800-staff"),
    pytest.param("Zhipu AI is valued at $2.7 billion", "disputed", id="zhipu-valuation-2.7"),
    pytest.param("MiniMax is valued at $2.5 billion", "supported", id="minimax-valuation"),
    pytest.param(
        "Baichuan AI raised 50 billion yuan in its Series A", "contradicted", id="baichuan-series-a-wrong"
    ),
    pytest.param(
        "Baichuan AI raised 5 billion yuan in its Series A", "supported", id="baichuan-series-a-right"
    ),
    pytest.param("Xiaomi has 30,000 employees", "unverified", id="xiaomi-no-figure"),
    pytest.param("Zhipu AI has more than 500 employees", "supported", id="more-than-500"),
    pytest.param("Zhipu AI has fewer than 900 employees", "disputed", id="fewer-than-900"),
    pytest.param("Zhipu AI has fewer than 700 employees", "contradicted", id="fewer-than-700"),
    pytest.param("zhipu ai employs eight hundred people", "disputed", id="lowercase-words"),
    pytest.param("ZhipuAI headcount is 800", "disputed", id="glued-name-headcount"),
    pytest.param("Zhipo AI has 800 staff", "disputed", id="typo-name"),
    pytest.param("DeepSeek-V3 has 671 billion parameters", "supported", id="product-parameters"),
    pytest.param("Zhipu AI was valued at US$2.7bn", "disputed", id="us-dollar-bn"),
    pytest.param("MiniMax has annual recurring revenue of $70 million", "supported", id="minimax-arr"),
    pytest.param("Zhipu AI has 25 million users", "supported", id="zhipu-users"),
    pytest.param("Zhipu AI has 40 million users", "contradicted", id="zhipu-users-wrong"),
    pytest.param("Acme Widgets has 800 employees", "unverified", id="unknown-entity"),
    pytest.param("Zhipu AI is a great company", "unverified", id="no-figure"),
]


@pytest.mark.parametrize(("claim", "verdict"), BUNDLED_CLAIMS)
def test_bundled_claim_verdicts(bundled, claim: str, verdict: str) -> None:
    r = bundled("check", claim, "--json")
    assert r.code in (0, 1), r.err
    res = r.json()["results"][0]
    assert res["verdict"] == verdict, res["reason"]
    assert r.code == (1 if verdict in ("contradicted", "disputed") else 0)


def test_disputed_headcount_reason_and_evidence(bundled) -> None:
    res = bundled("check", "Zhipu AI has 800 employees", "--json").json()["results"][0]
    assert res["reason"].startswith(
        "sources disagree: 800 (Cointelegraph, citing the Financial Times) vs nearly 1,000"
    )
    assert res["parsed"]["entity"] == "Zhipu AI" and res["parsed"]["attribute"] == "headcount"
    assert res["parsed"]["value"] == 800
    stances = {(e["outlet"], e["figure"], e["stance"]) for e in res["evidence"]}
    assert ("Cointelegraph", "800", "supports") in stances
    assert any(o == "Caixin Global" and "1,000" in f and s == "contradicts" for o, f, s in stances)
    for e in res["evidence"]:
        assert e["line"] >= 1 and e["end"] > e["start"]
        assert e["origin"] in (None, "the Financial Times")


def test_valuation_lists_all_renderings(bundled) -> None:
    res = bundled("check", "Zhipu AI is valued at $2.7 billion", "--json").json()["results"][0]
    figures = {(e["figure"], (e["alt"] or {}).get("text"), e["stance"]) for e in res["evidence"]}
    assert ("$2.5 billion", None, "contradicts") in figures
    assert any("20 billion yuan" in f and a == "$2.7 billion" and s == "supports" for f, a, s in figures)
    near = [e for e in res["evidence"] if (e["alt"] or {}).get("text") == "$2.78 billion"]
    assert near and near[0]["stance"] == "supports" and near[0]["near"] is True
    assert "USD rendering" in near[0]["note"]


def test_currency_conversion_shows_the_rate(bundled) -> None:
    res = bundled("check", "Zhipu AI is valued at 20 billion yuan", "--json").json()["results"][0]
    conv = [e for e in res["evidence"] if e["rate"]]
    assert conv, res
    assert conv[0]["rate"]["source"] == "ECB" and conv[0]["rate"]["day"].startswith("2024-04")
    assert 6 < conv[0]["rate"]["value"] < 8  # CNY per USD in 2024


def test_jsonl_streams_one_result_per_claim_in_order(bundled) -> None:
    claims = [
        "Zhipu AI has 800 employees",
        "",
        "# a comment",
        "MiniMax is valued at $2.5 billion",
        "Xiaomi has 30,000 employees",
    ]
    r = bundled("check", "--jsonl", stdin="\n".join(claims) + "\n")
    rows = r.jsonl()
    assert [x["type"] for x in rows] == ["result", "result", "result", "summary"]
    assert [x["claim"] for x in rows[:3]] == [claims[0], claims[3], claims[4]]
    assert rows[-1]["claims"] == 3 and rows[-1]["disputed"] == 1 and rows[-1]["supported"] == 1
    assert r.code == 1


def test_file_input_and_fail_on(bundled, tmp_path: Path) -> None:
    f = tmp_path / "claims.txt"
    f.write_text(
        "# claims\nMiniMax is valued at $2.5 billion\n\nXiaomi has 30,000 employees\n", encoding="utf-8"
    )
    assert bundled("check", "--file", str(f)).code == 0
    r = bundled("check", "--file", str(f), "--fail-on", "contradicted,disputed,unverified")
    assert r.code == 1
    assert bundled("check", "--file", str(f), "--fail-on", "bogus").code == 2


def test_missing_claim_file_is_an_error(bundled, tmp_path: Path) -> None:
    r = bundled("check", "--file", str(tmp_path / "nope.txt"))
    assert r.code == 2 and "cannot read" in r.err and r.out == ""


def test_text_output_plain_when_piped(bundled) -> None:
    r = bundled("check", "Zhipu AI has 800 employees")
    lines = r.out.splitlines()
    assert lines[0].startswith("DISPUTED") and "Zhipu AI has 800 employees" in lines[0]
    assert "\x1b[" not in r.out
    assert any(ln.strip().startswith("supports") and ":11" in ln for ln in lines)


def test_tty_with_nothing_prints_help(bundled) -> None:
    r = bundled("check")  # stdin is a terminal with nothing typed
    assert r.code == 2 and "Usage" in r.out


def test_json_and_jsonl_together_is_usage_error(bundled) -> None:
    assert bundled("check", "x", "--json", "--jsonl").code == 2


@pytest.mark.parametrize(
    "claim",
    [
        '"',
        "Zhipu* OR NEAR(",
        "'; DROP TABLE facts; --",
        "x" * 10_000,
        "\x1b[31mZhipu AI has 800 staff",
        " ",
        "1e309 employees",
        "Zhipu AI has NaN employees",
        "Zhipu AI has -0 employees",
        "Zhipu AI has 10^100 employees",
    ],
)
def test_odd_claims_get_a_result(bundled, claim: str) -> None:
    r = bundled("check", "--jsonl", stdin=claim + "\nMiniMax is valued at $2.5 billion\n")
    rows = r.jsonl()
    assert rows[-1]["type"] == "summary"
    results = [x for x in rows if x["type"] == "result"]
    assert results[-1]["verdict"] == "supported"  # the batch went on
    assert all(x["verdict"] in ("supported", "contradicted", "disputed", "unverified") for x in results)


OWN = {
    "ledger.txt": "---\noutlet: Daily Ledger\ndate: 2023-03-01\n---\n"
    "Nimbus Freight has 1,200 employees across Europe.\n\n"
    "Nimbus Freight is valued at €400 million after its latest round.\n",
    "wire.txt": "---\noutlet: Global Wire\ndate: 2023-06-01\n---\n"
    "Nimbus Freight, which employs about 1,500 people, said revenue rose.\n\n"
    "Orbital Mining raised $25 million in a Series A round.\n",
}


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("Nimbus Freight has 1,200 employees", "disputed"),
        ("Nimbus Freight has more than 1,000 employees", "supported"),
        ("Nimbus Freight has fewer than 1,000 employees", "contradicted"),
        ("Nimbus Freight is valued at 400 million euros", "supported"),
        ("Nimbus Freight is valued at €900 million", "contradicted"),
        ("Orbital Mining raised $25 million", "supported"),
        ("Orbital Mining raised $40 million", "contradicted"),
        ("Orbital Mining has 12 employees", "unverified"),
    ],
)
def test_claims_over_an_own_corpus(cli, tmp_path: Path, claim: str, verdict: str) -> None:
    src = write_corpus(tmp_path / "src", OWN)
    res = cli("check", claim, "--json", sources=src).json()["results"][0]
    assert res["verdict"] == verdict, res


def test_a_year_like_count_followed_by_its_noun_is_the_figure(cli, tmp_path: Path) -> None:
    """ "2016 employees" is a headcount, though "the 2020 election" is a year."""
    corpus = write_corpus(
        tmp_path / "src", {"a.txt": "Dorlex Quant Labs has 2,016 employees, the company said.\n"}
    )
    res = cli("check", "Dorlex Quant Labs has 2016 employees", "--json", sources=corpus).json()["results"][0]
    assert res["verdict"] == "supported", res
    res = cli("check", "Dorlex Quant Labs has 1967 employees", "--json", sources=corpus).json()["results"][0]
    assert res["verdict"] == "contradicted", res

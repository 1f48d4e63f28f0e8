"""`factcheck search`: ranking, highlighting, fuzzy entity names, inert query syntax, untrusted text."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_corpus


def test_notable_progress_is_repaired(bundled) -> None:
    r = bundled("search", "notable progress")
    assert r.code == 0
    lines = r.out.splitlines()
    scmp = [ln for ln in lines if ln.startswith("004_39d260672c34949b.txt:1:")]
    assert scmp, r.out
    assert "“notable progress”" in scmp[0]
    assert "鈥" not in r.out


def test_search_json_has_offsets_and_highlights(bundled) -> None:
    doc = bundled("search", "notable progress", "--json").json()
    assert doc["schema_version"] == 1
    hit = next(h for h in doc["hits"] if h["source"].startswith("004_"))
    text = hit["text"]
    marked = [text[a:b].lower() for a, b in hit["highlights"]]
    assert "notable" in marked and "progress" in marked
    assert hit["line"] == 1 and hit["end"] - hit["start"] == len(text)


@pytest.mark.parametrize("query", ["zhipu ai", "ZhipuAI", "Zhipu Ai", "Zhipo", "ZHIPU"])
def test_entity_names_match_despite_case_spacing_typos(bundled, query: str) -> None:
    r = bundled("search", query, "--json")
    assert r.code == 0, r.err
    hits = r.json()["hits"]
    assert len(hits) >= 5
    assert all("zhipu" in h["text"].lower() for h in hits)


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"zhipu',
        "zhipu*",
        "zhipu OR",
        "NEAR(zhipu ai",
        "zhipu -ai",
        "^zhipu",
        "a:b",
        "'; DROP TABLE passages; --",
        "(((",
        "AND",
        "NOT",
        "*",
        "\x00",
        "valuation \u202e",
    ],
)
def test_fts_syntax_in_a_query_is_inert(bundled, query: str) -> None:
    r = bundled("search", query)
    assert r.code in (0, 1), r.err
    assert "error" not in r.err


def test_fts_operators_are_words(cli, tmp_path: Path) -> None:
    src = write_corpus(
        tmp_path / "src", {"a.txt": "Cats OR dogs were counted: 12 cats.\n", "b.txt": "Dogs only.\n"}
    )
    r = cli("search", "cats OR dogs", "--json", sources=src)
    assert [h["source"] for h in r.json()["hits"]] == ["a.txt"]


def test_nothing_found_exits_1(bundled) -> None:
    r = bundled("search", "xylophone")
    assert r.code == 1 and r.out == ""


HOSTILE = (
    "Evil Corp has [bold red]999[/bold red] staff and [link=https://evil.example]a link[/link].\n\n"
    "Evil Corp hides \x1b[31mred\x1b[0m text and \x1b]8;;https://evil.example\x07osc\x1b]8;;\x07 links and \u202eevil\u202c.\n"
)


@pytest.mark.parametrize("color", ["never", "always"])
def test_source_text_is_printed_inert(cli, tmp_path: Path, color: str) -> None:
    src = write_corpus(tmp_path / "src", {"evil.txt": HOSTILE})
    r = cli("search", "Evil Corp", "--color", color, sources=src)
    assert r.code == 0
    assert "[bold red]999[/bold red]" in r.out  # markup shown literally, not interpreted
    assert "[link=https://evil.example]" in r.out
    assert "\x1b[31m" not in r.out and "\x1b]8" not in r.out and "\x07" not in r.out
    assert "\u202e" not in r.out
    assert "\\x1b" in r.out  # shown, visibly


def test_search_limit(bundled) -> None:
    r = bundled("search", "zhipu", "-n", "2", "--json")
    assert len(r.json()["hits"]) == 2

"""boilerplate_lines: page furniture is found by general patterns; article text is kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.ingest.boilerplate import boilerplate_lines, load_patterns

SOURCES = Path(__file__).resolve().parent.parent / "sources"


def lines_of(name: str) -> list[str]:
    return (SOURCES / name).read_text(encoding="utf-8").split("\n")


def dropped_text(name: str) -> list[str]:
    lines = lines_of(name)
    return [lines[i] for i in sorted(boilerplate_lines(lines))]


# id, file, the start of every line that must be dropped (exactly these, in order)
FILE_ROWS = [
    pytest.param(
        "000_18a181829c3511c5.txt",
        ["Related: Microsoft pours", "Magazine: Hong Kong Bitcoin ETF"],
        id="cointelegraph-related-magazine",
    ),
    pytest.param(
        "001_2937a901429759be.txt",
        [
            "Listen to the full version",
            "Unlock exclusive discounts with a Caixin group subscription",
            "Subscribe to both Caixin Global",
            "- DIGEST HUB",
            "- PODCAST",
            "- MOST POPULAR",
        ],
        id="caixin-subscription-and-sections",
    ),
    pytest.param("002_5c8366660ba2e341.txt", ["Advertisement", "Advertisement"], id="gnn-advertisement"),
    pytest.param(
        "003_53115e42850fa6a9.txt",
        [
            "Sopa Images | Lightrocket | Getty Images",
            "Latest World News copy",
            "- Trump Organization scraps",
            "- What's next as the British pound",
            "- How 'Daddy' talk",
            "- Why mega-merger speculation",
            "- Stock futures tick higher",
            "- China's fintech giant Ant",
        ],
        id="cnbc-photo-credit-and-rail",
    ),
    pytest.param("004_39d260672c34949b.txt", [], id="scmp-nothing"),
]


@pytest.mark.parametrize(("name", "expected"), FILE_ROWS)
def test_bundled_articles(name: str, expected: list[str]) -> None:
    dropped = dropped_text(name)
    assert len(dropped) == len(expected), dropped
    for line, start in zip(dropped, expected, strict=True):
        assert line.startswith(start)


# id, file, a sentence of the article that must be kept
KEPT_ROWS = [
    pytest.param("000_18a181829c3511c5.txt", "the AI company has 800 staff", id="cointelegraph-staff"),
    pytest.param(
        "000_18a181829c3511c5.txt", "Meanwhile, Shanghai-based MiniMax", id="cointelegraph-after-related"
    ),
    pytest.param("001_2937a901429759be.txt", "with nearly 1,000 employees", id="caixin-staff"),
    pytest.param("001_2937a901429759be.txt", "- Doubao's daily token usage", id="caixin-timeline-item"),
    pytest.param("001_2937a901429759be.txt", "- Since the ChatGPT boom in 2022", id="caixin-digest-item"),
    pytest.param(
        "002_5c8366660ba2e341.txt", "more than $1.4 billion in state investment", id="gnn-investment"
    ),
    pytest.param(
        "003_53115e42850fa6a9.txt", "20 billion yuan ($2.78 billion)", id="cnbc-valuation-last-line"
    ),
    pytest.param("003_53115e42850fa6a9.txt", "The Zhipu AI logo is seen", id="cnbc-caption-kept"),
    pytest.param("004_39d260672c34949b.txt", "Alibaba owns the Post.", id="scmp-disclosure-kept"),
]


@pytest.mark.parametrize(("name", "sentence"), KEPT_ROWS)
def test_article_text_is_kept(name: str, sentence: str) -> None:
    lines = lines_of(name)
    dropped = boilerplate_lines(lines)
    holding = [i for i, line in enumerate(lines) if sentence in line]
    assert holding, "the row's sentence is not in the file"
    assert not set(holding) & dropped


# id, lines, expected dropped indices
SMALL_ROWS = [
    pytest.param(["ADVERTISEMENT", "Text."], {0}, id="advertisement-upper"),
    pytest.param(["Advertisement - Scroll to continue", "x."], {0}, id="advertisement-scroll"),
    pytest.param(["The ad campaign cost $5 million."], set(), id="ad-word-in-sentence"),
    pytest.param(["Subscribe to our newsletter for daily updates"], {0}, id="subscribe"),
    pytest.param(
        ["Readers can subscribe to the service for $10 a month."], set(), id="subscribe-in-sentence"
    ),
    pytest.param(["Sign up for our free newsletter"], {0}, id="sign-up-newsletter"),
    pytest.param(["Jane Doe | Bloomberg | Getty Images"], {0}, id="photo-credit"),
    pytest.param(["Photo: Reuters"], {0}, id="photo-colon"),
    pytest.param(["Revenue | Profit | Margin"], set(), id="pipe-table-row-kept"),
    pytest.param(["Read more: Zhipu raises funds"], {0}, id="read-more-link"),
    pytest.param(["Related: Apple buys a startup for $1 billion"], {0}, id="related-link"),
    pytest.param(["Related companies grew 5% last year."], set(), id="related-word-in-sentence"),
    pytest.param(["- PODCAST", "- Zhipu AI"], {0}, id="section-marker"),
    pytest.param(["BEIJING", "Zhipu AI has 800 staff."], {0}, id="all-caps-dateline"),
    pytest.param(
        ["Article text.", "Most Read", "- Headline one", "Headline two without stop", "", "Article again."],
        {1, 2, 3},
        id="rail-to-end-of-block",
    ),
    pytest.param(
        ["Latest Tech News", "- One headline", "A full sentence that ends a rail and is article text."],
        {0, 1},
        id="rail-stops-at-a-sentence",
    ),
    pytest.param(
        ["More news outlets reported that the firm has 800 staff."], set(), id="rail-word-in-sentence"
    ),
    pytest.param(["Listen to the full version", "x"], {0}, id="listen"),
    pytest.param(["x" * 600 + " Advertisement"], set(), id="long-line-never-furniture"),
]


@pytest.mark.parametrize(("lines", "expected"), SMALL_ROWS)
def test_small_texts(lines: list[str], expected: set[int]) -> None:
    assert boilerplate_lines(lines) == expected


def test_patterns_load_from_data_file() -> None:
    patterns = load_patterns()
    assert set(patterns) == {"line", "rail"}
    assert patterns["line"].fullmatch("Advertisement")


# A pattern with a needle (third column) is tried only on lines holding the needle, case-folded.
NEEDLE_ROWS = [
    pytest.param("Get our GROUP SUBSCRIPTION deal today", True, id="needle-any-case"),
    pytest.param("Ask about a group ſubscription", True, id="needle-casefolded-long-s"),
    pytest.param("A group of subscribers met", False, id="needle-absent"),
    pytest.param("Sopa Images | Getty Images", True, id="pipe-needle"),
    pytest.param("Sopa Images / Getty Images", False, id="pipe-needle-absent"),
]


@pytest.mark.parametrize(("line", "dropped"), NEEDLE_ROWS)
def test_needle_patterns(line: str, dropped: bool) -> None:
    assert load_patterns()["line"].fullmatch(line) is dropped


def test_needle_must_be_in_its_regex(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import factcheck.ingest.boilerplate as bp

    bad = tmp_path / "boilerplate.tsv"
    bad.write_text("line\t.{0,40}(?i:free trial).{0,40}\tfree trail\n", encoding="utf-8")
    monkeypatch.setattr(bp, "_DATA_PATH", bad)
    bp.load_patterns.cache_clear()
    try:
        with pytest.raises(ValueError, match="needle 'free trail' is not in the regex"):
            bp.load_patterns()
        bad.write_text("line\t.{0,40}(?i:free trial).{0,40}\tFree Trial\n", encoding="utf-8")
        bp.load_patterns.cache_clear()
        assert bp.load_patterns()["line"].fullmatch("Start your FREE TRIAL now")
        assert not bp.load_patterns()["line"].fullmatch("Start your trial now")
    finally:
        bp.load_patterns.cache_clear()

"""read_document (the whole pipeline), html_to_text and parse_front_matter."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest

from factcheck.ingest.frontmatter import parse_front_matter
from factcheck.ingest.html import html_to_text
from factcheck.ingest.reader import read_document
from factcheck.models import Document

SOURCES = Path(__file__).resolve().parent.parent / "sources"
SCMP = SOURCES / "004_39d260672c34949b.txt"


def read(name: str) -> Document:
    path = SOURCES / name
    return read_document(path.read_bytes(), path.suffix)


def check_offsets(doc: Document) -> None:
    for p in doc.passages:
        assert doc.text[p.start : p.end] == p.text
        assert p.line == 1 + doc.text.count("\n", 0, p.start)
        for s in p.sentences:
            assert p.start <= s.start < s.end <= p.end
            assert s.line == 1 + doc.text.count("\n", 0, s.start)


# --- the bundled articles ---------------------------------------------------------------------------


def test_scmp_is_repaired() -> None:
    doc = read(SCMP.name)
    original = SCMP.read_text(encoding="utf-8")
    assert "“notable progress”" in doc.text
    assert "鈥" not in doc.text
    assert doc.repairs > 10
    assert doc.encoding == "utf-8"
    assert doc.text.count("\n") == original.count("\n")
    # Outside repaired runs nothing changed: strip the runs from the original and the repaired
    # punctuation (and the letter fused into a kept pair) from the result.
    fused = re.compile("鈥([^\\x00-\\x7f])")
    rest_original = fused.sub(lambda m: m.group(1).encode("gbk")[1:].decode("latin-1"), original)
    rest_original = rest_original.replace("鈥", "")
    rest_repaired = re.sub("[\u2010-\u203f]", "", doc.text)
    assert rest_repaired == re.sub("[\u2010-\u203f]", "", rest_original)
    check_offsets(doc)


# id, file, boilerplate lines dropped, sentences that must be in some passage, text in no passage
BUNDLED = [
    pytest.param(
        "000_18a181829c3511c5.txt",
        2,
        [
            "According to the Financial Times, the AI company has 800 staff and is valued at $2.5 billion after its latest fundraising round in March."
        ],
        ["Related:", "Magazine:"],
        id="000",
    ),
    pytest.param(
        "001_2937a901429759be.txt",
        6,
        [
            "The company, with nearly 1,000 employees, has 25 million users for its chatbot app, ChatGLM, and rakes in annual recurring revenue exceeding 10 million yuan."
        ],
        ["group subscription", "Listen to the full", "PODCAST"],
        id="001",
    ),
    pytest.param(
        "002_5c8366660ba2e341.txt",
        2,
        [
            "In January, the company was added to the U.S. Commerce Department’s export control entity list, barring it from procuring U.S. components."
        ],
        ["Advertisement"],
        id="002",
    ),
    pytest.param(
        "003_53115e42850fa6a9.txt",
        8,
        [
            "It has previously been valued at 20 billion yuan ($2.78 billion), according to local media reports."
        ],
        ["Getty Images", "Latest World News", "Trump Organization", "Ant Group"],
        id="003",
    ),
    pytest.param(
        "004_39d260672c34949b.txt",
        0,
        ["Zhipu did not immediately reply to a request for comment on Thursday."],
        [],
        id="004",
    ),
]


@pytest.mark.parametrize(("name", "dropped", "kept", "gone"), BUNDLED)
def test_bundled_articles(name: str, dropped: int, kept: list[str], gone: list[str]) -> None:
    doc = read(name)
    assert doc.dropped == dropped
    assert doc.warnings == ()
    sentences = {doc.text[s.start : s.end] for p in doc.passages for s in p.sentences}
    for sentence in kept:
        assert sentence in sentences
    for fragment in gone:
        assert not any(fragment in p.text for p in doc.passages)
    check_offsets(doc)


# --- odd files ---------------------------------------------------------------------------------------

# id, raw bytes, suffix, expected warning, expected number of passages
ODD = [
    pytest.param(b"", ".txt", "empty file", 0, id="empty"),
    pytest.param(b"  \n\n \t\n", ".txt", "empty file", 0, id="whitespace-only"),
    pytest.param(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), ".txt", "binary file, skipped", 0, id="png"
    ),
    pytest.param(bytes(range(1, 32)) * 20, ".txt", "binary file, skipped", 0, id="control-chars"),
    pytest.param(b"Zhipu \x93AI\x94 has 800 staff.", ".txt", "decoded as cp1252", 1, id="cp1252"),
    pytest.param(
        codecs.BOM_UTF16_LE + "Zhipu AI has 800 staff.".encode("utf-16-le"),
        ".txt",
        "",
        1,
        id="utf-16-not-binary",
    ),
    pytest.param(
        b"<!DOCTYPE html><p>Zhipu AI has 800 staff.</p>",
        ".txt",
        "looks like an HTML page",
        1,
        id="html-sniffed",
    ),
    pytest.param(b"Text.\n" * 2000 + b"\x00", ".txt", "1 NUL characters kept", 2, id="one-stray-nul-later"),
]


@pytest.mark.parametrize(("raw", "suffix", "warning", "passages"), ODD)
def test_odd_files(raw: bytes, suffix: str, warning: str, passages: int) -> None:
    doc = read_document(raw, suffix)
    if warning:
        assert any(warning in w for w in doc.warnings), doc.warnings
    else:
        assert doc.warnings == ()
    assert len({p.text for p in doc.passages}) == passages
    check_offsets(doc)


def test_huge_single_line() -> None:
    raw = b"Zhipu AI has 800 staff. It is valued at $2.5 billion. " * 100_000  # 5.4 MB, one line
    doc = read_document(raw, ".txt")
    assert len(doc.passages) == 1
    assert len(doc.passages[0].sentences) == 200_000


def test_markdown_front_matter() -> None:
    raw = b"---\ntitle: Zhipu grows\ndate: 2024-04-02\n---\nAdvertisement\nZhipu AI has 800 staff.\n"
    doc = read_document(raw, ".md")
    assert doc.metadata == {"title": "Zhipu grows", "date": "2024-04-02"}
    assert [p.text for p in doc.passages] == ["Zhipu AI has 800 staff."]
    assert doc.passages[0].line == 6
    assert doc.dropped == 1


def test_html_document() -> None:
    raw = (
        b"<html><head><title>Zhipu</title><meta name='author' content='A. Writer'></head><body>"
        b"<p>Zhipu AI has 800 staff.</p><script>document.write('x')</script><p>It grew.</p></body></html>"
    )
    doc = read_document(raw, ".html")
    assert doc.text == "Zhipu AI has 800 staff.\nIt grew."
    assert [p.line for p in doc.passages] == [1, 2]
    assert doc.metadata == {"title": "Zhipu", "author": "A. Writer"}


# --- html_to_text ------------------------------------------------------------------------------------

PAGE = """<!doctype html><html><head>
<title>Zhipu &amp; friends</title>
<meta name="author" content="Jane Roe">
<meta name="description" content="A story">
<meta property="article:published_time" content="2025-06-26T08:00:00Z">
<meta property="og:site_name" content="The Wire">
<style>p { color: red }</style>
<script>var s = "<p>not text</p>";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/tech">Tech</a></nav>
<h1>Zhipu   AI
 grows</h1>
<p>It has &ldquo;800&rdquo; staff &amp; $2.5&nbsp;billion.<br>New line</p>
<ul><li>one</li><li>two</li></ul>
<aside>Buy now</aside><noscript>Enable JS</noscript><template><p>hidden</p></template>
<div>A <b>bold</b> claim.</div>
<footer>Copyright</footer>
</body></html>"""

# id, HTML, expected text, expected metadata
HTML_ROWS = [
    pytest.param(
        PAGE,
        "Zhipu AI grows\nIt has “800” staff & $2.5\xa0billion.\nNew line\n- one\n- two\nA bold claim.",
        {
            "title": "Zhipu & friends",
            "author": "Jane Roe",
            "description": "A story",
            "date": "2025-06-26T08:00:00Z",
            "outlet": "The Wire",
        },
        id="full-page",
    ),
    pytest.param("<p>One</p><p>Two</p>", "One\nTwo", {}, id="paragraphs-to-lines"),
    pytest.param("<script>alert(1)</script>Text", "Text", {}, id="script-dropped"),
    pytest.param(
        "<head><title>T</title><p>Body without closing head</p>",
        "Body without closing head",
        {"title": "T"},
        id="head-not-closed",
    ),
    pytest.param("<pre>a\n  b</pre>", "a\n  b", {}, id="pre-keeps-lines"),
    pytest.param("<p>unclosed <b>tags <i>here", "unclosed tags here", {}, id="malformed"),
    pytest.param(
        "<meta property='og:title' content='OG'><title>Real</title>",
        "",
        {"title": "Real"},
        id="title-beats-og-title",
    ),
    pytest.param("", "", {}, id="empty"),
]


@pytest.mark.parametrize(("html", "text", "meta"), HTML_ROWS)
def test_html_to_text(html: str, text: str, meta: dict[str, str]) -> None:
    assert html_to_text(html) == (text, meta)


# --- parse_front_matter ------------------------------------------------------------------------------

# id, text, expected metadata, expected body start text
FRONT_ROWS = [
    pytest.param(
        "---\ntitle: A\nDate: 2024-01-01\n---\nBody",
        {"title": "A", "date": "2024-01-01"},
        "Body",
        id="simple",
    ),
    pytest.param(
        "---\ntitle: \"Quoted: yes #1\"\nauthor: 'B' \n---\nBody",
        {"title": "Quoted: yes #1", "author": "B"},
        "Body",
        id="quotes",
    ),
    pytest.param(
        "---\ntags:\n  - a\n  - b\nsummary: >\n  long\nx: 1 # comment\n...\nBody",
        {"x": "1"},
        "Body",
        id="nested-skipped-dot-close",
    ),
    pytest.param("No front matter\n---\n", {}, "No front matter\n---\n", id="none"),
    pytest.param("---\ntitle: never closed\nBody", {}, "---\ntitle: never closed\nBody", id="unclosed"),
    pytest.param("---\ntitle: A\n---", {"title": "A"}, "", id="closed-at-eof"),
]


@pytest.mark.parametrize(("text", "meta", "body"), FRONT_ROWS)
def test_parse_front_matter(text: str, meta: dict[str, str], body: str) -> None:
    got_meta, start = parse_front_matter(text)
    assert got_meta == meta
    assert text[start:] == body

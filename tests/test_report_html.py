"""`factcheck report --html FILE`: one self-contained, inert HTML page of the conflict groups.

The renderer is tested on reports built by hand (so hostile text can go in every field), the command
on small corpora written here, and the bundled sources for structure only (their facts change as
extraction improves).  A headless Chromium renders the page when it is installed."""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from factcheck.check.conflicts import (
    APPROXIMATE,
    CONVERSION,
    ORIGIN,
    PLAIN,
    ConflictGroup,
    ConflictReport,
    Difference,
    ValueGroup,
)
from factcheck.models import Fact, FactRecord, Quantity, SourceInfo
from factcheck.report_html import ReportInfo, clean_text, render_html
from tests.conftest import REPO, Run, write_corpus


def _ensure_registered() -> None:
    """The command is wired into the app by factcheck/cli/app.py; until then, register it here."""
    from factcheck.cli import report_cmd
    from factcheck.cli.app import app

    if not any(c.name == "report" for c in app.registered_commands):
        report_cmd.register(app)


_ensure_registered()

Cli = Callable[..., Run]

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
JS_URL = "javascript:alert(1)"
MARK_BREAK = "</mark><b>"
PWN = "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">"
HOSTILE = f"{SCRIPT} {IMG} [link]({JS_URL}) {MARK_BREAK}bold {PWN}"


# --- a strict-enough HTML well-formedness check --------------------------------------------------

VOID = {"meta", "link", "br", "hr", "img", "input", "wbr", "col", "area", "base", "source"}


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> _Tree:
    t = _Tree()
    t.feed(page)
    t.close()
    assert not t.errors, t.errors[:5]
    assert not t.stack, f"unclosed: {t.stack}"
    return t


def assert_inert(page: str) -> _Tree:
    """No script, no active element, no link or resource except the page's own anchors."""
    assert page.startswith("<!DOCTYPE html>")
    assert re.search(
        r"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#x27;none&#x27;", page
    )
    tree = parse(page)
    names = {tag for tag, _ in tree.tags}
    assert not names & {"script", "img", "iframe", "object", "embed", "link", "form", "base", "svg", "b"}, (
        names
    )
    for tag, attrs in tree.tags:
        for k, v in attrs.items():
            assert not k.startswith("on"), (tag, k)
            if k in ("href", "src", "action", "formaction", "xlink:href"):
                assert tag == "a" and k == "href" and re.fullmatch(r"#group-\d+", v or ""), (tag, k, v)
    assert not re.search(r"<(script|img|b)[\s>]", page, re.I)
    return tree


# --- the renderer, on reports built by hand ------------------------------------------------------


def _src(path: str, outlet: str, date: str, sid: int = 1) -> SourceInfo:
    return SourceInfo(sid, path, outlet, "t", date, "day", False, "en", "utf-8", 100, 1, 0, 0)


def _rec(
    sentence: str,
    figure: str,
    value: float,
    source: SourceInfo,
    *,
    entity: str = "Acme Robotics",
    attribute: str = "headcount",
    origin: str | None = None,
    alt: str | None = None,
    currency: str | None = None,
    line: int = 3,
) -> FactRecord:
    base = 1000  # the sentence's offset in its document
    a = sentence.index(figure)
    q = Quantity(base + a, base + a + len(figure), figure, value, value, value, currency=currency)
    alt_q = None
    if alt is not None:
        b = sentence.index(alt)
        alt_q = Quantity(base + b, base + b + len(alt), alt, value / 7, None, None, currency="USD")
    fact = Fact(entity, attribute, q, base, base + len(sentence), line, origin=origin, alt=alt_q)
    return FactRecord(1, fact, source, entity, sentence)


def _report(*groups: ConflictGroup) -> ConflictReport:
    return ConflictReport(list(groups), facts_compared=7, groups_compared=3)


def _group(
    entity: str, attribute: str, vals: list[ValueGroup], kinds: list[str], note: str = ""
) -> ConflictGroup:
    diffs = [Difference(vals[0], v, kinds, 0.25, False, note) for v in vals[1:]]
    return ConflictGroup(entity, attribute, vals, diffs, sum(len(v.records) for v in vals))


def test_everything_from_a_source_is_escaped() -> None:
    evil = _src(f"evil/{SCRIPT}.txt", f"Outlet {IMG}", "2024-05-01")
    sentence = f"Acme has 500 staff {HOSTILE} today."
    r1 = _rec(sentence, "500", 500, evil, entity=f"Acme {SCRIPT}", origin=f"{JS_URL} {MARK_BREAK}")
    r2 = _rec(
        "Acme has 650 staff.", "650", 650, _src("b.txt", "Wire", "2024-06-01", 2), entity=f"Acme {SCRIPT}"
    )
    g = _group(
        f"Acme {SCRIPT}",
        f"head{IMG}",
        [ValueGroup(f"500 {SCRIPT}", [r1]), ValueGroup("650", [r2])],
        [PLAIN],
        note=f"note {IMG}",
    )
    page = render_html(
        _report(g), title=f"T {SCRIPT}", info=ReportInfo(sources=f"/s/{SCRIPT}", index="/x.db")
    )
    tree = assert_inert(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;/mark&gt;&lt;b&gt;" in page
    assert "document.body.setAttribute(&#x27;data-pwned&#x27;,&#x27;1&#x27;)" in page  # quotes escaped too
    assert JS_URL in "".join(tree.text)  # shown as words ...
    assert 'href="javascript' not in page.lower()  # ... never as a link
    # the highlight is exactly the figure, and the hostile text cannot close it
    assert "Acme has <mark>500</mark> staff &lt;script&gt;" in page
    assert page.count("<mark>") == 2 and page.count("<mark") == page.count("</mark>")


def test_control_characters_and_bidi_overrides_are_removed() -> None:
    sentence = (
        "Acme has 500 staff \x1b[31mred\x1b[0m \u202eevil\u202c \u2066iso\u2069 \x00nul\x07 \ud800 end."
    )
    r1 = _rec(sentence, "500", 500, _src("a\u202e.txt", "Out\x1blet\u200f", "2024-01-01"))
    r2 = _rec("Acme has 650 staff.", "650", 650, _src("b.txt", "Wire", "2024-02-01", 2))
    page = render_html(
        _report(_group("Acme", "headcount", [ValueGroup("500", [r1]), ValueGroup("650", [r2])], [PLAIN]))
    )
    assert_inert(page)
    for ch in ("\x1b", "\x00", "\x07", "\u202e", "\u202c", "\u2066", "\u2069", "\u200f", "\ud800"):
        assert ch not in page, repr(ch)
    assert "[31mred" in page and "evil" in page and "Outlet" in page and "\ufffd" in page
    page.encode("utf-8")  # writable as UTF-8 despite the lone surrogate
    assert clean_text("a\tb\nc\r\nd") == "a b c d"


def test_groups_keep_their_rank_and_figures_are_ordered_by_date() -> None:
    late = _rec("Acme has 900 staff.", "900", 900, _src("late.txt", "Late", "2025-03-01", 1))
    early = _rec("Acme has 500 staff.", "500", 500, _src("early.txt", "Early", "2023-01-01", 2))
    undated = _rec("Acme has 700 staff.", "700", 700, _src("nodate.txt", "Nodate", "", 3))
    mid = _rec("Acme has 600 staff.", "600", 600, _src("mid.txt", "Mid", "2024-06-01", 4))
    g1 = _group(
        "Zeta",
        "users",
        [ValueGroup("900", [late]), ValueGroup("700", [undated]), ValueGroup("500", [early])],
        [PLAIN],
    )
    g2 = _group(
        "Alpha", "headcount", [ValueGroup("600", [mid]), ValueGroup("500", [early])], [APPROXIMATE, ORIGIN]
    )
    page = render_html(_report(g1, g2))
    assert_inert(page)
    assert (
        page.index('id="group-1"')
        < page.index("Zeta</span>")
        < page.index('id="group-2"')
        < page.index("Alpha</span>")
    )
    sec1 = page[page.index('id="group-1"') : page.index('id="group-2"')]
    figures = re.findall(r'<span class="figure">([^<]*)</span>', sec1)
    assert figures == ["500", "900", "700"]  # oldest first, undated last
    assert "approximate vs exact" in page and "different origin" in page and "plain disagreement" in page
    assert "2 (2 with a disagreement" in page and "7 facts in 3 entity/attribute groups" in page


def test_conversion_note_and_both_renderings_are_highlighted() -> None:
    a = _rec(
        "Acme was valued at 100 million yuan ($14 million) then.",
        "100 million yuan",
        1e8,
        _src("c.txt", "Caixin", "2024-01-10"),
        attribute="valuation",
        alt="$14 million",
        currency="CNY",
    )
    b = _rec(
        "Acme was valued at 100 million yuan ($13.8 million) then.",
        "100 million yuan",
        1e8,
        _src("d.txt", "CNBC", "2024-06-20", 2),
        attribute="valuation",
        alt="$13.8 million",
        currency="CNY",
    )
    va, vb = (
        ValueGroup("100 million yuan ($14 million)", [a]),
        ValueGroup("100 million yuan ($13.8 million)", [b]),
    )
    note = "both give 100 million yuan; the USD amounts differ (ECB 0.1395 on 2024-01-10 vs 0.1377 on 2024-06-20)"
    g = ConflictGroup("Acme", "valuation", [va, vb], [Difference(va, vb, [CONVERSION], 0.014, True, note)], 2)
    page = render_html(_report(g))
    assert_inert(page)
    assert "same figure, different conversion" in page and "near match" in page
    assert note in page
    assert '<mark>100 million yuan</mark> (<mark class="alt">$14 million</mark>)' in page
    assert "near matches only" in page


def test_an_empty_report_is_a_page_too() -> None:
    page = render_html(
        ConflictReport(),
        info=ReportInfo(sources="/s", index="/i.db", source_count=0, filters=(("--entity", "Acme"),)),
    )
    assert_inert(page)
    assert "No conflicts" in page and "--entity Acme" in page and "0 sources" in page


def test_renderer_needs_no_cli_libraries() -> None:
    code = (
        "import sys, factcheck.report_html; print(sorted(m for m in ('typer', 'rich') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=str(REPO), check=True
    )
    assert out.stdout.strip() == "[]"


# --- the command, on a corpus written here -------------------------------------------------------

CORPUS: dict[str, str | bytes] = {
    "a.txt": f"Acme Robotics has 500 employees, the company said {HOSTILE} here.\n",
    "b.txt": "Acme Robotics has 650 employees, according to filings.\n",
    "c.txt": "Acme Robotics was valued at 100 million yuan ($14 million) in its latest round.\n",
    "d.txt": "Acme Robotics was valued at 100 million yuan ($13.8 million) in its latest round.\n",
    "catalog.json": json.dumps(
        {
            "schema": 1,
            "sources": {
                "a.txt": {"outlet": f"Ledger {SCRIPT}", "title": "A", "date": "2024-03-10"},
                "b.txt": {"outlet": "Tech Wire", "title": "B", "date": "2024-04-02"},
                "c.txt": {"outlet": "Caixin", "title": "C", "date": "2024-01-10"},
                "d.txt": {"outlet": "CNBC", "title": "D", "date": "2024-06-20"},
            },
        }
    ),
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "src", CORPUS)


def _sections(page: str) -> list[str]:
    starts = [m.start() for m in re.finditer(r'<section class="group"', page)]
    return [page[a:b] for a, b in zip(starts, [*starts[1:], page.index("<footer>")], strict=True)]


def test_report_writes_an_inert_page(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    r = cli("report", "--html", str(out), sources=corpus)
    assert r.code == 0, r.err
    assert r.out == ""
    assert "wrote" in r.err and "conflict group" in r.err
    page = out.read_text(encoding="utf-8")
    assert_inert(page)
    for planted in (
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;img src=x onerror=alert(1)&gt;",
        "&lt;/mark&gt;&lt;b&gt;",
        "Ledger &lt;script&gt;alert(1)&lt;/script&gt;",
    ):
        assert planted in page, planted
    assert JS_URL in page and 'href="javascript' not in page
    sections = _sections(page)
    by_attr = {re.search(r'<span class="attribute">([^<]*)</span>', s).group(1): s for s in sections}  # type: ignore[union-attr]
    head = by_attr["headcount"]
    assert "Acme Robotics" in head and "<mark>500</mark>" in head and "<mark>650</mark>" in head
    assert "disagree" in head and head.index("Ledger") < head.index("Tech Wire")  # by date
    val = by_attr["valuation"]
    assert "same figure, different conversion" in val and "USD amounts differ" in val
    assert val.index("Caixin") < val.index("CNBC")
    assert 'class="alt">$14 million</mark>' in val and 'class="alt">$13.8 million</mark>' in val
    assert str(corpus) in page and "4 sources" in page


def test_report_to_stdout_and_filters(cli: Cli, corpus: Path) -> None:
    r = cli("report", "--html", "-", "--attribute", "employees", sources=corpus)
    assert r.code == 0, r.err
    assert_inert(r.out)
    assert len(_sections(r.out)) == 1 and "headcount" in r.out and "--attribute headcount" in r.out
    r = cli("report", "--html", "-", "--min-difference", "50%", "-q", sources=corpus)
    assert r.code == 0 and r.err == "" and "No conflicts" in r.out  # nothing to report is still a report
    r = cli("report", "--html", "-", "--since", "2024-04", sources=corpus)
    assert r.code == 0 and "No conflicts" in r.out  # one fact per group left
    r = cli("report", "--html", "-", "--entity", "acme robotcs", sources=corpus)
    assert r.code == 0 and len(_sections(r.out)) == 2


@pytest.mark.parametrize(
    "args",
    [
        ["report"],  # --html is required
        ["report", "--html", "-", "--since", "last week"],
        ["report", "--html", "-", "--min-difference", "lots"],
        ["report", "--html", "-", "--attribute", "shoe size"],
        ["report", "--html", "-", "--entity", "Nonexistent Widgets"],
    ],
)
def test_bad_usage_exits_2(cli: Cli, corpus: Path, args: list[str]) -> None:
    r = cli(*args, sources=corpus)
    assert r.code == 2, (r.code, r.err)
    assert "error" in r.err.lower() or "usage" in r.err.lower()


def test_unwritable_file_exits_2_and_leaves_nothing(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    r = cli("report", "--html", str(tmp_path / "missing" / "r.html"), sources=corpus)
    assert r.code == 2 and "cannot write" in r.err
    r = cli("report", "--html", str(tmp_path), sources=corpus)  # a folder
    assert r.code == 2 and "cannot write" in r.err
    if os.geteuid() != 0:  # root can write anywhere
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o555)
        r = cli("report", "--html", str(ro / "r.html"), sources=corpus)
        assert r.code == 2 and "cannot write" in r.err
        assert list(ro.iterdir()) == []
    assert not list((tmp_path).glob(".*.tmp"))


def test_bundled_report_structure(bundled: Cli, tmp_path: Path) -> None:
    out = tmp_path / "bundled.html"
    r = bundled("report", "--html", str(out))
    assert r.code == 0, r.err
    page = out.read_text(encoding="utf-8")
    tree = assert_inert(page)
    sections = _sections(page)
    contents = re.findall(r'<a href="#group-(\d+)">', page)
    assert contents == [str(i) for i in range(1, len(sections) + 1)]
    for i, s in enumerate(sections, 1):
        assert f'id="group-{i}"' in s
        assert s.count('<article class="value">') >= 2
        assert s.count('<li class="difference">') >= 1
        assert "<mark>" in s and '<blockquote class="quote">' in s
        assert re.search(r'<span class="kind k-\w+"', s)
    assert any(t == "h1" for t, _ in tree.tags)
    assert "5 sources" in page


# --- rendering in a real browser -----------------------------------------------------------------


def _chromium() -> str | None:
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _browser(exe: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    profile = tempfile.mkdtemp(prefix="factcheck-chromium-")
    try:
        return subprocess.run(
            [
                exe,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                f"--user-data-dir={profile}",
                *args,
            ],
            capture_output=True,
            timeout=120,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.mark.skipif(
    _chromium() is None, reason="Chromium not installed (apt-get install chromium): no headless rendering"
)
def test_page_renders_in_chromium_and_no_script_runs(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    exe = _chromium()
    assert exe is not None
    page = tmp_path / "report.html"
    r = cli("report", "--html", str(page), sources=corpus)
    assert r.code == 0, r.err
    url = page.resolve().as_uri()

    png = tmp_path / "report.png"
    shot = _browser(exe, f"--screenshot={png}", "--window-size=1200,2000", url)
    assert png.exists(), shot.stderr.decode(errors="replace")[-2000:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1200, 2000)
    assert len(data) > 20_000, "the screenshot is nearly blank"

    dump = _browser(exe, "--dump-dom", url)
    dom = dump.stdout.decode("utf-8", errors="replace")
    assert "Acme Robotics" in dom, dump.stderr.decode(errors="replace")[-2000:]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom  # the planted script is text
    assert "&lt;img src=x onerror=alert(1)&gt;" in dom
    assert not re.search(r"<(script|img|iframe|b)[\s>]", dom, re.I)  # no element made from source text
    assert 'data-pwned="1"' not in dom  # no handler ran
    assert "<mark>500</mark>" in dom

"""Hostile sources: files that try to act on the terminal, break the reader, or escape the folder.

Every hostile file is indexed or skipped with a warning - never a crash or a traceback - and
whatever of it is printed is inert: rich markup shown literally, ANSI/OSC escapes and C0/C1
control characters shown as ``\\xNN``, bidi overrides dropped (``search``, ``facts``, ``check``,
text with and without colour, and JSON, which stays valid and faithful).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, Run, run_subprocess, write_corpus

STRESS = os.environ.get("FACTCHECK_STRESS", "") not in ("", "0")

ESC_OSC = "\x1b]0;pwned\x07"  # set the terminal title
ESC_CSI = "\x1b[2J\x1b[31m"  # clear screen, red
ESC_HYPERLINK = "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\"
C1 = "\x9b31m\x90q\x9d0;t\x9c\x85"
BIDI = "\u202e\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u200e\u200f\u061c"
MARKUP = "[bold red]PWNED[/bold red] [link=http://evil.example]x[/link] :warning:"
CONTROL_C0 = "".join(chr(c) for c in range(0x01, 0x20) if chr(c) not in "\t\n\r\f\v\x1c\x1d\x1e\x85")

# raw bytes that must never reach stdout from a source (rich's own SGR colour codes excepted)
_RAW_BAD = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_ESC_NOT_SGR = re.compile(r"\x1b(?!\[[0-9;]*m)")


def hostile_corpus(root: Path) -> Path:
    files: dict[str, str | bytes] = {
        "ansi.txt": f"Nimbus Labs has 301 employees, {ESC_OSC}{ESC_CSI} the company said.\n\n"
        f"Filler about notable progress {ESC_HYPERLINK}.\n",
        "markup.md": f"---\noutlet: {MARKUP}\ntitle: {ESC_OSC}t\n---\n"
        f"Nimbus Labs has 302 employees {MARKUP}, the company said.\n",
        "c0c1.txt": f"Nimbus Labs has 303 employees{C1} and{CONTROL_C0[:5]} notable progress.\n",
        "bidi.txt": f"Nimbus Labs has 304 employees, {BIDI}the company said\u202e 403 .\n",
        "nul.txt": b"Nimbus Labs has 305 employees, the company said." + b"\x00" * 3 + b" More text.\n" * 50,
        "binary.txt": b"\x00\x01\x02\x03" * 4000,
        "script.html": "<html><head><title>t</title><script>alert('x'); document.write('Nimbus Labs has "
        "999 employees')</script><style>p{}</style></head><body><p>Nimbus Labs has 306 employees, the "
        'company said.</p><p onclick="evil()">[red]x[/red] notable progress</p>'
        "<iframe src='javascript:alert(1)'></iframe><!-- Nimbus Labs has 998 employees --></body></html>\n",
        "bad-utf8.txt": b"Nimbus Labs has 307 employees \xff\xfe\xc3\x28 notable progress.\n",
        "crlf-mixed.txt": b"Nimbus Labs has 308 employees.\r\n\rnotable progress\r\n\x0c\x0b\n",
        "utf16.txt": "Nimbus Labs has 309 employees, notable progress.\n".encode("utf-16"),
        "empty.txt": b"",
        "only-space.md": " \n\t\n   \n",
        "frontmatter-bad.md": "---\noutlet: [unclosed\ndate: 99999-99-99\n---\nNimbus Labs has 310 employees.\n",
        "long-word.txt": "Nimbus Labs has 311 employees. " + "x" * 200_000 + "\n",
        f"name-{ESC_CSI}-\u202eevil.txt": "Nimbus Labs has 312 employees, notable progress.\n",
    }
    return write_corpus(root, files)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    base = tmp_path_factory.mktemp("hostile")
    src = hostile_corpus(base / "sources")
    db = base / "index.db"
    r = run_subprocess(["index"], env={"FACTCHECK_DB": str(db), "FACTCHECK_SOURCES": str(src)}, timeout=120)
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode == 0, err
    assert "Traceback" not in err and "unexpected" not in err, err
    return src, db, err


@pytest.fixture
def hcli(hostile: tuple[Path, Path, str], cli: Callable[..., Run]) -> Callable[..., Run]:
    src, db, _ = hostile

    def run(*args: str, **env: str) -> Run:
        return cli(*args, "--no-refresh", FACTCHECK_DB=str(db), sources=src, **env)

    return run


def assert_inert(text: str, *, rich: bool = False) -> None:
    bad = _RAW_BAD.findall(text.replace("\x1b", ""))
    assert not bad, f"raw control/bidi characters printed: {sorted({hex(ord(c)) for c in bad})}"
    if rich:
        assert not _ESC_NOT_SGR.search(text), "an escape sequence other than colour reached stdout"
    else:
        assert "\x1b" not in text
    assert "\u202e" not in text


def test_hostile_corpus_is_indexed_with_warnings_not_crashes(hostile: tuple[Path, Path, str]) -> None:
    _src, _db, err = hostile
    assert_inert(err)
    assert "binary.txt: binary file, skipped" in err
    assert "empty.txt: empty file" in err


def test_sources_listing_is_inert(hcli: Callable[..., Run]) -> None:
    r = hcli("sources")
    assert r.code == 0, r.err
    assert_inert(r.out)
    assert "\\x1b" in r.out  # the escape is shown, not acted on
    assert "[bold red]PWNED[/bold red]" in r.out  # the outlet's markup, literally
    doc = json.loads(hcli("sources", "--json").out)
    paths = {s["path"] for s in doc["sources"]}
    assert f"name-{ESC_CSI}-\u202eevil.txt" in paths  # JSON stays faithful


@pytest.mark.parametrize("color", ["never", "always"])
def test_search_facts_check_text_are_inert(hcli: Callable[..., Run], color: str) -> None:
    rich = color == "always"
    for args, ok in (
        (("search", "notable", "progress"), (0,)),
        (("search", "Nimbus", "employees", "--limit", "50"), (0,)),
        (("facts", "--unattributed"), (0,)),
        (("check", "Nimbus Labs has 301 employees", "Nimbus Labs has 999 employees"), (0, 1)),
    ):
        r = hcli(*args, "--color", color)
        assert r.code in ok, (args, r.code, r.err)
        assert "Traceback" not in r.err and "unexpected" not in r.err, r.err
        assert_inert(r.out, rich=rich)
        assert_inert(r.err)


def test_markup_is_printed_literally(hcli: Callable[..., Run]) -> None:
    for color in ("never", "always"):
        r = hcli("facts", "--unattributed", "--color", color, COLUMNS="2000")
        assert "[bold red]PWNED[/bold red]" in r.out, r.out
        assert ":warning:" in r.out


def test_json_outputs_are_valid_and_faithful(hcli: Callable[..., Run]) -> None:
    for args in (
        ("search", "Nimbus", "employees", "--limit", "50", "--json"),
        ("facts", "--unattributed", "--json"),
        ("check", "Nimbus Labs has 301 employees", "--json"),
    ):
        r = hcli(*args)
        assert "\x1b" not in r.out  # json escapes C0 as \u001b
        doc = json.loads(r.out)
        blob = json.dumps(doc, ensure_ascii=False)
        assert "PWNED" in blob or args[0] == "check"
    facts = json.loads(hcli("facts", "--unattributed", "--json").out)["facts"]
    figures = {f["quantity"]["value"] for f in facts}
    # the texts of the hostile files, with their escapes, were all understood
    assert {301, 302, 303, 304, 306, 307, 308, 309}.issubset(figures), sorted(figures)
    for f in facts:
        if f["quantity"]["value"] == 301:
            assert ESC_OSC in f["text"]  # faithful: the JSON carries the text as written


def test_html_script_style_and_comments_are_not_text(hcli: Callable[..., Run]) -> None:
    doc = json.loads(hcli("facts", "--source", "script.html", "--unattributed", "--json").out)
    values = {f["quantity"]["value"] for f in doc["facts"]}
    assert 306 in values and 999 not in values and 998 not in values, values
    r = hcli("search", "alert", "--json")
    assert r.code == 1 and json.loads(r.out)["hits"] == []


def test_deeply_nested_folders(tmp_path: Path, cli: Callable[..., Run]) -> None:
    src = tmp_path / "sources"
    d = src
    for i in range(200):
        d = d / f"n{i % 10}"
    d.mkdir(parents=True)
    (d / "deep.txt").write_text("Nimbus Labs has 777 employees, the company said.\n", encoding="utf-8")
    r = cli("index", sources=src)
    assert r.code == 0, r.err
    r = cli("facts", "--unattributed", "--json", sources=src)
    assert r.code == 0, r.err
    assert json.loads(r.out)["facts"][0]["source"].endswith("/deep.txt")


def test_symlinks_loops_and_escapes(tmp_path: Path, cli: Callable[..., Run]) -> None:
    outside = write_corpus(tmp_path / "outside", {"secret.txt": "Nimbus Labs has 666 employees, it said.\n"})
    src = write_corpus(tmp_path / "sources", {"a/real.txt": "Nimbus Labs has 100 employees, it said.\n"})
    (src / "a" / "loop").symlink_to(src / "a", target_is_directory=True)
    (src / "up").symlink_to(src, target_is_directory=True)
    (src / "out").symlink_to(outside, target_is_directory=True)
    (src / "secret-link.txt").symlink_to(outside / "secret.txt")
    (src / "dangling.txt").symlink_to(tmp_path / "nope.txt")

    r = cli("index", "--json", sources=src)
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["sources"] == 1
    assert "not followed" in r.err
    paths = {s["path"] for s in json.loads(cli("sources", "--json", sources=src).out)["sources"]}
    assert paths == {"a/real.txt"}

    # with --follow-symlinks the loops end (each folder once) and nothing crashes
    db2 = tmp_path / "follow.db"
    r = cli("index", "--follow-symlinks", "--json", sources=src, FACTCHECK_DB=str(db2))
    assert r.code == 0, r.err
    assert "Traceback" not in r.err
    got = {
        s["path"]
        for s in json.loads(cli("sources", "--json", sources=src, FACTCHECK_DB=str(db2)).out)["sources"]
    }
    assert "a/real.txt" in got
    assert len(got) <= 4, got  # the loops did not multiply the files


def test_unreadable_file_is_a_warning(tmp_path: Path, cli: Callable[..., Run]) -> None:
    src = write_corpus(tmp_path / "sources", {"ok.txt": "Nimbus Labs has 1 employees.\n"})
    os.mkfifo(src / "fifo.txt")  # a named pipe with a text suffix: must not hang the indexer
    r = cli("index", sources=src)
    assert r.code == 0, r.err
    assert "Traceback" not in r.err


def _bigline_file(path: Path, mb: int) -> None:
    unit = "Nimbus Labs has 300 employees and made notable progress in 2024. It is valued at $2.5 billion. "
    with open(path, "w", encoding="utf-8") as f:
        chunk = unit * 1000
        for _ in range(mb * 1024 * 1024 // len(chunk) + 1):
            f.write(chunk)  # one line: no newline anywhere


def _timed_index(src: Path, db: Path, timeout: float) -> tuple[float, subprocess.CompletedProcess[bytes]]:
    t = time.perf_counter()
    r = subprocess.run(
        [sys.executable, "-m", "factcheck", "index", "--quiet"],
        env={**os.environ, "FACTCHECK_DB": str(db), "FACTCHECK_SOURCES": str(src)},
        cwd=str(REPO),
        capture_output=True,
        timeout=timeout,
    )
    return time.perf_counter() - t, r


@pytest.mark.bigfile
@pytest.mark.skipif(not STRESS, reason="100 MB single-line file: set FACTCHECK_STRESS=1 (runs up to 10 min)")
def test_100mb_single_line_file(tmp_path: Path) -> None:
    src = tmp_path / "sources"
    src.mkdir()
    _bigline_file(src / "huge.txt", 100)
    seconds, r = _timed_index(src, tmp_path / "index.db", timeout=600)
    print(f"\n100 MB single line: indexed in {seconds:.1f}s")
    assert r.returncode == 0, r.stderr.decode()


@pytest.mark.bigfile
def test_1mb_single_line_file_indexes_in_linear_time(tmp_path: Path) -> None:
    """Was quadratic (every sentence re-filtered the passage's mentions and cues). 100 KB of these sentences on separate lines index in well under a second; 1 MB on one line
    should take about ten times that, not minutes."""
    src = tmp_path / "sources"
    src.mkdir()
    _bigline_file(src / "big.txt", 1)
    seconds, r = _timed_index(src, tmp_path / "index.db", timeout=10)
    print(f"\n1 MB single line: indexed in {seconds:.1f}s")
    assert r.returncode == 0, r.stderr.decode()


def test_many_lines_of_the_same_text_index_quickly(tmp_path: Path) -> None:
    """The control for the test above: the same 1 MB, one sentence per line."""
    unit = "Nimbus Labs has 300 employees and made notable progress in 2024. It is valued at $2.5 billion.\n"
    src = write_corpus(tmp_path / "sources", {"lines.txt": unit * (1024 * 1024 // len(unit))})
    seconds, r = _timed_index(src, tmp_path / "index.db", timeout=60)
    print(f"\n1 MB, one sentence per line: indexed in {seconds:.1f}s")
    assert r.returncode == 0, r.stderr.decode()


def test_long_run_on_sentence_indexes_quickly(tmp_path: Path) -> None:
    """Was cubic (every figure scored against every cue, splitting the text between them)."""
    words = "Nimbus Labs has 300 employees and notable progress valued at $2.5 billion of the 2024 and "
    src = write_corpus(tmp_path / "sources", {"runon.txt": words * (48 * 1024 // len(words))})
    _seconds, r = _timed_index(src, tmp_path / "index.db", timeout=6)
    assert r.returncode == 0

"""The staleness check that every search and check runs: GNU find's listing must give exactly the
digest the Python scan gives (same files, in whatever order each lists them), and any change must
still be seen."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from factcheck.indexer import find_signature, index_is_stale, scan, scan_signature

pytestmark = pytest.mark.skipif(shutil.which("find") is None, reason="no find on PATH")


def _tricky(root: Path) -> None:
    (root / "a" / ".hidden").mkdir(parents=True)
    (root / "b" / "deep" / "er").mkdir(parents=True)
    files = {
        "a/one.txt": "Acme AI has 500 employees.",
        "a/tab\tname.md": "x",
        "a/.hidden/h.txt": "hidden folder",
        ".hidden.txt": "hidden file",
        "catalog.json": "{}",
        "b/catalog.json": "not the catalog: not indexed either (wrong suffix)",
        "b/Q.HTML": "<p>upper-case suffix</p>",
        "b/new\nline.txt": "newline in the name",
        "b/deep/er/x.txt": "nested",
        "b/skip.pdf": "not a supported suffix",
        "a.txt": "beside the folder a",
        "a-b.txt": "sorts between a and a.txt by character",
        "B.txt": "capital",
        "ü.txt": "non-ASCII name",
    }
    for rel, text in files.items():
        (root / rel).write_text(text, encoding="utf-8")
    os.symlink(root / "a" / "one.txt", root / "link.txt")


def test_find_listing_gives_the_scan_digest(tmp_path: Path) -> None:
    _tricky(tmp_path)
    entries, _ = scan(tmp_path)
    assert len(entries) == 9
    assert find_signature(tmp_path) == scan_signature(entries, False)


def test_digest_is_of_the_files_not_their_order(tmp_path: Path) -> None:
    _tricky(tmp_path)
    entries, _ = scan(tmp_path)
    digest = scan_signature(entries, False)
    assert scan_signature(reversed(entries), False) == digest
    assert scan_signature(entries, True) != digest  # a scan that follows links is another listing
    assert scan_signature(entries[1:], False) != digest
    # two files swap names (same sizes and times, other paths): a different listing
    a, b = entries[0], entries[1]
    swapped = [a._replace(relpath=b.relpath), b._replace(relpath=a.relpath), *entries[2:]]
    assert a.size != b.size or a.mtime_ns != b.mtime_ns
    assert scan_signature(swapped, False) != digest
    # a file listed twice is not the same as once
    assert scan_signature([*entries, entries[0]], False) != digest


def test_bytes_name_that_is_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("fine", encoding="utf-8")
    with open(os.path.join(os.fsencode(tmp_path), b"\xffbad.txt"), "wb") as fh:
        fh.write(b"a name that is not UTF-8")
    entries, _ = scan(tmp_path)
    assert len(entries) == 2
    assert find_signature(tmp_path) == scan_signature(entries, False)


def test_changes_are_seen(cli, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _tricky(corpus)
    db = tmp_path / "i.db"
    assert cli("index", "--sources", str(corpus), "--db", str(db)).code == 0
    assert not index_is_stale(corpus, db)
    f = corpus / "a" / "one.txt"
    st = f.stat()
    # same size, one second later: an in-place edit
    f.write_text("Acme AI has 900 employees.", encoding="utf-8")
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert index_is_stale(corpus, db)
    assert cli("index", "--sources", str(corpus), "--db", str(db)).code == 0
    assert not index_is_stale(corpus, db)
    (corpus / "b" / "deep" / "er" / "new.txt").write_text("new", encoding="utf-8")
    assert index_is_stale(corpus, db)
    assert cli("index", "--sources", str(corpus), "--db", str(db)).code == 0
    (corpus / "a.txt").unlink()
    assert index_is_stale(corpus, db)


def test_search_refreshes_after_an_in_place_edit(cli, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    f = corpus / "a.txt"
    f.write_text("Acme AI has 500 employees.", encoding="utf-8")
    assert cli("search", "employees", sources=corpus).code == 0
    st = f.stat()
    f.write_text("Acme AI has 900 employees.", encoding="utf-8")
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    r = cli("search", "employees", "--json", sources=corpus)
    assert r.code == 0 and "900" in r.out and "500" not in r.out, r.err

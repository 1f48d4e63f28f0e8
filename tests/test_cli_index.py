"""`factcheck index` and `factcheck sources` driven as a user runs them: build, refresh, rebuild,
interrupted runs, and the index file's guarantees."""

from __future__ import annotations

import os
import re
import sqlite3
import time
from pathlib import Path

import pytest

from tests.conftest import run_subprocess, write_corpus

ARTICLE_A = """Acme Robotics raised $40 million in a Series B round.

The company, founded in 2015, has 350 employees according to its chief executive.
"""
ARTICLE_B = """Borealis Energy is valued at $1.2 billion after its latest round.

Borealis Energy employs nearly 2,000 people across four countries.
"""
ARTICLE_C = """Acme Robotics has 420 employees, a spokesperson said.
"""


def counts(run_json: dict[str, object]) -> tuple[object, ...]:
    return tuple(run_json[k] for k in ("added", "changed", "removed", "unchanged", "sources"))


def test_index_builds_and_summarises(cli, tmp_path: Path) -> None:
    src = write_corpus(tmp_path / "src", {"a.txt": ARTICLE_A, "b.md": ARTICLE_B})
    r = cli("index", sources=src)
    assert r.code == 0, r.err
    assert r.out.startswith("indexed 2 sources: 2 added, 0 changed, 0 removed, 0 unchanged;")
    assert "passages" in r.out and "facts" in r.out


def test_index_is_incremental(cli, tmp_path: Path) -> None:
    src = write_corpus(tmp_path / "src", {"a.txt": ARTICLE_A, "b.txt": ARTICLE_B})
    assert counts(cli("index", "--json", sources=src).json()) == (2, 0, 0, 0, 2)
    # nothing changed: nothing re-read
    assert counts(cli("index", "--json", sources=src).json()) == (0, 0, 0, 2, 2)
    # a new file, a changed file, a deleted file
    (src / "c.txt").write_text(ARTICLE_C, encoding="utf-8")
    (src / "a.txt").write_text(
        ARTICLE_A + "\nAcme Robotics plans to hire 50 more engineers.\n", encoding="utf-8"
    )
    (src / "b.txt").unlink()
    assert counts(cli("index", "--json", sources=src).json()) == (1, 1, 1, 0, 2)
    # touched but identical content: recognised by hash, not re-processed
    t = time.time() + 5
    os.utime(src / "c.txt", (t, t))
    assert counts(cli("index", "--json", sources=src).json()) == (0, 0, 0, 2, 2)


def test_first_build_indexes_its_rows(cli, tmp_path: Path) -> None:
    """A first build adds the row indexes only once its rows are in: they must be there when the
    index is used (a refresh finds a source's passages and facts through them)."""
    src = write_corpus(tmp_path / "src", {"a.txt": ARTICLE_A, "b.txt": ARTICLE_B})
    assert cli("index", sources=src).code == 0
    with sqlite3.connect(tmp_path / "index.db") as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        plan = " ".join(
            str(r[-1]) for r in conn.execute("EXPLAIN QUERY PLAN DELETE FROM passages WHERE source_id = 1")
        )
    assert {"passages_source", "facts_source", "facts_entity"} <= names
    assert "passages_source" in plan
    (src / "b.txt").unlink()
    assert counts(cli("index", "--json", sources=src).json()) == (0, 0, 1, 1, 1)


def _aliases(db: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(db) as conn:
        return [tuple(r) for r in conn.execute("SELECT name, key, canonical FROM aliases ORDER BY name")]


def test_refresh_keeps_the_name_table_as_a_rebuild_would(cli, tmp_path: Path) -> None:
    # a refresh rewrites only the alias rows that differ: the result must be a rebuild's
    src = write_corpus(
        tmp_path / "src", {"a.txt": ARTICLE_A, "b.txt": ARTICLE_B, "d.txt": "Zhipu has 800 employees.\n"}
    )
    assert cli("index", sources=src).code == 0
    before = {name: canonical for name, _, canonical in _aliases(tmp_path / "index.db")}
    assert before["Borealis Energy"] == "Borealis Energy"
    assert before["Zhipu"] == "Zhipu"
    (src / "b.txt").unlink()  # a name disappears
    (src / "e.txt").write_text("Zhipu AI is valued at $2.5 billion.\n", encoding="utf-8")  # a new full form
    assert cli("index", sources=src).code == 0
    refreshed = _aliases(tmp_path / "index.db")
    names = {name: canonical for name, _, canonical in refreshed}
    assert "Borealis Energy" not in names
    assert names["Zhipu"] == "Zhipu AI"  # the bare name's row was rewritten
    assert cli("index", "--rebuild", sources=src).code == 0
    assert refreshed == _aliases(tmp_path / "index.db")
    # an edit that leaves every name as often as it was (names are not re-merged), then one that
    # renames a company in place
    (src / "d.txt").write_text("Zhipu has 900 employees.\n", encoding="utf-8")
    assert counts(cli("index", "--json", sources=src).json())[1] == 1
    assert _aliases(tmp_path / "index.db") == refreshed
    (src / "a.txt").write_text(ARTICLE_A.replace("Acme Robotics", "Acme Dynamics"), encoding="utf-8")
    assert counts(cli("index", "--json", sources=src).json())[1] == 1
    renamed = _aliases(tmp_path / "index.db")
    assert "Acme Dynamics" in {name for name, _, _ in renamed}
    assert "Acme Robotics" not in {name for name, _, _ in renamed}
    assert cli("index", "--rebuild", sources=src).code == 0
    assert renamed == _aliases(tmp_path / "index.db")


def test_commands_refresh_a_stale_index(cli, tmp_path: Path) -> None:
    src = write_corpus(tmp_path / "src", {"a.txt": ARTICLE_A})
    assert cli("index", sources=src).code == 0
    (src / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    r = cli("search", "Borealis", sources=src)
    assert r.code == 0
    assert "b.txt:1:" in r.out
    assert "indexed 2 sources" in r.err  # said on stderr, not silently


def test_first_use_builds_the_index(cli, tmp_path: Path) -> None:
    src = write_corpus(tmp_path / "src", {"a.txt": ARTICLE_A})
    r = cli("search", "Acme", sources=src)
    assert r.code == 0 and "a.txt:1:" in r.out


def test_no_refresh_answers_from_the_index_as_is(cli, tmp_path: Path) -> None:
    src = write_corpus(tmp_path / "src", {"a.txt": ARTICLE_A})
    assert cli("index", sources=src).code == 0
    (src / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    r = cli("search", "Borealis", "--no-refresh", sources=src)
    assert r.code == 1 and r.out == ""


def test_interrupted_refresh_leaves_previous_index(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = write_corpus(tmp_path / "src", {"a.txt": ARTICLE_A, "b.txt": ARTICLE_B})
    assert cli("index", sources=src).code == 0
    before = cli("sources", "--json", "--no-refresh", sources=src).json()
    (src / "c.txt").write_text(ARTICLE_C, encoding="utf-8")
    (src / "a.txt").unlink()

    import factcheck.indexer as indexer

    real = indexer.process_file

    def boom(entry, metadata, known_hash=""):  # type: ignore[no-untyped-def]
        if entry.relpath == "c.txt":
            raise KeyboardInterrupt
        return real(entry, metadata, known_hash)

    monkeypatch.setattr(indexer, "process_file", boom)
    r = cli("index", sources=src)
    assert r.code == 130
    monkeypatch.setattr(indexer, "process_file", real)
    after = cli("sources", "--json", "--no-refresh", sources=src).json()
    assert after == before  # the deletion of a.txt was rolled back with the rest
    assert counts(cli("index", "--json", sources=src).json()) == (1, 0, 1, 1, 2)
    leftovers = [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name]
    assert leftovers == []


def test_interrupted_first_build_leaves_no_index_and_no_temp(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = write_corpus(tmp_path / "src", {"a.txt": ARTICLE_A, "b.txt": ARTICLE_B})
    import factcheck.indexer as indexer

    real = indexer.process_file

    def boom(entry, metadata, known_hash=""):  # type: ignore[no-untyped-def]
        if entry.relpath == "b.txt":
            raise KeyboardInterrupt
        return real(entry, metadata, known_hash)

    monkeypatch.setattr(indexer, "process_file", boom)
    assert cli("index", sources=src).code == 130
    assert not (tmp_path / "index.db").exists()
    assert [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name] == []
    monkeypatch.setattr(indexer, "process_file", real)
    assert cli("index", sources=src).code == 0


def test_rebuild_replaces_a_corrupt_index(cli, tmp_path: Path) -> None:
    src = write_corpus(tmp_path / "src", {"a.txt": ARTICLE_A})
    (tmp_path / "index.db").write_bytes(b"this is not a database" * 100)
    r = cli("search", "Acme", sources=src)
    assert r.code == 2
    assert r.err.count("\n") == 1 and "index --rebuild" in r.err and "Traceback" not in r.err
    assert cli("index", "--rebuild", sources=src).code == 0
    assert cli("search", "Acme", sources=src).code == 0


def test_foreign_database_is_refused(cli, tmp_path: Path) -> None:
    src = write_corpus(tmp_path / "src", {"a.txt": ARTICLE_A})
    con = sqlite3.connect(tmp_path / "index.db")
    con.execute("CREATE TABLE customers(id INTEGER, name TEXT)")
    con.commit()
    con.close()
    r = cli("index", sources=src)
    assert r.code == 2 and "not a factcheck index" in r.err and "--rebuild" in r.err


def test_newer_schema_is_refused(cli, tmp_path: Path) -> None:
    src = write_corpus(tmp_path / "src", {"a.txt": ARTICLE_A})
    assert cli("index", sources=src).code == 0
    con = sqlite3.connect(tmp_path / "index.db")
    con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    r = cli("search", "Acme", sources=src)
    assert r.code == 2 and "newer factcheck" in r.err


def test_index_busy(cli, tmp_path: Path) -> None:
    from factcheck.indexer import writer_lock

    src = write_corpus(tmp_path / "src", {"a.txt": ARTICLE_A})
    with writer_lock(tmp_path / "index.db"):
        r = cli("index", "--no-wait", sources=src)
    assert r.code == 2 and "index busy" in r.err


def test_sources_lists_metadata(bundled) -> None:
    r = bundled("sources", "--json")
    assert r.code == 0
    rows = {s["path"]: s for s in r.json()["sources"]}
    assert len(rows) == 5
    scmp = rows["004_39d260672c34949b.txt"]
    assert scmp["outlet"] == "South China Morning Post"
    assert scmp["repairs"] > 10
    gnn = rows["002_5c8366660ba2e341.txt"]
    assert gnn["date"] == "2025-06-25" and gnn["date_inferred"] is False
    text = bundled("sources").out
    assert "Cointelegraph" in text and "~2024" in text


def test_front_matter_metadata(cli, tmp_path: Path) -> None:
    src = write_corpus(
        tmp_path / "src",
        {
            "note.md": "---\noutlet: Daily Ledger\ndate: 2023-05-02\ntitle: A note\n---\nAcme Robotics has 12 staff.\n"
        },
    )
    r = cli("sources", "--json", sources=src)
    s = r.json()["sources"][0]
    assert (s["outlet"], s["date"], s["title"]) == ("Daily Ledger", "2023-05-02", "A note")


def test_version_and_help(cli) -> None:
    r = cli("--version")
    assert r.code == 0 and re.fullmatch(r"factcheck \S+ \((compiled|interpreted)\)\n", r.out), r.out
    for cmd in ("index", "sources", "search", "check"):
        h = cli(cmd, "--help")
        assert h.code == 0
        assert "Example" in h.out, f"{cmd} --help has no example"


def test_missing_sources_folder(cli, tmp_path: Path) -> None:
    r = cli("index", sources=tmp_path / "nope")
    assert r.code == 2
    assert r.err == f"factcheck: error: sources folder not found: {tmp_path / 'nope'}\n"


def test_unknown_option_is_a_usage_error(cli) -> None:
    r = cli("index", "--frobnicate")
    assert r.code == 2 and "No such option" in r.err


def test_version_names_the_build_under_test() -> None:
    """`--version` says whether the text pipeline is compiled; .ci/run sets FACTCHECK_EXPECT_BUILD for
    each of its two test runs, so a compiled run that silently imported the source tree fails here
    (in a child process, as every subprocess test of the suite runs)."""
    r = run_subprocess(["--version"])
    assert r.returncode == 0
    build = re.fullmatch(rb"factcheck \S+ \((compiled|interpreted)\)\n", r.stdout)
    assert build is not None, r.stdout
    expected = os.environ.get("FACTCHECK_EXPECT_BUILD")
    if expected:
        assert build.group(1).decode() == expected
        import factcheck.extract.facts as facts_module

        assert facts_module.__file__ is not None
        assert facts_module.__file__.endswith(".py") == (expected == "interpreted"), facts_module.__file__

"""The corpus's entity names as the index keeps them: summed in the ``names`` table as sources come
and go, merged into aliases in groups of first-character partitions (the same result as one merge of
all names), only the partitions whose counts moved re-merged on a refresh, and an index of schema 1
migrated on the next index run."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from factcheck.extract.aliases import merge_aliases
from tests.conftest import write_corpus

# Names chosen to link in every way merge_aliases links names, across several first characters:
# same key ("NovaTek" / "Nova Tek"), a bare name and its one full form ("Acme" / "Acme AI"), a short
# core ("Qi" / "Qi Group"), a rare misspelling of a frequent name ("Acmee AI"), and names outside ASCII.
ARTICLES = {
    "a.txt": "Acme AI raised $40 million. Acme AI hired 300 staff. Acme AI opened an office in Lyon.\n\n"
    "Later, Acme said revenue doubled. Acme AI is valued at $1 billion.\n",
    "b.txt": "Acmee AI was mentioned once in a listing.\n\nNovaTek shipped 2 million units. "
    "Nova Tek employs 900 people.\n",
    "c.txt": "Qi Group has 40 employees. Qi said it would hire 20 more.\n\n"
    "Zorblax Quantum raised $5 million. Zorblax Quantum Holdings has 12 staff.\n",
    "d.txt": "Ærøskøbing Labs has 30 employees. Ærøskøbing Labs raised $2 million.\n\n"
    "Borealis Energy employs nearly 2,000 people. Borealis Energy is valued at $1.2 billion.\n",
    "e.txt": "Borealis Energy and Acme AI signed a deal. Borealis said so on Monday.\n",
}


def _aliases(db: Path) -> dict[str, tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return {n: (k, c) for n, k, c in conn.execute("SELECT name, key, canonical FROM aliases")}


def _names(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT name, n FROM names"))


def _summed_mentions(db: Path) -> dict[str, int]:
    """Every source's mention counts summed in Python, in the order the sources were inserted."""
    totals: dict[str, int] = {}
    with sqlite3.connect(db) as conn:
        for (blob,) in conn.execute("SELECT mentions FROM sources ORDER BY id"):
            for name, n in json.loads(blob).items():
                totals[name] = totals.get(name, 0) + n
    return totals


@pytest.mark.parametrize("group", [1, 2, 50_000], ids=["one-partition-a-group", "two-names", "all-at-once"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_names_merged_in_groups_as_in_one_merge(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, group: int, jobs: str
) -> None:
    import factcheck.indexer
    import factcheck.store

    monkeypatch.setattr(factcheck.indexer, "NAME_GROUP", group)
    monkeypatch.setattr(factcheck.store, "NAME_FLUSH", group)  # names written every `group` names
    src = write_corpus(tmp_path / "src", ARTICLES)
    assert cli("index", "--jobs", jobs, sources=src).code == 0
    db = tmp_path / "index.db"
    totals = _summed_mentions(db)
    assert _names(db) == totals
    expected = merge_aliases(totals)
    got = _aliases(db)
    assert {n: c for n, (_, c) in got.items()} == expected
    # the table is not vacuous: each kind of link above was made
    assert got["Acme"][1] == "Acme AI"
    assert got["Acmee AI"][1] == "Acme AI"
    assert got["Nova Tek"][1] == got["NovaTek"][1]
    assert got["Qi"][1] == "Qi Group"
    assert got["Ærøskøbing Labs"][0] == "ærøskøbinglabs"


def test_refresh_keeps_names_and_aliases_as_a_rebuild_would(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import factcheck.indexer
    import factcheck.store

    monkeypatch.setattr(factcheck.indexer, "NAME_GROUP", 2)
    monkeypatch.setattr(factcheck.store, "NAME_FLUSH", 3)
    src = write_corpus(tmp_path / "src", ARTICLES)
    db = tmp_path / "index.db"
    assert cli("index", "--jobs", "2", sources=src).code == 0
    assert any(k.startswith("q") for k, _ in _aliases(db).values())
    # every name starting with "q" (a whole partition) goes; a name gains a mention; a new name comes
    (src / "c.txt").write_text("Zorblax Quantum Holdings has 12 staff.\n", encoding="utf-8")
    (src / "e.txt").write_text(ARTICLES["e.txt"] + "\nAcme AI and Yotta Grid merged.\n", encoding="utf-8")
    r = cli("index", "--json", "--jobs", "2", sources=src)
    assert r.code == 0 and r.json()["changed"] == 2
    refreshed = _aliases(db)
    assert not any(k.startswith("q") for k, _ in refreshed.values())
    assert refreshed["Yotta Grid"] == ("yottagrid", "Yotta Grid")
    assert "Zorblax Quantum" not in refreshed
    assert _names(db) == _summed_mentions(db)
    assert {n: c for n, (_, c) in refreshed.items()} == merge_aliases(_summed_mentions(db))
    # a removed file: its names' counts fall, names seen only there go
    (src / "d.txt").unlink()
    assert cli("index", sources=src).code == 0
    assert "Ærøskøbing Labs" not in _names(db) and "Ærøskøbing Labs" not in _aliases(db)
    assert _names(db) == _summed_mentions(db)
    after = _aliases(db)
    assert cli("index", "--rebuild", sources=src).code == 0
    assert _aliases(db) == after
    # a name counted and then taken away within one batch of counts (a file that changed twice
    # between two index runs counts once; here a file emptied): the name goes
    (src / "e.txt").write_text("nothing here\n", encoding="utf-8")
    assert cli("index", sources=src).code == 0
    assert "Yotta Grid" not in _names(db) and _names(db) == _summed_mentions(db)


def test_index_of_schema_1_is_migrated(cli, tmp_path: Path) -> None:
    src = write_corpus(tmp_path / "src", ARTICLES)
    db = tmp_path / "index.db"
    assert cli("index", sources=src).code == 0
    names, aliases = _names(db), _aliases(db)
    with sqlite3.connect(db) as conn:  # the index as factcheck wrote it before the names table
        conn.execute("DROP TABLE names")
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    r = cli("search", "Acme", "--no-refresh", sources=src)
    assert r.code == 2 and "old schema" in r.err and "factcheck index" in r.err
    r = cli("index", "--json", sources=src)
    assert r.code == 0 and r.json()["unchanged"] == len(ARTICLES)
    assert _names(db) == names
    assert _aliases(db) == aliases
    # a command that refreshes migrates the index itself and answers
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE names")
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    r = cli("search", "Acme", sources=src)
    assert r.code == 0 and "a.txt:1:" in r.out
    assert _names(db) == names
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("2",)
    # and the migrated index refreshes like any other
    (src / "b.txt").unlink()
    assert cli("index", sources=src).code == 0
    assert _names(db) == _summed_mentions(db)


def _tables(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(db) as conn:
        return {
            "sources": conn.execute(
                "SELECT path, hash, passages, mentions FROM sources ORDER BY id"
            ).fetchall(),
            "passages": conn.execute(
                "SELECT id, source_id, line, start, end, text FROM passages ORDER BY id"
            ).fetchall(),
            "facts": conn.execute("SELECT * FROM facts ORDER BY id").fetchall(),
            "aliases": conn.execute("SELECT * FROM aliases ORDER BY name").fetchall(),
        }


def test_worker_pool_builds_the_index_one_process_builds(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Documents sent to the worker processes (groups of a few files, results taken back in order)
    give the same index, row for row, as processing them in this process."""
    import factcheck.indexer

    files = {f"{i:03d}-{name}": text for i in range(12) for name, text in ARTICLES.items()}
    src = write_corpus(tmp_path / "src", files)
    monkeypatch.setattr(factcheck.indexer, "INLINE_BYTES", 0)  # a pool however small the corpus
    monkeypatch.setattr(factcheck.indexer, "GROUP_FILES", 7)  # and many groups in flight
    assert cli("index", "--jobs", "1", "--db", str(tmp_path / "one.db"), sources=src).code == 0
    assert cli("index", "--jobs", "2", "--db", str(tmp_path / "two.db"), sources=src).code == 0
    one, two = _tables(tmp_path / "one.db"), _tables(tmp_path / "two.db")
    assert len(one["sources"]) == 60 and one["facts"]
    assert one == two


def test_pool_workers_step_back_in_priority() -> None:
    """The index's worker processes run WORKER_NICE below the writer (see indexer.WORKER_NICE)."""
    import os

    import factcheck.indexer

    pool = factcheck.indexer._pool(1)
    try:
        worker = pool.apply(os.nice, (0,))
    finally:
        pool.terminate()
        pool.join()
    assert factcheck.indexer.WORKER_NICE > 0
    assert worker == min(19, os.nice(0) + factcheck.indexer.WORKER_NICE)

"""Faults: the index survives what happens to real machines.

- ``kill -9`` of ``factcheck index`` at random points (first build, refresh, ``--rebuild``): the
  previous index is exactly as it was (same sources, facts, ``check`` and ``search`` answers), the
  next ``index`` completes and equals a clean rebuild, and no ``.<db>.tmp-*`` file is left behind.
- A full disk (a small tmpfs holding the index), a corrupt index, an index of a newer schema, an
  immutable index file (``chattr +i``: we may be root, who ignores permission bits) and an index in
  an immutable folder: a one-line error, exit status 2, no traceback, the previous index intact.

CI runs ~10 kills on a 400-file corpus; ``FACTCHECK_STRESS=1`` runs 60 kills on 2000 files.
Figures from these runs are recorded in RELIABILITY.md.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, _run_inprocess, run_subprocess

STRESS = os.environ.get("FACTCHECK_STRESS", "") not in ("", "0")
N_FILES = 2000 if STRESS else 400
N_KILLS = 60 if STRESS else 10
CLAIM = "Acme Robotics has 500 employees"
OTHER_CLAIM = "Nimbus Labs is valued at $2.5 billion"
SEARCH = "notable progress"

ENTITIES = ("Nimbus Labs", "Vertex Dynamics", "Orbital Foods", "Kestrel Bank", "Quill Media")


def make_corpus(root: Path, n: int, *, headcount: int) -> Path:
    """``n`` small articles in 20 sub-folders.  Every tenth one gives Acme Robotics' headcount
    (``headcount``), so a half-written index would answer ``check`` with ``disputed``."""
    for i in range(n):
        d = root / f"d{i % 20:02d}"
        d.mkdir(parents=True, exist_ok=True)
        e = ENTITIES[i % len(ENTITIES)]
        acme = f"Acme Robotics has {headcount} employees, a spokesperson said.\n\n" if i % 10 == 0 else ""
        text = (
            f"---\noutlet: Wire {i % 13}\ndate: 2024-{1 + i % 12:02d}-{1 + i % 27:02d}\n---\n"
            f"{e} has {100 + i} employees, the company said on Monday.\n\n"
            f"{e} is valued at ${1 + i % 9}.{i % 10} billion after a round of {10 + i % 50} million yuan.\n\n"
            f"{acme}Article {i} reports notable progress on model {i * 7 % 1000}.\n"
        )
        (d / f"a{i:05d}.md").write_text(text, encoding="utf-8")
    return root


def env_for(db: Path, src: Path) -> dict[str, str]:
    return {"FACTCHECK_DB": str(db), "FACTCHECK_SOURCES": str(src), "NO_COLOR": "1"}


def read(db: Path, src: Path, *args: str) -> Any:
    r = _run_inprocess([*args, "--no-refresh", "--json"], b"", env_for(db, src))
    assert "Traceback" not in r.err and "unexpected" not in r.err, r.err
    return r.code, json.loads(r.out)


def snapshot(db: Path, src: Path) -> dict[str, Any]:
    """What a user sees of an index, without timing fields and row ids (a refresh and a rebuild
    number rows differently)."""
    _, srcs = read(db, src, "sources")
    for s in srcs["sources"]:
        s.pop("id", None)
    return {
        "sources": srcs,
        "facts": read(db, src, "facts"),
        "check": read(db, src, "check", CLAIM, OTHER_CLAIM),
        "search": read(db, src, "search", SEARCH, "--limit", "20"),
    }


def counts(db: Path) -> tuple[int, int, int]:
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as c:
        return tuple(  # type: ignore[return-value]
            c.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("sources", "passages", "facts")
        )


def orphans(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.glob(f".{db.name}.tmp-*"))


def spawn_index(db: Path, src: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "factcheck", "index", "--quiet", *extra],
        env={**os.environ, **env_for(db, src)},
        cwd=str(REPO),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def kill9(p: subprocess.Popen[bytes]) -> tuple[int, str]:
    """SIGKILL the index process (as ``kill -9 PID`` does), then reap any pool worker it left;
    returns its exit status and stderr."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(p.pid, signal.SIGKILL)
    _, err = p.communicate(timeout=60)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(p.pid, signal.SIGKILL)
    return p.returncode, err.decode("utf-8", "replace")


def timed_index(db: Path, src: Path, *extra: str) -> float:
    t = time.perf_counter()
    r = run_subprocess(["index", "--quiet", *extra], env=env_for(db, src), timeout=300)
    assert r.returncode == 0, r.stderr.decode()
    return time.perf_counter() - t


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("kill-corpora")
    return make_corpus(base / "v1", N_FILES, headcount=500), make_corpus(base / "v2", N_FILES, headcount=900)


def test_kill9_during_index_never_loses_the_previous_index(
    tmp_path: Path, corpora: tuple[Path, Path]
) -> None:
    v1, v2 = corpora
    src = tmp_path / "sources"
    db = tmp_path / "idx" / "index.db"
    rng = random.Random(int(os.environ.get("FACTCHECK_SEED", "20241122")))

    # the reference states, built without interference
    shutil.copytree(v1, src)
    build_s = timed_index(db, src)
    before = snapshot(db, src)
    before_counts = counts(db)
    assert before["check"][1]["results"][0]["verdict"] == "supported"
    backup = tmp_path / "backup.db"
    shutil.copy2(db, backup)

    ref_src = tmp_path / "ref-sources"
    shutil.copytree(v2, ref_src)
    ref_db = tmp_path / "ref" / "index.db"
    timed_index(ref_db, ref_src)
    after = snapshot(ref_db, ref_src)
    assert after["check"][1]["results"][0]["verdict"] == "contradicted"

    # the sources change under the index: every file now says 900
    shutil.rmtree(src)
    shutil.copytree(v2, src)

    # how long a refresh of the changed sources takes (on a copy), to aim the kills inside it
    probe = tmp_path / "probe" / "index.db"
    probe.parent.mkdir()
    shutil.copy2(backup, probe)
    refresh_s = timed_index(probe, src)

    modes = [("first build", ()), ("refresh", ()), ("--rebuild", ("--rebuild",))]
    tally = {
        m: {"killed, old index kept": 0, "killed after commit, new index": 0, "finished": 0} for m, _ in modes
    }
    for i in range(N_KILLS):
        mode, extra = modes[i % len(modes)]
        if mode == "first build":
            for p in db.parent.glob("index.db*"):
                p.unlink()
        delay = rng.uniform(0.05, (refresh_s if mode == "refresh" else build_s) * 0.95)
        p = spawn_index(db, src, *extra)
        time.sleep(delay)
        code, err = kill9(p)
        where = f"kill {i} ({mode}, after {delay:.2f}s, exit {code}): {err.strip()}"
        state = snapshot(db, src) if db.exists() else None
        if code == 0:  # finished before the kill: it must then be the complete new index
            tally[mode]["finished"] += 1
            assert state == after, where
            assert orphans(db) == [], where
        else:
            assert code == -signal.SIGKILL, where
            # either the previous index, untouched, or - killed between the commit (or the rename)
            # and the exit - the complete new one; never anything in between
            if mode == "first build":
                assert state is None or state == after, f"{where}: a partial index"
            else:
                assert state in (before, after), f"{where}: neither the previous nor the new index"
                assert counts(db) == before_counts, where
            key = "killed after commit, new index" if state == after else "killed, old index kept"
            tally[mode][key] += 1
        # back to the previous index for the next round
        for q in db.parent.glob("index.db-*"):
            q.unlink()
        shutil.copy2(backup, db)

    mid_run = sum(t["killed, old index kept"] for t in tally.values())
    assert mid_run >= N_KILLS // 3, tally  # most kills land mid-run
    print(f"\nkill -9 tally ({N_FILES} files, build {build_s:.2f}s, refresh {refresh_s:.2f}s): {tally}")

    # the next run completes, equals a clean rebuild, and sweeps the orphaned temporary files
    r = run_subprocess(["index", "--json"], env=env_for(db, src), timeout=300)
    assert r.returncode == 0, r.stderr.decode()
    assert orphans(db) == []
    assert snapshot(db, src) == after


def test_refreshed_index_answers_exactly_like_a_rebuild(tmp_path: Path) -> None:
    """Passages of equal rank (a templated corpus has many) come back in the same order from a
    refreshed index as from a rebuilt one, whose row ids differ."""
    v1 = make_corpus(tmp_path / "v1", 60, headcount=500)
    v2 = make_corpus(tmp_path / "v2", 60, headcount=900)
    src = tmp_path / "sources"
    shutil.copytree(v1, src)
    db = tmp_path / "index.db"
    timed_index(db, src)
    shutil.rmtree(src)
    shutil.copytree(v2, src)
    timed_index(db, src)
    ref = tmp_path / "ref.db"
    timed_index(ref, src, "--rebuild")
    assert snapshot(db, src) == snapshot(ref, src)


def test_kill9_leaves_orphans_that_the_next_run_removes(tmp_path: Path, corpora: tuple[Path, Path]) -> None:
    v1, _ = corpora
    db = tmp_path / "index.db"
    leftovers = 0
    for _ in range(3):
        p = spawn_index(db, v1, "--rebuild")
        # killed as soon as its temporary index exists: mid-run whatever the machine's speed (a fixed
        # sleep let a compiled build of the small corpus finish first on a quick machine)
        deadline = time.monotonic() + 120
        while not orphans(db) and p.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        kill9(p)
        leftovers = max(leftovers, len(orphans(db)))
    assert not db.exists()  # no build was allowed to finish
    assert leftovers >= 1  # the killed runs left their temporary files behind
    r = run_subprocess(["index", "--quiet"], env=env_for(db, v1), timeout=300)
    assert r.returncode == 0, r.stderr.decode()
    assert orphans(db) == []
    assert counts(db)[0] == N_FILES


# -- one-line errors ------------------------------------------------------------------------------


def assert_one_line_error(r: subprocess.CompletedProcess[bytes]) -> str:
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode == 2, (r.returncode, err)
    assert "Traceback" not in err, err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("factcheck: error: "), err
    return lines[0]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The bundled sources and a finished index of them."""
    base = tmp_path_factory.mktemp("small")
    src = base / "sources"
    shutil.copytree(REPO / "sources", src)
    db = base / "good.db"
    r = run_subprocess(["index", "--quiet"], env=env_for(db, src))
    assert r.returncode == 0, r.stderr.decode()
    return src, db


READERS = (["check", "Zhipu AI has 800 employees"], ["search", "zhipu"], ["sources"], ["facts"])


def errors_of_every_command(db: Path, src: Path) -> list[str]:
    """The error line of every reading command (in-process) and of ``check`` and ``index`` as real
    processes; each must be one line with exit status 2."""
    lines = []
    for args in READERS:
        r = _run_inprocess([*args, "--no-refresh"], b"", env_for(db, src))
        lines.append(assert_one_line_error(subprocess.CompletedProcess(args, r.code, b"", r.err.encode())))
        r = _run_inprocess(list(args), b"", env_for(db, src))  # with a refresh: the same error
        lines.append(assert_one_line_error(subprocess.CompletedProcess(args, r.code, b"", r.err.encode())))
    for args in (["check", "Zhipu AI has 800 employees", "--no-refresh"], ["index"]):
        lines.append(assert_one_line_error(run_subprocess(args, env=env_for(db, src))))
    return lines


@pytest.mark.parametrize("damage", ["garbage header", "truncated", "zero bytes", "foreign sqlite"])
def test_corrupt_index_one_line_error_naming_rebuild(
    tmp_path: Path, small: tuple[Path, Path], damage: str
) -> None:
    src, good = small
    db = tmp_path / "index.db"
    shutil.copy2(good, db)
    if damage == "garbage header":
        with open(db, "r+b") as f:
            f.write(b"garbage!" * 16)
    elif damage == "truncated":
        with open(db, "r+b") as f:
            f.truncate(db.stat().st_size // 3)
    elif damage == "zero bytes":
        db.write_bytes(b"\0" * 8192)
    else:
        db.unlink()
        with contextlib.closing(sqlite3.connect(db)) as c:
            c.execute("CREATE TABLE t(x)")
            c.commit()
    for line in errors_of_every_command(db, src):
        assert "factcheck index --rebuild" in line, (damage, line)
    # and the fix works
    r = run_subprocess(["index", "--rebuild", "--quiet"], env=env_for(db, src))
    assert r.returncode == 0, r.stderr.decode()
    assert counts(db) == counts(good)


def test_newer_schema_one_line_error(tmp_path: Path, small: tuple[Path, Path]) -> None:
    src, good = small
    db = tmp_path / "index.db"
    shutil.copy2(good, db)
    with contextlib.closing(sqlite3.connect(db)) as c:
        c.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
        c.commit()
    for line in errors_of_every_command(db, src):
        assert "newer" in line and "factcheck index --rebuild" in line, line
    # a refresh must not have touched it
    with contextlib.closing(sqlite3.connect(db)) as c:
        assert c.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "99"


# -- read-only index and folder (root ignores permission bits: chattr +i) -------------------------


def _chattr(flag: str, path: Path) -> bool:
    if shutil.which("chattr") is None:
        return False
    return subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0


@contextlib.contextmanager
def immutable(path: Path) -> Any:
    if not _chattr("+i", path):
        pytest.skip("chattr +i is not available here (needs root and a filesystem with attributes)")
    try:
        yield
    finally:
        _chattr("-i", path)


def _changed_sources(tmp_path: Path, src: Path) -> Path:
    new = tmp_path / "sources"
    shutil.copytree(src, new)
    (new / "late.txt").write_text("Nimbus Labs has 321 employees, the company said.\n", encoding="utf-8")
    return new


def test_immutable_index_readers_still_answer(tmp_path: Path, small: tuple[Path, Path]) -> None:
    src, good = small
    db = tmp_path / "index.db"
    shutil.copy2(good, db)
    with immutable(db):
        r = run_subprocess(["check", "Zhipu AI has 800 employees", "--no-refresh"], env=env_for(db, src))
        assert r.returncode == 1, r.stderr.decode()  # disputed: a finding, answered from the index
        assert b"DISPUTED" in r.stdout


def test_immutable_index_refresh_is_one_line_error(tmp_path: Path, small: tuple[Path, Path]) -> None:
    src, good = small
    db = tmp_path / "index.db"
    shutil.copy2(good, db)
    new = _changed_sources(tmp_path, src)
    with immutable(db):
        r = run_subprocess(["index"], env=env_for(db, new))
        assert_one_line_error(r)
    assert counts(db) == counts(good)


def test_immutable_index_refresh_error_names_the_fix(tmp_path: Path, small: tuple[Path, Path]) -> None:
    src, good = small
    db = tmp_path / "index.db"
    shutil.copy2(good, db)
    new = _changed_sources(tmp_path, src)
    with immutable(db):
        line = assert_one_line_error(run_subprocess(["index"], env=env_for(db, new)))
    assert "unexpected" not in line and ("--db" in line or "read-only" in line or "permission" in line), line


def test_index_in_immutable_folder_is_one_line_error(tmp_path: Path, small: tuple[Path, Path]) -> None:
    src, good = small
    folder = tmp_path / "ro"
    folder.mkdir()
    shutil.copy2(good, folder / "index.db")
    new = _changed_sources(tmp_path, src)
    with immutable(folder):
        for db in (folder / "index.db", folder / "fresh.db"):
            line = assert_one_line_error(run_subprocess(["index"], env=env_for(db, new)))
            assert str(folder) in line, line
        assert not (folder / "fresh.db").exists()
        assert orphans(folder / "fresh.db") == []
    assert counts(folder / "index.db") == counts(good)


def test_index_in_immutable_folder_error_names_the_fix(tmp_path: Path, small: tuple[Path, Path]) -> None:
    src, _ = small
    folder = tmp_path / "ro"
    folder.mkdir()
    with immutable(folder):
        line = assert_one_line_error(run_subprocess(["index"], env=env_for(folder / "fresh.db", src)))
    assert "--db" in line or "FACTCHECK_DB" in line, line


def test_reading_index_in_immutable_folder(tmp_path: Path, small: tuple[Path, Path]) -> None:
    src, good = small
    folder = tmp_path / "ro"
    folder.mkdir()
    shutil.copy2(good, folder / "index.db")
    with immutable(folder):
        r = run_subprocess(
            ["check", "Zhipu AI has 800 employees", "--no-refresh"], env=env_for(folder / "index.db", src)
        )
    assert r.returncode == 1, r.stderr.decode()  # answered (disputed) from the read-only index
    assert b"DISPUTED" in r.stdout


# -- disk full -------------------------------------------------------------------------------------


@contextlib.contextmanager
def tmpfs(mnt: Path, size: str) -> Any:
    """A small tmpfs for the index folder (needs root and mount); skipped with the reason otherwise."""
    mnt.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command: cannot make a small filesystem for the disk-full test")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mnt)], capture_output=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs (needs root): {r.stderr.decode().strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Any:
    with tmpfs(tmp_path / "disk", "3m") as mnt:
        yield mnt


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Any:
    with tmpfs(tmp_path / "tiny", "1m") as mnt:
        yield mnt


def test_disk_full_keeps_previous_index(tmp_path: Path, small: tuple[Path, Path], small_disk: Path) -> None:
    src, _ = small
    db = small_disk / "index.db"
    sources = tmp_path / "sources"
    shutil.copytree(src, sources)
    r = run_subprocess(["index", "--quiet"], env=env_for(db, sources))
    assert r.returncode == 0, r.stderr.decode()
    before = snapshot(db, sources)
    # more than the 3 MB disk holds beside the 2.5 MB index
    make_corpus(sources / "flood", 600, headcount=700)
    for extra in ([], ["--rebuild"]):
        line = assert_one_line_error(run_subprocess(["index", *extra], env=env_for(db, sources), timeout=300))
        assert "full" in line, line
        assert orphans(db) == []
        assert snapshot(db, sources) == before


def test_disk_full_error_names_the_fix(small: tuple[Path, Path], tiny_disk: Path) -> None:
    src, _ = small  # its index (2.5 MB) does not fit in 1 MB
    line = assert_one_line_error(run_subprocess(["index"], env=env_for(tiny_disk / "index.db", src)))
    assert orphans(tiny_disk / "index.db") == []
    assert "unexpected" not in line and ("--db" in line or "space" in line), line


def _live_in_group(pgid: int) -> list[int]:
    """Processes of a process group that still run (zombies waiting for init to reap them do not)."""
    live = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        state, group = fields[0], int(fields[2])
        if group == pgid and state != "Z":
            live.append(int(stat.parent.name))
    return live


def test_kill9_takes_the_pool_workers_with_it(tmp_path: Path) -> None:
    unit = "Nimbus Labs has 300 employees and made notable progress in 2024. It is valued at $2.5 billion.\n"
    src = tmp_path / "sources"
    src.mkdir()
    for i in range(5):  # 7.5 MB: above the size that starts a worker pool; ~4 s of work per file
        (src / f"big{i}.txt").write_text(unit * (1536 * 1024 // len(unit)), encoding="utf-8")
    p = spawn_index(tmp_path / "index.db", src)
    try:
        time.sleep(1.5)
        os.kill(p.pid, signal.SIGKILL)
        p.wait(timeout=10)
        time.sleep(1.0)
        survivors = _live_in_group(p.pid)
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(p.pid, signal.SIGKILL)
        p.communicate(timeout=30)
    assert not survivors, "pool workers outlived the killed 'factcheck index'"

"""Concurrency: two ``factcheck index`` runs at once, with ``check`` and ``search`` running against
the same index the whole time (all real subprocesses).

Held: no error beyond the "index busy" wait notice; every reader answer is either the complete old
index or the complete new one (a half-written index answers ``disputed``: some files say 500, some
900); the final index equals a serial run; ``--no-wait`` fails at once with "index busy".
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.test_reliability_faults import (
    CLAIM,
    SEARCH,
    env_for,
    make_corpus,
    orphans,
    snapshot,
    timed_index,
)

N_FILES = 300
ALLOWED_STDERR = (
    "factcheck: index busy: waiting for another 'factcheck index' to finish writing",
    "factcheck: indexed ",
)


def popen(db: Path, src: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "factcheck", *args],
        env={**os.environ, **env_for(db, src)},
        cwd=str(REPO),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def finish(p: subprocess.Popen[bytes], timeout: float = 120) -> tuple[int, str, str]:
    out, err = p.communicate(timeout=timeout)
    return p.returncode, out.decode(), err.decode()


def stderr_ok(err: str) -> None:
    assert "Traceback" not in err, err
    for line in err.splitlines():
        assert line.startswith(ALLOWED_STDERR), f"unexpected stderr line: {line!r}"


@pytest.fixture(scope="module")
def two_states(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("conc")
    v1 = make_corpus(base / "v1", N_FILES, headcount=500)
    v2 = make_corpus(base / "v2", N_FILES, headcount=900)
    db1, db2 = base / "s1.db", base / "s2.db"
    t1 = timed_index(db1, v1)
    timed_index(db2, v2)
    return {"v1": v1, "v2": v2, "db1": db1, "db2": db2, "build_s": t1}


def verdict_and_hits(out: str) -> tuple[str, int]:
    doc = json.loads(out)
    return doc["results"][0]["verdict"], len(doc["results"][0]["evidence"])


def test_two_writers_and_readers_at_once(tmp_path: Path, two_states: dict[str, Any]) -> None:
    src = tmp_path / "sources"
    shutil.copytree(two_states["v1"], src)
    db = tmp_path / "index.db"
    timed_index(db, src)
    old = snapshot(db, src)
    new_ref = snapshot(two_states["db2"], two_states["v2"])
    old_answer = verdict_and_hits(json.dumps(old["check"][1]))
    new_answer = verdict_and_hits(json.dumps(new_ref["check"][1]))
    assert old_answer[0] == "supported" and new_answer[0] == "contradicted"

    shutil.rmtree(src)
    shutil.copytree(two_states["v2"], src)

    writers = [popen(db, src, "index"), popen(db, src, "index", "--rebuild")]
    seen: dict[str, int] = {"old": 0, "new": 0}
    readers_run = 0
    deadline = time.monotonic() + 120
    # pure readers (--no-refresh), several at once, for as long as a writer runs
    while any(w.poll() is None for w in writers) and time.monotonic() < deadline:
        batch = [popen(db, src, "check", CLAIM, "--no-refresh", "--json") for _ in range(3)]
        batch.append(popen(db, src, "search", SEARCH, "--no-refresh", "--json"))
        for p in batch[:3]:
            code, out, err = finish(p)
            assert code in (0, 1), err
            stderr_ok(err)
            ans = verdict_and_hits(out)
            assert ans in (old_answer, new_answer), f"a partial index was read: {ans}"
            seen["old" if ans == old_answer else "new"] += 1
        code, out, err = finish(batch[3])
        assert code == 0, err
        stderr_ok(err)
        assert json.loads(out)["hits"], "search found nothing mid-write"
        readers_run += 4
    # readers that refresh: they wait for the writers, then answer from the new index
    refreshing = [popen(db, src, "check", CLAIM, "--json") for _ in range(2)]
    results = [finish(w) for w in writers] + [finish(p) for p in refreshing]
    for code, _out, err in results[:2]:
        assert code == 0, err
        stderr_ok(err)
    for code, out, err in results[2:]:
        assert code == 1, err
        stderr_ok(err)
        assert verdict_and_hits(out) == new_answer
    assert orphans(db) == []
    assert snapshot(db, src) == new_ref
    print(f"\nconcurrency: 2 writers, {readers_run + 2} readers, answers seen {seen}")
    assert readers_run >= 4


def test_second_writer_waits_with_a_notice(tmp_path: Path, two_states: dict[str, Any]) -> None:
    src = two_states["v2"]
    db = tmp_path / "index.db"
    first = popen(db, src, "index", "--rebuild")
    time.sleep(0.3)
    second = popen(db, src, "index")
    nowait = popen(db, src, "index", "--no-wait")
    c1, _, e1 = finish(first)
    c2, out2, e2 = finish(second)
    c3, _, e3 = finish(nowait)
    assert c1 == 0, e1
    if c2 == 0 and "index busy: waiting" in e2:
        # it waited, then found nothing left to do
        assert "0 added" in out2, out2
    assert c2 == 0, e2
    stderr_ok(e2)
    if c3 != 0:
        assert c3 == 2 and e3.strip().startswith("factcheck: error: index busy"), e3
        assert len(e3.strip().splitlines()) == 1
    assert snapshot(db, src) == snapshot(two_states["db2"], src)


def test_many_parallel_first_uses_build_once(tmp_path: Path, two_states: dict[str, Any]) -> None:
    """Six ``check`` runs on a missing index: each waits for the one build, none sees a partial one."""
    src = two_states["v1"]
    db = tmp_path / "index.db"
    procs = [popen(db, src, "check", CLAIM, "--json") for _ in range(6)]
    for p in procs:
        code, out, err = finish(p)
        assert code == 0, err
        stderr_ok(err)
        assert verdict_and_hits(out)[0] == "supported"
    assert orphans(db) == []
    assert snapshot(db, src) == snapshot(two_states["db1"], src)

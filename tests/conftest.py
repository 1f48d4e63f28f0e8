"""Shared fixtures: run the CLI as a user does (argv, stdin, stdout, stderr, exit status) over
corpora the tests build themselves, or over the bundled sources."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "sources"


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    def jsonl(self) -> list[Any]:
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


class _Stdin(io.TextIOWrapper):
    def __init__(self, data: bytes, tty: bool) -> None:
        super().__init__(io.BytesIO(data), encoding="utf-8")
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def _run_inprocess(args: list[str], stdin: bytes | str | None, env: dict[str, str]) -> Run:
    from factcheck.cli.app import main

    data = stdin.encode("utf-8") if isinstance(stdin, str) else (stdin or b"")
    out, err = io.StringIO(), io.StringIO()
    old = (sys.stdin, sys.stdout, sys.stderr)
    old_env = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    sys.stdin = _Stdin(data, tty=stdin is None)
    sys.stdout, sys.stderr = out, err
    try:
        code = main(list(args))
    finally:
        sys.stdin, sys.stdout, sys.stderr = old
        for k, v in old_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli(tmp_path: Path) -> Callable[..., Run]:
    """cli(*args, stdin=None, sources=DIR) -> Run, with a private index in tmp_path.
    stdin=None means an interactive terminal with nothing typed."""
    db = tmp_path / "index.db"

    def run(*args: str, stdin: bytes | str | None = None, sources: Path | None = None, **env: str) -> Run:
        e = {"FACTCHECK_DB": str(db), "NO_COLOR": "1", **env}
        if sources is not None:
            e["FACTCHECK_SOURCES"] = str(sources)
        return _run_inprocess(list(args), stdin, e)

    return run


@pytest.fixture(scope="session")
def bundled_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled sources (tests may not write into the repo)."""
    d = tmp_path_factory.mktemp("bundled") / "sources"
    shutil.copytree(BUNDLED, d)
    return d


@pytest.fixture(scope="session")
def bundled_db(tmp_path_factory: pytest.TempPathFactory, bundled_copy: Path) -> Path:
    """An index of the bundled sources, built once per test session through the CLI."""
    db = tmp_path_factory.mktemp("bundled-index") / "index.db"
    r = _run_inprocess(
        ["index", "--quiet"], None, {"FACTCHECK_DB": str(db), "FACTCHECK_SOURCES": str(bundled_copy)}
    )
    assert r.code == 0, r.err
    return db


@pytest.fixture
def bundled(bundled_db: Path, bundled_copy: Path) -> Callable[..., Run]:
    """Run the CLI against the bundled sources' shared index."""

    def run(*args: str, stdin: bytes | str | None = None, **env: str) -> Run:
        e = {"FACTCHECK_DB": str(bundled_db), "FACTCHECK_SOURCES": str(bundled_copy), "NO_COLOR": "1", **env}
        return _run_inprocess(list(args), stdin, e)

    return run


def check_one(
    cli: Callable[..., Run], sources: Path, claim: str, *options: str
) -> tuple[int, dict[str, Any]]:
    """``factcheck check CLAIM --json`` over ``sources``: the exit status (0 or 1) and the result."""
    r = cli("check", claim, "--json", *options, sources=sources)
    assert r.code in (0, 1), r.err
    res: dict[str, Any] = r.json()["results"][0]
    return r.code, res


def write_corpus(root: Path, files: dict[str, str | bytes]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
    return root


def run_subprocess(
    args: list[str], *, stdin: bytes | None = None, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[bytes]:
    """The real console entry point in a child process (for signals, pipes and start-up)."""
    e = {**os.environ, "NO_COLOR": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "factcheck", *args],
        input=stdin,
        capture_output=True,
        env=e,
        timeout=timeout,
        cwd=str(REPO),
    )

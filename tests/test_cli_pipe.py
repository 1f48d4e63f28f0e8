"""A reader that closes the pipe early (`factcheck facts | head -1`) ends the run quietly with the
status of the work done: 0 for a listing, 1 for a check that found a disputed claim."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _first_line_then_close(args: list[str], db: Path, sources: Path) -> tuple[int, bytes]:
    env = {**os.environ, "NO_COLOR": "1", "FACTCHECK_DB": str(db), "FACTCHECK_SOURCES": str(sources)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "factcheck", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=str(REPO),
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # as `| head -1` does
    err = proc.stderr.read()
    return proc.wait(timeout=60), err


# enough claims that their output outruns the pipe's buffer, so the closed pipe is met while writing
MANY = ["Zhipu AI has 800 employees"] * 400


@pytest.mark.parametrize(
    ("args", "status"),
    [
        pytest.param(["facts"], 0, id="facts"),
        pytest.param(["search", "the"], 0, id="search"),
        pytest.param(["check", *MANY], 1, id="check-disputed"),
    ],
)
def test_closed_pipe_keeps_the_status_of_the_work_done(
    bundled_db: Path, bundled_copy: Path, args: list[str], status: int
) -> None:
    code, err = _first_line_then_close(args, bundled_db, bundled_copy)
    assert code == status, err
    assert b"Traceback" not in err and b"BrokenPipe" not in err

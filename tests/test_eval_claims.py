"""Our own claims (tests/data/claims_own.tsv: 120 claims written from ../shared/corpora before the
tool was run on them) checked end to end: a regression floor on verdict accuracy, and the file's
own consistency.  Skipped when the corpora are absent."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPORA = REPO.parent / "shared" / "corpora"
OWN = REPO / "tests" / "data" / "claims_own.tsv"
FLOOR = 0.55  # measured 0.633 (EVALUATION.md); a change that loses ten claims fails
VERDICTS = ("contradicted", "disputed", "unverified", "supported")  # most serious first
QUOTE = re.compile(r'^(meantime|wikinews)/([^/:]+\.txt):(\d+) "(.+)"$')


def _rows() -> list[list[str]]:
    return [ln.rstrip("\n").split("\t") for ln in OWN.open(encoding="utf-8") if ln.strip() and ln[0] != "#"]


def test_own_claims_are_well_formed() -> None:
    rows = _rows()
    assert len(rows) >= 100
    for corpus, verdict, claim, evidence in rows:
        assert corpus in ("meantime", "wikinews") and verdict in VERDICTS and claim
        parts = [e for e in evidence.split(" | ") if e.startswith("parts: ")]
        if parts:  # the row's verdict is its most serious part's
            got = [p.rsplit("=", 1)[1] for p in parts[0][7:].split("; ")]
            assert min(got, key=VERDICTS.index) == verdict, claim


@pytest.mark.skipif(not CORPORA.is_dir(), reason=f"corpora not found at {CORPORA}")
def test_own_claims_quotes_are_on_their_lines() -> None:
    for _, _, _, evidence in _rows():
        for item in evidence.split(" | "):
            m = QUOTE.match(item)
            if m:
                lines = (CORPORA / m.group(1) / m.group(2)).read_text(encoding="utf-8").split("\n")
                assert m.group(4) in lines[int(m.group(3)) - 1], item


@pytest.mark.skipif(not CORPORA.is_dir(), reason=f"corpora not found at {CORPORA}")
def test_own_claims_accuracy_stays_above_its_floor(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(REPO / "eval" / "claims.py"), "--tsv", str(OWN), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    m = re.search(r"^all: (\d+)/(\d+)", proc.stdout, re.M)
    assert m is not None, proc.stdout
    assert int(m.group(1)) / int(m.group(2)) >= FLOOR, proc.stdout

"""eval/quantemp.py end to end on a small fixed subset of QuanTemp (skipped when the data is absent)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EVAL_DIR = REPO.parent / "shared" / "eval"
DATA = EVAL_DIR / "quantemp" / "checkthat2025_val" / "val_claimonly_evidence_question_mapping.json"
SCRIPT = REPO / "eval" / "quantemp.py"


def test_quantemp_skips_without_data(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--eval-dir", str(tmp_path / "absent")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 0
    assert proc.stdout.startswith("skipped: ") and "not found" in proc.stdout


@pytest.mark.skipif(not DATA.exists(), reason=f"QuanTemp evaluation data not found at {DATA}")
def test_quantemp_subset_runs_and_reports_metrics(tmp_path: Path) -> None:
    out = tmp_path / "out"
    cases = tmp_path / "cases.tsv"
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--eval-dir", str(EVAL_DIR), "--limit", "40", "--out", str(out),
         "--cases", str(cases), "--both"],
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    elapsed = time.perf_counter() - t0
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert elapsed < 60, f"40 claims took {elapsed:.1f} s"
    m = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert m["claims"] == 40
    a = m["all"]
    for key in ("macro_f1", "per_class", "confusion", "coverage", "covered_macro_f1", "contradicted_precision",
                "majority_macro_f1", "chance_macro_f1", "verdicts"):  # fmt: skip
        assert key in a
    assert set(a["per_class"]) == {"False", "Conflicting", "True"}
    assert 0.0 <= a["macro_f1"] <= 1.0 and 0.0 <= a["coverage"] <= 1.0
    assert sum(sum(row.values()) for row in a["confusion"].values()) == 40
    assert {"index_s", "check_s", "claims_per_s", "total_s"} <= set(m["timing"])
    assert "by_type" in m and "macro-F1" in proc.stdout
    rows = cases.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 41 and rows[0].startswith("i\tgold\tverdict")
    # --both: the same claims checked with and without ratings, side by side
    assert m["ratings"] is True
    assert set(m["compare"]) == {"with ratings", "without ratings"}
    for run in m["compare"].values():
        assert run["all"]["n"] == 40 and "contradicted_precision" in run["all"] and run["check_s"] > 0
    assert m["compare"]["without ratings"]["by_basis"]["n"] == 0  # --no-ratings: no verdict from a rating
    assert m["by_basis"]["n"] == m["compare"]["with ratings"]["by_basis"]["n"]
    assert "with and without ratings" in proc.stdout
    assert (out / "results-no-ratings.jsonl").exists()


def test_quantemp_both_and_no_ratings_exclude_each_other(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--eval-dir", str(tmp_path), "--both", "--no-ratings"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 2
    assert "--both" in proc.stderr

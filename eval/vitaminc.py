"""Measure ``factcheck check`` on VitaminC: each claim with a figure checked against its own evidence sentence.

Run:  .venv/bin/python eval/vitaminc.py [--eval-dir ../shared/eval] [--split real|synthetic] [--limit N]
      [--seed S] [--workers W] [--timeout SECS] [--out DIR] [--cases FILE] [--suffix md|txt]
      [--date YYYY-MM-DD|case] [--json]

Data (read at run time, never copied into the repository; default ``<repo>/../shared/eval``):
``vitaminc/vitaminc_<split>/test.jsonl``, one claim / evidence pair per line (``claim``, ``evidence``,
``label`` SUPPORTS / REFUTES / NOT ENOUGH INFO, ``page``, ``case_id``, ``unique_id``), text tokenised
PTB-style (``$ 4 billion``, ``61 %``).  Only pairs whose claim has a digit are used (20,414 of the real
test split).

Sample: ``--limit N`` pairs (default 600; 0 = all), drawn with a fixed seed and stratified by label in the
population's proportions (largest remainder, at least one pair of each label), so SUPPORTS and REFUTES
are both present; pairs are then checked in file order.

What is run, end to end through the command line (subprocesses, as a user would), once per pair:
1. A one-file corpus ``<out>/NNNN/evidence.md``: front matter (``title``: the Wikipedia page, FEVER
   escapes undone; ``date``: 2020-01-01, or with ``--date case`` the creation time of the case's
   ObjectId, i.e. when the pair was annotated) and the evidence sentence.  The suffix is ``.md`` because
   the reader takes front matter from Markdown files only; ``--suffix txt`` writes ``evidence.txt``,
   whose front matter is then read as text.
2. ``factcheck check --sources <out>/NNNN --db <out>/NNNN/index.db --jsonl --quiet --color never CLAIM``
   (the index is built by the check), ``--workers`` at a time (default 2), each killed after
   ``--timeout`` seconds (default 30; its verdict is then ``error``).
So a claim is only ever compared with its own evidence: the same claim appears in several pairs with
different labels, and one corpus of all evidence would mix them.

Reported: coverage (share of pairs whose verdict is supported or contradicted), precision of
``supported`` against SUPPORTS and of ``contradicted`` against REFUTES (with 95% Wilson intervals),
recall of each on its label, the confusion table (gold label x verdict: supported, contradicted,
disputed, unverified, error), the count of each verdict, the commonest reasons of the unverified, the
wall time.  The issue's target: precision >= 0.85 at coverage >= 0.5.  ``--cases FILE`` writes a TSV
(label, verdict, claim, evidence, reason, unique_id) for error analysis; ``--out DIR`` keeps the
per-pair corpora, their indexes and ``results.jsonl`` (default: a temporary folder, removed).

Exits 0 with "skipped: <path> not found" when the data is absent.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import datetime
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_EVAL_DIR = REPO.parent / "shared" / "eval"
LABELS = ("SUPPORTS", "REFUTES", "NOT ENOUGH INFO")
VERDICTS = ("supported", "contradicted", "disputed", "unverified", "error")
DECIDED = ("supported", "contradicted")
TARGET = {"precision": 0.85, "coverage": 0.5}
PAGE_ESCAPES = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-COLON-": ":"}
DEFAULT_DATE = "2020-01-01"


# ---------------------------------------------------------------------------------------- data


def page_title(page: str) -> str:
    """The Wikipedia page name with FEVER's escapes undone ("Spy Kids 3-D-COLON- Game Over")."""
    for esc, ch in PAGE_ESCAPES.items():
        page = page.replace(esc, ch)
    return " ".join(page.replace("_", " ").split())


def case_date(case_id: str) -> str:
    """The creation date of a MongoDB ObjectId (its first 8 hex digits, seconds since 1970, UTC):
    when the case was annotated, so after the revision its evidence comes from."""
    try:
        secs = int(case_id[:8], 16)
    except ValueError:
        return DEFAULT_DATE
    return datetime.datetime.fromtimestamp(secs, tz=datetime.UTC).date().isoformat()


def load_pairs(path: Path) -> list[dict[str, Any]]:
    """Every pair whose claim has a digit, in file order (``n`` = its line number, from 0)."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if not line.strip():
                continue
            obj = json.loads(line)
            if re.search(r"[0-9]", obj["claim"]):
                obj["n"] = n
                out.append(obj)
    return out


def sample(pairs: list[dict[str, Any]], limit: int, seed: int) -> list[dict[str, Any]]:
    """``limit`` pairs stratified by label in the population's proportions (largest remainder, at
    least one of each label when there are enough), fixed seed; returned in file order."""
    if limit <= 0 or limit >= len(pairs):
        return list(pairs)
    by_label: dict[str, list[dict[str, Any]]] = {}
    for p in pairs:
        by_label.setdefault(p["label"], []).append(p)
    labels = sorted(by_label)
    quota = {lab: limit * len(by_label[lab]) / len(pairs) for lab in labels}
    take = {lab: max(1 if limit >= len(labels) else 0, math.floor(quota[lab])) for lab in labels}
    by_remainder = sorted(labels, key=lambda lab: (-(quota[lab] - math.floor(quota[lab])), lab))
    i = 0
    while sum(take.values()) < limit:
        lab = by_remainder[i % len(labels)]
        if take[lab] < len(by_label[lab]):
            take[lab] += 1
        i += 1
    while sum(take.values()) > limit:  # the minimum of one per label overshot: trim the largest
        take[max(labels, key=lambda lab: take[lab])] -= 1
    rng = random.Random(seed)
    chosen = [p for lab in labels for p in rng.sample(by_label[lab], take[lab])]
    return sorted(chosen, key=lambda p: p["n"])


def write_corpus(folder: Path, pair: dict[str, Any], *, suffix: str, date: str) -> None:
    """A fresh one-file corpus for one pair (an old index in the folder is removed)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    if date == "case":
        date = case_date(str(pair.get("case_id", "")))
    title = page_title(str(pair.get("page", "")))
    front = "---\n" + (f"title: {title}\n" if title else "") + f"date: {date}\n---\n"
    (folder / f"evidence.{suffix}").write_text(front + pair["evidence"] + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------- running


def factcheck_cmd() -> list[str]:
    exe = REPO / ".venv" / "bin" / "factcheck"
    if exe.exists():
        return [str(exe)]
    return [sys.executable, "-m", "factcheck"]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_COLOR"] = "1"
    for key in ("FACTCHECK_SOURCES", "FACTCHECK_DB", "FACTCHECK_NO_REFRESH"):
        env.pop(key, None)
    return env


def one_line(claim: str) -> str:
    """A claim as one argument: whitespace runs (newlines included) become one space."""
    return " ".join(claim.split())


def check_pair(folder: Path, claim: str, timeout: float) -> dict[str, Any]:
    """``factcheck check`` of one claim against its one-file corpus -> its JSON result, or a result
    with verdict ``error`` (timeout, crash, no result line) and the reason why."""
    cmd = [
        *factcheck_cmd(),
        "check", "--sources", str(folder), "--db", str(folder / "index.db"),
        "--jsonl", "--quiet", "--color", "never", "--", one_line(claim),
    ]  # fmt: skip
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, env=_env(), timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"verdict": "error", "reason": f"timeout after {timeout:g} s", "secs": timeout}
    secs = time.perf_counter() - t0
    for line in proc.stdout.splitlines():
        if '"result"' not in line:
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            continue
        if obj.get("type") == "result":
            obj["secs"] = secs
            return obj
    err = " ".join((proc.stderr or proc.stdout).split())[-300:] or "no output"
    return {"verdict": "error", "reason": f"exit {proc.returncode}: {err}", "secs": secs}


def run_all(
    pairs: list[dict[str, Any]], work: Path, *, workers: int, timeout: float, suffix: str, date: str
) -> list[dict[str, Any]]:
    """Write every pair's corpus, then check them ``workers`` at a time; results in pair order."""
    folders = []
    for k, pair in enumerate(pairs):
        folder = work / f"{k:04d}"
        write_corpus(folder, pair, suffix=suffix, date=date)
        folders.append(folder)
    results: list[dict[str, Any]] = [{} for _ in pairs]
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {
            pool.submit(check_pair, folder, pair["claim"], timeout): k
            for k, (folder, pair) in enumerate(zip(folders, pairs, strict=True))
        }
        for fut in concurrent.futures.as_completed(futures):
            k = futures[fut]
            try:
                results[k] = fut.result()
            except Exception as exc:  # an OSError starting the process: that pair only
                results[k] = {"verdict": "error", "reason": f"{type(exc).__name__}: {exc}", "secs": 0.0}
    return results


# ---------------------------------------------------------------------------------------- metrics


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float] | None:
    """95% Wilson score interval of a proportion k/n."""
    if n == 0:
        return None
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def reason_kind(res: dict[str, Any]) -> str:
    """A short class of an unverified result's reason (figures, quotes and names stripped); for a
    claim checked by parts, the reason of its first unverified part."""
    reason = str(res.get("reason", ""))
    parts = [p for p in res.get("parts") or [] if p.get("verdict") == "unverified"]
    if parts:
        reason = str(parts[0].get("reason", ""))
    s = re.sub(r'"[^"]*"', '"..."', reason)
    while re.search(r"\([^()]*\)", s):
        s = re.sub(r"\([^()]*\)", "<...>", s)
    s = re.sub(r"\d[\d,.]*", "N", s)
    return " ".join(s.split())[:100]


def score(pairs: list[dict[str, Any]], results: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(pairs)
    confusion = {g: dict.fromkeys(VERDICTS, 0) for g in LABELS}
    for p, r in zip(pairs, results, strict=True):
        v = r.get("verdict", "error")
        confusion[p["label"]][v if v in VERDICTS else "error"] += 1
    verdicts = {v: sum(confusion[g][v] for g in LABELS) for v in VERDICTS}
    gold = {g: sum(confusion[g].values()) for g in LABELS}
    decided = verdicts["supported"] + verdicts["contradicted"]
    per: dict[str, Any] = {}
    for v, g in (("supported", "SUPPORTS"), ("contradicted", "REFUTES")):
        right = confusion[g][v]
        per[v] = {
            "gold": g,
            "n": verdicts[v],
            "right": right,
            "precision": right / verdicts[v] if verdicts[v] else None,
            "precision_95": wilson(right, verdicts[v]),
            "recall": right / gold[g] if gold[g] else None,
        }
    right = per["supported"]["right"] + per["contradicted"]["right"]
    sr = [r for p, r in zip(pairs, results, strict=True) if p["label"] != "NOT ENOUGH INFO"]
    unverified = [r for r in results if r.get("verdict") == "unverified"]
    return {
        "pairs": n,
        "gold": gold,
        "verdicts": verdicts,
        "confusion": confusion,
        "coverage": decided / n if n else 0.0,
        "coverage_supports_refutes": sum(1 for r in sr if r.get("verdict") in DECIDED) / len(sr)
        if sr
        else None,
        "decided": decided,
        "decided_precision": right / decided if decided else None,
        "per_verdict": per,
        "unverified_reasons": dict(Counter(reason_kind(x) for x in unverified).most_common(12)),
        "errors": dict(
            Counter(
                " ".join(r.get("reason", "").split())[:90] for r in results if r.get("verdict") == "error"
            ).most_common(5)
        ),
    }


def _f(x: float | None, digits: int = 3) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def render(m: dict[str, Any]) -> str:
    s = m["setting"]
    lines = [
        f"VitaminC {s['split']} test, claims with a digit: {s['population']} pairs; sample {m['pairs']} "
        f"(seed {s['seed']}; " + ", ".join(f"{g} {m['gold'][g]}" for g in LABELS) + ")",
        f"one corpus per pair (evidence.{s['suffix']}, date {s['date']}); {s['workers']} workers, "
        f"timeout {s['timeout']:g} s",
        "",
        f"coverage (supported or contradicted): {_f(m['coverage'])} ({m['decided']}/{m['pairs']}); "
        f"on SUPPORTS+REFUTES pairs only {_f(m['coverage_supports_refutes'])}",
    ]
    for v, d in m["per_verdict"].items():
        ci = d["precision_95"]
        lines.append(
            f"precision of {v:<12} vs {d['gold']:<8}: {_f(d['precision'])} ({d['right']}/{d['n']}"
            + (f"; 95% {ci[0]:.2f}-{ci[1]:.2f}" if ci else "")
            + f"); recall of {d['gold']} {_f(d['recall'])}"
        )
    lines.append(f"precision of both together: {_f(m['decided_precision'])}")
    sup, con = m["per_verdict"]["supported"]["precision"], m["per_verdict"]["contradicted"]["precision"]
    met = (
        m["coverage"] >= TARGET["coverage"]
        and sup is not None
        and con is not None
        and min(sup, con) >= TARGET["precision"]
    )
    lines.append(
        f"target precision >= {TARGET['precision']} at coverage >= {TARGET['coverage']}: "
        + ("met" if met else "not met")
    )
    lines += ["", "confusion (rows gold label, columns verdict):"]
    lines.append(f"{'':<16}" + "".join(f"{v:>13}" for v in VERDICTS) + f"{'total':>8}")
    for g in LABELS:
        row = m["confusion"][g]
        lines.append(f"{g:<16}" + "".join(f"{row[v]:>13}" for v in VERDICTS) + f"{sum(row.values()):>8}")
    lines.append(f"{'total':<16}" + "".join(f"{m['verdicts'][v]:>13}" for v in VERDICTS) + f"{m['pairs']:>8}")
    lines += ["", "verdicts: " + ", ".join(f"{v} {m['verdicts'][v]}" for v in VERDICTS)]
    if m["unverified_reasons"]:
        lines += ["unverified, commonest reasons:"]
        lines += [f"  {k:>5}  {r}" for r, k in m["unverified_reasons"].items()]
    if m["errors"]:
        lines += ["errors:"] + [f"  {k:>5}  {r}" for r, k in m["errors"].items()]
    t = m["timing"]
    lines += [
        "",
        f"wall time: {t['total_s']:.1f} s ({t['pairs_per_s']:.2f} pairs/s; median check "
        f"{t['median_check_s']:.2f} s per pair)",
    ]
    return "\n".join(lines)


def write_cases(path: Path, pairs: list[dict[str, Any]], results: list[dict[str, Any]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(["label", "verdict", "claim", "evidence", "reason", "unique_id"])
        for p, r in zip(pairs, results, strict=True):
            row = [p["label"], r.get("verdict", "error"), p["claim"], p["evidence"], r.get("reason", "")]
            w.writerow([" ".join(str(x).split()) for x in [*row, p.get("unique_id", "")]])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    ap.add_argument("--split", choices=("real", "synthetic"), default="real")
    ap.add_argument("--limit", type=int, default=600, help="pairs in the sample (0 = all); default 600")
    ap.add_argument("--seed", type=int, default=0, help="seed of the sample; default 0")
    ap.add_argument("--workers", type=int, default=2, help="checks run at once; default 2")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds per pair; default 30")
    ap.add_argument("--out", type=Path, default=None, help="work folder, kept (default: temporary)")
    ap.add_argument("--cases", type=Path, default=None, help="write a TSV of every pair for error analysis")
    ap.add_argument(
        "--suffix",
        choices=("md", "txt"),
        default="md",
        help="evidence file suffix; front matter is read from .md only (default md)",
    )
    ap.add_argument(
        "--date",
        default=DEFAULT_DATE,
        help=f"source date in the front matter, YYYY-MM-DD or 'case' (the case's annotation date); "
        f"default {DEFAULT_DATE}",
    )
    ap.add_argument("--json", action="store_true", help="print the metrics as one JSON document")
    args = ap.parse_args(argv)
    if args.date != "case" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.date):
        ap.error("--date must be YYYY-MM-DD or 'case'")
    if args.workers < 1:
        ap.error("--workers must be at least 1")

    data = args.eval_dir / "vitaminc" / f"vitaminc_{args.split}" / "test.jsonl"
    if not data.exists():
        print(f"skipped: {data} not found")
        return 0
    t_start = time.perf_counter()
    population = load_pairs(data)
    pairs = sample(population, args.limit, args.seed)

    tmp: tempfile.TemporaryDirectory[str] | None = None
    if args.out is not None:
        work = args.out
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="vitc-")
        work = Path(tmp.name)
    try:
        results = run_all(
            pairs, work, workers=args.workers, timeout=args.timeout, suffix=args.suffix, date=args.date
        )
        if args.out is not None:
            with open(work / "results.jsonl", "w", encoding="utf-8") as fh:
                for p, r in zip(pairs, results, strict=True):
                    fh.write(json.dumps({"unique_id": p["unique_id"], "label": p["label"], **r}) + "\n")
    finally:
        if tmp is not None:
            tmp.cleanup()
    total_s = time.perf_counter() - t_start

    metrics = score(pairs, results)
    secs = sorted(float(r.get("secs", 0.0)) for r in results)
    metrics["setting"] = {
        "split": args.split,
        "population": len(population),
        "seed": args.seed,
        "suffix": args.suffix,
        "date": args.date,
        "workers": args.workers,
        "timeout": args.timeout,
    }
    metrics["timing"] = {
        "total_s": total_s,
        "pairs_per_s": len(pairs) / total_s if total_s else 0.0,
        "median_check_s": secs[len(secs) // 2] if secs else 0.0,
    }
    if args.cases is not None:
        write_cases(args.cases, pairs, results)
    if args.out is not None:
        (work / "metrics.json").write_text(json.dumps(metrics, indent=1), encoding="utf-8")
    if args.json:
        print(json.dumps(metrics, indent=1))
    else:
        print(render(metrics))
    return 0


if __name__ == "__main__":
    sys.exit(main())

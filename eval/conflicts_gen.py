#!/usr/bin/env python3
"""Recall and precision of `factcheck conflicts` against the planted facts of a generated corpus.

The generator (../shared/bench/gen_corpus.py) plants statements about tracked organisations
(facts-*.tsv: org, attribute, value, agrees|contradicts, article); 15% contradict the truth.  A
planted conflict is an (org, attribute) pair with at least one agreeing and one contradicting
statement whose values differ: the corpus then states two different figures for it, and a careful
reader would report it.  `conflicts` should report exactly those pairs among the tracked orgs.

Scoring, over the attributes factcheck treats as figures (employees -> headcount, valuation,
founded; `hq` is a place, not a figure, and is left out; `raised` is a funding event, which
`conflicts` only compares when dated alike, so it is scored separately):
- recall: planted conflict pairs reported as a disagreement group;
- precision: reported disagreement groups about tracked orgs that are planted conflict pairs
  (groups about untracked names come from the generator's random prose and are counted apart).

Usage: eval/conflicts_gen.py CORPUS_DIR [--db FILE] [--factcheck CMD]
(indexes CORPUS_DIR into --db unless it exists, then runs `factcheck conflicts --jsonl`).
"""

from __future__ import annotations

import argparse
import csv
import glob
import json
import os
import subprocess
import sys
import time
from collections import defaultdict

ATTRS = {"employees": "headcount", "valuation": "valuation", "founded": "founded", "raised": "funding"}


def planted(corpus: str) -> tuple[set[tuple[str, str]], set[tuple[str, str]], set[str]]:
    """(conflict pairs, pairs stated at all, tracked org names)."""
    values: dict[tuple[str, str], set[str]] = defaultdict(set)
    kinds: dict[tuple[str, str], set[str]] = defaultdict(set)
    for path in glob.glob(os.path.join(corpus, "facts-*.tsv")):
        with open(path, encoding="utf-8") as fh:
            for row in csv.reader(fh, delimiter="\t"):
                if len(row) < 4 or row[1] not in ATTRS:
                    continue
                key = (row[0], ATTRS[row[1]])
                values[key].add(row[2].replace(",", ""))
                kinds[key].add(row[3])
    conflicts = {k for k, v in values.items() if len(v) > 1 and {"agrees", "contradicts"} <= kinds[k]}
    orgs = {k[0] for k in values}
    return conflicts, set(values), orgs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--db", default="/tmp/factcheck-conflicts-eval.db")
    ap.add_argument("--factcheck", default=os.path.join(os.path.dirname(sys.executable), "factcheck"))
    a = ap.parse_args()
    if not os.path.isdir(a.corpus) or not glob.glob(os.path.join(a.corpus, "facts-*.tsv")):
        print(f"skipped: {a.corpus} is not a generated corpus (no facts-*.tsv)")
        return 0
    env = {**os.environ, "FACTCHECK_DB": a.db, "FACTCHECK_SOURCES": a.corpus}
    if not os.path.exists(a.db):
        t = time.perf_counter()
        subprocess.run([a.factcheck, "index", "--quiet"], env=env, check=True)
        print(f"index: {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    out = subprocess.run(
        [a.factcheck, "conflicts", "--jsonl", "--no-refresh"], env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - t
    if out.returncode not in (0, 1):
        print(out.stderr, file=sys.stderr)
        return 2
    rows = [json.loads(x) for x in out.stdout.splitlines() if x.strip()]
    groups = [r for r in rows if r.get("type") == "group"]
    summary = rows[-1] if rows and rows[-1].get("type") == "summary" else {}
    conflicts, _stated, orgs = planted(a.corpus)
    reported = {(g["entity"], g["attribute"]) for g in groups if g["disagreement"]}
    print(
        f"conflicts: {seconds:.1f} s; {summary.get('facts_compared')} facts in {summary.get('groups_compared')} groups"
    )
    print("attribute   planted  found  recall   reported(tracked)  correct  precision")
    for attr in ("headcount", "valuation", "founded", "funding"):
        exp = {k for k in conflicts if k[1] == attr}
        rep = {k for k in reported if k[1] == attr and k[0] in orgs}
        hit = exp & rep
        rec = len(hit) / len(exp) if exp else float("nan")
        prec = len(rep & conflicts) / len(rep) if rep else float("nan")
        print(
            f"{attr:<11} {len(exp):>7} {len(hit):>6} {rec:>7.3f}   {len(rep):>17} {len(rep & conflicts):>8} {prec:>10.3f}"
        )
    core = ("headcount", "valuation", "founded")
    exp = {k for k in conflicts if k[1] in core}
    rep = {k for k in reported if k[1] in core and k[0] in orgs}
    print(
        f"{'all three':<11} {len(exp):>7} {len(exp & rep):>6} {len(exp & rep) / max(1, len(exp)):>7.3f}   "
        f"{len(rep):>17} {len(rep & conflicts):>8} {len(rep & conflicts) / max(1, len(rep)):>10.3f}"
    )
    untracked = [k for k in reported if k[0] not in orgs]
    print(f"disagreement groups about untracked names (generator prose): {len(untracked)}")
    for k in sorted(untracked)[:10]:
        print("   ", k)
    false_pos = sorted(rep - conflicts)[:10]
    if false_pos:
        print("reported but not planted (first 10):")
        for k in false_pos:
            print("   ", k)
    return 0


if __name__ == "__main__":
    sys.exit(main())

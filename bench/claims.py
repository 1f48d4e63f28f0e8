#!/usr/bin/env python3
"""claims.py - benchmark inputs built from a gen_corpus.py corpus's answer keys, and the scoring of verdicts.

  python bench/claims.py make CORPUS OUTDIR [--n 10000] [--seed 1]
      writes OUTDIR/queries.txt  (20 search queries: 12 tracked-org names + 8 common words)
             OUTDIR/single.txt   (20 single claims: 10 "<org> has <employees> employees" + 10
                                  "<org> is valued at $<valuation> billion", true values)
             OUTDIR/entities.txt (the org of each single claim, same order: the rg baseline)
             OUTDIR/claims.txt   (N claims, one a line, for `factcheck check --file`)
             OUTDIR/claims.key.tsv (claim, org, attribute, kind, value, planted agrees, planted contradicts)
  python bench/claims.py score OUTDIR/claims.key.tsv RESULTS.jsonl
      prints one JSON object: verdict counts per kind and the share that matches the answer key.

How claims are built (deterministic for a given --seed):
  * only (org, attribute) pairs that have at least one planted 'agrees' sentence in facts-*.tsv are used,
    so every claim has evidence in the corpus;
  * half are TRUE claims (the value from truth.tsv), half are FALSE claims (a value that differs from the
    truth AND from every value planted for that pair: employees x2 or x0.4, valuation x2 or x0.4,
    raised x3 or x0.3, founded +-6..9 years, hq another city);
  * phrasing per attribute: "<org> has <v> employees", "<org> is valued at $<v> billion",
    "<org> was founded in <v>", "<org> is headquartered in <v>", "<org> raised $<v> million".

Scoring rule (reported as `match`):
  * TRUE claim  -> correct if the verdict is `supported` or `disputed` (the corpus has at least one planted
    sentence that agrees; it may also have planted contradictions, which make `disputed` legitimate);
  * FALSE claim -> correct if the verdict is `contradicted` or `disputed` (the agreeing sentences state
    another value);
  * `unverified` and `error` are always wrong.
  A stricter figure (`strict_match`) also requires `supported` / `contradicted` (not `disputed`) when
  the pair has no planted contradicting sentence at all.
"""

from __future__ import annotations

import argparse
import csv
import glob
import json
import os
import random
import sys
from collections import Counter, defaultdict

ATTRS = ("employees", "valuation", "founded", "hq", "raised")
TRUTH_COL = {
    "employees": "employees",
    "valuation": "valuation_busd",
    "founded": "founded",
    "hq": "hq",
    "raised": "raised_musd",
}
COMMON_WORDS = [
    "valuation",
    "employees",
    "billion",
    "headquartered",
    "founded",
    "government",
    "market",
    "percent",
]


def fmt(attr: str, v) -> str:
    if attr == "employees":
        v = int(v)
        return f"{v:,}" if v >= 10000 else str(v)
    if attr in ("founded", "raised"):
        return str(int(v))
    if attr == "valuation":
        return f"{float(v):g}"
    return str(v)


def claim_text(org: str, attr: str, v: str) -> str:
    return {
        "employees": f"{org} has {v} employees",
        "valuation": f"{org} is valued at ${v} billion",
        "founded": f"{org} was founded in {v}",
        "hq": f"{org} is headquartered in {v}",
        "raised": f"{org} raised ${v} million",
    }[attr]


def norm(attr: str, s: str) -> str:
    s = s.strip().replace(",", "")
    if attr in ("employees", "founded", "raised"):
        try:
            return str(int(float(s)))
        except ValueError:
            return s
    if attr == "valuation":
        try:
            return f"{float(s):g}"
        except ValueError:
            return s
    return s.lower()


def load(corpus: str):
    truth = {}
    with open(os.path.join(corpus, "truth.tsv"), encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            truth[row["org"]] = {a: row[TRUTH_COL[a]] for a in ATTRS}
    planted: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(
        lambda: {"agrees": set(), "contradicts": set()}
    )
    for fn in sorted(glob.glob(os.path.join(corpus, "facts-*.tsv"))):
        with open(fn, encoding="utf-8") as fh:
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                if len(parts) < 4 or parts[1] not in ATTRS or parts[3] not in ("agrees", "contradicts"):
                    continue
                planted[(parts[0], parts[1])][parts[3]].add(norm(parts[1], parts[2]))
    return truth, planted


def wrong_value(attr: str, true: str, avoid: set[str], cities: list[str], r: random.Random) -> str | None:
    for _ in range(20):
        if attr == "hq":
            v = r.choice(cities)
        elif attr == "founded":
            v = str(int(true) + r.choice([-9, -8, -7, -6, 6, 7, 8, 9]))
        elif attr == "valuation":
            v = f"{max(0.1, round(float(true) * r.choice([2.0, 0.4]), 1)):g}"
        elif attr == "raised":
            v = str(max(1, int(round(int(true) * r.choice([3.0, 0.3])))))
        else:
            v = str(max(1, int(round(int(true) * r.choice([2.0, 0.4])))))
        if norm(attr, v) != norm(attr, true) and norm(attr, v) not in avoid:
            return v
    return None


def make(a) -> int:
    truth, planted = load(a.corpus)
    r = random.Random(a.seed)
    pairs = sorted(p for p, d in planted.items() if d["agrees"] and p[0] in truth)
    cities = sorted({t["hq"] for t in truth.values()})
    os.makedirs(a.outdir, exist_ok=True)
    # claims for --file
    rows = []
    while len(rows) < a.n:
        org, attr = r.choice(pairs)
        true = truth[org][attr]
        d = planted[(org, attr)]
        if len(rows) % 2 == 0:
            kind, v = "true", true
        else:
            kind = "false"
            v = wrong_value(attr, true, d["agrees"] | d["contradicts"], cities, r)
            if v is None:
                continue
        rows.append(
            (
                claim_text(org, attr, fmt(attr, v)),
                org,
                attr,
                kind,
                v,
                "|".join(sorted(d["agrees"])),
                "|".join(sorted(d["contradicts"])),
            )
        )
    with open(os.path.join(a.outdir, "claims.txt"), "w", encoding="utf-8") as fh:
        fh.writelines(row[0] + "\n" for row in rows)
    with open(os.path.join(a.outdir, "claims.key.tsv"), "w", encoding="utf-8") as fh:
        fh.write("claim\torg\tattribute\tkind\tvalue\tplanted_agrees\tplanted_contradicts\n")
        fh.writelines("\t".join(row) + "\n" for row in rows)
    # single claims: true employees / valuation of orgs with an agreeing planted sentence (first 4 are the
    # real companies of truth.tsv when they qualify)
    singles, ents = [], []
    for attr in ("employees", "valuation"):
        cand = [o for o in truth if (o, attr) in planted and planted[(o, attr)]["agrees"]]
        head = [o for o in cand[:4]]
        rest = cand[4:]
        r2 = random.Random(a.seed + (1 if attr == "employees" else 2))
        pick = head + r2.sample(rest, 10 - len(head))
        for o in pick:
            singles.append(claim_text(o, attr, fmt(attr, truth[o][attr])))
            ents.append(o)
    with open(os.path.join(a.outdir, "single.txt"), "w", encoding="utf-8") as fh:
        fh.writelines(s + "\n" for s in singles)
    with open(os.path.join(a.outdir, "entities.txt"), "w", encoding="utf-8") as fh:
        fh.writelines(s + "\n" for s in ents)
    # search queries: 12 org names (4 real + 8 synthetic) + 8 common words
    orgs = list(truth)
    r3 = random.Random(a.seed + 3)
    qs = (
        orgs[:4] + r3.sample([o for o in orgs[4:] if any((o, x) in planted for x in ATTRS)], 8) + COMMON_WORDS
    )
    with open(os.path.join(a.outdir, "queries.txt"), "w", encoding="utf-8") as fh:
        fh.writelines(q + "\n" for q in qs)
    print(json.dumps({"claims": len(rows), "pairs": len(pairs), "single": len(singles), "queries": len(qs)}))
    return 0


def score(a) -> int:
    with open(a.key, encoding="utf-8") as fh:
        key = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    results = []
    summary = None
    with open(a.results, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            obj = json.loads(line)
            if obj.get("type") == "summary":
                summary = obj
                continue
            results.append(obj)
    per = {"true": Counter(), "false": Counter()}
    per_attr: dict[str, Counter] = defaultdict(Counter)
    match = strict = 0
    mismatched_text = 0
    for k, res in zip(key, results):
        if res.get("claim") != k["claim"]:
            mismatched_text += 1
        v = res.get("verdict", "error")
        per[k["kind"]][v] += 1
        has_contra = bool(k["planted_contradicts"])
        if k["kind"] == "true":
            ok = v in ("supported", "disputed")
            ok_strict = v == "supported" or (has_contra and v == "disputed")
        else:
            ok = v in ("contradicted", "disputed")
            ok_strict = v == "contradicted" or (has_contra and v == "disputed")
        match += ok
        strict += ok_strict
        per_attr[k["attribute"]]["n"] += 1
        per_attr[k["attribute"]]["match"] += ok
        per_attr[k["attribute"]][v] += 1
    n = len(key)
    out = {
        "claims": n,
        "results": len(results),
        "claim_text_mismatches": mismatched_text,
        "match": match,
        "match_share": round(match / n, 4) if n else None,
        "strict_match": strict,
        "strict_share": round(strict / n, 4) if n else None,
        "verdicts_true_claims": dict(per["true"]),
        "verdicts_false_claims": dict(per["false"]),
        "per_attribute": {a: dict(c) for a, c in sorted(per_attr.items())},
        "summary_line": summary,
    }
    print(json.dumps(out))
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("make")
    m.add_argument("corpus")
    m.add_argument("outdir")
    m.add_argument("--n", type=int, default=10000)
    m.add_argument("--seed", type=int, default=1)
    s = sub.add_parser("score")
    s.add_argument("key")
    s.add_argument("results")
    a = ap.parse_args()
    return make(a) if a.cmd == "make" else score(a)


if __name__ == "__main__":
    sys.exit(main())

"""Score `factcheck check` on the development claims of ../shared/eval/claims/claims.tsv (200 claims over
../shared/corpora/meantime and wikinews, written by careful readers outside the team).

    .venv/bin/python eval/claims.py [--out DIR] [--tsv tests/data/claims_own.tsv]

One `factcheck check --file --jsonl` run per corpus into a fresh index; prints accuracy per corpus, the
4x4 confusion matrix and per-part accuracy of the compound claims. Without the data: "skipped" and exit 0.
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
VERDICTS = ["supported", "contradicted", "disputed", "unverified"]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--tsv", type=Path, default=None, help="another claims file of the same format")
    args = ap.parse_args()
    tsv = args.tsv or SHARED / "eval" / "claims" / "claims.tsv"
    if not tsv.exists():
        print(f"skipped: {tsv} not found")
        return 0
    out = args.out or Path(tempfile.mkdtemp())
    out.mkdir(parents=True, exist_ok=True)
    rows = [ln.rstrip("\n").split("\t") for ln in tsv.open(encoding="utf-8") if ln.strip() and ln[0] != "#"]
    conf: collections.Counter[tuple[str, str]] = collections.Counter()
    parts_ok = parts_n = 0
    exe = Path(sys.executable).parent / "factcheck"
    for corpus in ("meantime", "wikinews"):
        gold = [r for r in rows if r[0] == corpus]
        if not (SHARED / "corpora" / corpus).is_dir():
            print(f"skipped: {SHARED / 'corpora' / corpus} not found")
            return 0
        claims = out / f"claims-{corpus}.txt"
        claims.write_text("".join(r[2] + "\n" for r in gold), encoding="utf-8")
        cmd = [
            str(exe),
            "check",
            "--sources",
            str(SHARED / "corpora" / corpus),
            "--db",
            str(out / f"{corpus}.db"),
        ]
        cmd += ["--file", str(claims), "--jsonl", "--quiet"]
        res = subprocess.run(cmd, capture_output=True, text=True, check=False)
        (out / f"out-{corpus}.jsonl").write_text(res.stdout, encoding="utf-8")
        results = [json.loads(ln) for ln in res.stdout.splitlines() if '"result"' in ln]
        ok = 0
        for g, r in zip(gold, results, strict=True):
            conf[(g[1], r["verdict"])] += 1
            ok += g[1] == r["verdict"]
            want = [p for p in g[3].split(" | ") if p.startswith("parts: ")]
            if want:
                wanted = [w.rsplit("=", 1)[1] for w in want[0][7:].split("; ")]
                got = [p["verdict"] for p in r.get("parts", [])]
                parts_n += len(wanted)
                parts_ok += sum(a == b for a, b in zip(wanted, got, strict=False))
        print(f"{corpus}: {ok}/{len(gold)} = {ok / len(gold):.3f}")
    total = sum(conf.values())
    right = sum(conf[(v, v)] for v in VERDICTS)
    print(f"all: {right}/{total} = {right / total:.3f}; compound parts {parts_ok}/{parts_n}")
    print("gold \\ tool  " + " ".join(f"{v[:5]:>6}" for v in VERDICTS))
    for g in VERDICTS:
        print(f"{g:<12} " + " ".join(f"{conf[(g, p)]:>6}" for p in VERDICTS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""claim_latency.py - the time each claim of a file takes to check, in one process (index already open).

  python bench/claim_latency.py INDEX.db CLAIMS.txt [--n 100]

Prints one JSON object: claims, median, p90 and max seconds, and the slowest claim.  The claims of
bench/claims.py (`make`) go mostly through the index's facts; compound claims ("X, which employs N
people, is worth $Y") exercise the frame matcher (factcheck/check/by_frame.py)."""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("db", type=Path)
    ap.add_argument("claims", type=Path)
    ap.add_argument("--n", type=int, default=100)
    args = ap.parse_args()
    from factcheck.check.engine import check_claim
    from factcheck.store import Store

    store = Store.open(args.db)
    claims = [c for c in args.claims.read_text(encoding="utf-8").splitlines() if c.strip()][: args.n]
    times: list[tuple[float, str]] = []
    for c in claims:
        t = time.perf_counter()
        check_claim(store, c)
        times.append((time.perf_counter() - t, c))
    ts = sorted(t for t, _ in times)
    slowest = max(times)
    print(
        json.dumps(
            {
                "claims": len(ts),
                "median_s": round(statistics.median(ts), 4),
                "p90_s": round(ts[int(len(ts) * 0.9)], 4),
                "max_s": round(ts[-1], 4),
                "slowest": slowest[1],
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

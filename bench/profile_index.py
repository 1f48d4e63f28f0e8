#!/usr/bin/env python3
"""profile_index.py - cProfile of `factcheck index` in ONE process (-j 1, so the work the pool workers
would do is visible), top functions by own time with their share of the total.

  python bench/profile_index.py SOURCES_DIR [--db FILE] [--top 25] [--stub-missing-dates]

Use a ~50 MB subset of the corpus (see bench/README.md).  --stub-missing-dates stands in an empty
`factcheck.extract.dates` (extract_dates -> []) when the module is missing from the work tree, so the
rest of the pipeline can still be profiled; the figures then leave out date extraction.
"""

import argparse
import cProfile
import importlib.util
import os
import pstats
import sys
import tempfile
import time
import types
from pathlib import Path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sources")
    ap.add_argument("--db")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--out", help="save the raw profile here (pstats format)")
    ap.add_argument("--stub-missing-dates", action="store_true")
    a = ap.parse_args()
    if a.stub_missing_dates and importlib.util.find_spec("factcheck.extract.dates") is None:
        m = types.ModuleType("factcheck.extract.dates")
        m.extract_dates = lambda *args, **kw: []
        sys.modules["factcheck.extract.dates"] = m
        print("NOTE: factcheck.extract.dates missing: stubbed (no date extraction in this profile)")
    from factcheck.indexer import build_index

    db = Path(a.db or tempfile.mkdtemp(prefix="fc-prof-")) / "i.db" if not a.db else Path(a.db)
    if db.exists():
        db.unlink()
    nbytes = sum(p.stat().st_size for p in Path(a.sources).rglob("*") if p.is_file())
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    rep = build_index(Path(a.sources), db, jobs=1)
    prof.disable()
    secs = time.perf_counter() - t0
    print(
        f"indexed {nbytes / 1048576:.1f} MiB, {rep.sources} sources, {rep.passages} passages, {rep.facts} facts "
        f"in {secs:.1f} s under cProfile ({nbytes / 1048576 / secs:.2f} MiB/s, 1 process)"
    )
    if a.out:
        prof.dump_stats(a.out)
    st = pstats.Stats(prof)
    total = st.total_tt
    rows = sorted(st.stats.items(), key=lambda kv: kv[1][2], reverse=True)[: a.top]
    print(f"{'own s':>7} {'share':>6} {'cum s':>7} {'calls':>10}  function (file:line)")
    for (fn, line, name), (cc, nc, tt, ct, _) in rows:
        short = fn.replace(str(Path(__file__).resolve().parent.parent) + os.sep, "")
        print(f"{tt:7.2f} {tt / total * 100:5.1f}% {ct:7.2f} {nc:10d}  {name} ({short}:{line})")
    print("\nby cumulative time (factcheck functions):")
    rows = sorted(
        ((k, v) for k, v in st.stats.items() if "factcheck" in k[0]), key=lambda kv: kv[1][3], reverse=True
    )[: a.top]
    for (fn, line, name), (cc, nc, tt, ct, _) in rows:
        short = fn.replace(str(Path(__file__).resolve().parent.parent) + os.sep, "")
        print(f"{ct:7.2f} {ct / total * 100:5.1f}%  {name} ({short}:{line})")


if __name__ == "__main__":
    main()

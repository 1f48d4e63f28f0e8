#!/usr/bin/env python3
"""txn_experiment.py - a fresh index build with and without ONE transaction around the fill, to measure
what the autocommit of the fresh-build path costs (monkeypatch only; no change to factcheck/).

  python bench/txn_experiment.py SOURCES DB txn|autocommit

Wrap in `/usr/bin/time -f '%e s wall, %U user %S sys'` to see the CPU (sys time is the writes).
"""

import sys
import time
from pathlib import Path

import factcheck.indexer as ix

if sys.argv[3] == "txn":
    orig = ix._fill

    def _fill_in_one_transaction(store, *a, **k):
        if store.conn.in_transaction:  # the refresh path already runs inside BEGIN IMMEDIATE
            return orig(store, *a, **k)
        store.conn.execute("BEGIN")
        r = orig(store, *a, **k)
        store.conn.execute("COMMIT")
        return r

    ix._fill = _fill_in_one_transaction
db = Path(sys.argv[2])
db.unlink(missing_ok=True)
t = time.perf_counter()
rep = ix.build_index(Path(sys.argv[1]), db, jobs=2)
print(
    sys.argv[3],
    f"{time.perf_counter() - t:.1f}s",
    rep.sources,
    "sources",
    rep.passages,
    "passages",
    rep.facts,
    "facts",
)

#!/usr/bin/env python3
"""writer_replay.py - the index writer's inserts alone: every file of CORPUS is processed first (not
timed; cached in CACHE), then only `Store.add_source` of each result is timed, in one transaction.

  python bench/writer_replay.py CORPUS DB [--hash-mib N] [--cache FILE]

Compare with bench/fts_floor.py (the same passages into FTS5 and nothing else), or run it while other
processes load the machine (see bench/contend.sh) to see what sharing the cores costs the writer.
"""

import argparse
import os
import pickle
import time
from pathlib import Path

import factcheck.indexer as ix
import factcheck.store as store_module


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("db")
    ap.add_argument("--hash-mib", type=float, default=None, help="FTS5 hashsize (default: the index's)")
    ap.add_argument("--cache", default="/dev/shm/factcheck-replay.pkl")
    a = ap.parse_args()
    if a.hash_mib is not None:
        store_module.FTS_HASH_BYTES = int(a.hash_mib * (1 << 20))
    cache = Path(a.cache)
    if cache.exists():
        results = pickle.loads(cache.read_bytes())
    else:
        entries, _ = ix.scan(Path(a.corpus))
        results = [ix.process_file(e, {}) for e in entries]
        cache.write_bytes(pickle.dumps(results))
    for suffix in ("", "-wal", "-shm"):
        try:
            os.unlink(a.db + suffix)
        except FileNotFoundError:
            pass
    store = store_module.Store.create(Path(a.db), bulk=True)
    store.begin()
    cpu, wall = time.process_time(), time.perf_counter()
    for res in results:
        store.add_source(ix.new_source(res), res.rows or ix._NO_ROWS)
    store.commit()
    print(
        f"add_source + commit: {time.process_time() - cpu:.2f} CPU-s, {time.perf_counter() - wall:.2f} s wall, "
        f"{len(results)} files"
    )


if __name__ == "__main__":
    main()

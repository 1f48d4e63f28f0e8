#!/usr/bin/env python3
"""fts_tune.py - FTS5 settings for the index's insert, measured without file I/O or extraction.

  python bench/fts_tune.py INDEX.db OUT.db ROWS [automerge=N] [crisismerge=N] [pgsz=N] [cache=KiB] [optimize=1]

Reads the first ROWS passages of an existing factcheck index, inserts them into a fresh table pair
shaped like the index's (passages + external-content FTS5, unicode61 remove_diacritics 2, page size
8192, journal off) in one transaction with the given FTS5 options, and prints the insert time, the
size, and the median / max time of a few ranked queries.  Session 3 used it to choose automerge 16
(BENCHMARKS.md, "Indexing: what session 3 changed").
"""

import os
import sqlite3
import statistics
import sys
import time

src, out, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
opts = dict(a.split("=") for a in sys.argv[4:])
s = sqlite3.connect(src)
rows = s.execute("SELECT id, text FROM passages ORDER BY id LIMIT ?", (limit,)).fetchall()
for suf in ("", "-wal", "-shm"):
    try:
        os.unlink(out + suf)
    except FileNotFoundError:
        pass
c = sqlite3.connect(out, isolation_level=None)
c.execute("PRAGMA journal_mode=OFF")
c.execute("PRAGMA synchronous=OFF")
c.execute("PRAGMA page_size=8192")
if "cache" in opts:
    c.execute(f"PRAGMA cache_size=-{opts['cache']}")
c.execute("CREATE TABLE passages(id INTEGER PRIMARY KEY, text TEXT)")
c.execute(
    "CREATE VIRTUAL TABLE passages_fts USING fts5(text, content='passages', content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
)
for k in ("automerge", "crisismerge", "pgsz", "hashsize"):
    if k in opts:
        c.execute(f"INSERT INTO passages_fts(passages_fts, rank) VALUES ('{k}', {opts[k]})")
t = time.perf_counter()
cpu = time.process_time()
c.execute("BEGIN")
B = 2000
for i in range(0, len(rows), B):
    chunk = rows[i : i + B]
    c.executemany("INSERT INTO passages(id, text) VALUES (?,?)", chunk)
    c.executemany("INSERT INTO passages_fts(rowid, text) VALUES (?,?)", chunk)
c.execute("COMMIT")
t1 = time.perf_counter() - t
if opts.get("optimize"):
    c.execute("INSERT INTO passages_fts(passages_fts) VALUES ('optimize')")
t2 = time.perf_counter() - t
segs = c.execute("SELECT count(*) FROM passages_fts_data").fetchone()[0]
print(
    f"{opts} rows {len(rows)} insert {t1:.1f}s total {t2:.1f}s cpu {time.process_time() - cpu:.1f} size {os.path.getsize(out) / 1e6:.0f}MB datarows {segs}"
)
qs = ['"revenue"', '"zhipu" "ai"', '"employees"', '"the"', '"billion" "valuation"', '"novatek"']
ts = []
for q in qs * 3:
    t = time.perf_counter()
    c.execute(
        "SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? ORDER BY rank LIMIT 10", (q,)
    ).fetchall()
    ts.append(time.perf_counter() - t)
segcount = c.execute("SELECT count(*) FROM passages_fts_idx").fetchone()[0]
print(
    f"   query median {statistics.median(ts) * 1000:.0f} ms max {max(ts) * 1000:.0f} ms  idx rows {segcount}"
)

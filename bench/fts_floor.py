#!/usr/bin/env python3
"""fts_floor.py - the FLOOR for `factcheck index`: the least work any FTS5 indexer of a folder must do.

A plain single-process loop: walk CORPUS in sorted order, read every *.txt / *.md / *.html file as UTF-8
(errors replaced), split it into paragraphs on blank lines, and insert every non-empty paragraph into an
SQLite FTS5 table, all in ONE transaction.  No extraction, no metadata, no hashing, no workers.

Table shape (--mode):
  external (default)  like factcheck's index: a plain `passages(id, source_id, text)` table plus an
                      external-content FTS5 table `passages_fts(text, content='passages',
                      content_rowid='id')`; each paragraph is inserted into both.
  plain               a single ordinary FTS5 table `passages_fts(text)` that stores its own copy.
Tokenizer in both: `unicode61 remove_diacritics 2` (the same as factcheck's).
Pragmas: journal_mode=OFF, synchronous=OFF, page_size=8192 (what factcheck's first build uses).

Usage: python bench/fts_floor.py CORPUS DB [--mode external|plain] [--automerge N] [--json]
Prints wall seconds, files, paragraphs, bytes read, MiB/s and the DB size (one JSON object with --json).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import sys
import time

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
BLANK = re.compile(r"\n[ \t]*\n+")


def walk(root: str):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if name.lower().endswith(SUFFIXES) and not name.startswith("."):
                yield os.path.join(dirpath, name)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("db")
    ap.add_argument("--mode", choices=("external", "plain"), default="external")
    ap.add_argument("--json", action="store_true")
    ap.add_argument(
        "--automerge",
        type=int,
        default=None,
        help="FTS5 'automerge' setting (default: FTS5's own, 4; factcheck's index uses 16)",
    )
    a = ap.parse_args()

    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(a.db + suffix)
        except FileNotFoundError:
            pass
    t0 = time.perf_counter()
    conn = sqlite3.connect(a.db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA page_size = 8192")
    tok = "tokenize='unicode61 remove_diacritics 2'"
    if a.mode == "external":
        conn.execute(
            "CREATE TABLE passages (id INTEGER PRIMARY KEY, source_id INTEGER NOT NULL, text TEXT NOT NULL)"
        )
        conn.execute(
            f"CREATE VIRTUAL TABLE passages_fts USING fts5(text, content='passages', content_rowid='id', {tok})"
        )
    else:
        conn.execute(f"CREATE VIRTUAL TABLE passages_fts USING fts5(text, {tok})")
    if a.automerge is not None:
        conn.execute("INSERT INTO passages_fts(passages_fts, rank) VALUES ('automerge', ?)", (a.automerge,))
    conn.execute("BEGIN")
    files = paras = nbytes = 0
    pid = 0
    for path in walk(a.corpus):
        with open(path, "rb") as fh:
            raw = fh.read()
        nbytes += len(raw)
        files += 1
        text = raw.decode("utf-8", errors="replace").replace("\r\n", "\n")
        rows = []
        for p in BLANK.split(text):
            p = p.strip()
            if p:
                pid += 1
                rows.append((pid, files, p))
        paras += len(rows)
        if a.mode == "external":
            conn.executemany("INSERT INTO passages(id, source_id, text) VALUES (?, ?, ?)", rows)
            conn.executemany(
                "INSERT INTO passages_fts(rowid, text) VALUES (?, ?)", [(r[0], r[2]) for r in rows]
            )
        else:
            conn.executemany(
                "INSERT INTO passages_fts(rowid, text) VALUES (?, ?)", [(r[0], r[2]) for r in rows]
            )
    conn.execute("COMMIT")
    conn.close()
    secs = time.perf_counter() - t0
    out = {
        "mode": a.mode,
        "automerge": a.automerge,
        "seconds": round(secs, 2),
        "files": files,
        "paragraphs": paras,
        "bytes": nbytes,
        "mib_per_s": round(nbytes / 1048576 / secs, 2) if secs else None,
        "db_bytes": os.path.getsize(a.db),
    }
    if a.json:
        print(json.dumps(out))
    else:
        for k, v in out.items():
            print(f"{k}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

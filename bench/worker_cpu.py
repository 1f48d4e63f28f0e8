#!/usr/bin/env python3
"""worker_cpu.py - CPU seconds the index workers spend per megabyte (no SQLite, no pool): every
file of a folder through `process_file`, best of N passes, in this process.

  python bench/worker_cpu.py SUBSET_DIR [PASSES]

Use a ~10 MB subset of the generated corpus (e.g. one outlet's year).  CPU time, not wall time, so
the figure moves less when the machine is shared; compare runs on the same subset only.
"""

import sys
import time
from pathlib import Path

import factcheck.indexer as ix


def main() -> None:
    files = sorted(p for p in Path(sys.argv[1]).rglob("*") if p.suffix in (".txt", ".md", ".html"))
    entries = [ix.FileEntry(str(p), str(p), p.stat().st_size, 0) for p in files]
    total = sum(e.size for e in entries)
    ix.process_file(entries[0], {})  # compile the patterns outside the timing
    best = float("inf")
    for _ in range(int(sys.argv[2]) if len(sys.argv) > 2 else 3):
        t = time.process_time()
        for e in entries:
            ix.process_file(e, {})
        best = min(best, time.process_time() - t)
    print(
        f"worker cpu {best:.2f} s for {total / 1e6:.1f} MB ({len(entries)} files) = {total / 1e6 / best:.2f} MB/cpu-s"
    )


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""split_cpu.py - one fresh build_index of CORPUS into DB in this process, printing the wall time and
the CPU seconds of the writer (this process) and of the workers (its children) apart.

  python bench/split_cpu.py CORPUS DB

Run it from outside the checkout with a compiled venv's python to measure the compiled build.
"""

import os
import resource
import sys
import time
from pathlib import Path

from factcheck.indexer import build_index


def main() -> None:
    db = Path(sys.argv[2])
    for suffix in ("", "-wal", "-shm"):
        try:
            os.unlink(str(db) + suffix)
        except FileNotFoundError:
            pass
    t = time.perf_counter()
    report = build_index(Path(sys.argv[1]), db)
    wall = time.perf_counter() - t
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"wall {wall:.1f} writer {me.ru_utime + me.ru_stime:.1f} workers {kids.ru_utime + kids.ru_stime:.1f} "
        f"passages {report.passages}"
    )


if __name__ == "__main__":
    main()

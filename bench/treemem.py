#!/usr/bin/env python3
"""treemem.py - run a command and sample the memory of its whole process tree (it and every descendant,
e.g. a multiprocessing pool) every 0.5 s (reading smaps_rollup costs sys time).

  python bench/treemem.py --out FILE.json -- CMD ARG...

Writes {"seconds", "exit", "peak_tree_rss_kib", "peak_tree_pss_kib", "peak_procs"} to FILE.json; the
command's own stdout/stderr pass through.  RSS summed over processes counts pages shared after fork
more than once; PSS (from /proc/PID/smaps_rollup) splits them, so peak_tree_pss_kib is the truer total.
Exits with the command's exit status.
"""

import argparse
import json
import os
import subprocess
import sys
import time


def children(pid):
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                out += [int(x) for x in fh.read().split()]
    except OSError:
        pass
    return out


def field(path, name):
    try:
        with open(path) as fh:
            for line in fh:
                if line.startswith(name):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--interval", type=float, default=0.5)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd)
    peak_rss = peak_pss = peak_n = 0
    while p.poll() is None:
        todo, pids = [p.pid], []
        while todo:
            x = todo.pop()
            pids.append(x)
            todo += children(x)
        rss = sum(field(f"/proc/{x}/status", "VmRSS:") for x in pids)
        pss = sum(field(f"/proc/{x}/smaps_rollup", "Pss:") for x in pids)
        peak_rss, peak_pss, peak_n = max(peak_rss, rss), max(peak_pss, pss), max(peak_n, len(pids))
        time.sleep(a.interval)
    secs = time.perf_counter() - t0
    with open(a.out, "w") as fh:
        json.dump(
            {
                "seconds": round(secs, 2),
                "exit": p.returncode,
                "peak_tree_rss_kib": peak_rss,
                "peak_tree_pss_kib": peak_pss,
                "peak_procs": peak_n,
            },
            fh,
        )
    return p.returncode


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""lat.py - per-process latency of one command template over a list of inputs (one process per input).

  python bench/lat.py --inputs FILE [--warmup 1] [--label NAME] -- CMD ARG... {} ARG...

Each line of FILE replaces `{}` in the command (as one argument); each run is its own process.  Stdout
is read through a pipe and thrown away (NOT sent to /dev/null: ripgrep stops at the first match when
its output is /dev/null, which would flatter it).  The first --warmup inputs are run once untimed
first (warm page cache).  Prints one JSON object: n, p50_ms, p90_ms, mean_ms, min_ms, max_ms,
exit codes, output bytes.
"""

import argparse
import json
import statistics
import subprocess
import sys
import time


def pct(xs, p):
    xs = sorted(xs)
    if not xs:
        return None
    k = (len(xs) - 1) * p / 100
    f = int(k)
    c = min(f + 1, len(xs) - 1)
    return xs[f] + (xs[c] - xs[f]) * (k - f)


def run(cmd):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    n = 0
    while True:
        b = p.stdout.read(1 << 20)
        if not b:
            break
        n += len(b)
    rc = p.wait()
    return (time.perf_counter() - t0) * 1000, rc, n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--inputs", required=True)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--label", default="")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    items = [l.rstrip("\n") for l in open(a.inputs, encoding="utf-8") if l.strip()]
    argv = lambda q: [q if c == "{}" else c for c in cmd]
    for q in items[: a.warmup]:
        run(argv(q))
    times, rcs, nbytes = [], {}, 0
    for q in items:
        ms, rc, n = run(argv(q))
        times.append(ms)
        rcs[str(rc)] = rcs.get(str(rc), 0) + 1
        nbytes += n
    out = {
        "label": a.label,
        "n": len(times),
        "p50_ms": round(pct(times, 50), 1),
        "p90_ms": round(pct(times, 90), 1),
        "mean_ms": round(statistics.mean(times), 1),
        "min_ms": round(min(times), 1),
        "max_ms": round(max(times), 1),
        "exit_codes": rcs,
        "output_bytes": nbytes,
        "times_ms": [round(t, 1) for t in times],
    }
    print(json.dumps(out))


if __name__ == "__main__":
    sys.exit(main())

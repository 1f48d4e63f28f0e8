"""Where a first `check` spends its time compiling regular expressions.

Runs one command in-process (default: `check --no-refresh "Zhipu AI has 800 employees"` on the
bundled sources) with `re`'s compiler timed, and prints each compiling call site (the first frame
outside `re`, `functools` and `typing`), how many patterns it compiled, their total source length,
and the time, largest first; then the totals and the wall time of the whole command.

    .venv/bin/python bench/regex_compile.py [--top N] [-- ARGS...]

Pass --sources/--db in ARGS (or FACTCHECK_SOURCES/FACTCHECK_DB) to use a given index; by default
the bundled sources and their default index.  When that index does not exist yet, the run builds it
and so also counts the indexer's patterns: run twice and read the second.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
import time
from collections import defaultdict
from re import _compiler  # type: ignore[attr-defined]

_RE_DIR = os.path.dirname(re.__file__) + os.sep
_SKIP_FILES = ("functools.py", "typing.py", "enum.py")


def _caller(f: object) -> str:
    """file:line function of the first frame outside re (and its caching helpers)."""
    while f is not None:
        name = f.f_code.co_filename  # type: ignore[attr-defined]
        if not (name.startswith(_RE_DIR) or name.endswith(_SKIP_FILES)):
            return f"{name}:{f.f_lineno} {f.f_code.co_name}"  # type: ignore[attr-defined]
        f = f.f_back  # type: ignore[attr-defined]
    return "?"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("args", nargs="*")
    ns = ap.parse_args()
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    args = ns.args or ["check", "--no-refresh", "Zhipu AI has 800 employees"]
    if "--sources" not in args and "FACTCHECK_SOURCES" not in os.environ:
        args += ["--sources", os.path.join(repo, "sources")]

    sites: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0.0])  # count, chars, seconds
    real = _compiler.compile

    def timed(p: object, flags: int = 0) -> object:
        t = time.perf_counter()
        try:
            return real(p, flags)
        finally:
            dt = time.perf_counter() - t
            where = _caller(sys._getframe(1)).replace(repo + os.sep, "")
            s = sites[where]
            s[0] += 1
            s[1] += len(p) if isinstance(p, str | bytes) else 0
            s[2] += dt

    _compiler.compile = timed
    re.purge()
    from factcheck.cli.main import main as cli

    out, err = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = io.StringIO()
    t0 = time.perf_counter()
    try:
        code = cli(args)
    finally:
        wall = time.perf_counter() - t0
        sys.stdout, sys.stderr = out, err
    _compiler.compile = real
    rows = sorted(sites.items(), key=lambda kv: -kv[1][2])
    print(f"{'ms':>7} {'n':>4} {'chars':>7}  call site")
    for where, (n, chars, secs) in rows[: ns.top]:
        print(f"{secs * 1e3:7.1f} {n:4d} {chars:7d}  {where}")
    total = sum(s[2] for s in sites.values())
    count = sum(s[0] for s in sites.values())
    print(
        f"{total * 1e3:7.1f} {count:4d} {'':7}  all compiles ({len(sites)} call sites); "
        f"command wall {wall * 1e3:.0f} ms (imports included), exit {code}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The time-bounded driver shared by the fuzz targets: atheris (libFuzzer, coverage-guided) when it
is installed, else hypothesis at scale (generation only, no example database).

A target is ``one_input(data: bytes) -> None`` that raises on a finding.  Both engines stop after
``--seconds``; the hypothesis engine reports ``executions: N`` and exits 1 on a finding (after
shrinking it) with the failing input printed; atheris prints libFuzzer's final stats and writes a
``crash-*`` file.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


class _Stop(BaseException):
    """Time is up (a BaseException, so hypothesis does not treat it as a failure)."""


def parse_args(name: str) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog=name, description="Time-bounded fuzzing of factcheck.")
    ap.add_argument("--seconds", type=float, default=60.0, help="how long to fuzz (default 60)")
    ap.add_argument("--engine", choices=("auto", "atheris", "hypothesis"), default="auto")
    ap.add_argument("--max-len", type=int, default=4096, help="largest input in bytes (default 4096)")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("corpus", nargs="*", help="atheris: corpus folders (new inputs are written there)")
    return ap.parse_args()


def run(name: str, one_input: Callable[[bytes], None], seeds: list[bytes], strategy: Any = None) -> int:
    args = parse_args(name)
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401

            engine = "atheris"
        except ImportError:
            engine = "hypothesis"
    print(f"{name}: engine {engine}, {args.seconds:g}s", flush=True)
    if engine == "atheris":
        return _atheris(one_input, seeds, args)
    return _hypothesis(one_input, seeds, args, strategy)


def _atheris(one_input: Callable[[bytes], None], seeds: list[bytes], args: argparse.Namespace) -> int:
    import tempfile

    import atheris

    corpus = list(args.corpus)
    if not corpus:
        d = tempfile.mkdtemp(prefix="factcheck-fuzz-")
        for i, s in enumerate(seeds):
            Path(d, f"seed-{i}").write_bytes(s)
        corpus = [d]
    argv = [
        sys.argv[0],
        f"-max_total_time={max(1, int(args.seconds))}",
        f"-max_len={args.max_len}",
        "-timeout=20",
        "-print_final_stats=1",
        "-rss_limit_mb=4096",
        *([f"-seed={args.seed}"] if args.seed is not None else []),
        *corpus,
    ]
    atheris.Setup(argv, one_input)
    atheris.Fuzz()
    return 0


def _hypothesis(
    one_input: Callable[[bytes], None], seeds: list[bytes], args: argparse.Namespace, strategy: Any
) -> int:
    from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
    from hypothesis import strategies as st

    for s in seeds:
        one_input(s)
    runs = [len(seeds)]
    failing: list[Any] = [None]
    deadline = time.monotonic() + args.seconds
    strat = strategy if strategy is not None else st.binary(max_size=args.max_len)

    @settings(
        max_examples=10**9,
        deadline=None,
        database=None,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
    )
    @given(strat)
    def fuzz(data: bytes) -> None:
        if time.monotonic() > deadline:
            raise _Stop
        runs[0] += 1
        try:
            one_input(data)
        except Exception:
            failing[0] = data  # the last one recorded is the shrunk example hypothesis replays
            raise

    if args.seed is not None:
        fuzz = seed(args.seed)(fuzz)
    t0 = time.monotonic()
    try:
        fuzz()
    except _Stop:
        pass
    except Exception as e:  # a finding (hypothesis has shrunk it and printed the input)
        print(f"FINDING: {type(e).__name__}: {e}", flush=True)
        print(f"input: {failing[0]!r}", flush=True)
        print(f"executions: {runs[0]} in {time.monotonic() - t0:.1f}s", flush=True)
        return 1
    print(f"executions: {runs[0]} in {time.monotonic() - t0:.1f}s, findings: 0", flush=True)
    return 0

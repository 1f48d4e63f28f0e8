"""Optional compiled build: ``FACTCHECK_COMPILE=1 pip install .`` compiles the text pipeline (the
modules the index workers run: ``factcheck/extract``, ``factcheck/ingest``, ``pipeline``, ``models``,
``names``) to C extension modules with mypyc, as black and mypy ship themselves.  The code is the
same typed Python (mypy --strict); compiled, the index workers run 17% fewer instructions and a
build takes 13% less CPU (BENCHMARKS.md, "Indexing: session 7").  Needs a C compiler and the Python
headers; without the variable nothing is compiled and the package is pure Python.  Everything else
is in pyproject.toml."""

from __future__ import annotations

import os
from pathlib import Path

from setuptools import setup

# The only variable this build reads; "1" compiles, anything else (or unset) does not.
COMPILE = os.environ.get("FACTCHECK_COMPILE", "") == "1"

# What the index workers run per file: where the CPU of a build goes.  The CLI (typer, rich), the
# store (SQLite does its work in C already) and the claim checker stay interpreted.
COMPILED = ["factcheck/extract/*.py", "factcheck/ingest/*.py"]
COMPILED_FILES = ["factcheck/pipeline.py", "factcheck/models.py", "factcheck/names.py"]


def compiled_modules() -> list[str]:
    here = Path(__file__).resolve().parent
    out = [str(p.relative_to(here)) for pattern in COMPILED for p in sorted(here.glob(pattern))]
    return out + COMPILED_FILES


ext_modules = []
# (buildsys/backend.py sets FACTCHECK_BUILD_REQUIREMENTS while it asks what the build needs)
if COMPILE and not os.environ.get("FACTCHECK_BUILD_REQUIREMENTS"):
    from mypyc.build import mypycify  # the build requirement buildsys/backend.py adds

    ext_modules = mypycify(compiled_modules(), opt_level="3")

setup(ext_modules=ext_modules)

"""The PEP 517 build backend: setuptools', plus mypy (mypyc) and the packages whose types the compiled
modules read as build requirements only when ``FACTCHECK_COMPILE=1`` asks for the compiled build
(setup.py), so a plain install downloads nothing more than setuptools."""

from __future__ import annotations

import os
from typing import Any

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F403 - the backend's hooks, re-exported unchanged

# the mypyc that the compiled build was tested with (CI builds and tests it: .ci/run), and what it
# reads the types of while it compiles (a dependency whose types the compiled modules use)
COMPILE_REQUIREMENTS = ["mypy==2.4.1", "rapidfuzz>=3.0", "ahocorasick_rs>=1.0"]


def _extra() -> list[str]:
    return list(COMPILE_REQUIREMENTS) if os.environ.get("FACTCHECK_COMPILE", "") == "1" else []


def _requires(hook: Any, config_settings: dict[str, Any] | None) -> list[str]:
    # setuptools runs setup.py to ask it; mypy is not installed yet, so setup.py must not compile
    os.environ["FACTCHECK_BUILD_REQUIREMENTS"] = "1"
    try:
        return list(hook(config_settings)) + _extra()
    finally:
        del os.environ["FACTCHECK_BUILD_REQUIREMENTS"]


def get_requires_for_build_wheel(config_settings: dict[str, Any] | None = None) -> list[str]:
    return _requires(_setuptools.get_requires_for_build_wheel, config_settings)


def get_requires_for_build_editable(config_settings: dict[str, Any] | None = None) -> list[str]:
    return _requires(_setuptools.get_requires_for_build_editable, config_settings)

"""Strict mode: extractors that fail loudly.

Users get a figure or date skipped, never a crash: the extractors catch any exception of their own
as a last safety net.  That net would also hide bugs from the property tests and the fuzzer, which
assert that extraction never raises, so with ``FACTCHECK_STRICT=1`` (set by the test suite and the
fuzz scripts) the net re-raises."""

from __future__ import annotations

import os


def strict() -> bool:
    """True when extractors must re-raise what their safety net catches (``FACTCHECK_STRICT=1``)."""
    return os.environ.get("FACTCHECK_STRICT", "") == "1"

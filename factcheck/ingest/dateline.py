"""Publication date and outlet from a document's own dateline or byline, for sources without a
catalog entry or front matter ("By Jane Doe | Global Wire | May 23, 2024", "Published June 25 2025").

Only the first lines are read, only a full calendar date counts (a month or year alone may be the
subject of the article, not its date), and the result is marked inferred.
"""

from __future__ import annotations

import re

HEAD_CHARS = 400  # the dateline is at the top
HEAD_LINES = 6
_YEAR_DIGITS = re.compile(r"\d{4}")
_BYLINE = re.compile(r"^\s*by\s+[^|]{1,80}\|\s*([^|]{2,60}?)\s*\|", re.IGNORECASE)


def infer_metadata(text: str) -> dict[str, str]:
    """{"date", "date_precision", "date_inferred", "outlet"} as far as the head of ``text`` says."""
    from factcheck.extract.dates import extract_dates

    head = "\n".join(text[:HEAD_CHARS].splitlines()[:HEAD_LINES])
    out: dict[str, str] = {}
    # a full date states its year: only lines with four digits in a row can hold one, and the first
    # line with a full date ends the search (the date pattern is costly to run, and this runs once
    # per document of the corpus: the byline's date usually spares the first paragraph)
    for line in head.splitlines():
        if not _YEAR_DIGITS.search(line):
            continue
        full = [d for d in extract_dates(line) if d.precision == "day" and d.begin == d.finish]
        if full:
            out.update(date=full[0].begin, date_precision="day", date_inferred="true")
            break
    for line in head.splitlines():
        m = _BYLINE.match(line)
        if m:
            outlet = m.group(1).strip()
            if outlet and not any(ch.isdigit() for ch in outlet):
                out["outlet"] = outlet
            break
    return out

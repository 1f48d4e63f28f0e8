"""The frame of each figure (factcheck/extract/frames.py), as a table of sentences from news."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from factcheck.extract.frames import Modality, read_frames

REF = datetime.date(2010, 3, 3)

# (text, figure as written, measure words, subject, period text, modality, relation)
FRAMES = [
    ("Ford said its sales in the United States rose 43% in February.", "43%", "rose", "Ford", "February",
     Modality.STATED, "change"),
    ("Airbus will cut 10,000 jobs by 2011.", "10,000", "cut jobs", "Airbus", "2011", Modality.FORECAST, "change"),
    ("Zhipu AI has nearly 1,000 employees.", "nearly 1,000", "employees", "Zhipu AI", None, Modality.STATED,
     "level"),
    ("Analysts had expected a loss of $1.2 billion.", "$1.2 billion", "loss", None, None, Modality.FORECAST,
     "level"),
    ("Kestrel offered $8bn for the rival, which rejected it.", "$8bn", "offered rival", "Kestrel", None,
     Modality.OFFER, "level"),
    ("Zhipu AI does not have 800 employees.", "800", "employees", "Zhipu AI", None, Modality.NEGATED, "level"),
    ("An estimated 1.4 million people joined the marches in Germany.", "An estimated 1.4 million",
     "people joined", None, None, Modality.ESTIMATE, "level"),
    ("GM lost $9.66 a share in the first quarter of 2009.", "$9.66", "lost share", "GM", "first quarter of 2009",
     Modality.STATED, "per share"),
    ("One in 500 children was admitted to hospital.", "500", "children admitted", None, None, Modality.STATED, "ratio"),
    ("The Irish government holds a 25 percent stake in Aer Lingus.", "25 percent", "holds stake", "Irish", None,
     Modality.STATED, "level"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "figure", "measure", "subject", "period", "modality", "relation"),
    FRAMES,
    ids=[f"{row[1]}-{row[5]}" for row in FRAMES],
)
def test_frame_of_a_figure(
    text: str,
    figure: str,
    measure: str,
    subject: str | None,
    period: str | None,
    modality: Modality,
    relation: str,
) -> None:
    frames = {f.quantity.text: f for f in read_frames(text, REF)}
    f = frames[figure]
    assert text[f.quantity.start : f.quantity.end] == figure  # offsets slice back to the figure
    assert f.measure_text == measure
    assert f.subject == subject
    assert (f.period.text if f.period else None) == period
    assert f.modality == modality
    assert f.relation == relation


def test_extract_json_carries_the_frame(cli: Any) -> None:
    r = cli("extract", "--json", stdin="Airbus will cut 10,000 jobs by 2011.")
    assert r.code == 0
    (q,) = [q for q in r.json()["quantities"] if q["text"] == "10,000"]
    assert q["frame"]["subject"] == "Airbus" and q["frame"]["modality"] == "forecast"
    assert q["frame"]["measure"] == ["cut", "job"] and q["frame"]["period"]["begin"] == "2011-01-01"

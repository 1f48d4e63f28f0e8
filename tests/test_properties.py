"""Properties (hypothesis) of the figure extractor, the comparison and the ingest reader.

- extract_quantities never raises on any string; every span slices back to its text; low <= high;
  the result does not depend on surrounding whitespace, nor on the case of words whose case means
  nothing ("Billion", "OVER", "Employees");
- compare never raises; a quantity compared with itself supports it;
- read_document never raises on random bytes; every passage and sentence slices back to the text,
  and line numbers count the newlines before them.

Each property's CI budget is small (max_examples <= 200, no deadline).
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from factcheck.check.compare import compare
from factcheck.extract.quantities import extract_quantities
from factcheck.ingest.reader import read_document
from factcheck.models import Quantity

PROP = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

QUALIFIERS = [
    "",
    "over ",
    "more than ",
    "nearly ",
    "about ",
    "at least ",
    "fewer than ",
    "under ",
    "almost ",
    "up to ",
    "exactly ",
    "roughly ",
    "some ",
]
SCALES = ["", " thousand", " million", " billion", " trillion", "bn", "m", "k"]
UNITS = ["", " employees", " staff", " users", " percent", "%", " dollars", " yuan", " euros", " people"]
CURRENCY = ["", "$", "US$", "¥", "€", "£", "RMB "]
NUMBER_WORDS = ["one", "eight hundred", "twenty", "a hundred", "two dozen", "half a", "three"]


@st.composite
def figure(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        n = draw(
            st.one_of(st.integers(0, 10**12), st.floats(0, 1e6, allow_nan=False).map(lambda f: round(f, 2)))
        )
        num = f"{n:,}" if draw(st.booleans()) and isinstance(n, int) else str(n)
    else:
        num = draw(st.sampled_from(NUMBER_WORDS))
    return (
        draw(st.sampled_from(QUALIFIERS))
        + draw(st.sampled_from(CURRENCY))
        + num
        + draw(st.sampled_from(SCALES))
        + draw(st.sampled_from(UNITS))
    )


@st.composite
def sentence(draw: st.DrawFn) -> str:
    subject = draw(st.sampled_from(["Zhipu AI", "The company", "Moonshot", "It", "DeepSeek-V3"]))
    verb = draw(st.sampled_from(["has", "is valued at", "raised", "employs", "reported", "said it had"]))
    tail = draw(st.sampled_from(["", " in March 2024", ", according to the Financial Times", " last year"]))
    return f"{subject} {verb} {draw(figure())}{tail}."


any_text = st.one_of(st.text(max_size=300), sentence(), st.lists(sentence(), max_size=4).map(" ".join))


def check_spans(text: str, qs: list[Quantity]) -> None:
    for i, q in enumerate(qs):
        assert 0 <= q.start <= q.end <= len(text), q
        assert text[q.start : q.end] == q.text, (text, q)
        if q.low is not None and q.high is not None:
            assert q.low <= q.high, q
        assert not math.isnan(q.value), q
        if q.linked is not None:
            assert 0 <= q.linked < len(qs) and q.linked != i, q


@PROP
@given(any_text)
@example("Zhipu AI has 1e309 employees")
@example("NaN -0 10^100 ∞ 1/0")
@example("\x00\x1b[2J 800\u202e")
@example("$" * 50 + "9" * 400)
def test_extract_never_raises_and_spans_slice_back(text: str) -> None:
    check_spans(text, extract_quantities(text))


def _key(qs: list[Quantity], shift: int = 0) -> list[tuple[object, ...]]:
    return [
        (q.start - shift, q.end - shift, q.value, q.low, q.high, q.kind, q.unit, q.currency, q.qualifier)
        for q in qs
    ]


@PROP
@given(
    sentence(), st.sampled_from(["", " ", "  \t", "\n", "\n\n  "]), st.sampled_from(["", " ", "\t ", "\n"])
)
def test_extract_independent_of_surrounding_whitespace(text: str, before: str, after: str) -> None:
    base = extract_quantities(text)
    padded = extract_quantities(before + text + after)
    assert _key(padded, len(before)) == _key(base)


_CASELESS = [
    "over",
    "more than",
    "nearly",
    "about",
    "at least",
    "fewer than",
    "under",
    "almost",
    "up to",
    "exactly",
    "roughly",
    "thousand",
    "million",
    "billion",
    "trillion",
    "employees",
    "staff",
    "users",
    "percent",
    "dollars",
    "yuan",
    "euros",
    "people",
    "has",
    "employs",
    "raised",
    "reported",
]


@PROP
@given(sentence(), st.sampled_from(["upper", "title", "lower"]))
def test_extract_independent_of_case_of_words(text: str, how: str) -> None:
    changed = text
    for w in _CASELESS:
        changed = _recase(changed, w, how)
    assert len(changed) == len(text)
    got = [(q.value, q.low, q.high, q.kind, q.currency) for q in extract_quantities(changed)]
    want = [(q.value, q.low, q.high, q.kind, q.currency) for q in extract_quantities(text)]
    assert got == want, (text, changed)


def _recase(text: str, word: str, how: str) -> str:
    import re

    return re.sub(rf"\b{re.escape(word)}\b", lambda m: getattr(m.group(), how)(), text)


@PROP
@given(any_text)
@example("4503600000000000")  # found by hypothesis: a figure too large for x - 0.5 to be a float
def test_compare_with_itself_supports(text: str) -> None:
    for q in extract_quantities(text):
        c = compare(q, q, day="2024-03-01", rate=lambda a, b, d: (1.0, d))
        assert c.stance == "supports", (q, c)
        assert not c.near


@PROP
@given(any_text, any_text)
def test_compare_never_raises(a: str, b: str) -> None:
    qa, qb = extract_quantities(a), extract_quantities(b)
    for x in qa[:3]:
        for y in qb[:3]:
            c = compare(x, y, day="2024-03-01", rate=lambda f, t, d: (7.2, d))
            assert c.stance in ("supports", "contradicts", "related")
            assert c.difference is None or not math.isnan(c.difference)


SUFFIXES = [".txt", ".md", ".html", ".htm", ".markdown", ".TXT", ""]


def check_document(raw: bytes, suffix: str) -> None:
    doc = read_document(raw, suffix)
    text = doc.text
    for p in doc.passages:
        assert 0 <= p.start <= p.end <= len(text), p
        assert text[p.start : p.end] == p.text
        assert p.line == text.count("\n", 0, p.start) + 1, (p.line, p.start)
        for s in p.sentences:
            assert p.start <= s.start <= s.end <= p.end, (s, p)
            assert s.line == text.count("\n", 0, s.start) + 1
    assert all(isinstance(w, str) for w in doc.warnings)


_structured = st.lists(
    st.sampled_from(
        [
            b"---\n",
            b"outlet: X\n",
            b"date: 2024-03-01\n",
            b"<html>",
            b"<p>",
            b"</p>",
            b"<script>x</script>",
            b"\r\n",
            b"\n\n",
            b"\xef\xbb\xbf",
            b"\xff\xfe",
            b"\x00",
            b"\x1b[2J",
            "鈥渘otable progress鈥".encode(),
            b"Zhipu AI has 800 employees. ",
            b"\xe2\x80\xae",
            b"&amp;&#0;&#x110000;",
            b"<!--",
            b"-->",
        ]
    ),
    max_size=30,
).map(b"".join)


@PROP
@given(st.one_of(st.binary(max_size=2000), _structured), st.sampled_from(SUFFIXES))
@example(b"\x00" * 100, ".txt")
@example("\ufeff".encode("utf-16"), ".md")
@example(b"---\n---\n", ".md")
@example(b"<html><body>" + b"<div>" * 500, ".html")
def test_read_document_never_raises_and_offsets_slice_back(raw: bytes, suffix: str) -> None:
    check_document(raw, suffix)


@PROP
@given(st.text(max_size=1000), st.sampled_from(SUFFIXES))
def test_read_document_on_text(text: str, suffix: str) -> None:
    check_document(text.encode("utf-8"), suffix)


# -- the CI-sized fuzz run (the long sessions: fuzz/README.md, RELIABILITY.md) --------------------


def test_fuzz_targets_ci_sized_run() -> None:
    """Both fuzz targets, hypothesis engine, about 7 s each: no finding."""
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    for target in ("fuzz_claims.py", "fuzz_ingest.py"):
        r = subprocess.run(
            [sys.executable, str(repo / "fuzz" / target), "--seconds", "7", "--engine", "hypothesis"],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=str(repo),
        )
        assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
        assert "findings: 0" in r.stdout, r.stdout
        runs = int(r.stdout.split("executions: ")[1].split()[0])
        assert runs > 200, r.stdout

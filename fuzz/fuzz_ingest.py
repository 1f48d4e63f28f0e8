"""Fuzz ingestion: any bytes as a .txt/.md/.html file, through the reader (decode, mojibake repair,
HTML, front matter, boilerplate, segmentation) and fact extraction, as ``factcheck index`` runs them.

Invariants: no exception; every passage and sentence slices back to the document text with the
right line number; every fact's figure lies inside its sentence and slices back to its text.

    python fuzz/fuzz_ingest.py --seconds 600            # atheris if installed, else hypothesis
    python fuzz/fuzz_ingest.py --seconds 20 --engine hypothesis
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _engine import REPO, run

SUFFIXES = (".txt", ".md", ".html", ".htm")
SEEDS = [b"\x00" + p.read_bytes()[:4000] for p in sorted((REPO / "sources").glob("*.txt"))] + [
    b"\x01---\noutlet: X\ndate: 2024-03-01\n---\nZhipu AI has 800 employees.\n",
    b"\x02<html><script>x</script><p>Zhipu AI has 800 employees.</p></html>",
    "\x00鈥渘otable progress鈥 Zhipu AI has 800 staff.".encode(),
    b"\x00\xff\xfeZ\x00h\x00",
]


def one_input(data: bytes) -> None:
    from factcheck.ingest.reader import read_document
    from factcheck.pipeline import document_facts

    if not data:
        return
    suffix = SUFFIXES[data[0] % len(SUFFIXES)]
    doc = read_document(data[1:], suffix)
    text = doc.text
    for p in doc.passages:
        assert text[p.start : p.end] == p.text, p
        assert p.line == text.count("\n", 0, p.start) + 1, p
        for s in p.sentences:
            assert p.start <= s.start <= s.end <= p.end, (s, p)
    facts, _mentions = document_facts(doc, {})
    for f, sentence in facts:
        q = f.quantity
        assert text[q.start : q.end] == q.text, (q, text[q.start : q.end])
        assert f.sentence_start <= q.start <= q.end <= f.sentence_end, f
        assert text[f.sentence_start : f.sentence_end] == sentence or sentence in text, f
        assert q.low is None or q.high is None or q.low <= q.high, q


def strategy():  # type: ignore[no-untyped-def]
    from hypothesis import strategies as st

    parts = st.sampled_from(
        [
            b"---\n",
            b"outlet: X\n",
            b"date: 2024-03-01\n",
            b"<html>",
            b"<p>",
            b"</p>",
            b"<script>",
            b"</script>",
            b"\r\n",
            b"\n\n",
            b"\xef\xbb\xbf",
            b"\xff\xfe",
            b"\x00",
            b"\x1b[2J",
            "鈥渘otable progress鈥".encode(),
            b"Zhipu AI has 800 employees. ",
            b"It is valued at $2.7 billion, ",
            b"nearly 1,000 staff ",
            b"20 billion yuan ($2.7 billion) ",
            b"in March 2024 ",
            b"according to the Financial Times, ",
            b"\xe2\x80\xae",
            b"&amp;&#0;",
            b"Advertisement\n",
            b"<!--",
            b"-->",
            b"Mr. ",
            b"U.S. ",
        ]
    )
    return st.one_of(
        st.lists(parts, max_size=40).map(b"".join).map(lambda b: bytes([len(b) % 4]) + b),
        st.binary(max_size=2000),
    )


if __name__ == "__main__":
    if "hypothesis" not in sys.argv:
        try:
            import atheris

            with atheris.instrument_imports():
                import factcheck.extract.facts
                import factcheck.extract.quantities
                import factcheck.ingest.reader
                import factcheck.pipeline  # noqa: F401
        except ImportError:
            pass
    sys.exit(run("fuzz_ingest", one_input, SEEDS, strategy()))

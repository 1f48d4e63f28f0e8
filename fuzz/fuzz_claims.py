"""Fuzz claim handling: any bytes, decoded as ``check`` decodes a line, through claim parsing, the
comparison engine and the JSON renderer, against an index of the bundled sources.

Invariants: no exception; the verdict is one of the five; the result serialises to JSON; every
evidence span lies inside its sentence's source text; every figure parsed from the claim slices
back to the claim.

    python fuzz/fuzz_claims.py --seconds 600            # atheris if installed, else hypothesis
    python fuzz/fuzz_claims.py --seconds 20 --engine hypothesis
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _engine import REPO, run

SEEDS = [
    b"Zhipu AI has 800 employees",
    b"Zhipu AI is valued at $2.7 billion",
    b"DeepSeek-V3 has 671 billion parameters",
    b"zhipu ai has more than 500 staff in September 2024",
    b"Zhipu AI raised 20 billion yuan",
    b'NEAR("zhipu" employees) OR *',
    b"zhipu'; DROP TABLE facts; --",
    b"Zhipu AI has 1e309 employees",
    b"Moonshot AI has nearly 1,000 employees",
]

_store = None


def store():  # type: ignore[no-untyped-def]
    global _store
    if _store is None:
        from factcheck.indexer import build_index
        from factcheck.store import Store

        db = Path(tempfile.mkdtemp(prefix="factcheck-fuzz-db-")) / "index.db"
        build_index(REPO / "sources", db, jobs=1)
        _store = Store.open(db)
    return _store


VERDICTS = {"supported", "contradicted", "disputed", "unverified"}


def one_input(data: bytes) -> None:
    from factcheck.check.engine import check_claim
    from factcheck.cli.check_cmd import result_json
    from factcheck.extract.quantities import extract_quantities

    text = data.decode("utf-8", "replace").lstrip("\ufeff").strip()
    if not text:
        return
    for q in extract_quantities(text):
        assert text[q.start : q.end] == q.text, (text, q)
        assert q.low is None or q.high is None or q.low <= q.high, q
    res = check_claim(store(), text)
    assert res.verdict in VERDICTS, res.verdict
    doc = result_json(res)
    json.dumps(doc, allow_nan=True)
    assert doc["claim"] == res.claim.text
    for e in res.evidence:
        r = e.record
        f = r.fact
        assert f.sentence_start <= f.quantity.start <= f.quantity.end <= f.sentence_end, f


def strategy():  # type: ignore[no-untyped-def]
    from hypothesis import strategies as st

    words = st.sampled_from(
        [
            "Zhipu AI",
            "zhipu",
            "Moonshot",
            "DeepSeek-V3",
            "has",
            "employees",
            "staff",
            "is valued at",
            "raised",
            "more than",
            "nearly",
            "about",
            "over",
            "$",
            "US$",
            "2.7",
            "800",
            "1,000",
            "billion",
            "million",
            "yuan",
            "in",
            "September 2024",
            "March",
            '"',
            "*",
            "NEAR(",
            "OR",
            "-",
            "^",
            "1e309",
            "NaN",
            "-0",
            "10^100",
            "\x00",
            "\x1b[2J",
            "\u202e",
            "%",
            "percent",
            "eight hundred",
            "(",
            ")",
        ]
    )
    sentences = st.lists(words, max_size=14).map(" ".join).map(lambda s: s.encode())
    return st.one_of(sentences, st.binary(max_size=300), st.text(max_size=300).map(lambda s: s.encode()))


if __name__ == "__main__":
    if "hypothesis" not in sys.argv:
        try:
            import atheris

            with atheris.instrument_imports():
                import factcheck.check.claims
                import factcheck.check.compare
                import factcheck.check.engine
                import factcheck.extract.quantities  # noqa: F401
        except ImportError:
            pass
    store()
    sys.exit(run("fuzz_claims", one_input, SEEDS, strategy()))

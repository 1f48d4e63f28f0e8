"""Hostile claims: FTS5 syntax, SQL fragments, huge, invalid UTF-8, NUL, whitespace, odd numbers.

Each claim gets a result of its own (or a clear error), the batch goes on - one JSON line per
claim, in input order - and the exit status keeps its meaning (0 nothing found, 1 a finding, 2 an
error).  The index is never changed by a claim.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, run_subprocess

GOOD = b"Zhipu AI has 800 employees"  # disputed in the bundled sources: a finding

FTS = [
    b'"',
    b'""',
    b"*",
    b"zhipu*",
    b"NEAR(zhipu employees",
    b"NEAR(zhipu, employees, 2)",
    b"zhipu OR employees",
    b"zhipu AND NOT employees",
    b"-zhipu",
    b"^zhipu",
    b"text:zhipu",
    b"{text}: zhipu",
    b"zhipu + employees",
    b'Zhipu AI has "800 employees',
    b"(zhipu",
    b"zhipu)",
    b"Zhipu AI has 800* employees",
]
SQL = [
    b"zhipu'; DROP TABLE sources; --",
    b"' OR 1=1 --",
    b'" OR ""="',
    b"1; SELECT * FROM facts",
    b"Zhipu AI has 800 employees'); DELETE FROM passages; --",
    b"%' UNION SELECT sql FROM sqlite_master --",
    b"Zhipu AI has 800 employees /* comment */",
    b"\\x27 OR \\x27\\x27=\\x27",
]
NUMBERS = [
    b"Zhipu AI has 1e309 employees",
    b"Zhipu AI has NaN employees",
    b"Zhipu AI has -0 employees",
    b"Zhipu AI has 10^100 employees",
    b"Zhipu AI is valued at $1e309",
    b"Zhipu AI has inf employees",
    b"Zhipu AI has -800 employees",
    b"Zhipu AI has 0x320 employees",
    b"Zhipu AI has 8" + b"0" * 400 + b" employees",
    b"Zhipu AI has 800.000.000,5 employees",
    b"Zhipu AI has \xd9\xa8\xd9\xa0\xd9\xa0 employees",
    b"Zhipu AI has \xe5\x85\xab\xe7\x99\xbe employees",
    b"Zhipu AI has 1/0 employees",
    b"Zhipu AI has 9" * 300,
]
ENCODING = [
    b"Zhipu AI has \xff\xfe 800 employees",
    b"\xc3\x28\xa0\xa1",
    b"Zhipu AI has 800\x00 employees",
    b"\x00\x00\x00",
    b"Zhipu AI has 800 employees\x1b]0;pwned\x07\x1b[2J",
    b"\xe2\x80\xaeZhipu AI has 800 employees",
    b"[bold red]Zhipu AI[/bold red] has 800 employees",
    b"\xef\xbb\xbfZhipu AI has 800 employees",
]
HUGE = [
    b"Zhipu AI has " + b"9" * 100_000 + b" employees",
    b"Zhipu AI has 800 employees " + b"x " * 50_000,
    b"Zhipu " * 20_000,
    b"(" * 100_000,
]
WHITESPACE = [b"   \t  ", b"\t", b"\x0b\x0c", b"\xe3\x80\x80"]  # blank lines are skipped (README)
ALL = {"fts": FTS, "sql": SQL, "numbers": NUMBERS, "encoding": ENCODING, "huge": HUGE}


def claims_stdin(lines: list[bytes]) -> bytes:
    return b"\n".join(lines) + b"\n"


def expected_claims(lines: list[bytes]) -> list[str]:
    """What read_claims keeps: decoded with replacement, stripped, blank and # lines dropped."""
    out = []
    for raw in lines:
        s = raw.decode("utf-8", "replace").lstrip("\ufeff").strip()
        if s and not s.startswith("#"):
            out.append(s)
    return out


def assert_batch(r: Run, lines: list[bytes]) -> list[dict[str, object]]:
    assert "Traceback" not in r.err, r.err
    objs = r.jsonl()
    results = [o for o in objs if o.get("type") == "result" or o.get("verdict") == "error"]
    summary = objs[-1]
    assert summary["type"] == "summary"
    want = expected_claims(lines)
    assert [o["claim"] for o in results] == want  # one result per claim, in input order
    assert summary["claims"] == len(want)
    for o in results:
        assert o["verdict"] in ("supported", "contradicted", "disputed", "unverified", "error")
        assert isinstance(o["reason"], str) and o["reason"]
    errored = any(o["verdict"] == "error" for o in results)
    finding = any(o["verdict"] in ("contradicted", "disputed") for o in results)
    assert r.code == (2 if errored else 1 if finding else 0)
    assert summary["exit_status"] == r.code
    return results


@pytest.mark.parametrize("kind", sorted(ALL))
def test_hostile_batch_one_result_per_claim_in_order(bundled: Callable[..., Run], kind: str) -> None:
    lines = [GOOD, *ALL[kind], GOOD]
    t = time.perf_counter()
    r = bundled("check", "--jsonl", "--no-refresh", stdin=claims_stdin(lines))
    elapsed = time.perf_counter() - t
    results = assert_batch(r, lines)
    # the good claims around the hostile ones are answered as always
    assert results[0]["verdict"] == results[-1]["verdict"] == "disputed"
    assert r.code == 1
    assert elapsed < 30, f"{kind}: {elapsed:.1f}s"


def test_whitespace_lines_are_skipped_and_the_rest_answered(bundled: Callable[..., Run]) -> None:
    lines = [b"# comment", *WHITESPACE, GOOD, b""]
    r = bundled("check", "--jsonl", "--no-refresh", stdin=claims_stdin(lines))
    results = assert_batch(r, lines)
    assert [o["verdict"] for o in results] == ["disputed"]


def test_only_whitespace_is_no_claims(bundled: Callable[..., Run]) -> None:
    r = bundled("check", "--jsonl", "--no-refresh", stdin=claims_stdin(WHITESPACE))
    assert r.code == 0
    assert r.jsonl()[-1]["claims"] == 0
    assert "no claims to check" in r.err


def test_invalid_utf8_warns_with_line_number(bundled: Callable[..., Run]) -> None:
    r = bundled(
        "check", "--jsonl", "--no-refresh", stdin=claims_stdin([GOOD, b"Zhipu AI has \xff 800 employees"])
    )
    assert "<stdin>:2: not valid UTF-8" in r.err
    assert [o["claim"] for o in r.jsonl()[:-1]] == [
        "Zhipu AI has 800 employees",
        "Zhipu AI has \ufffd 800 employees",
    ]


def test_nul_and_escapes_in_claims_are_printed_inert(bundled: Callable[..., Run]) -> None:
    lines = [
        b"Zhipu AI has 800\x00 employees\x1b]0;pwned\x07",
        b"\xe2\x80\xaeZhipu AI has 800 employees\x9b2J",
    ]
    for color in ("never", "always"):
        r = bundled("check", "--no-refresh", "--color", color, stdin=claims_stdin(lines))
        assert r.code == 1, r.err
        assert "\x00" not in r.out and "\x07" not in r.out and "\x1b]" not in r.out and "\x9b" not in r.out
        assert "\u202e" not in r.out
        assert "\\x1b" in r.out


def test_json_document_keeps_every_claim(bundled: Callable[..., Run]) -> None:
    lines = [GOOD, *FTS, *SQL, *NUMBERS]
    r = bundled("check", "--json", "--no-refresh", stdin=claims_stdin(lines))
    doc = r.json()
    assert [o["claim"] for o in doc["results"]] == expected_claims(lines)
    assert doc["exit_status"] == r.code == 1


def test_hostile_claims_as_arguments_and_file(bundled: Callable[..., Run], tmp_path: Path) -> None:
    args = [c.decode("utf-8", "replace") for c in FTS + SQL if b"\x00" not in c]
    r = bundled("check", "--jsonl", "--no-refresh", "--", *args)
    assert [o["claim"] for o in r.jsonl()[:-1]] == [a.strip() for a in args]
    f = tmp_path / "claims.txt"
    f.write_bytes(claims_stdin([GOOD, *ENCODING, *NUMBERS]))
    r = bundled("check", "--jsonl", "--no-refresh", "--file", str(f))
    assert_batch(r, [GOOD, *ENCODING, *NUMBERS])


def test_hostile_search_queries(bundled: Callable[..., Run]) -> None:
    for q in [*FTS, *SQL, b"\x00", b"   ", "\u202e".encode(), b"x" * 100_000]:
        text = q.decode("utf-8", "replace").replace("\x00", "")
        if not text:
            continue
        r = bundled("search", "--json", "--no-refresh", "--", text)
        assert r.code in (0, 1, 2), (q, r.err)
        assert "Traceback" not in r.err and "unexpected" not in r.err, (q[:40], r.err)
        if r.code != 2:
            assert isinstance(r.json()["hits"], list)
        else:
            assert len(r.err.strip().splitlines()) == 1


def test_claims_do_not_change_the_index(bundled: Callable[..., Run], bundled_db: Path) -> None:
    before = bundled("sources", "--json", "--no-refresh").out
    facts = bundled("facts", "--json", "--no-refresh").out
    bundled("check", "--jsonl", "--no-refresh", stdin=claims_stdin([*SQL, *FTS]))
    assert bundled("sources", "--json", "--no-refresh").out == before
    assert bundled("facts", "--json", "--no-refresh").out == facts


def test_subprocess_batch_with_invalid_utf8_and_nul(
    tmp_path: Path, bundled_db: Path, bundled_copy: Path
) -> None:
    """The real entry point: bytes on a pipe, exit status from the process."""
    lines = [GOOD, b"\xff\xfe\x00", b"Zhipu AI has 1e309 employees", b"zhipu'; DROP TABLE facts; --", GOOD]
    r = run_subprocess(
        ["check", "--jsonl", "--no-refresh"],
        stdin=claims_stdin(lines),
        env={"FACTCHECK_DB": str(bundled_db), "FACTCHECK_SOURCES": str(bundled_copy)},
    )
    out = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert [o["claim"] for o in out[:-1]] == expected_claims(lines)
    assert r.returncode == out[-1]["exit_status"] == 1
    assert b"Traceback" not in r.stderr

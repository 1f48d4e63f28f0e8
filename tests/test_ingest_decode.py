"""decode_bytes: every input decodes, and the encoding used and any fallback are stated."""

from __future__ import annotations

import codecs

import pytest

from factcheck.ingest.decode import decode_bytes

SMART = "“Zhipu’s” valuation — $2.5 billion"

# id, raw bytes, expected text, expected encoding, expected warning fragment ("" = no warning)
ROWS = [
    pytest.param(b"Zhipu AI has 800 employees", "Zhipu AI has 800 employees", "utf-8", "", id="ascii"),
    pytest.param(SMART.encode(), SMART, "utf-8", "", id="utf-8"),
    pytest.param(codecs.BOM_UTF8 + SMART.encode(), SMART, "utf-8-sig", "", id="utf-8-sig"),
    pytest.param(SMART.encode("utf-16"), SMART, "utf-16", "", id="utf-16-native-bom"),
    pytest.param(codecs.BOM_UTF16_BE + SMART.encode("utf-16-be"), SMART, "utf-16", "", id="utf-16-be-bom"),
    pytest.param(codecs.BOM_UTF16_LE + SMART.encode("utf-16-le"), SMART, "utf-16", "", id="utf-16-le-bom"),
    pytest.param(SMART.encode("utf-32"), SMART, "utf-32", "", id="utf-32-bom"),
    pytest.param(
        b"He said \x93notable progress\x94 \x96 twice",
        "He said “notable progress” – twice",
        "cp1252",
        "not valid UTF-8 (byte 0x93 at offset 8); decoded as cp1252",
        id="cp1252-smart-quotes",
    ),
    pytest.param(
        b"caf\xe9 cr\xe8me \x81",
        "café crème \x81",
        "latin-1",
        "not valid UTF-8 (byte 0xe9 at offset 3); decoded as latin-1",
        id="latin-1-when-cp1252-fails",
    ),
    pytest.param(
        "“notable” progress — €5 ".encode() * 10 + b"\xff tail",
        "“notable” progress — €5 " * 10 + "\ufffd tail",
        "utf-8",
        "decoded as utf-8 with 1 undecodable byte replaced",
        id="mostly-utf-8-one-bad-byte",
    ),
    pytest.param(
        "price: 5 €".encode()[:-1],
        "price: 5 \ufffd",
        "cp1252",
        "not valid UTF-8",
        marks=pytest.mark.xfail(
            strict=True,
            reason="a file ending in a cut multi-byte char, with no other non-ASCII, reads as cp1252",
        ),
        id="truncated-last-char",
    ),
    pytest.param(b"a\r\nb\rc\n", "a\nb\nc\n", "utf-8", "", id="crlf-and-cr-normalised"),
    pytest.param(b"ab\x00\x00cd", "ab\x00\x00cd", "utf-8", "2 NUL characters (binary file?)", id="nul-bytes"),
    pytest.param(b"", "", "utf-8", "", id="empty"),
]


@pytest.mark.parametrize(("raw", "text", "encoding", "warning"), ROWS)
def test_decode_bytes(raw: bytes, text: str, encoding: str, warning: str) -> None:
    got_text, got_encoding, warnings = decode_bytes(raw)
    assert got_text == text
    assert got_encoding == encoding
    if warning:
        assert any(warning in w for w in warnings), warnings
    else:
        assert warnings == []


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(bytes(range(256)), id="all-bytes"),
        pytest.param(b"\xff\xfe\x00", id="odd-utf-16"),
        pytest.param(b"\xef\xbb\xbf\xff", id="bad-after-utf-8-bom"),
        pytest.param(b"\x00" * 100, id="only-nul"),
    ],
)
def test_decode_never_raises(raw: bytes) -> None:
    text, encoding, _warnings = decode_bytes(raw)
    assert isinstance(text, str)
    assert encoding

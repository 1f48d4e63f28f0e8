"""Bytes -> text, never raising, always saying what was done.

Order of attempts:

1. A byte-order mark decides: UTF-8 BOM -> ``utf-8-sig``; UTF-32 / UTF-16 BOMs -> that codec.
2. Strict UTF-8 (by far the common case; pure ASCII is reported as ``utf-8``).
3. Text that is *mostly* UTF-8 (it has valid multi-byte sequences and only a few bad bytes, e.g. a
   truncated download) -> UTF-8 with the bad bytes replaced by U+FFFD, with a warning.
4. Otherwise a legacy single-byte file: cp1252 (Windows "smart quotes" 0x93/0x94...), then latin-1,
   which maps every byte and so never fails.  Each fallback is stated in a warning.

Line ends are normalised to ``\\n`` (CRLF and lone CR); that is routine and not warned about.
NUL characters are reported (``binary file?``); the reader decides what to do with such a file.
"""

from __future__ import annotations

import codecs

__all__ = ["decode_bytes"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# A file is taken as "damaged UTF-8" rather than a legacy encoding when at least this share of its
# non-ASCII characters decoded as real UTF-8 sequences.
_MOSTLY_UTF8 = 0.8


def _normalise_newlines(text: str) -> str:
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _bad_byte(err: UnicodeDecodeError) -> str:
    obj = err.object
    if isinstance(obj, bytes | bytearray) and err.start < len(obj):
        return f"byte 0x{obj[err.start]:02x} at offset {err.start}"
    return f"offset {err.start}"


def _decode_with_bom(raw: bytes, codec: str, warnings: list[str]) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as err:
        warnings.append(f"not valid {codec.upper()} ({_bad_byte(err)}); undecodable bytes replaced")
        return raw.decode(codec, errors="replace")


def _non_ascii_count(text: str) -> int:
    if text.isascii():
        return 0
    return len(text) - len(text.encode("ascii", errors="ignore"))


def decode_bytes(raw: bytes) -> tuple[str, str, list[str]]:
    """Decode a file's bytes -> ``(text, encoding_used, warnings)``. Never raises.

    UTF-8 with or without BOM; UTF-16/UTF-32 with BOM; otherwise a stated fallback (mostly-UTF-8
    with replacements, then cp1252, then latin-1) with a warning such as
    ``not valid UTF-8 (byte 0x93 at offset 120); decoded as cp1252``.  CRLF/CR become LF.
    NUL characters in the result add the warning ``contains NUL characters (binary file?)``.
    """
    warnings: list[str] = []
    text: str | None = None
    encoding = "utf-8"
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            encoding = codec
            text = _decode_with_bom(raw, codec, warnings)
            break
    if text is None:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            where = _bad_byte(err)
            lenient = raw.decode("utf-8", errors="replace")
            bad = lenient.count("\ufffd")
            good = _non_ascii_count(lenient) - bad
            if good > 0 and good >= _MOSTLY_UTF8 * (good + bad):
                text = lenient
                encoding = "utf-8"
                warnings.append(
                    f"not valid UTF-8 ({where}); decoded as utf-8 with {bad} undecodable "
                    f"byte{'s' if bad != 1 else ''} replaced by U+FFFD"
                )
            else:
                try:
                    text = raw.decode("cp1252")
                    encoding = "cp1252"
                except UnicodeDecodeError:
                    text = raw.decode("latin-1")
                    encoding = "latin-1"
                warnings.append(f"not valid UTF-8 ({where}); decoded as {encoding}")
    text = _normalise_newlines(text)
    if "\x00" in text:
        warnings.append(f"contains {text.count(chr(0))} NUL characters (binary file?)")
    return text, encoding, warnings

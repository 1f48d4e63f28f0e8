"""One file's bytes -> a :class:`~factcheck.models.Document`, never raising.

decode -> (HTML to text for .html/.htm, or a text file that starts like an HTML page) -> repair
GBK mojibake -> front matter (.md) -> boilerplate lines -> passages and sentences.

``Document.text`` is the repaired text; every passage and sentence offset and line number refers to
it, and its lines are the file's lines (for HTML: the extracted text's lines).  Control characters
are kept as they are (the printer escapes them), but a binary file (NUL characters near the start,
or more than 30% control characters) yields no passages and the warning ``binary file, skipped``.
"""

from __future__ import annotations

import re

from factcheck.ingest.boilerplate import boilerplate_lines
from factcheck.ingest.decode import decode_bytes
from factcheck.ingest.frontmatter import parse_front_matter
from factcheck.ingest.html import html_to_text
from factcheck.ingest.mojibake import repair_gbk_mojibake
from factcheck.ingest.segment import split_passages
from factcheck.models import Document

__all__ = ["HTML_SUFFIXES", "MARKDOWN_SUFFIXES", "read_document"]

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
_SNIFF = 8192  # binary / HTML sniffing looks at this many leading characters
_MAX_CONTROL_SHARE = 0.30
_MAX_NUL_SHARE = 0.001  # a few stray NULs in a large text file are tolerated
# C0 + DEL, except \t \n \f \r, as bytes: in UTF-8 they are single bytes that no other character's
# encoding contains, so deleting them from the encoded text counts them (a C loop: 4x faster than
# a regular expression's character class over the 8 KB head, which ran once per file).
_CONTROL_BYTES = bytes(range(0x00, 0x09)) + b"\x0b" + bytes(range(0x0E, 0x20)) + b"\x7f"
_HTML_START_RE = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)


def _is_binary(text: str) -> bool:
    head = text[:_SNIFF]
    if "\x00" in head:
        return True
    encoded = head.encode("utf-8", "surrogatepass")
    control = len(encoded) - len(encoded.translate(None, _CONTROL_BYTES))
    if head and control > _MAX_CONTROL_SHARE * len(head):
        return True
    nuls = text.count("\x00")
    return nuls > 0 and nuls > _MAX_NUL_SHARE * len(text)


def read_document(raw: bytes, suffix: str, *, sentences: bool = True) -> Document:
    """The whole ingestion pipeline for one file (``suffix`` like ``".txt"``, case-insensitive).
    ``sentences=False`` leaves passages without their sentences (split later where needed)."""
    suffix = suffix.lower()
    if not raw:
        return Document(text="", passages=(), encoding="utf-8", warnings=("empty file",))
    text, encoding, decode_warnings = decode_bytes(raw)
    warnings = [w for w in decode_warnings if "binary file?" not in w]
    if _is_binary(text):
        return Document(text="", passages=(), encoding=encoding, warnings=(*warnings, "binary file, skipped"))
    if "\x00" in text:
        warnings.append(f"{text.count(chr(0))} NUL characters kept in the text")

    metadata: dict[str, str] = {}
    if suffix in HTML_SUFFIXES or (
        suffix not in MARKDOWN_SUFFIXES and _HTML_START_RE.match(text[:_SNIFF]) is not None
    ):
        if suffix not in HTML_SUFFIXES:
            warnings.append("looks like an HTML page; read as HTML")
        text, metadata = html_to_text(text)

    text, repairs = repair_gbk_mojibake(text)

    body_start = 0
    if suffix in MARKDOWN_SUFFIXES:
        front, body_start = parse_front_matter(text)
        metadata.update(front)

    if not text.strip():
        return Document(
            text=text,
            passages=(),
            encoding=encoding,
            repairs=repairs,
            warnings=(*warnings, "empty file"),
            metadata=metadata,
        )

    lines = text.split("\n")
    body_line = text.count("\n", 0, body_start)  # 0-based line where the body starts
    skip = {i for i in boilerplate_lines(lines) if i >= body_line}
    passages = split_passages(text, skip, body_start, sentences=sentences)
    if not passages:
        warnings.append("no text found")
    return Document(
        text=text,
        passages=tuple(passages),
        encoding=encoding,
        repairs=repairs,
        dropped=len(skip),
        warnings=tuple(warnings),
        metadata=metadata,
    )

"""YAML-style front matter of Markdown files, without a YAML dependency.

Only the simple form is read::

    ---
    title: Acme Robotics valued at $2.5 billion
    date: 2024-04-01
    author: "A. Writer"
    ---

``key: value`` lines (keys lower-cased; one level of surrounding quotes removed); comments, blank
lines, list items and nested blocks are ignored.  The block must start on the first line and be
closed by a ``---`` (or ``...``) line; otherwise there is no front matter.
"""

from __future__ import annotations

import re

__all__ = ["parse_front_matter"]

_OPEN_RE = re.compile(r"---[ \t]*\n")
_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.MULTILINE)
_KEY_RE = re.compile(r"([A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]+(.*?))?[ \t]*")
_MAX_FRONT_MATTER = 64 * 1024  # front matter is short; do not scan a huge file for a closing line


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def parse_front_matter(text: str) -> tuple[dict[str, str], int]:
    """-> ``(metadata, offset where the body starts)``; no front matter -> ``({}, 0)``."""
    opening = _OPEN_RE.match(text)
    if opening is None:
        return {}, 0
    closing = _CLOSE_RE.search(text, opening.end(), min(len(text), _MAX_FRONT_MATTER))
    if closing is None:
        return {}, 0
    meta: dict[str, str] = {}
    for line in text[opening.end() : closing.start()].split("\n"):
        if not line or line[0] in " \t#-":
            continue  # blank, nested, comment or list item
        m = _KEY_RE.fullmatch(line)
        if m is None:
            continue
        value = m.group(2)
        if not value or value in ("|", ">"):
            continue  # a block scalar or a nested mapping: not simple
        if value[0] not in "\"'":
            value = value.split(" #", 1)[0].rstrip()  # a trailing comment
        meta[m.group(1).lower()] = _unquote(value)
    return meta, closing.end()

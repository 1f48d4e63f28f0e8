"""Find page-furniture lines (ads, subscription pitches, photo credits, link rails...).

The patterns live in ``factcheck/data/boilerplate.tsv`` (kind <TAB> regex [<TAB> needle], documented
there), so a user can read and extend them.  Two kinds:

``line``
    the matching line is dropped.
``rail``
    a link-rail header ("Latest World News", "Most Read"): the header and the list lines that
    follow it, to the end of the block, are dropped.  A list line is a bulleted line
    (``-``, ``*``, ``•``, ``1.``) or a short headline-like line with no final sentence punctuation;
    the rail ends at a blank line or at the first line that is neither.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

__all__ = ["PatternSet", "boilerplate_lines", "load_patterns"]

_DATA_FILE = "boilerplate.tsv"
_DATA_PATH = Path(__file__).resolve().parent.parent / "data" / _DATA_FILE
_KINDS = ("line", "rail")
MAX_FURNITURE_LINE = 500  # longer lines are article text, never furniture
_HEADLINE_MAX = 160  # an un-bulleted rail item is at most this long

_BULLET_RE = re.compile(r"\s*(?:[-*•·▪►]|\d{1,2}[.)])\s+\S")
_SENTENCE_END = '.!?…:;"”’)'


class PatternSet:
    """The patterns of one kind: ``fullmatch(line)`` is true when any of them matches the whole line.

    Patterns without a needle are tried as one alternation; a pattern with a needle (the data file's
    third column: text every line it matches contains) only on lines that contain it, compared
    case-folded.  "group subscription" anywhere in a line (``.{0,120}\\b(?i:group
    subscriptions?)\\b.{0,120}``) costs the regex engine ~2 us a line to rule out, a third of all
    boilerplate matching; ``in`` on the case-folded line rules it out in ~0.1 us."""

    __slots__ = ("_any", "_needled")

    def __init__(self, plain: list[str], needled: list[tuple[str, str]]) -> None:
        self._any = re.compile("|".join(f"(?:{p})" for p in plain) if plain else r"(?!x)x")
        self._needled = tuple((needle, re.compile(p)) for needle, p in needled)

    def fullmatch(self, line: str) -> bool:
        if self._any.fullmatch(line):
            return True
        if not self._needled:
            return False
        folded = line.lower() if line.isascii() else line.casefold()  # the same for ASCII, faster
        # a loop, not any() over a generator: making the generator costs more than the tests it runs
        # (this runs on every line of the corpus; -0.7% of the index workers' instructions)
        for needle, rx in self._needled:  # noqa: SIM110
            if needle in folded and rx.fullmatch(line):
                return True
        return False


@cache
def load_patterns() -> dict[str, PatternSet]:
    """Compile the data file into one :class:`PatternSet` per kind (``{"line": ..., "rail": ...}``)."""
    text = _DATA_PATH.read_text(encoding="utf-8")
    plain: dict[str, list[str]] = {kind: [] for kind in _KINDS}
    needled: dict[str, list[tuple[str, str]]] = {kind: [] for kind in _KINDS}
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        kind, sep, rest = raw.partition("\t")
        pattern, _, needle = rest.partition("\t")
        kind = kind.strip()
        if not sep or kind not in plain or not pattern.strip():
            raise ValueError(
                f"{_DATA_FILE}:{number}: expected 'line|rail<TAB>regex[<TAB>needle]', got {raw!r}"
            )
        try:
            re.compile(pattern)
        except re.error as err:
            raise ValueError(f"{_DATA_FILE}:{number}: bad regex {pattern!r}: {err}") from err
        if needle:
            # a needle must be text of the pattern itself (a typo would silently disable the pattern)
            if needle.casefold() not in pattern.casefold().replace("\\", ""):
                raise ValueError(f"{_DATA_FILE}:{number}: needle {needle!r} is not in the regex {pattern!r}")
            needled[kind].append((needle.casefold(), pattern))
        else:
            plain[kind].append(pattern)
    return {kind: PatternSet(plain[kind], needled[kind]) for kind in _KINDS}


def _is_list_item(line: str) -> bool:
    if _BULLET_RE.match(line):
        return True
    stripped = line.strip()
    return len(stripped) <= _HEADLINE_MAX and not stripped.endswith(tuple(_SENTENCE_END))


def boilerplate_lines(lines: list[str]) -> set[int]:
    """0-based indices of the lines that are page furniture (see the module docstring)."""
    patterns = load_patterns()
    line_re = patterns["line"]
    rail_re = patterns["rail"]
    dropped: set[int] = set()
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if len(line) > MAX_FURNITURE_LINE or not line or line.isspace():
            i += 1
            continue
        stripped = line.strip()
        if rail_re.fullmatch(stripped):
            dropped.add(i)
            i += 1
            while i < n and lines[i].strip() and _is_list_item(lines[i]):
                dropped.add(i)
                i += 1
            continue
        if line_re.fullmatch(stripped):
            dropped.add(i)
        i += 1
    return dropped

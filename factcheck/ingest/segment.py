"""Paragraphs and sentences, as offsets into the document text.

Paragraphs: news text extracted from the web puts one paragraph per line; a paragraph is then a
non-blank line.  Hard-wrapped text (e-mail, plain-text archives) breaks paragraphs over several
lines; consecutive non-blank lines are joined into one passage when the first does not end with
sentence punctuation and the next starts in lower case, and, when the whole text looks
hard-wrapped (most lines of similar length, at most ~100 characters, many ending mid-sentence),
every block of non-blank lines up to a blank line is one passage (bullet items stay separate).

Sentences: one regex scan for candidate ends (``.``, ``!``, ``?``, ellipsis, with any closing
quotes/brackets after them); a ``.`` ends a sentence unless the next word starts in lower case or
the word before it is an abbreviation from ``factcheck/data/abbreviations.txt`` (which also
lists when an abbreviation *may* end a sentence).  Decimal points and names like ``01.AI`` are not
followed by a space and so are never candidates; a full stop glued to the next sentence
(``Kenya.The``) is one.  Linear in the length of the text.
"""

from __future__ import annotations

import re
from collections.abc import Set
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from factcheck.models import Passage, Sentence

__all__ = ["load_abbreviations", "split_passages", "split_sentences"]

_DATA_PATH = Path(__file__).resolve().parent.parent / "data" / "abbreviations.txt"
_KINDS = ("title", "number", "any", "starter")


@dataclass(frozen=True, slots=True)
class Abbreviations:
    title: frozenset[str]  # lower case, with the final dot
    number: frozenset[str]
    any: frozenset[str]
    starter: frozenset[str]  # as written (case matters: "The")


@cache
def load_abbreviations() -> Abbreviations:
    """Read ``factcheck/data/abbreviations.txt`` (format documented in the file)."""
    sets: dict[str, set[str]] = {kind: set() for kind in _KINDS}
    for number, raw in enumerate(_DATA_PATH.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        word, sep, kind = raw.partition("\t")
        word, kind = word.strip(), kind.strip()
        if not sep or kind not in sets or not word:
            raise ValueError(f"abbreviations.txt:{number}: expected 'word<TAB>{'|'.join(_KINDS)}'")
        sets[kind].add(word if kind == "starter" else word.lower())
    return Abbreviations(
        title=frozenset(sets["title"]),
        number=frozenset(sets["number"]),
        any=frozenset(sets["any"]),
        starter=frozenset(sets["starter"]),
    )


# A candidate sentence end: terminal punctuation, closing quotes/brackets, then white space; or a full
# stop glued to a capitalised word ("Kenya.The"; checked further in _ends_sentence).  The pattern starts
# with a character set so that the regex engine can skip quickly to candidates.
_BOUNDARY_RE = re.compile(r"(?P<p>[.!?…]+)(?P<close>[\"'”’)\]]*)(?:(?P<ws>\s+)|(?=[A-Z][a-z]))")
_INITIALS_RE = re.compile(r"(?:[A-Za-z]\.)*[A-Z]")
_WORD_RE = re.compile(r"[^\W\d_]+")
_TOKEN_MAX = 24  # abbreviations are short; never look further back than this


def _token_before(text: str, dot: int, floor: int) -> str:
    """The run of letters and dots that ends just before ``text[dot]`` (e.g. 'U.S', 'para', 'Mr')."""
    i = dot
    lo = max(floor, dot - _TOKEN_MAX)
    while i > lo and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
    return text[i:dot].lstrip(".")


def _ends_sentence(text: str, m: re.Match[str], floor: int, abbr: Abbreviations) -> bool:
    nxt_pos = m.end()
    if nxt_pos >= len(text):
        return True
    nxt = text[nxt_pos]
    if nxt.islower():
        return False
    punct = m.group("p")
    if m.group("ws") is None:  # glued: only "word.Word" after a lower-case word
        dot = m.start()
        if punct != "." or m.group("close") or dot < floor + 2:
            return False
        if not (text[dot - 1].islower() and text[dot - 2].islower()):
            return False
        key = _token_before(text, dot, floor).lower() + "."
        return key not in abbr.title and key not in abbr.any
    if punct != ".":
        return True  # ! ? ... : the next word is not lower case
    token = _token_before(text, m.start(), floor)
    if not token:
        return True  # "$2.5 billion." / "[para. 1]." / "2025."
    key = token.lower() + "."
    if key in abbr.title:
        return False
    if key in abbr.number and nxt.isdigit():
        return False
    if key in abbr.any or _INITIALS_RE.fullmatch(token):
        if m.group("close"):
            return True  # "... Inc.” Next" : a closing quote ends the sentence
        word = _WORD_RE.match(text, nxt_pos)
        return word is not None and word.group() in abbr.starter
    return True


def split_sentences(text: str, start: int, end: int, first_line: int) -> list[Sentence]:
    """Sentences of ``text[start:end]``; offsets are into ``text``, surrounding spaces trimmed.

    ``first_line`` is the 1-based line of ``text[start]``; each sentence gets the line it starts on.
    """
    lead = start
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return []
    line = first_line + (text.count("\n", lead, start) if start > lead else 0)
    multiline = text.find("\n", start, end) >= 0
    abbr = load_abbreviations()
    sentences: list[Sentence] = []
    seg = start
    for m in _BOUNDARY_RE.finditer(text, start, end):
        if not _ends_sentence(text, m, seg, abbr):
            continue
        if m.group("ws") is None:  # glued
            cut = nxt = m.end()
        else:
            cut, nxt = m.end("close"), m.end()  # the white space after the end is in no sentence
        if cut > seg:
            sentences.append(Sentence(start=seg, end=cut, line=line))
        if multiline:
            line += text.count("\n", seg, nxt)
        seg = nxt
    if seg < end:
        sentences.append(Sentence(start=seg, end=end, line=line))
    return sentences


# --- paragraphs ------------------------------------------------------------------------------------

_PARA_END = tuple('.!?…:;"”’)]')
_BULLET_RE = re.compile(r"\s*(?:[-*•·▪►]|\d{1,3}[.)])\s")
_WRAP_MAX = 100  # hard-wrapped text has no line longer than this (bar a few)
_WRAP_MIN_LINES = 6


def _looks_wrapped(lines: list[str], keep: list[bool]) -> bool:
    """Whether the text is hard-wrapped: its paragraphs run over several similar-length lines."""
    lengths = [len(line.rstrip()) for line, k in zip(lines, keep, strict=True) if k]
    if len(lengths) < _WRAP_MIN_LINES:
        return False
    short = sum(1 for n in lengths if n <= _WRAP_MAX)
    if short < 0.95 * len(lengths):
        return False
    open_ends = sum(
        1 for line, k in zip(lines, keep, strict=True) if k and not line.rstrip().endswith(_PARA_END)
    )
    return open_ends >= 0.3 * len(lengths)


def split_passages(
    text: str, skip_lines: Set[int] = frozenset(), body_start: int = 0, *, sentences: bool = True
) -> list[Passage]:
    """Paragraphs of ``text`` with 1-based line numbers and offsets, each with its sentences.

    ``skip_lines`` are 0-based indices of lines to leave out (boilerplate); text before
    ``body_start`` (front matter) never appears in a passage.  ``sentences=False`` leaves the
    sentences out (the indexer splits only the few passages fact extraction reads).
    """
    lines = text.split("\n")
    starts: list[int] = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    keep = [
        bool(line) and not line.isspace() and i not in skip_lines and starts[i] + len(line) > body_start
        for i, line in enumerate(lines)
    ]
    wrapped = _looks_wrapped(lines, keep)

    # Group kept lines into blocks of line indices.
    blocks: list[list[int]] = []
    prev = -2
    for i, k in enumerate(keep):
        if not k:
            continue
        if prev == i - 1 and blocks:
            last = lines[prev].rstrip()
            cur = lines[i]
            bullet = _BULLET_RE.match(cur) is not None
            lower = cur.lstrip()[:1].islower()
            if not bullet and (wrapped or (lower and not last.endswith(_PARA_END))):
                blocks[-1].append(i)
                prev = i
                continue
        blocks.append([i])
        prev = i

    passages: list[Passage] = []
    for block in blocks:
        first, last_i = block[0], block[-1]
        a = max(starts[first], body_start)
        b = starts[last_i] + len(lines[last_i])
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a >= b:
            continue
        line_no = first + 1 + text.count("\n", starts[first], a)
        passages.append(
            Passage(  # positional: keywords cost a named tuple twice the time
                len(passages),
                line_no,
                a,
                b,
                text[a:b],
                tuple(split_sentences(text, a, b, line_no)) if sentences else (),
            )
        )
    return passages

"""Find the words that say which attribute a figure is about ("staff", "valued at", "raised" ...).

The lexicon is ``factcheck/data/attributes.json``: for each attribute id, regular-expression cues,
the words a user may type for it, the quantity kinds it takes and whether it is money.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ahocorasick_rs import AhoCorasick


@dataclass(frozen=True, slots=True)
class AttributeMention:
    """An attribute cue in text; ``text == source[start:end]``."""

    start: int
    end: int
    text: str
    attribute: str


@dataclass(frozen=True, slots=True)
class AttributeSpec:
    """What the lexicon says about one attribute."""

    id: str
    label: str
    kinds: frozenset[str]
    currency: str  # "required" | "forbidden" | "any"
    prefers: str  # "org" | "product"
    event: bool = False  # figures describe separate events (funding rounds): compare only same-dated ones

    def accepts(self, kind: str, currency: str | None) -> bool:
        """Whether a quantity of this kind/currency can be a value of the attribute."""
        if kind not in self.kinds:
            return False
        if self.currency == "required":
            return currency is not None
        if self.currency == "forbidden":
            return currency is None
        return True


@cache
def _lexicon() -> dict[str, Any]:
    raw = resources.files("factcheck").joinpath("data/attributes.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(raw)["attributes"]
    return data


@cache
def attribute_specs() -> dict[str, AttributeSpec]:
    """Attribute id -> spec, in lexicon order."""
    return {
        aid: AttributeSpec(
            id=aid,
            label=str(a.get("label", aid)),
            kinds=frozenset(a.get("kinds", ["number"])),
            currency=str(a.get("currency", "any")),
            prefers=str(a.get("prefers", "org")),
            event=bool(a.get("event", False)),
        )
        for aid, a in _lexicon().items()
    }


@cache
def _cue_regex() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """All cues in one pattern (group i+1 matched -> attribute ids[i])."""
    return _compile([(aid, cue) for aid, a in _lexicon().items() for cue in a["cues"]])


_HAS_LETTER = re.compile(r"[A-Za-z]")
_PREFIX_LEN = 2
_SHORT_TEXT = 4096  # characters: texts this short are scanned whole by the automaton
_PREFIX_MAX = 8


def _strings(items: Any, n: int) -> set[str] | None:
    """The lower-cased first ``n`` characters a parsed regex sequence can match (None: unknown)."""
    from re import _constants as c  # type: ignore[attr-defined]

    out: set[str] = {""}
    for op, av in items:
        if all(len(p) >= n for p in out):
            break
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue
        if op is c.LITERAL:
            opts: set[str] | None = {chr(av).lower()}
        elif op is c.IN:
            opts = set()
            for iop, iav in av:
                if iop is c.LITERAL:
                    opts.add(chr(iav).lower())
                elif iop is c.RANGE:
                    opts.update(chr(ch).lower() for ch in range(iav[0], iav[1] + 1))
                else:
                    return None
        elif op is c.BRANCH:
            opts = set()
            for branch in av[1]:
                sub = _strings(branch, n)
                if sub is None:
                    return None
                opts |= sub
        elif op is c.SUBPATTERN:
            opts = _strings(av[-1], n)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            one = _strings(av[2], n)
            if one is None:
                return None
            opts = one | {a + b for a in one for b in one}
            if av[0] == 0:
                opts.add("")
        else:
            return None
        if opts is None:
            return None
        out = {(p + o)[:n] if len(p) < n else p for p in out for o in opts}
    return out


_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz -'’")


@cache
def _cue_prefixes() -> dict[str, tuple[tuple[str, str], ...]] | None:
    """For each start a cue can have (its first four characters, lower-cased; fewer for a cue whose
    pattern has no fixed four), the cues that can begin with it or with a shorter start that is a
    prefix of it, so that each word is tried against a handful of alternatives instead of all of them.
    Four characters, not two: "their" and "investments" must not send every "the" and "in" of a text
    to the pattern matcher."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        by_prefix: dict[str, list[tuple[str, str]]] = {}
        for aid, a in _lexicon().items():
            for cue in a["cues"]:
                parsed = _parser.parse(cue)
                for n in range(_PREFIX_MAX, _PREFIX_LEN - 1, -1):
                    got = _strings(parsed, n)
                    if got is not None and all(
                        len(p) >= _PREFIX_LEN and p[:_PREFIX_LEN].isalpha() and _KEY_CHARS.issuperset(p)
                        for p in got
                    ):
                        break
                else:
                    return None
                for p in got:
                    by_prefix.setdefault(p, []).append((aid, cue))
    except Exception:  # pragma: no cover - re internals differ: fall back to one big pattern
        return None
    # a word whose start is key K can begin any cue listed under a key that is a prefix of K
    keys = set(by_prefix)
    out: dict[str, tuple[tuple[str, str], ...]] = {}
    for k in keys:
        pairs: list[tuple[str, str]] = []
        for n in range(_PREFIX_LEN, len(k) + 1):
            for pair in by_prefix.get(k[:n], ()):
                if pair not in pairs:
                    pairs.append(pair)
        out[k] = tuple(pairs)
    # patterns are compiled on first use (see _prefix_pattern): a short claim needs only a few
    return out


@cache
def _prefix_pattern(prefix: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    prefixes = _cue_prefixes() or {}
    return _compile(list(prefixes[prefix]))


@cache
def _word_start_re() -> re.Pattern[str]:
    """Word starts that can begin a cue, with the longest key there as group 1 (found in C, not in a
    Python loop).  A lookahead, so that a key holding a word start ("of t") hides no other key."""
    from factcheck.extract.numbers import trie_pattern

    return re.compile(rf"(?<![\w-])(?=({trie_pattern(set(_cue_prefixes() or {}))}))", re.IGNORECASE)


def _compile(pairs: list[tuple[str, str]]) -> tuple[re.Pattern[str], tuple[str, ...]]:
    # Longer patterns first so "annual recurring revenue" wins over "revenue" at the same position.
    pairs = sorted(pairs, key=lambda p: len(p[1]), reverse=True)
    alt = "|".join(f"({cue})" for _, cue in pairs)
    pattern = re.compile(rf"(?<![\w-])(?=[a-zA-Z])(?:{alt})(?![\w-])", re.IGNORECASE)
    if pattern.groups != len(pairs):
        raise ValueError("attribute cues must not contain capturing groups; use (?:...)")
    return pattern, tuple(aid for aid, _ in pairs)


def find_attributes(text: str) -> list[AttributeMention]:
    """Attribute cues in ``text``, leftmost-longest, non-overlapping, in text order."""
    if not _HAS_LETTER.search(text):
        return []
    return find_attributes_between(text, 0, len(text))


CueStarts = tuple[list[int], list[tuple[str, ...]]]  # word starts that can begin a cue; their keys


@cache
def _automaton() -> tuple[AhoCorasick, list[str]] | None:
    """An Aho-Corasick automaton of the cue keys, with the keys by pattern index; None when
    ahocorasick_rs is not installed.  ahocorasick_rs (Rust's aho-corasick crate) as a DFA: over
    8.0 MB of articles 0.035-0.053 s against pyahocorasick's 0.119-0.153 s, the same matches."""
    try:
        import ahocorasick_rs
    except ImportError:  # pragma: no cover - a declared dependency; the regex scan below still works
        return None
    keys = sorted(_cue_prefixes() or {})
    if not keys:
        return None
    auto = ahocorasick_rs.AhoCorasick(
        keys, matchkind=ahocorasick_rs.MatchKind.Standard, implementation=ahocorasick_rs.Implementation.DFA
    )
    return auto, keys


def cue_starts(text: str, low: str | None = None) -> CueStarts | None:
    """Every word start of ``text`` where a cue can begin, with the keys found there (longest first),
    for :func:`find_attributes_between` on many windows of one document.

    One pass of an Aho-Corasick automaton over the lower-cased text (every match, overlapping ones
    too): Python's regex engine needs ~120 ns a character for the word-start scan, three times what
    all the windows of an article cost together, and ``str.find`` per key is slower still.  None
    when lower-casing changes the text's length (offsets would not line up) or there are no keys.
    ``low`` is ``text.lower()`` when the caller has it already."""
    prefixes = _cue_prefixes()
    if prefixes is None:
        return None
    if low is None:
        low = text.lower()
    if len(low) != len(text):
        return None
    found: dict[int, list[str]] = {}
    auto = _automaton()
    if auto is not None:
        automaton, keys = auto
        # (pattern index, start, end) in characters, not bytes
        for index, i, _end in automaton.find_matches_as_indexes(low, overlapping=True):
            if i == 0 or not (low[i - 1].isalnum() or low[i - 1] in "_-"):
                found.setdefault(i, []).append(keys[index])
    else:  # pragma: no cover - without ahocorasick_rs
        for w in _word_start_re().finditer(low):
            longest = w.group(1)
            found[w.start()] = [longest[:n] for n in range(len(longest), 1, -1) if longest[:n] in prefixes]
    positions = sorted(found)
    return positions, [tuple(sorted(found[i], key=len, reverse=True)) for i in positions]


def find_attributes_between(
    text: str, start: int, end: int, starts: CueStarts | None = None
) -> list[AttributeMention]:
    """Attribute cues within ``text[start:end]`` (offsets into ``text``; the words around the window
    are seen by the word-boundary checks).  ``starts`` is :func:`cue_starts` of ``text`` when the
    caller looks at many windows of it."""
    out: list[AttributeMention] = []
    prefixes = _cue_prefixes()
    if prefixes is None:
        pattern, ids = _cue_regex()
        for found in pattern.finditer(text, start, end):
            idx = found.lastindex
            if idx is not None:
                out.append(AttributeMention(found.start(), found.end(), found.group(), ids[idx - 1]))
        return out
    if starts is None and len(text) <= _SHORT_TEXT:
        starts = cue_starts(text)  # a claim or a sentence: no regex scan to compile
    floor = start
    for pos, keys in _candidates(text, start, end, starts, prefixes):
        if pos < floor:
            continue
        key = next((key for key in keys if pos + len(key) <= end), None)
        if key is None:
            continue
        entry = _prefix_pattern(key)
        m = entry[0].match(text, pos, end)
        if m is not None and m.lastindex is not None:
            out.append(AttributeMention(m.start(), m.end(), m.group(), entry[1][m.lastindex - 1]))
            floor = m.end()
    return out


def _candidates(
    text: str,
    start: int,
    end: int,
    starts: CueStarts | None,
    prefixes: dict[str, tuple[tuple[str, str], ...]],
) -> Iterator[tuple[int, tuple[str, ...]]]:
    """Word starts in the window where a cue can begin, with their keys (longest first)."""
    if starts is not None:
        positions, keys = starts
        for k in range(bisect_left(positions, start), bisect_left(positions, end)):
            yield positions[k], keys[k]
        return
    for w in _word_start_re().finditer(text, start, end):
        key = w.group(1).lower()
        if key in prefixes:
            yield w.start(), (key,)


def attribute_names() -> list[str]:
    """All attribute ids, in lexicon order."""
    return list(_lexicon())


@cache
def _word_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for aid, a in _lexicon().items():
        index.setdefault(aid.casefold(), aid)
        index.setdefault(aid.replace("_", " ").casefold(), aid)
        for w in a.get("words", []):
            index.setdefault(" ".join(str(w).casefold().split()), aid)
    return index


def resolve_attribute(word: str) -> str | None:
    """The attribute id a user's word stands for ("employees" -> "headcount"), or None."""
    w = " ".join(word.casefold().replace("-", " ").replace("_", " ").split())
    if not w:
        return None
    index = _word_index()
    for cand in (w, w.rstrip("s"), w + "s"):
        if cand in index:
            return index[cand]
    found = find_attributes(word)
    if len(found) == 1 and found[0].end - found[0].start == len(word.strip()):
        return found[0].attribute
    return None

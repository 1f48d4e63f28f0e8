"""Parse numbers written in digits or English words.

``parse_number`` turns one number phrase into a float ("1,000", "2.78", "eight hundred", "a dozen",
"half a million", "1.2k", "4.4million"); ``parse_number_ex`` also returns the stated precision (half
a unit of the last stated digit: "2.78" -> 0.005, "800" -> 0.5, "2.7 billion" -> 0.05e9).

The word lexicon lives in ``factcheck/data/number_words.json`` and the scale words in
``factcheck/data/scales.json`` (both loaded once).  The regular expressions here are shared with
``factcheck.extract.quantities``; they are built once from the lexicons, have no nested unbounded
quantifiers over overlapping alternatives, and so run in linear time.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "DIGIT_NUMBER",
    "NumberWords",
    "number_words",
    "parse_digits",
    "parse_number",
    "parse_number_ex",
    "parse_word_tokens",
    "scales",
    "trie_pattern",
    "word_number_pattern",
]


def load_json(name: str) -> Any:
    """Load a lexicon file from ``factcheck/data``."""
    with resources.files("factcheck.data").joinpath(name).open("r", encoding="utf-8") as fh:
        return json.load(fh)


class NumberWords:
    """The number-word lexicon (``number_words.json``), as plain dicts."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.units: dict[str, float] = {k: float(v) for k, v in raw["units"].items()}
        self.tens: dict[str, float] = {k: float(v) for k, v in raw["tens"].items()}
        self.scales: dict[str, float] = {k: float(v) for k, v in raw["scales"].items()}
        self.multipliers: dict[str, float] = {k: float(v) for k, v in raw["multipliers"].items()}
        self.denominators: dict[str, float] = {k: float(v) for k, v in raw["denominators"].items()}
        self.ordinals: dict[str, int] = {k: int(v) for k, v in raw["ordinals"].items()}
        self.rank_cues: frozenset[str] = frozenset(raw["rank_cues"])
        self.negative: frozenset[str] = frozenset(raw["negative"])
        self.pronoun_one_before: frozenset[str] = frozenset(raw["pronoun_one_before"])
        self.pronoun_one_after: frozenset[str] = frozenset(raw["pronoun_one_after"])
        self.cardinals: dict[str, float] = {**self.units, **self.tens}


@cache
def number_words() -> NumberWords:
    return NumberWords(load_json("number_words.json"))


@cache
def scales() -> dict[str, Any]:
    raw: dict[str, Any] = load_json("scales.json")
    return raw


def _alt(words: list[str] | set[str] | frozenset[str] | dict[str, Any]) -> str:
    """A regex alternation, longest first so that "millions" wins over "million"."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


# Digits: "1,000", "2.78", ".25", "1 234 567" (space/narrow-space thousands), "12,34,567" (Indian
# lakh grouping), "1e10".
DIGIT_NUMBER = (
    r"(?:\d{1,2}(?:,\d{2})+,\d{3}(?!\d)|\d{1,3}(?:,\d{3})+(?!\d)|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d|,\d)|\d+)"
    r"(?:\.\d+)?"
    r"|\.\d+"
)
_DIGITS_RE = re.compile(rf"^[-−]?(?:{DIGIT_NUMBER})(?:[eE][-+]?\d{{1,3}})?$")
_SEP_RE = re.compile(r"[,\s\u00a0\u202f]")


def parse_digits(s: str) -> tuple[float, float] | None:
    """ "1,000" -> (1000.0, 0.5); "2.78" -> (2.78, 0.005); "-4" -> (-4.0, 0.5); None if not digits."""
    s = s.strip()
    if not _DIGITS_RE.match(s):
        return None
    neg = s[0] in "-−"
    if neg:
        s = s[1:]
    exp = 0
    m = re.search(r"[eE]([-+]?\d+)$", s)
    if m:
        exp = int(m.group(1))
        s = s[: m.start()]
    s = _SEP_RE.sub("", s)
    try:
        value = float(s)
    except ValueError:
        return None
    decimals = len(s) - s.index(".") - 1 if "." in s else 0
    try:
        precision = 0.5 * 10.0 ** (exp - decimals)
        value *= 10.0**exp
    except OverflowError:
        return None
    if not math.isfinite(value) or precision == 0.0:
        return None
    return (-value if neg else value), precision


def trie_pattern(words: set[str] | frozenset[str]) -> str:
    """A regex alternation of ``words`` arranged as a trie ("t(?:en|hree|...)"): Python's regex engine
    tries alternatives one by one, so sharing prefixes makes scanning several times faster."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            body = "(?:" + "|".join(alts) + ")?"
        return body

    return emit(root)


@cache
def word_number_pattern() -> str:
    """Regex source for a run of number words in lower-cased text prefixed with one space.

    The match starts with the one non-alphanumeric character before the run (so the engine can skip
    to delimiters quickly; scan ``" " + text`` and the match start is then the run's offset in
    ``text``).  A run starts with a cardinal, scale, multiplier, fraction or ordinal word ("eight",
    "million", "dozen", "half", "third", "fifth") and may continue with cardinals, scales, fraction
    words, "and", "a"/"an" and "point", separated by spaces, hyphens or ", " before a cardinal.  A
    leading "a"/"an" ("a dozen") and the meaning of a run that starts with a fraction or ordinal word
    are read by the caller; trailing connectors are trimmed by ``parse_word_tokens``.
    """
    w = number_words()
    start = trie_pattern(
        set(w.cardinals)
        | set(w.scales)
        | set(w.multipliers)
        | set(w.denominators)
        | set(w.ordinals)
        | {"half"}
    )
    core = trie_pattern(set(w.cardinals) | set(w.scales) | set(w.multipliers))
    cont = trie_pattern(
        set(w.cardinals)
        | set(w.scales)
        | set(w.multipliers)
        | set(w.denominators)
        | {"and", "a", "an", "point", "&"}
    )
    sep = r"(?:[ \t]+|[ \t]*-[ \t]*|[ \t]*,[ \t]+(?=(?:and[ \t]+)?" + core + r"(?![a-z])))"
    return rf"[^a-z0-9]{start}(?![a-z])(?:{sep}{cont}(?![a-z]))*"


_WORD_SPLIT_RE = re.compile(r"[\s,\-]+")


def parse_word_tokens(tokens: list[str]) -> tuple[float, float] | None:
    """Value and precision of number words, e.g. ["eight", "hundred"] -> (800.0, 0.5).

    Precision is 0.5 times the trailing scale word (>= 1000) if there is one ("twenty billion" ->
    0.5e9; "half a million" -> 0.05e6), 0.0 for other fractions, half the last digit for decimals
    read as words ("two point five" -> 0.05), else 0.5.
    """
    w = number_words()
    toks = [t for t in (t.lower().strip() for t in tokens) if t]
    while toks and toks[-1] in ("and", "a", "an", "point", "&"):
        toks.pop()
    if not toks:
        return None
    if "point" in toks:
        i = toks.index("point")
        head = parse_word_tokens(toks[:i])
        digits = ""
        prev_tens = False
        for t in toks[i + 1 :]:
            if prev_tens and t in w.units and 0 < w.units[t] < 10:
                digits = digits[:-1] + str(int(w.units[t]))
                prev_tens = False
            elif t in w.cardinals:
                digits += str(int(w.cardinals[t]))
                prev_tens = t in w.tens
            elif t in ("and", "&"):
                continue
            else:
                return None
        if head is None or not digits:
            return head
        return head[0] + float("0." + digits), 0.5 * 10.0 ** -len(digits)
    total = 0.0
    cur = 0.0
    base = 0.0  # value before the last "and": a fraction's numerator is what follows it
    last_big = 0.0
    fraction = False
    any_num = False
    trailing_scale = 1.0
    n = len(toks)
    for i, t in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < n else ""
        trailing_scale = 1.0
        seg = total + cur - base
        if t in ("and", "&"):
            base = total + cur
            continue
        if t in ("a", "an"):
            if nxt in w.denominators or nxt in ("half", "halves"):
                cur += 1.0
            elif (nxt in w.scales or nxt in w.multipliers) and total + cur == 0.0:
                cur = 1.0
            continue
        if t in w.cardinals:
            cur += w.cardinals[t]
            any_num = True
            continue
        if t in ("half", "halves") and seg == 0.0:
            cur += 0.5
            fraction = True
            any_num = True
            continue
        if t in w.denominators or t in w.multipliers:
            if t in w.denominators:
                if seg == 0.0:
                    return None
                new = base + seg / w.denominators[t]
                fraction = True
            else:
                new = base + (seg if seg else 1.0) * w.multipliers[t]
            total, cur = 0.0, new
            any_num = True
            continue
        if t in w.scales:
            sc = w.scales[t]
            any_num = True
            if sc < 1000:
                cur = (cur if cur else 1.0) * sc
                continue
            if cur == 0.0 and total > 0.0 and sc > last_big:
                total *= sc
            else:
                total += (cur if cur else 1.0) * sc
            last_big = sc
            cur = 0.0
            trailing_scale = sc
            continue
        return None
    if not any_num:
        return None
    value = total + cur
    if not math.isfinite(value):
        return None
    if fraction:
        precision = 0.05 * trailing_scale if trailing_scale >= 1000 else 0.0
    else:
        precision = 0.5 * trailing_scale
    return value, precision


_WORDS_ONLY_RE = re.compile(r"^[A-Za-z][A-Za-z\s,\-&]*$")
_GLUED_RE = re.compile(r"^(?P<num>[-−]?(?:\d[\d,]*(?:\.\d+)?|\.\d+))\s*(?P<scale>[A-Za-z]+)$")


def parse_number_ex(s: object) -> tuple[float, float] | None:
    """Value and stated precision of one number phrase, or None.

    Digits ("1,000", "2.78"), words ("eight hundred", "a dozen", "half a million", "twenty-five"),
    and digits with a scale ("1.2k", "4.4million", "2 million", "10 bn").
    """
    if not isinstance(s, str):
        return None
    s = s.strip()
    if not s or len(s) > 500:
        return None
    d = parse_digits(s)
    if d is not None:
        return d
    m = _GLUED_RE.match(s)
    if m:
        base = parse_digits(m.group("num"))
        scale = _scale_of(m.group("scale"))
        if base is not None and scale is not None:
            return base[0] * scale, base[1] * scale
        return None
    parts = s.split(None, 1)
    if len(parts) == 2 and parse_digits(parts[0]) is not None:
        base = parse_digits(parts[0])
        assert base is not None
        rest = parse_word_tokens(_WORD_SPLIT_RE.split(parts[1]))
        if rest is not None and rest[0] >= 1 and rest[0] in _scale_values():
            return base[0] * rest[0], base[1] * rest[0]
        return None
    if _WORDS_ONLY_RE.match(s):
        neg = False
        toks = _WORD_SPLIT_RE.split(s)
        if toks and toks[0].lower() in number_words().negative:
            neg = True
            toks = toks[1:]
        r = parse_word_tokens(toks)
        if r is None:
            return None
        return (-r[0] if neg else r[0]), r[1]
    return None


@cache
def _scale_values() -> frozenset[float]:
    sc = scales()
    vals: set[float] = set(number_words().scales.values()) | set(number_words().multipliers.values())
    for key in ("words", "abbreviations", "letters"):
        vals |= {float(v) for v in sc[key].values()}
    return frozenset(vals)


def _scale_of(word: str) -> float | None:
    sc = scales()
    low = word.lower()
    if low in sc["words"]:
        return float(sc["words"][low])
    if low in sc["abbreviations"]:
        return float(sc["abbreviations"][low])
    if low in sc["letters"] and (
        low not in sc["letters_need_currency"] or word in sc["letters_uppercase_ok"]
    ):
        return float(sc["letters"][low])
    return None


def parse_number(s: object) -> float | None:
    """ "1,000" -> 1000.0, "2.78", "eight hundred" -> 800.0, "a dozen" -> 12.0, "1.2k" -> 1200.0."""
    r = parse_number_ex(s)
    return None if r is None else r[0]

"""Find the figures in a text: numbers, money, percentages, ranges, years, durations, ordinals.

``extract_quantities(text)`` returns :class:`factcheck.models.Quantity` spans (offsets into ``text``,
end exclusive, ``text[q.start:q.end] == q.text``) with a normalised value, the interval the words
allow, the currency/unit and the qualifier ("nearly", "over", "about", ...).

Why hand-written regular expressions and not a library: the team measured quantulum3 and Microsoft
Recognizers-Text on news prose.  Both lose the qualifier ("nearly 1,000" becomes a bare 1000, "over
$80 billion" a bare 80e9), quantulum3 reads "($2.7 billion)" as a negative accounting figure, neither
links the two renderings of one figure ("20 billion yuan ($2.7 billion)"), and both are 100-1000x
slower than this module, which has to scan a 1 GiB corpus at index time.  What they do that we do
not (physical units, arithmetic, "one over three") is not needed to check figures in news text.

How it works:
1. The text is lower-cased once (length-preserving); two precompiled regexes find number cores:
   digit numbers ("1,000", "2.78", "1 234 567") and runs of number words ("eight hundred", "half a
   million", "fifth").  Both start with a cheap first-character test, so prose without figures is
   skipped at C speed.
2. A core is dropped when it is part of a name or code: glued to letters on the left ("GPT-4",
   "A320", "R1", "Model-v3", "COVID-19"), to unknown letters on the right ("06F6", "180ml"), a
   dotted name ("01.AI"), a version ("AI 2.0", "Web 3.0"), a camel-case product ("iPhone 15"), or
   inside a masked region: URL, e-mail, phone number, ISBN-like or dash/slash/dot-chained digits
   (dates "2025-06-25", IPs), clock time ("8:01", "2 pm"), bracketed reference ("[para. 12]").
3. Around each core, anchored regexes and dictionary look-ups read the scale ("billion", "bn",
   glued "k"), the currency (symbol/code before, name/code/symbol after), percent and duration
   units, a qualifier before ("nearly", "more than") or after ("or more", "+"), and a second core
   joined by "-", "to", "through", or "and" after "between", to form a range.  Two one-sided bounds
   joined by "and" ("more than 10 and less than 40") also merge into one range.
4. Figures written "A (B)" or "A, or B" in two currencies are linked renderings: B.linked = index of A,
   and A's qualifier carries over to B ("over 20 billion yuan ($2.7 billion)").

Lexicons are data files in ``factcheck/data``: currencies.json, qualifiers.json, scales.json,
number_words.json, number_units.json.

Conventions.  ``precision`` is half a unit of the last stated digit times the scale ("2.7 billion" ->
0.05e9; "800" -> 0.5 even though "800" may be rounded to hundreds: the comparator decides how much
rounding to allow).  A bare figure has ``low == high == value``; qualifiers widen the interval as
qualifiers.json says (10% tolerance for "nearly"/"about": "nearly 1,000" -> [900, 1000)); an
unbounded end is None ("up to 700" -> [None, 700], "over 12 million" -> (12e6, None)).  A range has
value = midpoint; "about" on a range keeps the stated ends.  Years 1900-2100 count as kind "year"
after a year cue ("in", "since", "founded", month names ...), at the start of a line or before ":" or
")"; "the 1990s" is a year interval [1990, 1999].  Money is in main units: "50 cents" -> 0.5 USD.

``extract_quantities`` never raises and runs in linear time (bounded windows, no nested unbounded
repetition over overlapping alternatives).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from factcheck.extract.numbers import (
    load_json,
    number_words,
    parse_digits,
    parse_word_tokens,
    scales,
    word_number_pattern,
)
from factcheck.models import Quantity

__all__ = ["extract_quantities"]

_WINDOW = 64  # characters of context read after a core
_SPACE = " \t"


def _ascii_alpha(ch: str) -> bool:
    return "a" <= ch <= "z" or "A" <= ch <= "Z"


def _alt(words: Any) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@dataclass(frozen=True, slots=True)
class _Qual:
    name: str
    type: str
    tolerance: float


class _Lex:
    """All lexicons and the regexes built from them (built once, for lower-cased text)."""

    def __init__(self) -> None:
        cur: dict[str, Any] = load_json("currencies.json")
        qual: dict[str, Any] = load_json("qualifiers.json")
        units: dict[str, Any] = load_json("number_units.json")
        sc: dict[str, Any] = scales()
        self.words = number_words()

        # currencies
        self.symbols: dict[str, str] = {k.lower(): v for k, v in cur["symbols"].items()}
        self.codes: dict[str, str] = {k.lower(): v for k, v in cur["codes"].items()}
        self.codes_cs = frozenset(c.lower() for c in cur["codes_case_sensitive"])
        self.million_codes: dict[str, str] = {k.lower(): v for k, v in cur["million_codes"].items()}
        self.names: dict[str, str] = {k.lower(): v for k, v in cur["names"].items()}
        self.subunits: dict[str, tuple[str, float]] = {
            k.lower(): (v[0], float(v[1])) for k, v in cur["subunits"].items()
        }
        self.ambiguous: dict[str, Any] = cur["ambiguous"]
        self.prefix_cur: dict[str, tuple[str, float]] = {}
        for k, v in self.codes.items():
            self.prefix_cur[k] = (v, 1.0)
        for k, v in self.million_codes.items():
            self.prefix_cur[k] = (v, 1e6)
        for k, v in self.symbols.items():
            self.prefix_cur[k] = (v, 1.0)
        self.prefix_cur_lens = sorted({len(k) for k in self.prefix_cur}, reverse=True)
        self.prefix_cur_last = frozenset(k[-1] for k in self.prefix_cur)
        other_syms = [s for s in self.symbols if not _ascii_alpha(s[0]) and not _ascii_alpha(s[-1])]
        self.suffix_cur_re = re.compile(
            rf"[ \t]*(?:-[ \t]*)?(?:(?P<name>{_alt(list(self.names) + list(self.subunits))})(?![a-z])"
            rf"|(?P<mc>{_alt(self.million_codes)})(?![a-z])"
            rf"|(?P<code>{_alt(self.codes)})(?![a-z])"
            rf"|(?P<sym>{_alt(other_syms)})(?![ \t]*\d)(?![a-z]))"
        )

        # scales
        self.scale_words: dict[str, float] = {k.lower(): float(v) for k, v in sc["words"].items()}
        self.scale_abbr: dict[str, float] = {k.lower(): float(v) for k, v in sc["abbreviations"].items()}
        self.scale_letters: dict[str, float] = {k.lower(): float(v) for k, v in sc["letters"].items()}
        self.letters_need_cur = frozenset(sc["letters_need_currency"])
        self.letters_upper_ok = frozenset(sc["letters_uppercase_ok"])
        self.letters_spaced = frozenset(sc.get("letters_spaced_ok", []))
        self.scale_re = re.compile(
            rf"(?:(?P<sp>[ \t]*|-)(?P<w>{_alt(self.scale_words)})|[ \t]*(?P<a>{_alt(self.scale_abbr)})"
            rf"|(?P<lsp>[ \t]*)(?P<l>{_alt(self.scale_letters)}))(?![a-z])"
        )

        # units
        self.durations: dict[str, str] = {k.lower(): v for k, v in units["durations"].items()}
        self.percent: dict[str, str] = {k.lower(): v for k, v in units["percent"].items()}
        self.year_cues = frozenset(units["year_cues"])
        self.hyphen_prefixes = frozenset(units["hyphen_prefixes"])
        self.percent_re = re.compile(rf"[ \t]*(?:-[ \t]*)?(?P<p>{_alt(self.percent)})(?![a-z])")
        self.duration_re = re.compile(
            rf"(?:[ \t]+|[ \t]*-[ \t]*)(?P<u>{_alt(self.durations)})(?![a-z])(?:-old)?(?![a-z])"
        )

        # qualifiers
        self.prefix_quals: dict[str, _Qual] = {}
        for entry in qual["prefix"]:
            q = _Qual(entry["qualifier"], entry["type"], float(entry["tolerance"]))
            for w in entry["words"]:
                self.prefix_quals.setdefault(w.lower(), q)
        self.prefix_qual_maxw = max(len(k.split()) for k in self.prefix_quals)
        self.prefix_qual_last = frozenset(k.split()[-1] for k in self.prefix_quals)
        self.prefix_sym_quals = {k: v for k, v in self.prefix_quals.items() if not k[0].isalnum()}
        self.suffix_quals: dict[str, _Qual] = {}
        for entry in qual["suffix"]:
            q = _Qual(entry["qualifier"], entry["type"], float(entry["tolerance"]))
            for w in entry["words"]:
                self.suffix_quals.setdefault(w.lower(), q)
        word_suffix = [w for w in self.suffix_quals if w[0].isalpha()]
        sym_suffix = [w for w in self.suffix_quals if not w[0].isalpha()]
        self.suffix_qual_re = re.compile(
            rf"(?:[ \t]+(?P<w>{_alt(word_suffix)})|(?P<s>{_alt(sym_suffix)}))(?![a-z\d])"
        )
        # first words of everything that may follow a number (quick filter in _read_suffixes)
        first: set[str] = set()
        for vocab in (
            self.scale_words,
            self.scale_abbr,
            self.scale_letters,
            self.names,
            self.subunits,
            self.codes,
            self.million_codes,
            self.durations,
            self.percent,
        ):
            for k in vocab:
                first.add(k.split()[0].split("-")[0])
        first.update(s[0] for s in other_syms)
        first.update({"s", "'", "st", "nd", "rd", "th"})
        self.suffix_first = frozenset(first)
        self.quals_by_name: dict[str, _Qual] = {}
        for q in list(self.prefix_quals.values()) + list(self.suffix_quals.values()):
            self.quals_by_name.setdefault(q.name, q)

        # number cores
        self.digit_re = re.compile(
            r"\d(?:\d?(?:,\d{2})+,\d{3}(?!\d)|\d{0,2}(?:[ \u00a0\u202f]\d{3})+(?!\d|,\d)"
            r"|\d{0,2}(?:,\d{3})+(?!\d)|\d*)"
            r"(?:\.\d+)?(?:e[-+]?\d{1,3}(?!\w))?"
        )
        self.word_re = re.compile(word_number_pattern())
        self.token_re = re.compile(r"[a-z]+|&")
        self.scale_follow = (
            frozenset(self.scale_words) | frozenset(self.words.scales) | frozenset(self.words.multipliers)
        )
        self.months = frozenset(
            [
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
                "jan",
                "feb",
                "mar",
                "apr",
                "jun",
                "jul",
                "aug",
                "sep",
                "sept",
                "oct",
                "nov",
                "dec",
            ]
        )


@cache
def _lex() -> _Lex:
    return _Lex()


# Regions that are not figures; searched only in a small window around a suspicious core.
_MASK_RE = re.compile(
    r"(?<![\w+])\+\d{1,3}(?:[ .\-]?\(?\d{1,4}\)?){2,6}(?:/\d+)?"
    r"|\(\d{3}\)[ ]?\d{3}[-.]\d{4}"
    r"|(?<![a-z])(?:isbn|issn|doi)(?:-1[03])?[.:#]?[ \t]*[\dx][\dx./\-]{5,}"
    r"|(?<![\w.])\d+(?:[-–/]\d+){2,}(?![\w])"
    r"|(?<![\w.])\d+(?:\.\d+){2,}(?![\w])"
    r"|(?<![\w.:])\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]?(?:[ap]\.?m\.?)(?![a-z]))?"
    r"|(?<![\w.])\d{1,2}(?:[.:]\d{2})?[ \t]?(?:a\.m\.|p\.m\.|am|pm)(?![a-z])"
    r"|\[[^\[\]\n]{0,24}\]"
)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_RANGE_SEP_RE = re.compile(r"[ \t]*(?:(?P<dash>[-–—~])|(?P<w>to|through|thru|and))[ \t]*")
_LINK_PAREN_RE = re.compile(r"[ \t]*\([ \t]*(?:or[ \t]+|i\.e\.,?[ \t]*)?")
_LINK_CLOSE_RE = re.compile(r"[ \t]*\)")
_LINK_OR_RE = re.compile(
    r"[ \t]*,?[ \t]*(?:or|equivalent to|about|roughly|around|approximately|i\.e\.,?)[ \t]+"
)
_BOUND_JOIN_RE = re.compile(r"[ \t]*,?[ \t]*(?:and|but|,)?[ \t]*")
_VERSION_RE = re.compile(r"\d{1,2}\.0")
_MONTH_ANY_RE = re.compile(r"(?<![a-z])(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")
_MONTH_AFTER_RE = re.compile(r"(?:[ \t]+of)?[ \t]+([a-z]+)")
_NEXT_WORD_RE = re.compile(r"[ \t]*([a-z']+)")
_YEAR_SPAN_RE = re.compile(r"[-–]\d{2}(?!\d)")
_NEXT_TOKEN_RE = re.compile(r"[ \t]*-?[ \t]*([a-z]+|[^\sa-z0-9])")


@dataclass(slots=True)
class _Core:
    start: int
    end: int
    value: float
    precision: float
    is_word: bool
    digits_len: int  # length of a plain integer core ("2019" -> 4), else 0
    ordinal: bool = False


@dataclass(slots=True)
class _Fig:
    """A core with its prefix currency and suffixes read; before qualifiers and ranges."""

    core: _Core
    start: int
    end: int
    value: float
    precision: float
    scale: float = 1.0
    currency: str | None = None
    prefix_cur: bool = False
    percent_unit: str | None = None
    duration: str | None = None
    decade: bool = False


class _Ctx:
    """Per-call state: the text, its lower-cased copy and lazily computed facts about it."""

    def __init__(self, text: str, low: str | None = None) -> None:
        self.text = text
        if low is None:
            low = text.lower()
        if len(low) != len(text):
            low = text.translate(_ASCII_LOWER)
        self.low = low
        self.n = len(text)
        self._yen: dict[str, str] = {}
        self._has_month: bool | None = None

    def has_month(self) -> bool:
        """Whether a month name or abbreviation occurs anywhere (computed once, on demand)."""
        if self._has_month is None:
            self._has_month = _MONTH_ANY_RE.search(self.low) is not None
        return self._has_month

    def ambiguous_symbol(self, sym: str) -> str:
        if sym in self._yen:
            return self._yen[sym]
        lex = _lex()
        info = lex.ambiguous[sym]
        hits = {code: any(w in self.low for w in words) for code, words in info["context"].items()}
        code = str(info["default"])
        for c, hit in hits.items():
            if hit and not any(h for c2, h in hits.items() if c2 != c):
                code = str(c)
        self._yen[sym] = code
        return code


def extract_quantities(
    text: object, ranges: Sequence[tuple[int, int]] | None = None, *, low: str | None = None
) -> list[Quantity]:
    """All figures in ``text`` with normalised values, intervals, units and links (never raises).

    ``ranges`` (sorted, non-overlapping ``(start, end)`` offsets, e.g. the paragraphs worth reading)
    limits where figures may start; the whole text is still the context of each one.  ``low`` is
    ``text.lower()`` when the caller has it already."""
    if not isinstance(text, str) or not text:
        return []
    try:
        return _extract(_Ctx(text, low), ranges)
    except Exception:  # pragma: no cover - a safety net; no known input reaches it
        from factcheck.extract.strict import strict

        if strict():
            raise
        return []


# ----------------------------------------------------------------------------------------- cores


def _prev_words(low: str, pos: int, count: int) -> list[tuple[int, str]]:
    """Up to ``count`` whitespace-separated tokens ending at ``pos`` (on the same line), nearest last."""
    lo = max(0, pos - 80)
    nl = low.rfind("\n", lo, pos)
    if nl >= 0:
        lo = nl + 1
    window = low[lo:pos]
    toks = window.split()[-count:]
    out: list[tuple[int, str]] = []
    k = len(window)
    for tok in reversed(toks):
        k = window.rfind(tok, 0, k)
        out.append((lo + k, tok))
    out.reverse()
    return out


def _last_token(low: str, pos: int) -> tuple[int, str]:
    """The whitespace-separated token ending at ``pos`` (after skipping spaces): (start, token)."""
    k = pos
    while k > 0 and low[k - 1] in _SPACE and k > pos - 4:
        k -= 1
    lo = max(0, k - 40)
    ts = max(low.rfind(" ", lo, k), low.rfind("\n", lo, k), low.rfind("\t", lo, k)) + 1
    if ts == 0 and lo > 0:
        ts = lo
    return ts, low[ts:k]


def _prev_word(low: str, pos: int) -> str:
    return _last_token(low, pos)[1].strip("\"'“”‘’(,;:")


_SUSP_BEFORE = frozenset("-–/:+.=?&@%#_")
_SUSP_AFTER = frozenset("-–/:.")


def _suspicious(low: str, s: int, e: int) -> bool:
    """Cheap test whether a core may sit in a masked region (phone, date, time, IP, [ref])."""
    b = low[e : e + 4]
    if not _SUSP_BEFORE.isdisjoint(low[max(0, s - 3) : s]) or not _SUSP_AFTER.isdisjoint(b):
        return True
    if "[" in low[max(0, s - 24) : s] or "+" in low[max(0, s - 20) : s]:
        return True
    return "m" in b and ("am" in b or "pm" in b or "a.m" in b or "p.m" in b)


def _masked(ctx: _Ctx, s: int, e: int) -> bool:
    low = ctx.low
    if not _suspicious(low, s, e):
        return False
    # bracketed reference markers "[para. 12]", "[3]"
    lb = low.rfind("[", max(0, s - 24), s)
    if lb >= 0 and "]" not in low[lb:s] and low.find("]", e, e + 2) >= 0:
        return True
    # URLs and e-mail addresses: the whitespace-delimited token holding the core
    floor = max(0, s - 2000)
    ts = max(low.rfind(" ", floor, s), low.rfind("\n", floor, s), low.rfind("\t", floor, s), floor - 1) + 1
    if ts < s:
        tok = low[ts:s]
        if "://" in tok or tok.startswith("www.") or "@" in tok:
            return True
    lo = max(0, s - 40)
    for m in _MASK_RE.finditer(low, lo, min(ctx.n, e + 40)):
        if m.start() <= s < m.end():
            return True
        if m.start() > s:
            break
    return False


def _matches(
    pattern: re.Pattern[str], s: str, ranges: Sequence[tuple[int, int]] | None
) -> Iterator[re.Match[str]]:
    if ranges is None:
        yield from pattern.finditer(s)
    else:
        for a, b in ranges:
            yield from pattern.finditer(s, a, b)


def _digit_cores(ctx: _Ctx, ranges: Sequence[tuple[int, int]] | None = None) -> list[_Core]:
    lex = _lex()
    text, low, n = ctx.text, ctx.low, ctx.n
    out: list[_Core] = []
    for m in _matches(lex.digit_re, low, ranges):
        s, e = m.start(), m.end()
        raw = m.group()
        if s > 0:
            prev = low[s - 1]
            if prev.isalpha() or prev == "_":
                # glued to letters: "A320", "USD115"; only currency codes/symbols may touch the figure
                ws = s - 1
                while ws > 0 and low[ws - 1].isalpha():
                    ws -= 1
                word = low[ws:s]
                if word not in lex.prefix_cur and not (
                    word[:1] in lex.scale_letters and word[1:] in lex.codes
                ):
                    continue
            elif prev in "-_" and s > 1 and (low[s - 2].isalpha() or low[s - 2] == "_"):
                # "GPT-4", "COVID-19" (but "mid-2024", "5k-20k" are fine)
                ws = s - 2
                while ws > 0 and low[ws - 1].isalpha():
                    ws -= 1
                word = low[ws : s - 1]
                glued_scale = ws > 0 and low[ws - 1].isdigit() and word in lex.scale_letters
                if word not in lex.hyphen_prefixes and not glued_scale:
                    continue
            elif prev in "#@&\\^" or prev == "/":
                continue
            elif prev == "." and s > 1 and low[s - 2].isalnum():
                ws = s - 1
                while ws > 0 and low[ws - 1].isalpha() and s - ws < 8:
                    ws -= 1
                if low[ws:s] not in lex.prefix_cur:
                    continue  # "v1.2", "no.5" (but "Rs.20" is a currency)
        if e < n:
            nxt = low[e]
            if nxt.isalpha() and not _glued_ok(ctx, s, e):
                continue
            if nxt == "." and e + 1 < n and low[e + 1].isalpha():
                continue  # "01.AI"
            if nxt in "/^" and e + 1 < n and low[e + 1].isdigit():
                continue  # fractions "3/4", powers "2^10"
        if _masked(ctx, s, e):
            continue
        is_digits = raw.isdigit()
        if (
            not is_digits
            and _VERSION_RE.fullmatch(raw)
            and s > 1
            and low[s - 1] == " "
            and low[s - 2].isalpha()
            and not _unit_follows(ctx, e)
        ):
            continue  # "AI 2.0", "Web 3.0"
        if (
            s > 2
            and low[s - 1] == " "
            and low[s - 2].isalpha()
            and text[max(0, s - 16) : s] != low[max(0, s - 16) : s]
            and _camel_before(text, s - 1)
        ):
            continue  # "iPhone 15"
        if is_digits:
            if len(raw) > 300:
                continue  # beyond float range: not a figure
            value, precision = float(raw), 0.5
        else:
            parsed = parse_digits(raw)
            if parsed is None:
                continue
            value, precision = parsed
        start = s
        if s > 0 and low[s - 1] == "." and (s < 2 or not low[s - 2].isalnum()) and "." not in raw:
            value = float("0." + raw.replace(",", ""))
            precision = 0.5 * 10.0 ** -len(raw)
            start = s - 1
        if start > 0 and low[start - 1] in "-−" and (start < 2 or low[start - 2] in " \t\n($€£(["):
            value = -value
            start -= 1
        is_ord = (
            e + 1 < n
            and low[e] in "snrt"
            and low.startswith(("st", "nd", "rd", "th"), e)
            and (e + 2 >= n or not low[e + 2].isalpha())
        )
        digits_len = len(raw) if is_digits else 0
        if (
            is_digits
            and digits_len <= 2
            and 0 < value <= 31
            and ctx.has_month()
            and _month_near(ctx, s, e + 2 if is_ord else e)
        ):
            continue  # the day of a date: "Feb. 17", "25 June"
        out.append(_Core(start, e + 2 if is_ord else e, value, precision, False, digits_len, is_ord))
    return out


def _camel_before(text: str, k: int) -> bool:
    """The word ending at ``k`` is camel-case ("iPhone", "PlayStation"): a product name."""
    ws = max(text.rfind(" ", max(0, k - 30), k), text.rfind("\n", max(0, k - 30), k)) + 1
    word = text[ws:k]
    tail = word[1:]
    return len(word) > 2 and word.isalpha() and tail.lower() != tail and not word.isupper()


def _glued_ok(ctx: _Ctx, s: int, e: int) -> bool:
    """Letters glued after digits are fine for a scale, currency, unit, ordinal or decade."""
    lex = _lex()
    low = ctx.low
    we = e
    while we < ctx.n and low[we].isalpha() and we - e < 20:
        we += 1
    word = low[e:we]
    if word in ("st", "nd", "rd", "th", "s") or word in lex.symbols:
        return True
    if word in lex.scale_words or word in lex.scale_abbr or word in lex.names or word in lex.subunits:
        return True
    if word in lex.codes or word in lex.million_codes or word in lex.durations or word in lex.percent:
        return True
    if word in lex.scale_letters:
        if word in lex.letters_need_cur and ctx.text[e] not in lex.letters_upper_ok:
            return _has_prefix_currency(ctx, s) or lex.suffix_cur_re.match(low, we) is not None
        return True
    return len(word) > 1 and word[0] in lex.scale_letters and word[1:] in lex.codes


def _has_prefix_currency(ctx: _Ctx, s: int) -> bool:
    return _prefix_currency(ctx, s, 0)[0] is not None


def _unit_follows(ctx: _Ctx, e: int) -> bool:
    lex = _lex()
    low = ctx.low
    return bool(lex.percent_re.match(low, e) or lex.scale_re.match(low, e) or lex.suffix_cur_re.match(low, e))


def _split_run(tokens: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    """Split a run of number words where it holds two numbers ("five and ten", "three-nought-four")."""
    nw = number_words()
    parts: list[list[tuple[int, int, str]]] = []
    cur: list[tuple[int, int, str]] = []
    after_point = False
    for idx, tok in enumerate(tokens):
        t = tok[2]
        if t == "point":
            after_point = True
        if cur and not after_point and t in nw.cardinals:
            prev = cur[-1][2]
            if prev in ("and", "&"):
                before = cur[-2][2] if len(cur) > 1 else ""
                nxt = tokens[idx + 1][2] if idx + 1 < len(tokens) else ""
                if before not in nw.scales and before not in nw.multipliers and nxt not in nw.denominators:
                    parts.append(cur[:-1])
                    cur = []
            elif prev in nw.cardinals and not (prev in nw.tens and 0 < nw.cardinals[t] < 10):
                parts.append(cur)
                cur = []
        cur.append(tok)
    if cur:
        parts.append(cur)
    return [p for p in parts if p]


def _word_cores(ctx: _Ctx, ranges: Sequence[tuple[int, int]] | None = None) -> list[_Core]:
    lex = _lex()
    low = ctx.low
    out: list[_Core] = []
    scale_like = lex.scale_follow
    # the pattern matches from the delimiter before a run: in " " + low, a run at low[a] matches at a
    padded = " " + low
    for m in _matches(lex.word_re, padded, None if ranges is None else [(a, b + 1) for a, b in ranges]):
        s = m.start()  # the match starts at the delimiter before the run: offset s + 1 - 1 in low
        g = m.group()
        if s > 0 and (low[s - 1].isdigit() or (s > 1 and low[s - 2].isdigit())):
            head = g[1 : g.find(" ", 1)] if " " in g[1:] else g[1:]
            if head in scale_like:
                continue  # "20 billion": read with the digits
        if " " not in g[1:] and "-" not in g[1:]:
            parts = [[(s, s + len(g) - 1, g[1:])]]
        else:
            tokens = [(s + t.start() - 1, s + t.end() - 1, t.group()) for t in lex.token_re.finditer(g)]
            parts = _split_run(tokens)
        for part in parts:
            while part and part[-1][2] in ("and", "a", "an", "point", "&"):
                part.pop()
            if not part:
                continue
            core = _word_core(ctx, part)
            if core is not None:
                out.append(core)
    return out


def _word_core(ctx: _Ctx, part: list[tuple[int, int, str]]) -> _Core | None:
    lex = _lex()
    nw = lex.words
    low = ctx.low
    s, e = part[0][0], part[-1][1]
    if e < ctx.n and (low[e].isdigit() or low[e] == "_"):
        return None
    words = [t[2] for t in part]
    first = words[0]
    # "a dozen", "an eighth", "a million": an article before the run counts as one
    article = None
    if s >= 2 and low[s - 2 : s] == "a " and (s < 3 or not low[s - 3].isalpha()):
        article = s - 2
    elif s >= 3 and low[s - 3 : s] == "an " and (s < 4 or not low[s - 4].isalpha()):
        article = s - 3
    if first == "half" and article is not None and len(words) == 1:
        words = ["a", "half"]
        s = article
    elif first not in nw.cardinals and first != "half":
        if (first in nw.denominators and article is not None) or (
            (first in nw.scales or first in nw.multipliers)
            and article is not None
            and first
            not in (
                "hundreds",
                "thousands",
                "millions",
                "billions",
            )
        ):
            words = ["a", *words]
            s = article
        elif first in nw.denominators and len(words) > 1 and any(w in nw.scales for w in words[1:]):
            words = ["a", *words]  # "quarter million"
        elif first in nw.scales and len(words) > 1 and words[1] in nw.scales:
            words = ["a", *words]  # "hundred thousand"
        elif first in nw.ordinals:
            if len(part) > 1:
                e = part[0][1]
            if first in ("first", "second"):
                pw = _prev_word(low, s)
                if pw not in nw.rank_cues:
                    return None
            if _month_near(ctx, s, e):
                return None
            v = float(nw.ordinals[first])
            return _Core(s, e, v, 0.0, True, 0, True)
        else:
            return None
    if len(words) == 1:
        w0 = words[0]
        if w0 == "half":
            pw = _prev_word(low, s)
            if pw in ("first", "second", "other", "latter", "the", "and", "in"):
                return None
        if w0 == "one":
            pw = _prev_word(low, s)
            nx = _NEXT_WORD_RE.match(low, e, e + 24)
            if pw in nw.pronoun_one_before or (nx is not None and nx.group(1) in nw.pronoun_one_after):
                return None
            if low.startswith("'s", e):
                return None
    parsed = parse_word_tokens(words)
    if parsed is None:
        return None
    return _Core(s, e, parsed[0], parsed[1], True, 0)


def _month_near(ctx: _Ctx, s: int, e: int) -> bool:
    lex = _lex()
    pw = _prev_word(ctx.low, s).rstrip(".")
    if pw in lex.months:
        return True
    nx = _MONTH_AFTER_RE.match(ctx.low, e, e + 16)
    return nx is not None and nx.group(1) in lex.months


# -------------------------------------------------------------------------------------- context


def _prefix_currency(ctx: _Ctx, s: int, floor: int) -> tuple[str | None, int, float]:
    """Currency written just before ``s`` ("$", "US$", "hk $", "USD ", "MUSD"): (code, start, mult)."""
    lex = _lex()
    low = ctx.low
    j = s
    while j > floor and j > s - 2 and low[j - 1] in _SPACE:
        j -= 1
    if j <= floor or low[j - 1] not in lex.prefix_cur_last:
        return None, s, 1.0
    if j < s and low[j - 1] != "$":
        # "usd 200", "rmb 10": the whole previous token must be a code or symbol
        w = low[max(floor, j - 8) : j]
        tok = w[w.rfind(" ") + 1 :]
        if tok not in lex.prefix_cur:
            return None, s, 1.0
    for length in lex.prefix_cur_lens:
        k = j - length
        if k < floor:
            continue
        cand = low[k:j]
        hit = lex.prefix_cur.get(cand)
        if hit is None:
            continue
        if cand[0].isalpha() and k > 0 and (low[k - 1].isalpha() or low[k - 1] == "."):
            continue
        if cand in lex.codes_cs and ctx.text[k:j] != ctx.text[k:j].upper():
            continue
        if cand.isalpha() and j == s and s < ctx.n and not low[s].isdigit():
            continue
        code, mult = hit
        if cand in lex.ambiguous:
            code = ctx.ambiguous_symbol(cand)
        return code, k, mult
    return None, s, 1.0


def _read_suffixes(ctx: _Ctx, core: _Core, fig: _Fig) -> None:
    """Scale, currency, percent, duration and decade after a core (fills ``fig``)."""
    lex = _lex()
    low, text = ctx.low, ctx.text
    pos = core.end
    nm = _NEXT_TOKEN_RE.match(low, pos)
    if nm is None:
        return
    tok = nm.group(1)
    if tok not in lex.suffix_first and (_ascii_alpha(tok[0]) or tok[0] not in lex.suffix_first):
        return  # nothing that could be a scale, currency, percent or unit follows
    if not core.is_word and not core.ordinal:
        sm = lex.scale_re.match(low, pos, min(ctx.n, pos + _WINDOW))
        if sm is not None:
            scale: float | None = None
            if sm.group("w") is not None:
                scale = lex.scale_words[sm.group("w")]
            elif sm.group("a") is not None:
                scale = lex.scale_abbr[sm.group("a")]
            else:
                letter = sm.group("l")
                spaced = bool(sm.group("lsp"))
                upper = text[sm.start("l")] in lex.letters_upper_ok
                needs = letter in lex.letters_need_cur and not upper
                if spaced and letter not in lex.letters_spaced:
                    scale = None
                elif not needs or fig.prefix_cur or lex.suffix_cur_re.match(low, sm.end()) is not None:
                    scale = lex.scale_letters[letter]
            if scale is not None:
                fig.scale = scale
                fig.value *= scale
                fig.precision *= scale
                pos = sm.end()
    if pos != core.end:
        nm = _NEXT_TOKEN_RE.match(low, pos)
        if nm is None:
            fig.end = pos
            return
        tok = nm.group(1)
        if tok not in lex.suffix_first and (_ascii_alpha(tok[0]) or tok[0] not in lex.suffix_first):
            fig.end = pos
            return
    end_window = min(ctx.n, pos + _WINDOW)
    if not fig.prefix_cur and not core.ordinal:
        cm = lex.suffix_cur_re.match(low, pos, end_window)
        if cm is not None:
            code: str | None = None
            mult = 1.0
            if cm.group("name") is not None:
                name = cm.group("name")
                if name in lex.subunits:
                    code, mult = lex.subunits[name]
                else:
                    code = lex.names[name]
            elif cm.group("mc") is not None:
                code, mult = lex.million_codes[cm.group("mc")], 1e6
            elif cm.group("code") is not None:
                raw = cm.group("code")
                if not (raw in lex.codes_cs and text[cm.start("code") : cm.end("code")] != raw.upper()):
                    code = lex.codes[raw]
            else:
                sym = cm.group("sym")
                code = ctx.ambiguous_symbol(sym) if sym in lex.ambiguous else lex.symbols.get(sym)
            if code is not None:
                fig.currency = code
                fig.value *= mult
                fig.precision *= mult
                pos = cm.end()
                if fig.scale == 1.0 and not core.is_word:  # "75 USD million"
                    sm2 = lex.scale_re.match(low, pos, min(ctx.n, pos + _WINDOW))
                    if sm2 is not None and (sm2.group("w") or sm2.group("a")):
                        key = sm2.group("w") or sm2.group("a")
                        sc2 = lex.scale_words.get(key) or lex.scale_abbr.get(key) or 1.0
                        fig.scale = sc2
                        fig.value *= sc2
                        fig.precision *= sc2
                        pos = sm2.end()
    if fig.currency is None and not core.ordinal:
        pm = lex.percent_re.match(low, pos, end_window)
        if pm is not None:
            fig.percent_unit = lex.percent[re.sub(r"[ \t]+", " ", pm.group("p"))]
            pos = pm.end()
        else:
            dm = lex.duration_re.match(low, pos, end_window)
            if dm is not None and not (dm.group("u") in ("min", "mo", "mos", "sec") and low[pos] != " "):
                fig.duration = lex.durations[dm.group("u")]
                pos = dm.end()
            elif core.digits_len == 4 and fig.scale == 1.0 and core.value % 10 == 0:
                if low.startswith("s", pos) and (pos + 1 >= ctx.n or not low[pos + 1].isalpha()):
                    fig.decade = True
                    pos += 1
                elif low.startswith("'s", pos) and (pos + 2 >= ctx.n or not low[pos + 2].isalpha()):
                    fig.decade = True
                    pos += 2
    fig.end = pos


def _prefix_qualifier(ctx: _Ctx, s: int) -> tuple[_Qual | None, int]:
    """A qualifier phrase ending just before ``s`` ("nearly", "more than", "~", ">=")."""
    lex = _lex()
    low = ctx.low
    j = s
    while j > 0 and j > s - 3 and low[j - 1] in " \t(":
        j -= 1
    if j == 0:
        return None, s
    c = low[j - 1]
    if not (c.isalpha() or c == "."):
        for length in (2, 1):
            sym = low[max(0, j - length) : j]
            if len(sym) == length and sym in lex.prefix_sym_quals:
                if length == 1 and j >= 2 and low[j - 2] in "<>=":
                    return None, s
                return lex.prefix_sym_quals[sym], j - length
        return None, s
    w = low[max(0, j - 16) : j]
    tok = w[max(w.rfind(" "), w.rfind("\n"), w.rfind("\t")) + 1 :].lstrip("(\"'“‘[")
    if tok not in lex.prefix_qual_last:
        return None, s
    words = _prev_words(low, j, lex.prefix_qual_maxw)
    best: tuple[_Qual | None, int] = (None, s)
    for i in range(len(words) - 1, -1, -1):
        phrase = " ".join(w for _, w in words[i:])
        start = words[i][0]
        stripped = phrase.lstrip("(\"'“‘[")
        start += len(phrase) - len(stripped)
        q = lex.prefix_quals.get(stripped)
        if q is not None:
            best = (q, start)
    return best


def _interval(value: float, qual: _Qual | None) -> tuple[float | None, float | None, bool, bool]:
    if qual is None:
        return value, value, True, True
    t = qual.tolerance
    a = abs(value)
    kind = qual.type
    if kind == "approx":
        return value - a * t, value + a * t, True, True
    if kind == "below_near":
        return value - a * t, value, True, False
    if kind == "above":
        return value, None, False, True
    if kind == "just_above":
        return value, value + a * t, False, True
    if kind == "at_least":
        return value, None, True, True
    if kind == "at_most":
        return None, value, True, True
    if kind == "below":
        return None, value, True, False
    return value, value, True, True


def _kind_unit(fig: _Fig) -> tuple[str, str | None]:
    if fig.currency is not None:
        return "money", None
    if fig.percent_unit is not None:
        return "percent", fig.percent_unit
    if fig.duration is not None:
        return "duration", fig.duration
    return "number", None


def _is_year(ctx: _Ctx, fig: _Fig) -> bool:
    c = fig.core
    if c.is_word or c.digits_len != 4 or fig.scale != 1.0 or fig.currency or fig.percent_unit or fig.duration:
        return False
    if not 1900 <= c.value <= 2100:
        return False
    lex = _lex()
    low = ctx.low
    if c.start > 0 and low[c.start - 1] == "-":
        ws = c.start - 1
        while ws > 0 and low[ws - 1].isalpha():
            ws -= 1
        if low[ws : c.start - 1] in lex.year_cues:
            return True
    pw = _prev_word(low, c.start).rstrip(".")
    if pw in lex.year_cues:
        return True
    after = low[fig.end : fig.end + 3]
    if after[:1] in (":", ")", "'") or _YEAR_SPAN_RE.match(after):
        return True
    line_start = low.rfind("\n", 0, c.start) + 1
    return not low[line_start : c.start].strip(" \t-•*(")


# ----------------------------------------------------------------------------------------- main


def _make_fig(ctx: _Ctx, core: _Core, floor: int) -> _Fig:
    fig = _Fig(core=core, start=core.start, end=core.end, value=core.value, precision=core.precision)
    if not core.ordinal:
        code, cstart, mult = _prefix_currency(ctx, core.start, floor)
        if code is not None:
            fig.currency = code
            fig.prefix_cur = True
            fig.start = cstart
            fig.value *= mult
            fig.precision *= mult
    _read_suffixes(ctx, core, fig)
    st = fig.start
    if (
        st > 5
        and ctx.low[st - 1] == " "
        and ctx.low.endswith(("minus ", "negative "), 0, st)
        and fig.value > 0
    ):
        word_start = ctx.low.rfind(" ", 0, st - 1) + 1
        if ctx.low[word_start : st - 1] in ("minus", "negative"):
            fig.start = word_start
            fig.value = -fig.value
    return fig


def _extract(ctx: _Ctx, ranges: Sequence[tuple[int, int]] | None = None) -> list[Quantity]:
    cores = sorted(_digit_cores(ctx, ranges) + _word_cores(ctx, ranges), key=lambda c: c.start)
    out: list[Quantity] = []
    i = 0
    ncores = len(cores)
    floor = 0
    while i < ncores:
        core = cores[i]
        if core.start < floor:
            i += 1
            continue
        fig = _make_fig(ctx, core, floor)
        if core.ordinal:
            out.append(_quantity(ctx, fig.start, fig.end, "ordinal", None, None, fig.value, None, 0.0))
            floor = fig.end
            i += 1
            continue
        qual, qstart = _prefix_qualifier(ctx, fig.start)
        if qual is not None and qstart < floor:
            qual, qstart = None, fig.start
        if i + 1 < ncores:
            rng = _try_range(ctx, fig, cores[i + 1], qual, qstart, floor)
            if rng is not None:
                out.append(rng)
                floor = rng.end
                i += 2
                continue
        end = fig.end
        squal = None
        sm = _lex().suffix_qual_re.match(ctx.low, end, min(ctx.n, end + 24))
        if sm is not None:
            squal = _lex().suffix_quals[sm.group("w") or sm.group("s")]
            end = sm.end()
        kind, unit = _kind_unit(fig)
        start = fig.start
        if fig.decade:
            v = fig.core.value
            q = Quantity(start, end, ctx.text[start:end], v, v, v + 9, kind="year", precision=5.0)
            out.append(q)
            floor = end
            i += 1
            continue
        if kind == "number" and _is_year(ctx, fig):
            kind = "year"
        chosen = qual
        if squal is not None and (qual is None or qual.type in ("approx", "exact")):
            chosen = squal
        elif squal is not None:
            end = fig.end  # the prefix qualifier wins; leave "or more" out of the span
        if chosen is not None and chosen.type == "exact" and kind == "year":
            chosen = None
        if (chosen is not None and chosen is qual) or (
            qual is not None and chosen is squal and qual.type == "approx"
        ):
            start = qstart
        out.append(_quantity(ctx, start, end, kind, unit, fig.currency, fig.value, chosen, fig.precision))
        floor = end
        i += 1
    if any(q.kind == "money" or q.low is None or q.high is None for q in out):
        out = _link(ctx, _merge_bounds(ctx, out))
    return out


def _quantity(
    ctx: _Ctx,
    start: int,
    end: int,
    kind: str,
    unit: str | None,
    currency: str | None,
    value: float,
    qual: _Qual | None,
    precision: float,
) -> Quantity:
    if not value.is_integer():
        value = float(f"{value:.12g}")
    if not (precision == 0.5 or precision.is_integer()):
        precision = float(f"{precision:.12g}")
    if qual is None:
        low: float | None = value
        high: float | None = value
        li = hi = True
    else:
        low, high, li, hi = _interval(value, qual)
        low, high = _r(low), _r(high)
    return Quantity(
        start,
        end,
        ctx.text[start:end],
        value,
        low,
        high,
        li,
        hi,
        kind,
        unit,
        currency,
        qual.name if qual is not None else None,
        precision,
    )


def _try_range(
    ctx: _Ctx, first: _Fig, nxt: _Core, qual: _Qual | None, qstart: int, floor: int
) -> Quantity | None:
    """ "1-2 billion yuan", "between 5 and 10", "5 to 10 million", "from 3 to 4 percent", "$5-$10"."""
    low = ctx.low
    if nxt.ordinal or first.decade:
        return None
    sep = _RANGE_SEP_RE.match(low, first.end, min(ctx.n, first.end + 16))
    if sep is None:
        return None
    code2, start2, mult2 = _prefix_currency(ctx, nxt.start, sep.end())
    if sep.end() != (start2 if code2 is not None else nxt.start):
        return None
    joiner = sep.group("w")
    cue_words = _prev_words(low, qstart if qual is not None else first.start, 2)
    cue = cue_words[-1][1] if cue_words else ""
    cue_start = cue_words[-1][0] if cue_words else first.start
    if cue not in ("between", "from"):
        cue = ""
    if joiner == "and" and cue != "between":
        return None
    dash = sep.group("dash") is not None
    if dash and first.core.is_word != nxt.is_word:
        return None
    second = _Fig(core=nxt, start=nxt.start, end=nxt.end, value=nxt.value, precision=nxt.precision)
    if code2 is not None:
        second.currency = code2
        second.prefix_cur = True
        second.start = start2
        second.value *= mult2
        second.precision *= mult2
    _read_suffixes(ctx, nxt, second)
    # units must agree; the first figure borrows what it lacks from the second ("1-2 billion yuan")
    for a, b in (
        (first.currency, second.currency),
        (first.percent_unit, second.percent_unit),
        (first.duration, second.duration),
    ):
        if a is not None and b is not None and a != b:
            return None
    own1 = first.currency or first.percent_unit or first.duration
    own2 = second.currency or second.percent_unit or second.duration
    if own1 and not own2 and (first.percent_unit or first.duration):
        return None  # "27 % in 2019 - 30" style coincidences
    if (first.percent_unit and second.currency) or (first.currency and second.percent_unit):
        return None
    v1, p1 = first.value, first.precision
    if first.scale == 1.0 and second.scale != 1.0:
        v1 *= second.scale
        p1 *= second.scale
    v2 = second.value
    if second.currency is not None and first.currency is None and not second.prefix_cur:
        sub = _lex().suffix_cur_re.match(low, nxt.end if second.scale == 1.0 else first.end)
        name = sub.group("name") if sub is not None else None
        if name is not None and name in _lex().subunits:
            v1 *= _lex().subunits[name][1]
            p1 *= _lex().subunits[name][1]
    if first.currency is not None and second.currency is None and second.scale == 1.0 and first.scale != 1.0:
        v2 *= first.scale
    if v1 > v2:
        return None
    currency = first.currency or second.currency
    percent_unit = first.percent_unit or second.percent_unit
    duration = first.duration or second.duration
    if (
        dash
        and first.core.digits_len == 4
        and nxt.digits_len == 4
        and 1900 <= first.core.value <= 2100
        and 1900 <= nxt.value <= 2100
        and not (currency or percent_unit or duration)
    ):
        kind, unit = "year", None
    else:
        probe = _Fig(core=first.core, start=first.start, end=second.end, value=v1, precision=p1)
        probe.currency, probe.percent_unit, probe.duration = currency, percent_unit, duration
        kind, unit = _kind_unit(probe)
    start = qstart if qual is not None else first.start
    if cue and cue_start >= floor:
        start = min(start, cue_start)
    lo: float | None = v1
    hi: float | None = v2
    li = hi_inc = True
    qname = None
    if qual is not None and qual.type in ("above", "at_least", "just_above"):
        lo, _h, li, _x = _interval(v1, qual)
        qname = qual.name
    elif qual is not None and qual.type in ("at_most", "below"):
        _l, hi, _y, hi_inc = _interval(v2, qual)
        qname = qual.name
    elif qual is not None and qual.type in ("approx", "below_near"):
        qname = qual.name
    end = second.end
    return _tidy(
        Quantity(
            start=start,
            end=end,
            text=ctx.text[start:end],
            value=(v1 + v2) / 2.0,
            low=lo,
            high=hi,
            low_inclusive=li,
            high_inclusive=hi_inc,
            kind=kind,
            unit=unit,
            currency=currency,
            qualifier=qname,
            precision=min(p1, second.precision),
        )
    )


def _merge_bounds(ctx: _Ctx, out: list[Quantity]) -> list[Quantity]:
    """ "more than 10 and less than 40" -> one range (10, 40)."""
    if len(out) < 2:
        return out
    merged: list[Quantity] = []
    i = 0
    while i < len(out):
        a = out[i]
        if i + 1 < len(out) and (a.high is None or a.low is None) and a.kind != "ordinal":
            b = out[i + 1]
            gap = _BOUND_JOIN_RE.match(ctx.low, a.end, b.start + 1)
            if (
                gap is not None
                and gap.end() == b.start
                and a.kind == b.kind
                and a.unit == b.unit
                and a.currency == b.currency
            ):
                lower = upper = None
                if a.high is None and a.low is not None and b.low is None and b.high is not None:
                    lower, upper = a, b
                elif b.high is None and b.low is not None and a.low is None and a.high is not None:
                    lower, upper = b, a
                if (
                    lower is not None
                    and upper is not None
                    and lower.low is not None
                    and upper.high is not None
                    and lower.low < upper.high
                ):
                    merged.append(
                        _tidy(
                            Quantity(
                                start=a.start,
                                end=b.end,
                                text=ctx.text[a.start : b.end],
                                value=(lower.low + upper.high) / 2.0,
                                low=lower.low,
                                high=upper.high,
                                low_inclusive=lower.low_inclusive,
                                high_inclusive=upper.high_inclusive,
                                kind=a.kind,
                                unit=a.unit,
                                currency=a.currency,
                                qualifier="between",
                                precision=min(a.precision, b.precision),
                            )
                        )
                    )
                    i += 2
                    continue
        merged.append(a)
        i += 1
    return merged


def _link(ctx: _Ctx, out: list[Quantity]) -> list[Quantity]:
    """ "20 billion yuan ($2.7 billion)", "$2.7 billion (20 billion yuan)", "20 billion yuan, or $2.7 billion"."""
    low = ctx.low
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a.linked is not None or a.kind != "money" or b.kind != "money" or a.currency == b.currency:
            continue
        linked = False
        pm = _LINK_PAREN_RE.match(low, a.end, b.start + 1)
        if pm is not None and pm.end() == b.start and _LINK_CLOSE_RE.match(low, b.end):
            linked = True
        else:
            om = _LINK_OR_RE.match(low, a.end, b.start + 1)
            linked = om is not None and om.end() == b.start
        if not linked:
            continue
        new_b = replace(b, linked=i)
        if b.qualifier is None and a.qualifier is not None:
            qual = _lex().quals_by_name.get(a.qualifier)
            if qual is not None:
                lo, hi, li, hii = _interval(b.value, qual)
                new_b = replace(
                    new_b, low=lo, high=hi, low_inclusive=li, high_inclusive=hii, qualifier=a.qualifier
                )
        out[i + 1] = _tidy(new_b)
    return out


def _r(v: float | None) -> float | None:
    """Round away binary noise from scaling (16.4 * 1e6 -> 16400000.0, not 16399999.999999998)."""
    if v is None or v.is_integer() or v != v or v in (_INF, -_INF):
        return v
    return float(f"{v:.12g}")


_INF = float("inf")


def _tidy(q: Quantity) -> Quantity:
    value = _r(q.value)
    precision = _r(q.precision)
    assert value is not None and precision is not None
    low, high = _r(q.low), _r(q.high)
    if value == q.value and precision == q.precision and low == q.low and high == q.high:
        return q
    return replace(q, value=value, low=low, high=high, precision=precision)

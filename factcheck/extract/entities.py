"""Find names of organisations, products, people and places in text.

Entry points:

* :func:`find_entity_mentions` finds capitalised names in running text (multi-word names,
  camel-case names, names with digits or dots, organisation suffixes) and guesses a kind for
  each ("org", "product", "person", "place" or plain "name").
* :func:`entity_names` gives the same names as plain strings, for counting (cheaper: kinds are
  worked out only where they decide whether a name is kept).
* :func:`find_known_mentions` finds already known names in text whose case, spacing or spelling
  differs (lower-case claims, "AcmeLabs", small typos).

All word lists live in ``factcheck/data/entity_words.json``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from rapidfuzz import fuzz, process

from factcheck.names import name_key


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A name in text; ``text == source[start:end]``.

    ``kind`` is "org", "product", "person", "place" or "name" (capitalised, kind unknown).
    ``name`` is the known name a mention was matched to by :func:`find_known_mentions`
    (None for mentions found by :func:`find_entity_mentions`).
    """

    start: int
    end: int
    text: str
    kind: str
    name: str | None = None


@cache
def entity_words() -> dict[str, Any]:
    """The word lists of ``factcheck/data/entity_words.json`` (loaded once)."""
    raw = resources.files("factcheck").joinpath("data/entity_words.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


@cache
def _sets() -> dict[str, frozenset[str]]:
    w = entity_words()
    out: dict[str, frozenset[str]] = {}
    for key, value in w.items():
        if isinstance(value, list):
            out[key] = frozenset(value)
    out["org_suffixes_cf"] = frozenset(s.casefold() for s in w["org_suffixes"])
    out["alias_suffixes_cf"] = frozenset(s.casefold() for s in w["alias_suffixes"])
    out["not_names_cf"] = frozenset(s.casefold() for s in w["not_names"])
    out["places_cf"] = frozenset(s.casefold() for s in w["places"])
    out["person_titles_cf"] = frozenset(s.casefold() for s in w["person_titles"])
    out["function_words"] = frozenset(s.casefold() for s in w["function_words"])
    out["product_cues_cf"] = frozenset(s.casefold() for s in w["product_cues_before"])
    out["person_before_cf"] = frozenset(s.casefold() for s in w["person_before"])
    return out


_UP = "A-ZÀ-ÖØ-Þ"
_AL = "A-Za-zÀ-ÖØ-öø-ÿ"
_AN = _AL + "0-9"
# One name token: dotted acronym (U.S.), digit-dot name (01.AI), capitalised word with inner
# hyphens/apostrophes/ampersands (Nova-v3, Jean-Luc, Children's, AT&T), lower-camel (iPhone).
_TOKEN = (
    rf"(?:(?:[{_UP}]\.){{2,}}"
    rf"|\d+(?:\.[{_UP}][{_AN}]*)+"
    rf"|[{_UP}][{_AN}]*(?:[-'’&][{_AN}]+)*"
    rf"|[a-z]{{1,2}}[{_UP}][{_AN}]*(?:-[{_AN}]+)*)"
)
_RUN_RE = re.compile(rf"(?<![{_AN}'’.\-]){_TOKEN}(?:(?: | & ){_TOKEN})*")
# The same runs found by the character before them (group 1 is the run): a pattern that starts with a
# character class lets the regex engine skip to the candidates in C, where the look-behind above
# runs the matcher at every character (name runs of 3,000 articles 0.28-0.32 -> 0.22 CPU-s, the same
# runs).  Only a run at offset 0 has no character before it: :func:`_runs` tries _RUN_RE there.
_RUN_AFTER_RE = re.compile(rf"[^{_AN}'’.\-]({_TOKEN}(?:(?: | & ){_TOKEN})*)")
_TOKEN_RE = re.compile(_TOKEN)
_POSSESSIVE_RE = re.compile(r"['’]s?$")
_CAMEL_RE = re.compile(rf"[a-z0-9][{_UP}]")
_VERSION_RE = re.compile(rf"^[{_AL}]+(?:-[vV]?\d[\d.]*|[vV]?\d+(?:\.\d+)?)$|^[{_UP}]\d+$")
_ALLCAPS_RE = re.compile(rf"^[{_UP}]{{2,}}$")
_SENT_START_RE = re.compile(r"(?:^|[.!?:;]['\"”’)\]]*\s+|\n\s*(?:[-*•]\s+)?|[\"“(]\s*|\s[—–-]\s+)$")
_DATELINE_RE = re.compile(rf"(?:^|\n)[ \t]*[{_UP}][{_UP} .,'-]*$")
_DASH_AFTER_RE = re.compile(r"[ \t]+[—–]\s|[ \t]+-{1,2}\s")
_WORD_AFTER_RE = re.compile(r"\s*([A-Za-z]+)")
_LOWER_WORD_RE = re.compile(r"\b[a-z][a-z'’-]*\b")
_BEFORE_WORDS_RE = re.compile(r"[\w’'-]+|,")
_KNOWN_TOKEN_RE = re.compile(rf"[{_AN}]+(?:[-.'’&][{_AN}]+)*")


@cache
def _modifier_re() -> re.Pattern[str]:
    alt = "|".join(re.escape(m) for m in sorted(entity_words()["modifier_suffixes"], key=len, reverse=True))
    return re.compile(rf"(?<=\w)(?:{alt})$", re.IGNORECASE)


@cache
def _cue_after_re() -> re.Pattern[str]:
    cues = sorted(entity_words()["product_cues_after"], key=len, reverse=True)
    alt = "|".join(re.escape(c) for c in cues)
    return re.compile(rf"\s+(?:{alt})\b", re.IGNORECASE)


def _is_adjective(tok: str, stop: frozenset[str]) -> bool:
    """Hyphenated capitalised adjectives ("Five-year-old", "AI-focused", "Mid-December") are not names."""
    if "-" not in tok:
        return False
    parts = tok.split("-")
    if parts[0] in stop:
        return True
    return parts[-1].isalpha() and parts[-1].islower() and len(parts[-1]) >= 3


_POSSESSIVE_ENDINGS = ("'s", "’s", "s'")


def _is_possessive(tok: str) -> bool:
    return len(tok) > 2 and tok.endswith(_POSSESSIVE_ENDINGS)


def _strip_possessive(tok: str) -> str:
    if tok.endswith("'s") or tok.endswith("’s"):
        return tok[:-2]
    if tok.endswith("s'"):
        return tok[:-1]
    return tok


def find_entity_mentions(text: str, offset: int = 0) -> list[EntityMention]:
    """Capitalised names in ``text`` with a guessed kind, in text order (non-overlapping).
    ``offset`` is added to every mention's start and end (``text`` being a slice of a larger text)."""
    return [
        EntityMention(a + offset, b + offset, surface, kind) for a, b, surface, kind in _mentions(text, True)
    ]


def entity_names(text: str) -> list[str]:
    """The names :func:`find_entity_mentions` finds in ``text`` (its ``text`` fields, in order), for
    counting names: a name's kind is only worked out where it decides whether the name is kept."""
    return [surface for _, _, surface, _ in _mentions(text, False)]


def _runs(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, text) of every run of name tokens: what ``_RUN_RE.finditer(text)`` finds."""
    pos = 0
    first = _RUN_RE.match(text)
    if first is not None:
        yield 0, first.end(), first.group()
        pos = first.end()
    for run in _RUN_AFTER_RE.finditer(text, pos):
        yield run.start(1), run.end(1), run.group(1)


def _mentions(text: str, kinds: bool) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, surface, kind) of each name.  With ``kinds`` False the kind is "" unless it is
    forced ("person" after a title, "place" before "-based") or needed: a lone capitalised word at a
    sentence start is dropped when its kind is "name" and it reads as an ordinary word."""
    s = _sets()
    stop = s["stop_words"]
    titles = s["person_titles"]
    modifier_re = _modifier_re()
    place_suffixes = tuple(entity_words()["place_suffixes"])
    joins = s["possessive_joins"]
    lower_words: set[str] | None = None

    for rs, rend, word in _runs(text):
        if word in stop:
            continue  # the common case: a capitalised sentence word ("The", "However")
        # Split the run into tokens with offsets.
        if " " in word:
            toks = [(m.start() + rs, m.end() + rs) for m in _TOKEN_RE.finditer(word)]
        else:
            toks = [(rs, rend)]
        # Dotted abbreviations ("Inc.", "Corp.") keep their final dot.
        if toks:
            ls, le = toks[-1]
            if le < len(text) and text[le] == "." and text[ls:le] + "." in s["dot_abbreviations"]:
                toks[-1] = (ls, le + 1)
        groups: list[list[tuple[int, int]]] = [[]]
        group_kind: list[str | None] = [None]
        for ti, (ts, te) in enumerate(toks):
            tok = text[ts:te]
            mm = modifier_re.search(tok) if "-" in tok else None
            mod = mm.group().casefold() if mm else None
            if mod is not None:
                # "Berlin-based NovaTek": the stem is a name of its own and ends the run.
                groups[-1].append((ts, te - len(mod)))
                group_kind[-1] = "place" if mod in place_suffixes else None
                groups.append([])
                group_kind.append(None)
                continue
            if "-" in tok and _is_adjective(tok, stop):
                if groups[-1]:
                    groups.append([])
                    group_kind.append(None)
                continue
            if tok in titles and groups[-1]:
                # "Acme AI Chairman Jane Roe": the title splits the run; what follows is a person.
                groups.append([])
                group_kind.append("person")
                continue
            if tok in titles:
                group_kind[-1] = "person"
                continue
            groups[-1].append((ts, te))
            if len(tok) > 2 and tok.endswith(_POSSESSIVE_ENDINGS):  # _is_possessive, inlined: per token
                nxt_join = False
                if ti + 1 < len(toks):
                    nxt = text[toks[ti + 1][0] : toks[ti + 1][1]]
                    nxt_join = nxt in joins
                if not nxt_join:
                    groups.append([])
                    group_kind.append(None)
        for grp, forced in zip(groups, group_kind, strict=True):
            span = _name_of_group(text, grp)
            if span is None:
                continue
            start, end = span
            surface = text[start:end]
            kind = forced or (_kind(text, start, end, surface, surface.split(), s) if kinds else "")
            if kind in ("name", "") and _looks_ordinary(text, start, surface):
                if not kind:
                    kind = _kind(text, start, end, surface, surface.split(), s)
                if kind == "name":
                    if lower_words is None:
                        lower_words = set(_LOWER_WORD_RE.findall(text))
                    if _ordinary_word(text, end, surface, lower_words):
                        continue
            yield start, end, surface, kind


def _looks_ordinary(text: str, start: int, surface: str) -> bool:
    """A single capitalised word at the start of a sentence may be an ordinary word."""
    if " " in surface or _CAMEL_RE.search(surface) or any(c.isdigit() for c in surface):
        return False
    return bool(_SENT_START_RE.search(text[max(0, start - 4) : start]))


def _ordinary_word(text: str, end: int, word: str, lower_words: set[str]) -> bool:
    low = word.lower()
    if (
        low in _sets()["common_nouns"]
        or low in lower_words
        or low.endswith(tuple(entity_words()["ordinary_word_suffixes"]))
    ):
        return True
    after = _WORD_AFTER_RE.match(text, end)
    return bool(after and after.group(1) in _sets()["participle_followers"])


def _name_of_group(text: str, grp: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Where the name is in a group of capitalised tokens (offsets into ``text``), or None."""
    if not grp:
        return None
    g0, g1 = grp[0][0], grp[-1][1]
    # Which part of the group is a name depends on its words alone: decided once per spelling
    # (a corpus repeats its names thousands of times); only the kind looks at the context.
    spans = None if len(grp) == 1 else tuple((a - g0, b - g0) for a, b in grp)
    rel = _name_span(text[g0:g1], spans)
    if rel is None:
        return None
    return g0 + rel[0], g0 + rel[1]


@lru_cache(maxsize=1 << 16)
def _name_span(group: str, spans: tuple[tuple[int, int], ...] | None) -> tuple[int, int] | None:
    """The name within a group of capitalised tokens (offsets into ``group``; ``spans`` are the
    tokens' offsets, None for one token), or None when the group is not a name."""
    s = _sets()
    stop = s["stop_words"]
    grp = list(spans) if spans is not None else [(0, len(group))]
    text = group
    # Leading stop words ("The", "However", "Chinese") are not part of names.
    if grp and text[grp[0][0] : grp[-1][1]].casefold() not in s["places_cf"]:
        keep = s["not_names_keep_leading"]
        while len(grp) > 1 and (
            text[grp[0][0] : grp[0][1]] in stop
            or (
                text[grp[0][0] : grp[0][1]].casefold() in s["not_names_cf"]
                and text[grp[0][0] : grp[0][1]] not in keep
            )
        ):
            grp = grp[1:]
        if len(grp) == 1 and text[grp[0][0] : grp[0][1]] in stop:
            return None
    if not grp:
        return None
    start, end = grp[0][0], grp[-1][1]
    surface = text[start:end]
    if _is_possessive(surface):
        surface = _strip_possessive(surface)
        end = start + len(surface)
    if not surface or surface in stop:
        return None
    cf = surface.casefold()
    if cf in s["not_names_cf"] and cf not in s["places_cf"]:
        return None
    if all(t.casefold() in s["not_names_cf"] for t in surface.split()):
        return None
    tokens = surface.split()
    if all(t.casefold() in s["org_suffixes_cf"] for t in tokens) and len(tokens) == 1:
        return None
    if len(tokens) >= 2 and all(_ALLCAPS_RE.match(t) and len(t) >= 4 for t in tokens):
        return None  # ALL-CAPS headings ("MOST POPULAR")
    if len(tokens) == 1 and _ALLCAPS_RE.match(surface) and len(surface) >= 6:
        return None
    return start, end


def _kind(
    text: str, start: int, end: int, surface: str, tokens: list[str], s: dict[str, frozenset[str]]
) -> str:
    cf = surface.casefold()
    if cf in s["places_cf"]:
        return "place"
    if surface.isupper() and _DASH_AFTER_RE.match(text, end) and _DATELINE_RE.search(text, 0, start + 1):
        return "place"  # a dateline: "MIAMI — ..."
    words = _BEFORE_WORDS_RE.findall(text, max(0, start - 40), start)[-6:]
    while words and words[-1].casefold() in s["product_cue_connectors"]:
        words.pop()
    if words:
        last_before = words[-1].casefold()
        if last_before in s["product_cues_cf"] or _cue_after_re().match(text, end, end + 20):
            return "product"
        two = " ".join(words[-2:]).casefold()
        if last_before in s["person_titles_cf"] or two in s["person_before_cf"]:
            return "person"
    elif _cue_after_re().match(text, end, end + 20):
        return "product"
    last = tokens[-1].casefold()
    if _VERSION_RE.match(tokens[-1]) and not any(c == "." for c in tokens[-1][:3]):
        return "product"
    if last in s["org_suffixes_cf"] and len(tokens) >= 2:
        return "org"
    if _CAMEL_RE.search(surface) or any(c.isdigit() for c in surface) or _ALLCAPS_RE.match(surface):
        return "org"
    return "name"


def find_known_mentions(text: str, names: Iterable[str]) -> list[EntityMention]:
    """Occurrences in ``text`` of already known ``names``, ignoring case, spacing and punctuation,
    tolerating small typos ("Zhipo AI").  ``EntityMention.name`` is the known name matched;
    ``kind`` is "name".  Longest match wins; results are in text order and do not overlap."""
    by_key: dict[str, str] = {}
    max_tokens = 1
    for n in names:
        k = name_key(n)
        if k and k not in by_key:
            by_key[k] = n
            max_tokens = max(max_tokens, len(n.split()) + 1)
    if not by_key:
        return []
    fuzzy_keys = [k for k in by_key if len(k) >= 5]
    func = _sets()["function_words"]
    toks = [(m.start(), m.end()) for m in _KNOWN_TOKEN_RE.finditer(text)]
    out: list[EntityMention] = []
    i = 0
    while i < len(toks):
        best: tuple[int, str] | None = None
        for j in range(min(len(toks), i + max_tokens), i, -1):
            gap_ok = all(
                toks[t + 1][0] - toks[t][1] <= 1 and text[toks[t][1] : toks[t + 1][0]] in ("", " ", "-")
                for t in range(i, j - 1)
            )
            if not gap_ok:
                continue
            surface = text[toks[i][0] : toks[j - 1][1]]
            k = name_key(_strip_possessive(surface))
            if k in by_key:
                best = (j, by_key[k])
                break
        if best is None and fuzzy_keys:
            for j in range(min(len(toks), i + max_tokens), i, -1):
                words = [text[a:b].casefold() for a, b in toks[i:j]]
                if words[0] in func or words[-1] in func:
                    continue
                surface = text[toks[i][0] : toks[j - 1][1]]
                k = name_key(_strip_possessive(surface))
                if len(k) < 5 or any(
                    text[toks[t][1] : toks[t + 1][0]] not in (" ", "-") for t in range(i, j - 1)
                ):
                    continue
                hit = process.extractOne(
                    k,
                    fuzzy_keys,
                    scorer=fuzz.ratio,
                    score_cutoff=85,
                )
                if hit is not None and hit[0][0] == k[0]:
                    best = (j, by_key[hit[0]])
                    break
        if best is None:
            i += 1
            continue
        j, name = best
        start, end = toks[i][0], toks[j - 1][1]
        surface = text[start:end]
        stripped = _strip_possessive(surface)
        if stripped != surface and name_key(stripped) == name_key(name):
            end = start + len(stripped)
            surface = stripped
        out.append(EntityMention(start, end, surface, "name", name))
        i = j
    return out

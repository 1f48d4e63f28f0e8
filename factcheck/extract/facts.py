"""Assemble facts: which entity a figure is about, which attribute, as of when, and who says so.

For each sentence holding a quantity and an attribute cue:

1. pair each quantity with the cue that governs it (``valued at $2.5 billion``, ``800 staff``,
   ``$70 million in annual recurring revenue``), within a few words and no clause break;
2. pick the subject: the nearest preceding name that is not the object of a preposition ("backed by
   X", "from X"), not a place, person or the cited origin; a relative clause ("X, which secured ...")
   or an appositive ("X, valued at ...") points at the name before the comma; a fronted phrase
   ("With 1,000 employees, X ...") at the name after the comma; "the company"/"it" refer to the last
   subject of the paragraph (or, for the first sentence of a paragraph, of the paragraph before).
   When no subject can be established the fact has ``entity=None``;
3. ``as_of`` is the date nearest the figure in the sentence, or a list heading ("July 2024:") right
   above it; ``origin`` comes from :func:`factcheck.extract.attribution.find_origin`.

Word lists live in ``factcheck/data`` (entity_words.json, attributes.json, attribution.json).
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache

from factcheck.extract.aliases import merge_aliases
from factcheck.extract.attributes import (
    AttributeMention,
    AttributeSpec,
    CueStarts,
    attribute_specs,
    cue_starts,
    find_attributes_between,
)
from factcheck.extract.attribution import find_origin
from factcheck.extract.entities import EntityMention, entity_words, find_entity_mentions, find_known_mentions
from factcheck.extract.numbers import number_words, trie_pattern
from factcheck.models import DateSpan, Document, Fact, Quantity, Sentence

_SUBJECT_KINDS = frozenset({"org", "name", "product"})
_CUE_BEFORE = 110  # characters before a figure searched for its cue ("founded by <name> in 2019")
_CUE_AFTER = 70  # characters after it ("$70 million in annual recurring revenue")


@dataclass(slots=True)
class _Item:
    """A possible subject in a sentence: a name, a referring phrase or a relative pronoun."""

    start: int
    end: int
    text: str
    kind: str  # mention kind, or "coref" / "relative"
    entity: str | None  # resolved name (None: unresolved)
    eligible: bool  # may be the subject of a figure near it
    prepositional: bool = False
    product: bool = False
    alt_entity: str | None = None  # for "it": the last product of the paragraph


Carry = Callable[[], tuple[str | None, str | None]]  # the (org, product) a paragraph hands on


@dataclass(slots=True)
class _State:
    """What the sentences so far in a paragraph were about."""

    last_org: str | None = None
    last_product: str | None = None
    carry: Carry | None = None  # what the paragraph before was about, computed when first asked
    first: bool = True
    carried_: tuple[str | None, str | None] | None = None

    def carried(self) -> tuple[str | None, str | None]:
        if self.carried_ is None:
            self.carried_ = self.carry() if self.carry is not None else (None, None)
        return self.carried_


@cache
def _words() -> dict[str, frozenset[str]]:
    w = entity_words()
    return {
        "preps": frozenset(p.casefold() for p in w["prepositions"] if " " not in p),
        "generic": frozenset(g.casefold() for g in w["generic_subjects"]),
        "product_cues": frozenset(c.casefold() for c in w["product_cues_before"]),
        "product_heads": frozenset(c.casefold() for c in w["product_coreference_heads"]),
        "pronouns": frozenset(c.casefold() for c in w["coreference_pronouns"]),
        "stop": frozenset(w["stop_words"]),
        "intro": frozenset(x.casefold() for x in w["intro_words"]),
        "not_names": frozenset(x.casefold() for x in w["not_names"]),
    }


@cache
def _grammar() -> dict[str, frozenset[str]]:
    return {k: frozenset(v) for k, v in entity_words()["grammar"].items() if isinstance(v, list)}


def _has_number(text: str) -> bool:
    """A digit or a number word in ``text`` (two scans: one alternation of both is 4x slower).  An
    ASCII text is lower-cased and searched case-sensitively: the same matches (the words are
    lower-case ASCII), without the regex engine folding the case of every character (21,000
    sentences 0.225 -> 0.101 s)."""
    res = _grammar_res()
    if res["digit"].search(text) is not None:
        return True
    if text.isascii():
        return res["number_word_lower"].search(text.lower()) is not None
    return res["number_word"].search(text) is not None


@cache
def _grammar_res() -> dict[str, re.Pattern[str]]:
    g = entity_words()["grammar"]
    nums = number_words()
    words = sorted({*nums.cardinals, *nums.scales, *nums.multipliers}, key=len, reverse=True)

    def alt(xs: list[str]) -> str:
        return "|".join(re.escape(x) for x in sorted(xs, key=len, reverse=True))

    return {
        # cheap pre-filter (with "digit"): a number word; a trie, several times faster than a list
        "number_word": re.compile(rf"\b(?:{trie_pattern(set(words))})\b", re.IGNORECASE),
        # the same on lower-cased ASCII text (see _has_number); the lexicon's words are lower-case
        "number_word_lower": re.compile(rf"\b(?:{trie_pattern({w.lower() for w in words})})\b"),
        "digit": re.compile(r"\d"),
        "relative": re.compile(rf",\s+(?:{alt(g['relative_pronouns'])})\b"),
        "clause_break": re.compile(rf"[,;:()]|\s(?:{alt(g['clause_breakers'])})\s"),
        "opening_date": re.compile(rf"^[\s\"“*•-]*(?:{alt(g['date_openers'])})\s[^,;]{{2,30}},\s?$"),
    }


@cache
def _coref_re() -> re.Pattern[str]:
    w = entity_words()
    heads = "|".join(re.escape(h) for h in sorted(w["coreference_heads"], key=len, reverse=True))
    pron = "|".join(re.escape(p) for p in w["coreference_pronouns"])
    return re.compile(
        rf"\b(?:[Tt]he\s+(?:[\w.’'-]+\s+){{0,3}}?(?:{heads})(?![\w-])|(?<![\w’'])(?:{pron}|{pron.title()})(?![\w’'-]))"
    )


_TOKEN_BACK_RE = re.compile(r"[\w.’'&-]+|[,\"“”]")
_FIRST_WORD_RE = re.compile(r"[\s\"“'‘(*•-]*([\w’']+)")
_POST_RE = re.compile(r"\s*(?:[\w’'-]+\s+){0,2}")
_POST_IN_RE = re.compile(r"\s+(?:in|of|for)\s+(?:(?:a|an|the|its|their)\s+)?(?:[\w’'-]+\s+){0,3}")
_RANGE_LINK_RE = re.compile(r"^\s*(?:\S+\s+){0,3}?(?:to|and|or|through)\s+$")
_PLURAL_NOUN_RE = re.compile(r"[a-z][a-z-]{2,}[^suy]s")
_HEADING_RE = re.compile(r"^\s*(?:[-*•]\s+)?(?P<h>[^\n]{2,40}):\s*$")
_INTRO_RE = re.compile(r"^[\s\"“'‘(-]*$")
_SIMPLE_SENT_RE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’)]*|$)")


# --- public API --------------------------------------------------------------------------------


def extract_facts(
    doc: Document, *, ref_date: datetime.date | None = None, names: Counter[str] | None = None
) -> list[Fact]:
    """All facts stated in ``doc``; offsets are into ``doc.text``.  ``names``, when given, is
    updated with the entity names found in the passages read (so callers need not find them again)."""
    text = doc.text
    if not _has_number(text):
        return []
    from factcheck.extract.quantities import extract_quantities

    passages = doc.passages
    # Only a paragraph with an attribute cue can state a fact: figures are read in those alone (most
    # paragraphs of an article have none, and reading figures is the costliest step).
    # one lower-cased copy for the cue scan and the figure reader (lower-casing an article with one
    # curly quote in it walks the full Unicode case tables: ~5% of a worker's instructions, twice)
    low = text.lower()
    cue_at = cue_starts(text, low)
    ranges = [(p.start, p.end) for p in passages if find_attributes_between(text, p.start, p.end, cue_at)]
    if not ranges:
        return []
    quantities = extract_quantities(text, ranges, low=low)
    if not quantities:
        return []
    qindex = _qindex(quantities)
    # Which passages need work: those where a figure has a cue that can govern it (and the passage
    # before each, for "the company" opening a paragraph).
    specs = attribute_specs()
    starts, order = qindex
    cues_by_passage: dict[int, list[AttributeMention]] = {}
    needed: set[int] = set()
    for pi, p in enumerate(passages):
        lo, hi = bisect_left(starts, p.start), bisect_left(starts, p.end)
        if lo == hi:
            continue
        qs = [(i, quantities[i]) for i in sorted(order[lo:hi])]
        cues = _cues_near(text, p.start, p.end, qs, cue_at)
        if any(
            specs[c.attribute].accepts(q.kind, q.currency)
            and q.start - _CUE_BEFORE <= c.start
            and c.end <= q.end + _CUE_AFTER
            for _, q in qs
            for c in cues
        ):
            cues_by_passage[pi] = cues
            needed.add(pi)
            if pi > 0:
                needed.add(pi - 1)
    if not needed:
        return []
    # Entity mentions of the passages we look at; canonical names within the document.
    mentions_by_passage: dict[int, list[EntityMention]] = {}
    counts: Counter[str] = Counter()
    for pi in sorted(needed):
        p = passages[pi]
        off = p.start
        ms = find_entity_mentions(p.text, off)
        mentions_by_passage[pi] = ms
        counts.update(m.text for m in ms if m.kind in _SUBJECT_KINDS)
        if names is not None:
            names.update(m.text for m in ms)
    canon = merge_aliases(counts)

    split: dict[int, Sequence[Sentence]] = {}

    def sentences_of(pi: int) -> Sequence[Sentence]:
        if pi not in split:
            p = passages[pi]
            split[pi] = p.sentences or _split(text, p.start, p.end, p.line)
        return split[pi]

    def run(pi: int, state: _State, sentences: Sequence[Sentence]) -> list[Fact]:
        ms = mentions_by_passage[pi]
        p_cues = cues_by_passage.get(pi, [])
        ms_starts = [m.start for m in ms]
        cue_offsets = [c.start for c in p_cues]
        out: list[Fact] = []
        for s in sentences:
            # bisect, not a scan of the passage per sentence: a passage may be one 100 MB line
            s_ms = [
                m
                for m in ms[bisect_left(ms_starts, s.start) : bisect_left(ms_starts, s.end)]
                if m.end <= s.end
            ]
            s_cues = [
                c
                for c in p_cues[bisect_left(cue_offsets, s.start) : bisect_left(cue_offsets, s.end)]
                if c.end <= s.end
            ]
            out.extend(
                _sentence(
                    text, s.start, s.end, s.line, s_ms, quantities, qindex, canon, state, ref_date, s_cues
                )
            )
            state.first = False
        return out

    def last_with_figure(sentences: Sequence[Sentence]) -> int:
        """The index of the passage's last sentence holding a whole figure (-1: none); a sentence
        after it states no fact (see _sentence), it only tells what the paragraph ends up about."""
        for k in range(len(sentences) - 1, -1, -1):
            s = sentences[k]
            lo, hi = bisect_left(starts, s.start), bisect_left(starts, s.end)
            if any(quantities[order[j]].end <= s.end for j in range(lo, hi)):
                return k
        return -1

    def handed_on(pi: int, state: _State, first: int) -> Carry:
        """What a passage hands on to the next: its sentences from ``first`` on (those after its last
        figure, or all of a passage read only for its antecedents) are read on the state it has
        reached only if the next passage asks (most never do: "the company" opening it)."""
        end: tuple[str | None, str | None] | None = None

        def carry() -> tuple[str | None, str | None]:
            nonlocal end
            if end is None:
                # no figures there: no facts, only what the paragraph ends up about
                run(pi, state, sentences_of(pi)[first:])
                end = (state.last_org, state.last_product)
            return end

        return carry

    facts: list[Fact] = []
    prev_pi = -2
    handed: Carry | None = None  # what the previous passage hands on to the next
    for pi in sorted(needed):
        incoming = handed if pi == prev_pi + 1 else None
        prev_pi = pi
        state = _State(carry=incoming)
        if pi not in cues_by_passage:
            # a paragraph read only for "the company" at the start of the next: lazily
            handed = handed_on(pi, state, 0)
            continue
        sentences = sentences_of(pi)
        last = last_with_figure(sentences)
        facts.extend(run(pi, state, sentences[: last + 1]))
        handed = handed_on(pi, state, last + 1)
    return facts


def sentence_facts(text: str, known_entities: Iterable[str] = ()) -> list[Fact]:
    """Facts in one free-standing sentence (a typed claim).  Offsets are into ``text``.

    Names in ``known_entities`` are found whatever their case or spacing, and with small typos;
    the fact's entity is then the known name.
    """
    from factcheck.extract.quantities import extract_quantities

    quantities = extract_quantities(text)
    if not quantities:
        return []
    qindex = _qindex(quantities)
    found = find_entity_mentions(text)
    known = find_known_mentions(text, list(known_entities)) if known_entities else []
    mentions: list[EntityMention] = []
    for k in known:
        over = [m for m in found if m.start < k.end and k.start < m.end]
        kind = over[0].kind if over else "name"
        mentions.append(replace(k, kind=kind if kind in _SUBJECT_KINDS else "name"))
    mentions.extend(m for m in found if not any(m.start < k.end and k.start < m.end for k in known))
    mentions.sort(key=lambda m: m.start)
    canon = {m.text: (m.name or m.text) for m in mentions}
    state = _State()
    facts: list[Fact] = []
    for a, b in _split_plain(text):
        s_ms = [m for m in mentions if m.start >= a and m.end <= b]
        facts.extend(
            _sentence(text, a, b, 1 + text.count("\n", 0, a), s_ms, quantities, qindex, canon, state, None)
        )
        state.first = False
    return facts


def _qindex(quantities: list[Quantity]) -> tuple[list[int], list[int]]:
    order = sorted(range(len(quantities)), key=lambda i: quantities[i].start)
    return [quantities[i].start for i in order], order


# --- sentences -------------------------------------------------------------------------------------


def _split(text: str, start: int, end: int, line: int) -> list[Sentence]:
    try:
        from factcheck.ingest.segment import split_sentences
    except ImportError:  # pragma: no cover - the reader is always installed with the package
        return [
            Sentence(a, b, line + text.count("\n", start, a)) for a, b in _split_plain_range(text, start, end)
        ]
    return split_sentences(text, start, end, line)


def _split_plain(text: str) -> list[tuple[int, int]]:
    sents = _split(text, 0, len(text), 1)
    return [(s.start, s.end) for s in sents] or [(0, len(text))]


def _split_plain_range(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SIMPLE_SENT_RE.finditer(text, start, end) if m.group().strip()]


def _sentence(
    text: str,
    s_start: int,
    s_end: int,
    line: int,
    mentions: list[EntityMention],
    quantities: list[Quantity],
    qindex: tuple[list[int], list[int]],
    canon: dict[str, str],
    state: _State,
    ref_date: datetime.date | None,
    cues: list[AttributeMention] | None = None,
) -> list[Fact]:
    sent = text[s_start:s_end]
    origin = find_origin(sent) if _has_number(sent) else None
    origin_span = _origin_span(text, s_start, sent, origin)
    items = _items(text, s_start, s_end, mentions, canon, origin_span)
    subject = _resolve_items(text, s_start, items, state)
    out: list[Fact] = []
    starts, order = qindex
    lo, hi = bisect_left(starts, s_start), bisect_left(starts, s_end)
    qs = [(i, quantities[i]) for i in sorted(order[lo:hi]) if quantities[i].end <= s_end]
    if qs:
        if cues is None:
            cues = _cues_near(text, s_start, s_end, qs)
        if cues:
            out = _pair_and_build(text, s_start, s_end, line, qs, quantities, cues, items, origin, ref_date)
    # Update the paragraph state with this sentence's subject and products.
    if subject is not None:
        if subject.product:
            state.last_product = subject.entity
        else:
            state.last_org = subject.entity
    elif any(it.kind == "coref" and _subject_position(text, s_start, it) for it in items):
        state.last_org = None
    for it in items:
        if it.product and it.eligible and it.entity and not it.prepositional:
            state.last_product = it.entity
    return out


def _cues_near(
    text: str, s_start: int, s_end: int, qs: list[tuple[int, Quantity]], starts: CueStarts | None = None
) -> list[AttributeMention]:
    """Attribute cues close enough to a figure of the sentence to govern it."""
    windows: list[list[int]] = []
    for _, q in qs:
        a, b = max(s_start, q.start - _CUE_BEFORE), min(s_end, q.end + _CUE_AFTER)
        if windows and a <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], b)
        else:
            windows.append([a, b])
    cues: list[AttributeMention] = []
    for a, b in windows:
        cues.extend(find_attributes_between(text, a, b, starts))
    return cues


def _origin_span(text: str, s_start: int, sent: str, origin: str | None) -> tuple[int, int] | None:
    if not origin:
        return None
    k = sent.find(origin)
    return (s_start + k, s_start + k + len(origin)) if k >= 0 else None


def _items(
    text: str,
    s_start: int,
    s_end: int,
    mentions: list[EntityMention],
    canon: dict[str, str],
    origin_span: tuple[int, int] | None,
) -> list[_Item]:
    w = _words()
    items: list[_Item] = []
    coref_spans: list[tuple[int, int]] = []
    for m in _coref_re().finditer(text, s_start, s_end):
        phrase = m.group()
        head = phrase.split()[-1].casefold()
        coref_spans.append((m.start(), m.end()))
        items.append(
            _Item(
                m.start(),
                m.end(),
                phrase,
                "coref",
                None,
                True,
                prepositional=_prepositional(text, s_start, m.start()),
                product=head in w["product_heads"],
            )
        )
    for me in mentions:
        if any(a <= me.start < b for a, b in coref_spans):
            continue
        is_origin = origin_span is not None and origin_span[0] <= me.start < origin_span[1]
        eligible = me.kind in _SUBJECT_KINDS and not is_origin
        items.append(
            _Item(
                me.start,
                me.end,
                me.text,
                me.kind,
                canon.get(me.text, me.text),
                eligible,
                prepositional=_prepositional(text, s_start, me.start),
                product=me.kind == "product",
            )
        )
    for m in _grammar_res()["relative"].finditer(text, s_start, s_end):
        before = [
            it for it in items if it.kind != "relative" and it.end <= m.start() and m.start() - it.end <= 3
        ]
        if before:
            ante = max(before, key=lambda it: it.end)
            items.append(
                _Item(
                    m.start(),
                    m.end(),
                    ante.text,
                    "relative",
                    ante.entity,
                    ante.eligible,
                    product=ante.product,
                )
            )
            items[-1].kind = "relative:" + ante.kind
    items.sort(key=lambda it: it.start)
    return items


def _prepositional(text: str, s_start: int, pos: int) -> bool:
    """Whether the name at ``pos`` is governed by a preposition ("backed by X", "from A, B and X")."""
    w = _words()
    g = _grammar()
    floor = max(s_start, pos - 120)
    first = _FIRST_WORD_RE.match(text, s_start)
    if first and first.group(1).casefold() in w["intro"]:
        comma = text.find(",", s_start, pos)
        if comma >= 0:
            floor = max(floor, comma + 1)  # "According to X, the company ...": the intro phrase ends here
    # typed: mypyc cannot compile reversed() over findall's list[Any] (an internal error in 2.4.1)
    toks: list[str] = _TOKEN_BACK_RE.findall(text[floor:pos])
    for tok in reversed(toks[-12:]):
        low = tok.casefold()
        if low in w["preps"] and low not in g["conjunctions"]:
            return True
        if tok in (",", '"', "“", "”") or low in g["conjunctions"] or low in g["determiners"]:
            continue
        if tok.endswith(".") and len(tok) > 1:
            return False  # "... in the U.S. Acme was": a sentence the splitter did not cut
        if (
            tok[:1].isupper()
            or tok.endswith(("'s", "’s"))
            or low in w["product_cues"]
            or low in w["not_names"]
        ):
            continue
        return False
    return False


def _subject_position(text: str, s_start: int, it: _Item) -> bool:
    """A referring phrase opening the sentence, or after an introductory phrase ("In March, it ...")."""
    before = text[s_start : it.start]
    stripped = before.lstrip()
    if _INTRO_RE.match(before) or (stripped.startswith(("- ", "* ")) and _INTRO_RE.match(stripped[2:])):
        return True
    if before.rstrip().endswith(","):
        first = _FIRST_WORD_RE.match(before)
        return bool(first and first.group(1).casefold() in _words()["intro"] and before.count(",") == 1)
    return False


def _resolve_items(text: str, s_start: int, items: list[_Item], state: _State) -> _Item | None:
    """Resolve referring phrases; return the sentence's subject item (or None)."""
    subject: _Item | None = None
    for it in items:
        if it.kind == "coref":
            head = it.text.split()[-1].casefold()
            pronoun = head in _words()["pronouns"]
            if _subject_position(text, s_start, it):
                it.prepositional = False
                it.entity = _antecedent(state, it.product, pronoun)
                if pronoun:
                    it.alt_entity = _antecedent(state, True, pronoun)
            elif not pronoun:
                # "..., which helped the company achieve ...": the last other name in the sentence.
                prior = [
                    o
                    for o in items
                    if o.end <= it.start
                    and o.kind in ("org", "name")
                    and o.entity
                    and (subject is None or o.entity != subject.entity)
                ]
                it.entity = (
                    prior[-1].entity if prior else (state.last_org if not it.product else state.last_product)
                )
            else:
                it.eligible = False  # an object "it" ("barring it from ...")
                continue
            if it.entity is None:
                it.eligible = False
        if subject is None and it.eligible and not it.prepositional and it.kind not in ("place", "person"):
            if it.kind.startswith("relative"):
                continue
            subject = it
    return subject if subject is not None and subject.entity else None


def _antecedent(state: _State, product: bool, pronoun: bool) -> str | None:
    if product:
        return state.last_product or (state.carried()[1] if state.first else None)
    org = state.last_org if not state.first else (state.last_org or state.carried()[0])
    return org


# --- pairing ----------------------------------------------------------------------------------------


def _pair_and_build(
    text: str,
    s_start: int,
    s_end: int,
    line: int,
    qs: list[tuple[int, Quantity]],
    quantities: list[Quantity],
    cues: list[AttributeMention],
    items: list[_Item],
    origin: str | None,
    ref_date: datetime.date | None,
) -> list[Fact]:
    specs = attribute_specs()
    paired: dict[int, AttributeMention] = {}
    cue_starts = [c.start for c in cues]
    q_starts = [q.start for _, q in qs]
    for qi, q in qs:
        if q.linked is not None:
            continue
        best: tuple[float, AttributeMention] | None = None
        # only cues near the figure can govern it (keeps long run-on sentences linear)
        lo = bisect_left(cue_starts, q.start - _CUE_BEFORE)
        hi = bisect_left(cue_starts, q.end + _CUE_AFTER)
        for c in cues[lo:hi]:
            spec = specs[c.attribute]
            if not spec.accepts(q.kind, q.currency):
                continue
            score = _cue_score(text, q, c, qs, qi, q_starts)
            if score is not None and (best is None or score < best[0]):
                best = (score, c)
        if best is not None:
            paired[qi] = best[1]
    # "from 120 billion in May to 4 trillion": the second figure of a range inherits the attribute.
    last: tuple[int, Quantity] | None = None  # the last paired figure before the current one
    for qi, q in qs:
        if qi in paired:
            if q.linked is None:
                last = (qi, q)
            continue
        if q.linked is not None:
            continue
        if last is not None and last[1].end <= q.start:
            pj, p = last
            cue = paired[pj]
            if (
                cue.end <= p.start
                and _RANGE_LINK_RE.match(text[p.end : q.start])
                and specs[cue.attribute].accepts(q.kind, q.currency)
            ):
                paired[qi] = paired[pj]
    if not paired:
        return []
    alt_of: dict[int, Quantity] = {}
    for _, q in qs:
        if q.linked is not None and q.linked not in alt_of:
            alt_of[q.linked] = q
    dates = (
        _dates(text, s_start, s_end, ref_date) if any(quantities[qi].kind != "year" for qi in paired) else []
    )
    heading: list[DateSpan | None] = []
    facts: list[Fact] = []
    for qi, cue in sorted(paired.items(), key=lambda kv: quantities[kv[0]].start):
        q = quantities[qi]
        spec = specs[cue.attribute]
        item = _subject_for(text, s_start, s_end, q, cue, items, spec)
        as_of = None
        if q.kind != "year":
            as_of = _nearest_date(text, s_start, dates, q, [p for _, p in qs if p.linked is None])
            if as_of is None:
                if not heading:
                    heading.append(_heading_date(text, s_start, ref_date))
                as_of = heading[0]
        facts.append(
            Fact(
                entity=item.entity if item else None,
                attribute=cue.attribute,
                quantity=q,
                sentence_start=s_start,
                sentence_end=s_end,
                line=line + text.count("\n", s_start, q.start),
                as_of=as_of,
                origin=origin,
                entity_surface=item.text if item else None,
                alt=alt_of.get(qi),
            )
        )
    return facts


def _cue_score(
    text: str,
    q: Quantity,
    c: AttributeMention,
    qs: list[tuple[int, Quantity]],
    qi: int,
    q_starts: list[int] | None = None,
) -> float | None:
    g = _grammar()
    if c.start >= q.end:
        gap = text[q.end : c.start]
        if _POST_RE.fullmatch(gap) and not (set(gap.casefold().split()) & g["post_cue_blockers"]):
            return len(gap.split())
        if _POST_IN_RE.fullmatch(gap):
            return len(gap.split()) + 0.5
        return None
    if c.end <= q.start:
        gap = text[c.end : q.start]
        if any(ch in gap for ch in ",;:()[]"):
            return None
        words = [w for w in gap.split() if not w[:1].isupper() and w != "&"]  # names do not count
        if len(words) > 5 or set(w.casefold() for w in words) & g["pre_cue_blockers"]:
            return None
        between = qs
        if q_starts is not None:
            between = qs[bisect_left(q_starts, c.end) : bisect_left(q_starts, q.start)]
        if any(c.end <= p.start and p.end <= q.start and pj != qi and p.linked is None for pj, p in between):
            return None  # another figure sits between the cue and this one
        return len(words) + 0.25
    return None


def _subject_for(
    text: str,
    s_start: int,
    s_end: int,
    q: Quantity,
    cue: AttributeMention,
    items: list[_Item],
    spec: AttributeSpec,
) -> _Item | None:
    limit = min(q.start, cue.start)
    w = _words()
    # Generic plural subject right before the cue or figure ("startups valued over $1 billion").
    copulas = _grammar()["copulas"]
    for pos in (cue.start, q.start):
        prev = text[max(s_start, pos - 80) : pos].split()
        while prev and prev[-1].casefold() in copulas:
            prev.pop()
        if prev and prev[-1][:1].islower() and prev[-1].strip(",") in w["generic"]:
            return None
        if (
            pos == cue.start
            and prev
            and _PLURAL_NOUN_RE.fullmatch(prev[-1])
            and prev[-1] not in _grammar()["not_plural_nouns"]
        ):
            return None  # "home mortgages valued at $23 billion": the cue is about the noun
    # The name right before the cue governs it: "Zappy Chat launched in 2023", "Acme AI, founded in
    # 2019" (after a comma only if that name is not itself the object of a preposition).
    if cue.start <= q.start:
        gap = text[s_start : cue.start]
        before = [it for it in items if it.end <= cue.start and not gap[it.end - s_start :].strip(" ,")]
        if before and before[-1].eligible and before[-1].entity:
            it = before[-1]
            if "," not in text[it.end : cue.start] or not it.prepositional or it.product:
                return _pick(it, spec)
    candidates = [
        it
        for it in items
        if it.end <= limit
        and it.eligible
        and it.entity
        and not it.prepositional
        and it.kind not in ("place", "person")
    ]
    relatives = [it for it in items if it.kind.startswith("relative") and it.end <= limit and it.entity]
    for rel in relatives:
        # Names inside a finished relative clause ("Acme, which Globex bought, has ...") are not subjects.
        close = text.find(",", rel.end, limit)
        if close >= 0:
            candidates = [it for it in candidates if not rel.end <= it.start < close]
    best: _Item | None = candidates[-1] if candidates else None
    if relatives and (best is None or relatives[-1].start > best.start):
        best = relatives[-1]
    if best is not None:
        return _pick(best, spec)
    # Between the cue and its figure: "Investors value Acme at $2 billion", "The headcount at Acme reached 900".
    if cue.end <= q.start:
        between = [
            it for it in items if cue.end <= it.start and it.end <= q.start and it.eligible and it.entity
        ]
        if between:
            return _pick(between[0], spec)
    # Fronted phrase: "With nearly 1,000 employees ..., Acme AI strives ..."
    comma = text.find(",", max(q.end, cue.end), s_end)
    if comma >= 0:
        after = [
            it for it in items if it.start > comma and it.eligible and it.entity and not it.prepositional
        ]
        if after and not text[comma + 1 : after[0].start].strip(' "“”'):
            return after[0]
    return None


def _pick(it: _Item, spec: AttributeSpec) -> _Item:
    """For "it"/"they", the product antecedent when the attribute is about products."""
    if it.alt_entity and spec.prefers == "product":
        return replace(it, entity=it.alt_entity)
    return it


# --- dates -----------------------------------------------------------------------------------------


def _dates(text: str, s_start: int, s_end: int, ref_date: datetime.date | None) -> list[DateSpan]:
    from factcheck.extract.dates import extract_dates

    ref_year = ref_date.year if ref_date else None
    return [
        replace(d, start=d.start + s_start, end=d.end + s_start)
        for d in extract_dates(text[s_start:s_end], ref_year=ref_year, ref_date=ref_date)
    ]


def _nearest_date(
    text: str, s_start: int, dates: list[DateSpan], q: Quantity, figures: list[Quantity]
) -> DateSpan | None:
    """The date of the figure's clause: after it ("... $2.5 billion after its round in March") or
    before it with no clause break ("In July 2024, X raised ..." counts as an opening phrase);
    a date closer to another figure of the sentence belongs to that one."""

    def dist(d: DateSpan, f: Quantity) -> int:
        return f.start - d.end if d.end <= f.start else d.start - f.end

    best: tuple[int, DateSpan] | None = None
    for d in dates:
        if not (d.end <= q.start or d.start >= q.end):
            continue
        if any(
            dist(d, f) < dist(d, q) or (dist(d, f) == dist(d, q) and f.end <= d.start)
            for f in figures
            if f is not q and (f.end <= d.start or f.start >= d.end)
        ):
            continue  # "from 120 billion in May to 4 trillion": May is the first figure's
        between = text[d.end : q.start] if d.end <= q.start else text[q.end : d.start]
        if _grammar_res()["clause_break"].search(between):
            opening = d.end <= q.start and _grammar_res()["opening_date"].match(text[s_start : d.end + 2])
            if not opening:
                continue
        k = dist(d, q)
        if best is None or k < best[0]:
            best = (k, d)
    return best[1] if best else None


def _heading_date(text: str, s_start: int, ref_date: datetime.date | None) -> DateSpan | None:
    """A list heading like "- July 2024:" on the line right above the sentence's line."""
    line_start = text.rfind("\n", 0, s_start) + 1
    if line_start == 0:
        return None
    prev_start = text.rfind("\n", 0, line_start - 1) + 1
    prev = text[prev_start : line_start - 1]
    m = _HEADING_RE.match(prev)
    if not m:
        return None
    from factcheck.extract.dates import extract_dates

    ref_year = ref_date.year if ref_date else None
    found = extract_dates(prev, ref_year=ref_year, ref_date=ref_date)
    if not found:
        return None
    d = found[0]
    return replace(d, start=d.start + prev_start, end=d.end + prev_start)

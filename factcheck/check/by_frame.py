"""Evidence for one figure of a claim, matched by its frame: the passages that name the claim's subject
are read at check time, and each figure in them is scored by how well its frame fits the claim's
figure - the words that say what it measures (near the figure, weighted by distance, with general
synonyms from ``data/measure_words.json``), the names around it, its kind and unit, and its period.
No attribute lexicon gates it, so it serves any measure ("wingspan", "firm orders", "death toll").

The best-fitting figures decide: one that agrees with the claim supports it; when the best fits all
give another figure, they contradict it; when equally good fits from different passages give the
claim's figure and another one, the sources dispute it.  A figure that fits poorly is never
evidence: the claim stays unverified ("I don't know") rather than being judged on another measure.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from importlib import resources

from factcheck.check.compare import RateFn
from factcheck.check.rounding import holds, qualifier_class, undecided
from factcheck.check.verdicts import Verdict
from factcheck.extract.units import unit_after
from factcheck.extract.words import CALENDAR, Token, lemma, tokens, vocab, word_distance
from factcheck.models import DateSpan, Hit, Quantity
from factcheck.store import Store

PASSAGES = 40  # passages read per part (the best BM25 matches of the claim's words and names)
MIN_FIT = 0.30  # a source figure fitting less than this is not about the claim's figure
CLOSE_FIT = 0.12  # fits within this of the best are read together (a tie of frames)
DISPUTE_FIT = 0.85  # a rival figure disputes only when its fit is at least this share of the best
OTHER_PERIOD = 0.55  # factor on a fit whose period is stated and does not overlap the claim's
IN_DOCUMENT = 0.75  # a name found elsewhere in the article counts this much of one in the passage
NO_SUBJECT = 0.35  # factor on a fit in a passage that names none of the claim's names

_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z'’.&-]*(?:\s+(?:[A-Z][A-Za-z'’.&-]*|of|de|and|&)){0,4}")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass(slots=True)
class Frame:
    """What a figure is about, read from the words around it: lemma -> weight (nearer is heavier)."""

    words: dict[str, float] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)  # capitalised words of the claim (its subjects)
    topic: dict[str, float] = field(default_factory=dict)  # every content word of the claim
    name_words: list[str] = field(default_factory=list)  # the names as the claim writes them
    aliases: set[str] = field(default_factory=set)  # other words for the names ("german" for Germany)
    head: set[str] = field(default_factory=set)  # the words that name the measure: nearest the figure


HEAD_WORDS = 3  # the claim's words nearest its figure that a contradicting source must say too
MEASURE_WINDOW = 6  # words on either side of a claim's figure that say what it measures


def claim_frame(
    text: str, q: Quantity, others: list[Quantity], weight: Callable[[str], float] | None = None
) -> Frame:
    """The frame of one figure of a claim: the content words near it, weighted by their distance;
    words nearer another figure of the claim describe that one and weigh less.  ``topic`` keeps
    every content word (the claim's subject matter, whatever figure it is about)."""
    frame = Frame()
    nearness: dict[str, float] = {}
    spans = [(o.start, o.end) for o in (q, *others)]
    for t in tokens(text):
        if any(a <= t.start < b for a, b in spans):
            continue  # "billion", "percent": the figure's own words
        d = word_distance(text, t.start, q.start if t.start < q.start else q.end)
        rarity = 1.0 if weight is None else weight(text[t.start : t.end])
        if t.name:
            frame.names.append(t.lemma)
            frame.name_words.append(re.sub(r"['’]s$", "", text[t.start : t.end]))
        frame.topic[t.lemma] = max(frame.topic.get(t.lemma, 0.0), rarity)
        if d > MEASURE_WINDOW:
            continue
        w = rarity / (1.0 + d / 2.0)
        if t.start >= q.end and d <= 1:
            w *= 1.5  # the word right after a figure names what it counts ("149 orders", "75 mph")
        for o in others:
            od = word_distance(text, t.start, o.start if t.start < o.start else o.end)
            if od < d:
                w *= 0.35
                break
        frame.words[t.lemma] = max(frame.words.get(t.lemma, 0.0), w)
        if not text[t.start].isupper():  # names (and a capitalised first word) are subjects, not measures
            nearness[t.lemma] = max(nearness.get(t.lemma, 0.0), w / max(rarity, 1e-9))
    ranked = sorted(nearness.items(), key=lambda kv: kv[1], reverse=True)
    frame.head = {w for w, _ in ranked[:HEAD_WORDS]}
    for t in tokens(text, q.end):
        if any(a <= t.start < b for a, b in spans) or text[t.start].isupper():
            continue
        if word_distance(text, q.end, t.start) <= 3:
            frame.head.add(t.lemma)  # the noun a figure counts, past a name ("300 National Guard troops")
        break
    return frame


def _overlap(want: dict[str, float], have: dict[str, float]) -> float:
    """Weighted share of the wanted lemmas found (a synonym of the same group counts part)."""
    v = vocab()
    total = sum(want.values())
    if total <= 0:
        return 0.0
    by_group: dict[int, float] = {}
    for lem, w in have.items():
        for g in v.groups.get(lem, ()):
            by_group[g] = max(by_group.get(g, 0.0), w)
    got = 0.0
    for lem, cw in want.items():
        hit = have.get(lem, 0.0)
        if hit < 1.0:
            for g in v.groups.get(lem, ()):
                hit = max(hit, by_group.get(g, 0.0) * v.group_weight)
        got += cw * hit
    return got / total


def fit_words(frame: Frame, text: str, q_start: int, q_end: int, s0: int, s1: int) -> float:
    """How well the words around a source figure (in its sentence) say what the claim's figure
    measures (0-1)."""
    near: dict[str, float] = {}
    for t in tokens(text, s0, s1):
        if q_start <= t.start < q_end:
            continue
        d = word_distance(text, t.start, q_start if t.start < q_start else q_end)
        w = 1.0 / (1.0 + d / 5.0)
        near[t.lemma] = max(near.get(t.lemma, 0.0), w)
    return _overlap(frame.words, near)


def says_head(frame: Frame, text: str, q_start: int, q_end: int, s0: int, s1: int) -> bool:
    """Whether a source figure's sentence names the claim's measure (a head word or its synonym)."""
    v = vocab()
    groups = {g for w in frame.head for g in v.groups.get(w, ())}
    for t in tokens(text, s0, s1):
        if q_start <= t.start < q_end:
            continue
        if t.lemma in frame.head or groups & v.groups.get(t.lemma, frozenset()):
            return True
    return not frame.head


def fit_topic(frame: Frame, lemmas: set[str]) -> float:
    """Share of the claim's content words that a passage (with its title) holds."""
    return _overlap(frame.topic, {w: 1.0 for w in lemmas})


def kind_of(q: Quantity) -> str:
    if q.text.casefold().endswith("-old"):
        return "count"  # "a 19-year-old motorcyclist": an age, as "was 19" or "aged 19" are
    if q.kind == "money" or q.currency:
        return "money"
    if q.kind == "percent" or q.unit == "percent":
        return "percent"
    if q.kind in ("year", "duration", "ordinal"):
        return q.kind + (q.unit or "")
    return "count"


def units_clash(claim_text: str, cq: Quantity, source_text: str, sq: Quantity) -> bool:
    """Two counts in different units ("75 mph" vs "120 km/h"): never the same figure."""
    a, b = unit_after(claim_text, cq), unit_after(source_text, sq)
    return bool(a) and bool(b) and a != b


# -- reading the sources ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidate:
    """A source figure with how well its frame fits the claim's figure."""

    hit: Hit
    quantity: Quantity  # offsets into the passage text
    value: float  # in the claim's currency when converted
    sentence: tuple[int, int]  # offsets into the passage text
    fit: float
    words: float  # the word part of the fit
    period: str  # "same", "other" or "" (unknown)
    agrees: bool
    note: str = ""
    restated: str = ""  # why the sentence restates the claim rather than reporting the figure
    hedged: str = ""  # the word that makes the source's figure uncertain ("estimated", "could")
    head: bool = True  # the sentence names the claim's measure
    subject_ok: bool = True  # no other subject is named next to the figure
    paired: bool = False  # its sentence also gives another figure of the claim
    mismatch: str = ""  # another relative frame (a change for a level, per pupil for a total): not comparable


@lru_cache(maxsize=2048)  # a passage is read again for every figure of a claim
def _passage_quantities(text: str) -> list[Quantity]:
    from factcheck.extract.quantities import extract_quantities

    return [q for q in extract_quantities(text) if q.kind != "ordinal"]


@lru_cache(maxsize=2048)
def _sentence_spans(text: str) -> list[tuple[int, int]]:
    from factcheck.ingest.segment import split_sentences

    return [(s.start, s.end) for s in split_sentences(text, 0, len(text), 1)] or [(0, len(text))]


DAY_REPORTED = 21  # days after a dated day within which an undated report may give that day's figure
PERIOD_WORDS = 10  # a date this many words from a figure dates it; one further off dates something else


def _period(
    claim_dates: list[DateSpan], sentence: str, at: int, source_date: str, quantity_year: bool
) -> str:
    """Whether the period of a source figure (at offset ``at`` of its sentence) fits the claim's
    dates: "same", "other", or "" (unknown)."""
    if not claim_dates or quantity_year:
        return ""
    import datetime

    from factcheck.extract.dates import extract_dates

    ref = int(source_date[:4]) if source_date[:4].isdigit() else None
    ref_date = None
    if len(source_date) >= 10:
        try:
            ref_date = datetime.date.fromisoformat(source_date[:10])
        except ValueError:
            ref_date = None
    dated = [
        d
        for d in extract_dates(sentence, ref_year=ref, ref_date=ref_date)
        if d.precision in ("day", "month", "year", "quarter", "season", "half")
    ]
    spans = [
        d for d in dated if word_distance(sentence, d.start if d.start > at else d.end, at) <= PERIOD_WORDS
    ]

    def fits(ds: list[DateSpan]) -> bool:
        return any(not (d.finish < cd.begin or cd.finish < d.begin) for cd in claim_dates for d in ds)

    if spans:
        return "same" if fits(spans) else "dated"  # a date by the figure, not the claim's
    if fits(dated):
        return "same"  # the sentence's date further off ("On March 18, 1965, he ... for twelve minutes")
    if source_date[:4].isdigit():
        # no date by the figure: news reports the figures of its own time (this year or last), and
        # cannot report what happened after it was published
        y = int(source_date[:4])
        if ref_date is not None and all(
            cd.begin > (ref_date + datetime.timedelta(days=7)).isoformat() for cd in claim_dates
        ):
            return "before"  # published before the claim's period: it cannot report it
        for cd in claim_dates:
            if ref_date is not None and cd.begin > (ref_date + datetime.timedelta(days=7)).isoformat():
                continue
            if cd.precision == "day" and ref_date is not None:
                # a day's figure (a close, a count "as of") is reported within days of it
                day = datetime.date.fromisoformat(cd.begin)
                if (ref_date - day).days <= DAY_REPORTED:
                    return ""
                continue
            if int(cd.begin[:4]) <= y and int(cd.finish[:4]) >= y - 1:
                return ""
        return "other"
    return ""


_NAME_THEN_FIGURE = re.compile(r"([A-Z][\w'’&-]*)\s+$")


_LABEL_BEFORE = re.compile(r"(?<![.!?:;\"“(\n])\s([A-Z][\w'’&-]*)\s$")


_RELATIVE_PERIOD = re.compile(
    r"\b(?:previous|last|prior|past|preceding) (?:year|quarter|month|week)(?! of)|\b(?:a|one) (?:year|month) (?:earlier|before|ago)"
    r"|\bthe year before\b",
    re.I,
)


_YEAR_BOUND = re.compile(
    r"\b(before|prior to|until|till|up to|after|since|later than|earlier than)\s+(?:the\s+)?(?:year\s+)?$",
    re.I,
)


def year_bound(claim_text: str, q: Quantity) -> Quantity:
    """A year the claim bounds ("closed before 1996", "formed after 2001") as the bound it is."""
    if not _YEAR.fullmatch(q.text.strip()) or q.qualifier:
        return q
    m = _YEAR_BOUND.search(claim_text[max(0, q.start - 30) : q.start])
    if m is None:
        return q
    word = m.group(1).casefold()
    below = word in ("before", "prior to", "until", "till", "up to", "earlier than")
    return replace(
        q,
        qualifier="under" if below else "over",
        low=None if below else q.value,
        high=q.value if below else None,
    )


def _label(text: str, q: Quantity) -> bool:
    """A bare number right after a capitalised word inside a sentence ("Category 5", "S&P 500",
    "Boeing 787"): a name, not a count."""
    if q.qualifier or q.currency or q.unit or not q.text.isdigit():
        return False
    m = _LABEL_BEFORE.search(text, max(0, q.start - 30), q.start)
    return m is not None and m.group(1).casefold() not in CALENDAR


def names_a_thing(store: Store, claim_text: str, q: Quantity) -> bool:
    """A figure that is part of a name ("FTSE 100", "Tropical Depression Three", "CAC 40"): right
    after a capitalised word, and written in the sources as a name (not followed by what it counts,
    as "Acme 800 employees" is)."""
    if q.kind not in ("number", "count") or q.qualifier or q.currency or q.unit:
        return False
    m = _NAME_THEN_FIGURE.search(claim_text[max(0, q.start - 40) : q.start])
    if m is None or q.start - len(m.group(0)) <= 0:
        return False
    if q.text[:1].isupper():
        return True  # "Depression Three": a capitalised number word after a name
    word, num = m.group(1), q.text.strip()
    pat = re.compile(re.escape(word) + r"\s+" + re.escape(num) + r"(?![\d,.]\d)(\s*)([a-z]*)", re.I)
    as_name = as_count = 0
    for h in store.search([[f"{word} {num}"]], limit=20):
        for hm in pat.finditer(h.text):
            nxt = hm.group(2)
            if hm.group(1) and nxt.endswith("s") and not nxt.endswith("ss"):  # "Acme 800 employees"
                as_count += 1
            else:
                as_name += 1
    return as_name > as_count


def _frame_class(frame: str, kind: str) -> str:
    """The relative frame that keeps figures apart: a change from a level only for percentages
    (a count or an amount "down to $1.92" is still a level); a ratio, a multiple or a rate always."""
    head = frame.split(" ")[0]
    if head in ("change", "level", "points"):
        return head if kind == "percent" else "level"
    if head == "per" and " " in frame:
        return "per " + lemma(
            frame.split(" ", 1)[1]
        )  # "a share" = "per share"; "per pupil" is not "per student"
    return frame


@cache
def _hedges() -> tuple[str, ...]:
    raw = resources.files("factcheck").joinpath("data/measures.json").read_text(encoding="utf-8")
    return tuple(h.casefold() for h in json.loads(raw)["hedges"])


def _hedged(text: str, q: Quantity, s0: int) -> str:
    """The word that gives a source figure as uncertain or hypothetical ("an estimated", "could
    reach", "analysts expected"): within its clause, before it."""
    before = text[max(s0, q.start - 60) : q.start]
    before = re.split(r"[.;:,]\s", before)[-1].casefold()
    low = " " + " ".join(re.findall(r"[a-z']+", before)) + " " + (q.qualifier or "") + " "
    return next((h for h in _hedges() if f" {h} " in low), "")


def written_as_name(store: Store, word: str) -> bool:
    """Whether the sources write a word capitalised inside their sentences (a name), as the claim's
    first word is capitalised whatever it is."""
    if not word[:1].isupper():
        return False
    pat = re.compile(r"(?<![.!?\"“]\s)(?<!^)\b" + re.escape(word) + r"\b", re.I)
    upper = lower = 0
    hits = store.search([[word]], limit=8, ranked=False)
    if not hits:
        return True  # a word no source holds: the claim's capital is all there is to go by
    for h in hits:
        if h.text.lower() == h.text:
            continue  # a lower-cased source says nothing about case
        for m in pat.finditer(h.text):
            if m.start() == 0:
                continue
            if m.group()[0].isupper():
                upper += 1
            else:
                lower += 1
    return upper > lower


_NEWS_CUES = frozenset(
    [
        "post",
        "posts",
        "posted",
        "posting",
        "shared",
        "sharing",
        "tweet",
        "tweets",
        "tweeted",
        "attributed",
        "circulated",
        "circulating",
        "circulates",
        "forwarded",
        "alleged",
        "allegedly",
        "alleges",
    ]
)
_CLAIM_THAT = re.compile(r"\bclaim(?:s|ed|ing)?\b\s*(?:that\b|:|[\"“])", re.I)  # "posts claim that ..."
ARTICLE_PASSAGES = 3  # a source of this many passages is an article, not a snippet echoing a claim
UNIT_WORDS = (
    0.35  # the measure-word fit of a figure in the claim's own unit (a time in seconds, a speed in mph)
)
ANOTHER_FIGURE = 0.15  # added to the fit of a figure whose sentence also gives another figure of the claim


def _range_ends(q: Quantity, value: float) -> tuple[float, float] | None:
    """The two ends of a range figure ("$200 to $399", "between 60 and 90 days") in the units of
    ``value`` (the figure converted), or None for a single figure."""
    if q.qualifier or q.low is None or q.high is None or q.low == q.high or not q.value:
        return None
    scale = value / q.value
    return (q.low * scale, q.high * scale)


def _holds_another(others: list[Quantity], found: list[Quantity], q: Quantity, s0: int, s1: int) -> bool:
    """Whether the sentence of ``q`` (s0-s1) also gives another of the claim's figures."""
    for o in others:
        for f in found:
            if f is not q and s0 <= f.start < s1 and kind_of(f) == kind_of(o) and _same(f.value, o.value):
                return True
    return False


OTHER_SUBJECT_WORDS = 12  # a name this near a source figure may be what the figure is about


def _other_subject(frame: Frame, text: str, q: Quantity, s0: int, s1: int) -> bool:
    """A source figure whose own sentence names someone else near it ("the US had over 1,000 deaths"
    for a claim about Iran): about another subject."""
    for t in tokens(text, s0, s1):
        if (
            t.name
            and t.lemma not in frame.topic
            and t.lemma not in frame.aliases
            and word_distance(text, t.start, q.start) <= OTHER_SUBJECT_WORDS
            and not _reporter(text, t, s0, s1)
        ):
            return True
    return False


_REPORTING = re.compile(
    r"^[\w\s().,'’-]{0,40}?\b(?:said|says|say|reported|reports|report|estimated|estimates|told|stated|states|"
    r"announced|announces|recorded|records|measured|confirmed|claimed|claims|put|puts|gave|gives|cited|cites)\b"
)
_ACCORDING = re.compile(r"\b(?:according to|per|by|from|citing|cited by)\s+(?:the\s+)?$", re.I)


def _reporter(text: str, t: Token, s0: int, s1: int) -> bool:
    """A name that reports the figure rather than owns it: "Phivolcs reported 5.5", "according to
    the USGS", "told Reuters"."""
    if _REPORTING.match(text[t.end : min(s1, t.end + 60)]):
        return True
    return _ACCORDING.search(text[max(s0, t.start - 20) : t.start]) is not None


def rarity(store: Store) -> Callable[[str], float]:
    """How much a word says about a passage: its inverse passage frequency, scaled to 0.2-1 ("people"
    says little, "wingspan" much); a word no passage holds counts half (a paraphrase, or a measure
    the sources lack)."""
    n = max(store.counts(cached=True).get("passages", 0), 1)
    top = math.log(n + 1)

    def weight(word: str) -> float:
        df = store.passage_frequency(word)
        if df == 0:
            return 0.5
        return 0.2 + 0.8 * min(1.0, math.log((n + 1) / df) / top * 1.6)

    return weight


def _names_in(names: list[tuple[str, ...]], text: str) -> float:
    """Share of the claim's names (each with its other forms) that ``text`` holds."""
    if not names:
        return 1.0
    low = text.casefold()
    found = sum(1 for forms in names if any(_form_in(f, low) for f in forms))
    return found / len(names)


def _form_in(form: str, low: str) -> bool:
    """A name's form as a whole word of lower-cased text, with a plural or possessive ending
    ("motor" in "general motors'", never "uk" in "ukraine")."""
    return re.search(r"(?<!\w)" + re.escape(form) + r"(?:e?s|['’]s?)?(?!\w)", low) is not None


OR_SEARCH_MAX_PASSAGES = 200_000  # above this many passages a search for any of the claim's words is not made


def _retrieve(store: Store, names: list[tuple[str, ...]], terms: list[str]) -> list[Hit]:
    """The passages worth reading for a claim, best BM25 first.  With names: passages naming every
    name (any of its forms) and holding any of the other words, then passages naming the rarest name;
    without: passages holding any of the words, ranked.  Ranking every passage that holds a common
    word costs seconds in a large index, so there a name or the rarest words must match."""
    name_words = {f for forms in names for f in forms}
    other = [t for t in terms if t.casefold() not in name_words] or terms
    # a word in more than a twentieth of the passages ranks little and costs most to search for
    frequent = max(RARE_FLOOR, store.counts(cached=True).get("passages", 0) // 20)
    other = [t for t in other if " " in t or store.passage_frequency(t) <= frequent] or other
    if names:
        groups = [list(forms) for forms in names]
        hits = store.search([*groups, other], limit=PASSAGES) if len(groups) > 1 else []
        # a passage need not name every name of the claim ("Typhoon Haiyan killed over 6,000" in an
        # article about another storm in the Philippines): the rarest name with the other words too
        rarest = min(groups, key=lambda g: sum(store.passage_frequency(w) for w in g if " " not in w) or 0)
        seen = {(h.source.id, h.start) for h in hits}
        more = store.search([rarest, other], limit=PASSAGES) or store.search([rarest], limit=PASSAGES)
        hits += [h for h in more if (h.source.id, h.start) not in seen][:PASSAGES]
        if hits:
            # and the passages holding the claim's rarest words, which may name their subject only as
            # "the company" (the article's opening names it; see _with_documents)
            seen = {(h.source.id, h.start) for h in hits}
            extra = [h for h in _rare_words(store, other) if (h.source.id, h.start) not in seen]
            return hits + extra[:RARE_PASSAGES]
    if store.counts(cached=True).get("passages", 0) <= OR_SEARCH_MAX_PASSAGES:
        return store.search([[t] for t in terms], limit=PASSAGES, any_term=True)
    return _rare_words(store, other)


RARE_FLOOR = 1_000  # in a small index every word may be searched for
RARE_PASSAGES = 15  # passages found by the claim's rarest words alone, beside those naming its names


def _rare_words(store: Store, words: list[str]) -> list[Hit]:
    """Passages holding all of the claim's three (else two) rarest words."""
    # a word in more than 1% of the passages picks out nothing, and costs most to intersect
    common = max(RARE_FLOOR, store.counts(cached=True).get("passages", 0) // 100)
    rare = sorted(
        {w for w in words if " " not in w and 0 < store.passage_frequency(w) <= common},
        key=store.passage_frequency,
    )
    for n in (3, 2):
        if len(rare) >= n:
            hits = store.search([[w] for w in rare[:n]], limit=PASSAGES)
            if hits:
                return hits
    return []


DOCUMENTS = 6  # articles read whole when their opening names every name of the claim
DOCUMENT_PASSAGES = 120  # at most this many passages of them


def _with_documents(store: Store, hits: list[Hit], naming: list[frozenset[int]]) -> list[Hit]:
    """The passages found by the claim's words, and every passage of the few articles whose opening
    names the claim's names: "He was 101 when he died" holds no word of the claim but its name."""
    if not naming:
        return hits
    common = frozenset.intersection(*naming)
    # with three names or more, an article whose opening names all but one is about the claim too
    need = len(naming) - 1 if len(naming) >= 3 else len(naming)
    in_hits = list(dict.fromkeys(h.source.id for h in hits))
    ranked = [i for i in in_hits if sum(i in ids for ids in naming) >= need]
    ranked += sorted(common - set(ranked))
    if not ranked:
        return hits
    seen = {(h.source.id, h.start) for h in hits}
    extra = [
        h
        for h in store.passages_of(ranked[:DOCUMENTS], limit=DOCUMENT_PASSAGES)
        if (h.source.id, h.start) not in seen
    ]
    return hits + extra


def _with_aliases(store: Store, forms: tuple[str, ...], word: str) -> tuple[str, ...]:
    """A name's forms and the names the index merged with it ("GM" and "General Motors")."""
    from factcheck.names import name_key

    key = name_key(word)
    canonical = store.canonical_for_key(key) if key else None
    if canonical is None:
        return forms
    return tuple(dict.fromkeys((*forms, *(n.casefold() for n in store.names_of(canonical)))))[:12]


@cache
def _places() -> dict[str, tuple[str, ...]]:
    """Every form of a place (data/places.json) -> all its forms: "german" -> ("germany", "german", ...)."""
    raw = resources.files("factcheck").joinpath("data/places.json").read_text(encoding="utf-8")
    out: dict[str, tuple[str, ...]] = {}
    for forms in json.loads(raw)["places"].values():
        for f in forms:
            out[f] = tuple(forms)
    return out


def name_forms(word: str) -> tuple[str, ...]:
    """A claim's name and the other words for it: its lemma, and for a place its names and adjectives
    ("Germany" -> germany, german, germans; "UK" -> uk, britain, british, ...)."""
    key = word.casefold().strip(".")
    return tuple(dict.fromkeys((lemma(word), key, *_places().get(key, _places().get(lemma(word), ())))))


def candidates(
    store: Store,
    claim_text: str,
    part: Quantity,
    others: list[Quantity],
    claim_dates: list[DateSpan],
    rate: RateFn | None,
) -> list[Candidate]:
    """Every figure of the passages about the claim, scored by how well it fits ``part``."""
    claim_dates = [d for d in claim_dates if not (d.start <= part.start < d.end)]  # the figure is a date
    part = year_bound(claim_text, part)
    if _RELATIVE_PERIOD.search(claim_text):
        claim_dates = []  # "in October 2010 ... the previous year": the figure's period is not the date given
    frame = claim_frame(claim_text, part, others, rarity(store))
    if not frame.words:
        return []
    v = vocab()
    terms: list[str] = []
    for t in tokens(claim_text):
        word = claim_text[t.start : t.end]
        if word.casefold() in v.stop:
            continue
        terms.append(word)
        terms.extend(
            w for w, gs in v.groups.items() if gs & v.groups.get(t.lemma, frozenset()) and len(w) > 3
        )
    num = part.text.split()[-1] if part.text else ""
    if any(ch.isdigit() for ch in num):
        terms.append(num)
    terms = list(dict.fromkeys(terms))[:60]
    if not terms:
        return []
    first = next(iter(tokens(claim_text)), None)
    if first is not None and not first.name and written_as_name(store, claim_text[first.start : first.end]):
        frame.names.insert(0, first.lemma)  # "Xiaomi has ...": a name that opens the claim
        frame.name_words.insert(0, re.sub(r"['’]s$", "", claim_text[first.start : first.end]))
    names = [_with_aliases(store, name_forms(w), w) for w in dict.fromkeys(frame.name_words)]
    hits = _retrieve(store, names, terms)
    frame.aliases = {lemma(f) for forms in names for f in forms if " " not in f}
    # the sources that name each name in their opening: a later passage of an article about the
    # subject need not repeat its name ("The company ..."); a name met in passing makes no subject
    naming = [store.sources_naming(forms) for forms in names]
    hits = _with_documents(store, hits, naming)
    from factcheck.check.relative import RATIO
    from factcheck.check.relative import frame as relative_frame
    from factcheck.check.restate import NEAR_IDENTICAL, cue, restates

    ckind = kind_of(part)
    cper = per_unit(claim_text, part)
    cunit = unit_after(claim_text, part)
    crel = "level" if unit_after(claim_text, part) else _frame_class(relative_frame(claim_text, part), ckind)
    if crel == RATIO:
        return []  # one term of a ratio ("1 in 500") is not a figure to compare
    low_claim = " " + " ".join(re.findall(r"[a-z']+", claim_text.casefold())) + " "
    claim_hedged = any(f" {w} " in low_claim for w in _hedges())
    out: list[Candidate] = []
    for h in hits:
        text = h.text
        title = h.source.title or ""
        in_passage = _names_in(names, text + " " + title)
        if naming:
            in_passage = max(
                in_passage, IN_DOCUMENT * sum(h.source.id in ids for ids in naming) / len(naming)
            )
        lemmas = {t.lemma for t in tokens(text)} | {t.lemma for t in tokens(title)}
        low = (text + " " + title).casefold()
        lemmas |= {forms[0] for forms in names if any(_form_in(f, low) for f in forms)}
        topic = fit_topic(frame, lemmas)
        spans = _sentence_spans(text)
        found = _passage_quantities(text)
        for q in found:
            if kind_of(q) != ckind or per_unit(text, q) != cper:
                continue
            if ckind == "count" and (units_clash(claim_text, part, text, q) or _label(text, q)):
                continue
            if (
                _YEAR.fullmatch(q.text.strip())
                and ckind == "count"
                and not _YEAR.fullmatch(part.text.strip())
            ):
                continue  # a year in prose is not a count
            s0, s1 = next(((a, b) for a, b in spans if a <= q.start < b), (0, len(text)))
            sentence = text[s0:s1]
            srel = (
                "level"
                if unit_after(text, q)
                else _frame_class(
                    relative_frame(sentence, replace(q, start=q.start - s0, end=q.end - s0)), ckind
                )
            )
            mismatch = f"a {srel} figure, the claim's is a {crel}" if srel != crel else ""
            words = fit_words(frame, text, q.start, q.end, s0, s1)
            in_sentence = _names_in(names, sentence)
            subject_ok = not _other_subject(frame, text, q, s0, s1)
            in_passage_here = 0.0 if names and in_sentence == 0 and not subject_ok else in_passage
            subject = (
                NO_SUBJECT if names and in_passage_here == 0 else 0.6 + 0.2 * in_passage + 0.2 * in_sentence
            )
            if (ckind.startswith("duration") or cunit) and (
                ckind.startswith("duration") or unit_after(text, q) == cunit
            ):
                words = max(words, UNIT_WORDS)  # "47.42 seconds", "75 mph": the unit says what is measured
            fit = (0.6 * words + 0.4 * topic) * subject
            period = _period(claim_dates, sentence, q.start - s0, h.source.date, ckind.startswith("year"))
            if period in ("other", "dated", "before"):
                fit *= OTHER_PERIOD
            value, note = _in_claim_units(part, q, h, rate)
            if value is None:
                continue
            if (
                value
                and part.value
                and max(abs(value), abs(part.value)) / min(abs(value), abs(part.value)) >= 50
            ):
                fit *= 0.5  # figures of wholly different size seldom measure one thing
            ends = _range_ends(q, value) if _range_ends(part, part.value) is None else None
            if ends is None:
                agrees = holds(part, value, qualifier_class(q))
            else:  # a range bears a figure out at an end ("cut by $200 to $399" gives $399)
                agrees = any(holds(part, e, "exact") for e in ends)
                if not agrees and ends[0] <= part.value <= ends[1]:
                    continue  # "between 60 and 90" neither bears out nor refutes 75
            if not agrees and undecided(part, value, qualifier_class(q)):
                continue  # "over 93 million" neither bears out nor refutes "less than 98 million"
            paired = bool(others) and _holds_another(others, found, q, s0, s1)
            if paired:
                # the sentence also gives another figure of the claim: it is about the claim
                fit = min(1.0, fit + ANOTHER_FIGURE)
                words = max(words, AGAINST_WORDS)
            restated = (
                (restates(claim_text, sentence, topic) or "") if agrees else ""
            )  # an echo repeats the figure
            article = h.source.passages >= ARTICLE_PASSAGES
            if article and (
                any(f'("{w}")' in restated for w in _NEWS_CUES)
                or ('("claim' in restated and not _CLAIM_THAT.search(sentence))
            ):
                restated = ""  # "Ford posted a profit", "claimed 3,000 lives": an article's ordinary words
            if restated == NEAR_IDENTICAL and cue(text) is None and h.source.passages >= ARTICLE_PASSAGES:
                restated = ""  # an article's sentence that says what the claim says is its report; a
                # snippet that is nothing but the claim (a post, a search result) echoes it
            hedged = "" if claim_hedged else _hedged(text, q, s0)  # a forecast may contradict a forecast
            head = says_head(frame, text, q.start, q.end, s0, s1)
            out.append(
                Candidate(
                    h,
                    q,
                    value,
                    (s0, s1),
                    fit,
                    words,
                    period,
                    agrees,
                    note,
                    restated,
                    hedged,
                    head,
                    subject_ok,
                    paired,
                    mismatch,
                )
            )
    out.sort(key=lambda c: c.fit, reverse=True)
    return out


_PER = re.compile(
    r"\s*(?:per|a|each|an)\s+(share|person|capita|head|year|month|day|hour|week|barrel|unit)\b|\s*/\s*[a-z]",
    re.I,
)


def per_unit(text: str, q: Quantity) -> bool:
    """A rate ("$1.14 per share", "5 a day"), never compared with a total."""
    return _PER.match(text, q.end) is not None


def _in_claim_units(part: Quantity, q: Quantity, h: Hit, rate: RateFn | None) -> tuple[float | None, str]:
    if kind_of(part) != "money" or not part.currency or not q.currency or q.currency == part.currency:
        return q.value, ""
    if rate is None:
        return None, ""
    from factcheck.check.engine import source_day

    got = rate(q.currency, part.currency, source_day(h.source))
    if got is None:
        return None, ""
    return q.value * got[0], f"converted at {got[0]:.4g} {part.currency}/{q.currency} (ECB, {got[1]})"


@dataclass(slots=True)
class PartJudgement:
    verdict: Verdict
    reason: str
    evidence: list[Candidate]
    best_fit: float = 0.0


def _same(a: float, b: float) -> bool:
    return a == b or (a != 0 and abs(a - b) / abs(a) <= 0.02)


AGAINST_WORDS = 0.2  # a rival figure contradicts only when this much of the measure is said next to it
SUPPORT_FIT = 0.30  # an agreeing source figure supports from this fit
SUPPORT_WORDS = 0.15  # ... when at least this much of its measure is said next to it


SPECIFIC_FIT = 0.12  # ... or from this fit when the figure is specific enough to be found by chance seldom


def specific(q: Quantity) -> bool:
    """A figure unlikely to recur by chance: two or more significant digits ("149", "$82.29 billion",
    not "20", "$1 billion" or "5,000")."""
    digits = re.sub(r"\D", "", f"{abs(q.value):.6g}".split("e")[0]).strip("0")
    return len(digits) >= 3 or (len(digits) >= 2 and abs(q.value) >= 20)


TALLY_FIT = 0.6  # under a dispute, a rival passage counts in the tally from this share of the best fit
RIVAL_SPREAD = (
    0.3  # two reports of one figure in one sentence differ by at most this ("5.5; USGS reported 5.8")
)


def _rival_report(rival: Candidate, support: Candidate, part: Quantity) -> bool:
    """A rival figure in the supporting figure's own sentence that is another report of the same thing
    ("Phivolcs reported 5.5; USGS reported 5.8"), not a contrast of two things ("4,300 in France,
    3,700 in Germany"): described at least as well, close in value, and naming no other subject."""
    if rival.words < support.words or not part.value:
        return False
    return abs(rival.value - part.value) / abs(part.value) <= RIVAL_SPREAD


def judge(part: Quantity, cands: list[Candidate], others: list[Quantity]) -> PartJudgement:
    """The verdict on one figure from its best-fitting source figures."""
    framed = [c for c in cands if c.mismatch]
    cands = [c for c in cands if not c.mismatch]
    if framed and (not cands or cands[0].fit < MIN_FIT) and framed[0].fit >= MIN_FIT:
        return PartJudgement(
            Verdict.UNVERIFIED, "nothing comparable (" + framed[0].mismatch + ")", framed[:3], framed[0].fit
        )
    best = cands[0].fit if cands else 0.0
    support = [
        c
        for c in cands
        if c.agrees
        and c.period
        not in ("dated", "before")  # an undated report long after the claim's day may still give it
        and not c.restated
        and (
            (c.fit >= SUPPORT_FIT and c.words >= SUPPORT_WORDS)
            or ((specific(part) or c.paired) and c.fit >= SPECIFIC_FIT)
        )
        # a bound ("less than $2 million") is met by many figures: only by one that fits about as well
        # as the best, not by a part of the total the best one gives
        and (qualifier_class(part) in ("exact", "about") or c.fit >= best - CLOSE_FIT)
    ]
    close = [c for c in cands if c.fit >= max(MIN_FIT, best - CLOSE_FIT)]
    # a source figure equal to another figure of the claim is that figure, not a rival
    rivals = [c for c in close if not c.agrees and not any(_same(c.value, o.value) for o in others)]
    against = [
        c
        for c in rivals
        if c.period not in ("other", "dated", "before")
        and c.words >= AGAINST_WORDS
        and c.head
        and not c.hedged
        and not c.restated
    ]
    if support:
        top = support[0].fit
        strong = [c for c in against if c.fit >= DISPUTE_FIT * max(top, best) and c.words >= 0.5]
        other_passages = [
            c
            for c in strong
            if all((c.hit.source.id, c.sentence) != (s.hit.source.id, s.sentence) for s in support)
            or _rival_report(c, support[0], part)
        ]
        if other_passages:
            rivals_all = [  # every passage that gives a rival figure about as well, for the tally
                c
                for c in cands
                if not c.agrees
                and c.fit >= TALLY_FIT * best
                and c.words >= AGAINST_WORDS
                and c.head
                and c.period not in ("other", "dated", "before")
                and not c.hedged
                and not c.restated
                and any(_same(c.value, o.value) for o in other_passages)
            ]
            return PartJudgement(Verdict.DISPUTED, "sources disagree", support[:5] + rivals_all[:5], best)
        return PartJudgement(Verdict.SUPPORTED, "", support[:5], best)
    if against:
        return PartJudgement(Verdict.CONTRADICTED, "", against[:5], best)
    elsewhere = [
        c
        for c in cands
        if c.agrees and c.period == "dated" and c.fit >= SUPPORT_FIT * OTHER_PERIOD and not c.restated
    ]
    if elsewhere:
        return PartJudgement(
            Verdict.CONTRADICTED, "the sources give this figure for another date", elsewhere[:3], best
        )
    return PartJudgement(
        Verdict.UNVERIFIED,
        "no source gives this figure" if not close else "no comparable figure",
        (close or cands)[:3],
        best,
    )

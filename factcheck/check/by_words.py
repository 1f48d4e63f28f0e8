"""Evidence found by the claim's own words, for claims whose entity is not a name the index knows.

Lower-cased or scraped corpora ("acme robotics has 350 staff") carry no capitalised names, so no fact is
attributed to an entity at index time.  A claim still names what it is about: its content words, and
the names it capitalises.  Passages holding those words (and every name) are read at check time; a
sentence counts as evidence when it holds most of the claim's content words and a figure of the same
kind that measures the same thing: tied to the claim's attribute (its cue word), to the same measure
(``data/measures.json``: "killed" and "deaths", "inhabitants" and "population") or, when neither
figure has a measure, to the same noun the claim counts ("80,000 americans") or the same base of a
share ("90% of teachers").  Such evidence is marked as matched by words, so a reader knows no entity
was recognised, and it is read with care:

- a passage that restates the claim (near-identical, or quoting / attributing it) is never support
  (``check/restate.py``);
- a relative figure ("rose 30%", "five times", "per capita") is compared only with one of the same
  frame, never with a level, and a term of a ratio ("1 in 500") never (``check/relative.py``);
- a source figure equal to another figure of the claim is that figure, and a sentence that also gives
  the claim's figure contrasts two things: neither is a rival;
- a disagreement is a contradiction only when the source states its figure plainly (no "estimated",
  "could", "up to"), for the claim's time (no other year), about one figure of its kind, and differs by
  more than rounding (``CONTRADICTION_MIN``; the check is in ``engine._compare_by_words``).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from factcheck.check.claims import Claim
from factcheck.models import Fact, FactRecord, Hit, Quantity
from factcheck.store import Store

_WORD = re.compile(r"[a-z0-9][a-z0-9'’-]*", re.IGNORECASE)
_CLAUSE_WORD = re.compile(r"[a-z0-9][a-z0-9'’-]*|[.,;:!?()]", re.IGNORECASE)
_WINDOW_STOPS = frozenset([".", ",", ";", ":", "!", "?", "(", ")", "and", "or", "but", "while", "whereas"])
MAX_HITS = 30
MIN_SHARE = 0.6  # share of the claim's content words a sentence must hold
NOUN_WINDOW = 3  # words after a figure searched for the noun it counts
CUE_WINDOW = 40  # characters around a figure searched for the claim's attribute cue
SAME_FIGURE = 0.02  # a source figure within this of another figure of the claim is that figure
CONTRADICTION_MIN = 0.10  # word-matched figures must differ by more than this to contradict
DATELINE_CHARS = 16  # a date that opens a passage ("jul 26, 2023 ...") is when it was published
CONTRADICTION_FAMILIES = ("count", "money", "percentage")  # durations and years read by words: often labels
OR_SEARCH_MAX_PASSAGES = 200_000  # above this many passages, no any-word fallback search
QUOTED_TERM_WORDS = 3  # a quoted phrase of at most this many words is a term the evidence must use
_QUOTED_PHRASE = re.compile(r"[\"“”]([^\"“”]{2,40})[\"“”]")  # double quotes: ' and ’ are apostrophes too
TITLE_CASE_SHARE = 0.6  # a claim with more of its words capitalised is a headline: no names read
_CAPITAL_WORD = re.compile(r"[\w][\w'’-]*", re.UNICODE)
_SENTENCE_START = re.compile(r"(^|[.!?:\"“‘(]\s*|[-–—]\s+)$")
_NEGATIONS = frozenset(["not", "no", "never", "without", "nobody", "none", "neither", "nor", "didn't", "don't",
                        "doesn't", "isn't", "wasn't", "weren't", "aren't", "won't", "can't", "cannot"])  # fmt: skip
# text with no capital letters: a full stop followed by a space ends a sentence unless it follows a
# single letter or a digit ("u.s. ", "no. 1")
_LOWER_BREAK = re.compile(r"(?<=[a-z]{2}[.!?])\s+(?=[a-z(\"“])")


@dataclass(frozen=True, slots=True)
class WordsMatch:
    """A figure read at check time, with why it may only be shown as related (``related``) or may
    not contradict the claim (``no_contradiction``); empty when neither applies."""

    record: FactRecord
    related: str = ""
    no_contradiction: str = ""


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a passage; lower-cased text (no capitals to go by) is split at full stops."""
    from factcheck.ingest.segment import split_sentences

    spans = [(s.start, s.end) for s in split_sentences(text, 0, len(text), 1)]
    if text.lower() != text:  # a capital letter somewhere (faster than testing each character)
        return spans
    out: list[tuple[int, int]] = []
    for a, b in spans:
        pos = a
        for m in _LOWER_BREAK.finditer(text, a, b):
            out.append((pos, m.start()))
            pos = m.end()
        out.append((pos, b))
    return out


@cache
def _stopwords() -> frozenset[str]:
    raw = resources.files("factcheck").joinpath("data/claim_stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in raw.splitlines() if w.strip() and not w.startswith("#"))


@cache
def _measures() -> tuple[int, int, dict[str, frozenset[str]], tuple[str, ...]]:
    """(words before, words after, word -> measures, hedge phrases) from data/measures.json."""
    raw = resources.files("factcheck").joinpath("data/measures.json").read_text(encoding="utf-8")
    d = json.loads(raw)
    by_word: dict[str, set[str]] = {}
    for measure, words in d["measures"].items():
        for w in words:
            by_word.setdefault(w.casefold(), set()).add(measure)
    frozen = {w: frozenset(ms) for w, ms in by_word.items()}
    hedges = tuple(h.casefold() for h in d["hedges"])
    return int(d["window_before"]), int(d["window_after"]), frozen, hedges


def stem(w: str) -> str:
    """A crude singular: "cities" -> "city", "taxes" -> "tax", "states" -> "state", "votes" -> "vote"."""
    w = w.casefold().strip("'’-")
    if len(w) <= 3 or w.endswith(("ss", "us", "is")):
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes", "zes")):
        return w[:-2]
    if w.endswith("s"):
        return w[:-1]
    return w


def _distance(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, b0 - a1, a0 - b1)


def content_words(text: str, skip: list[tuple[int, int]]) -> list[str]:
    stop = _stopwords()
    out: list[str] = []
    for m in _WORD.finditer(text):
        if any(a <= m.start() < b for a, b in skip):
            continue
        w = m.group().casefold()
        if w in stop or w.isdigit() or len(w) < 2:
            continue
        if w not in out:
            out.append(w)
    return out


@cache
def _number_words() -> frozenset[str]:
    raw = resources.files("factcheck").joinpath("data/number_words.json").read_text(encoding="utf-8")
    d = json.loads(raw)
    return frozenset(w.casefold() for k in ("units", "tens", "scales") for w in d.get(k, {}))


def _noun_after(text: str, end: int) -> str | None:
    """The noun a figure counts: the first content word after it ("80,000 americans"), not a number."""
    stop = _stopwords()
    numbers = _number_words()
    for m in list(_WORD.finditer(text, end))[:NOUN_WINDOW]:
        w = m.group().casefold()
        if w not in stop and not w[0].isdigit() and w not in numbers:
            return stem(w)
    return None


def measures_near(text: str, q: Quantity) -> frozenset[str]:
    """The measures (deaths, population, votes, ...) named by words next to a figure, within its
    clause: "the flu killed 80,000 americans" -> deaths."""
    before_n, after_n, by_word, _ = _measures()
    found: set[str] = set()
    before = [m.group().casefold() for m in _CLAUSE_WORD.finditer(text, max(0, q.start - 120), q.start)]
    after = [m.group().casefold() for m in _CLAUSE_WORD.finditer(text, q.end, min(len(text), q.end + 120))]
    for words, n in ((before[::-1], before_n), (after, after_n)):
        for w in words[:n]:
            if w in _WINDOW_STOPS or w[:1].isdigit():
                break  # the clause ends, or another figure's words begin ("two deaths and 38 cases")
            found |= by_word.get(w, frozenset()) | by_word.get(stem(w), frozenset())
    return frozenset(found)


def _percent_base(text: str, q: Quantity) -> str | None:
    """What a share is a share of: "90% of policemen" -> "policemen" (None when not said)."""
    if q.kind != "percent":
        return None
    words = [m.group().casefold() for m in _WORD.finditer(text, q.end, min(len(text), q.end + 60))]
    if not words or words[0] != "of":
        return None
    for w in words[1:4]:
        w = re.sub(r"['’]s$", "", w)
        if w not in _stopwords() and w not in ("all",):
            return stem(w)
    return None


def _hedge(sentence: str) -> str | None:
    low = " " + " ".join(_WORD.findall(sentence.casefold())) + " "
    for h in _measures()[3]:
        if f" {h} " in low:
            return h
    return None


def _other_years(sentence: str, claim: Claim) -> list[str]:
    """Years or dates in a sentence that do not fit the claim's date (all of them when the claim has
    none); a dateline opening the passage is left out."""
    from factcheck.extract.dates import extract_dates

    out: list[str] = []
    for d in extract_dates(sentence):
        if d.start < DATELINE_CHARS:
            continue
        if claim.date is not None and not (d.finish < claim.date.begin or claim.date.finish < d.begin):
            continue
        out.append(d.text)
    return out


@cache
def _ordinary_capitals() -> frozenset[str]:
    """Words capitalised at a sentence start that are not names ("The", "Video", "Since", "Three"),
    from the entity extractor's word lists."""
    raw = resources.files("factcheck").joinpath("data/entity_words.json").read_text(encoding="utf-8")
    d = json.loads(raw)
    keys = ("stop_words", "intro_words", "common_nouns", "function_words", "not_names", "generic_subjects")
    return frozenset(w.casefold() for k in keys for w in d.get(k, [])) | _stopwords()


def claim_names(text: str) -> list[str]:
    """The words a claim capitalises ("Kanye West", "Kentucky", "CDC"; at a sentence start only a word
    that is not an ordinary sentence opener), lower-cased: the names of what it is about.  None for a claim in title case or capitals throughout (a
    headline: capitals say nothing there)."""
    stop = _stopwords()
    words = list(_CAPITAL_WORD.finditer(text))
    letters = [m for m in words if m.group()[:1].isalpha()]
    if not letters or sum(1 for m in letters if m.group()[:1].isupper()) > TITLE_CASE_SHARE * len(letters):
        return []
    from factcheck.extract.dates import extract_dates
    from factcheck.extract.quantities import extract_quantities

    dated = [(d.start, d.end) for d in extract_dates(text)]
    dated += [(q.start, q.end) for q in extract_quantities(text)]  # "Rs 8 crore", "US$2.7bn"
    out: list[str] = []
    for m in letters:
        w = m.group()
        if not w[:1].isupper():
            continue
        if _SENTENCE_START.search(text[: m.start()]) is not None and (
            w.casefold() in _ordinary_capitals() or w.casefold().endswith("ing")
        ):
            continue  # "Video shows ...", "Eliminating ...": capitalised because it opens a sentence
        if any(a <= m.start() < b for a, b in dated):
            continue
        low = w.casefold().strip("'’-").split("-")[0]
        low = re.sub(r"['’]s$", "", low)
        if low in stop or len(low) < 2 or low in out:
            continue
        out.append(low)
    return out


def quoted_terms(text: str) -> list[str]:
    """The content words of a short phrase the claim puts in quotation marks ("ghost voters"): a
    term of art the evidence must use too.  A quoted sentence (more than QUOTED_TERM_WORDS words)
    is the claim itself, not a term."""
    stop = _stopwords()
    out: list[str] = []
    for m in _QUOTED_PHRASE.finditer(text):
        words = [w.group().casefold() for w in _WORD.finditer(m.group(1))]
        if not words or len(words) > QUOTED_TERM_WORDS:
            continue
        out += [w for w in words if w not in stop and not w[0].isdigit() and w not in out]
    return out


def _negated(text: str) -> bool:
    return any(m.group().casefold() in _NEGATIONS for m in _WORD.finditer(text))


def same_value(a: Quantity, b: Quantity) -> bool:
    m = max(abs(a.value), abs(b.value))
    return m == 0 or abs(a.value - b.value) <= SAME_FIGURE * m


def _lost_sign(claim_text: str, q: Quantity, fq: Quantity) -> bool:
    """The claim writes its money with a sign that ASCII cannot hold ("£", "€", "¥", "₹") and the
    source figure is a bare number: the sign may have been stripped when the text was scraped."""
    return (
        fq.kind in ("number", "count")
        and fq.currency is None
        and fq.unit is None
        and q.currency is not None
        and not claim_text[q.start : q.end].isascii()
    )


def has_names(passage: str, names: list[str]) -> bool:
    have: set[str] = set()
    for m in _WORD.finditer(passage):
        have.add(stem(m.group()))
        have.update(stem(p) for p in m.group().split("-") if p)  # "covid-19" holds "covid"
    return all(stem(n) in have for n in names)


def _hits(store: Store, subject: list[str]) -> list[Hit]:
    """Passages holding every subject word, else (in a corpus small enough to rank) the passages
    best ranked for any of them."""
    hits: list[Hit] = store.search([[w] for w in subject], limit=MAX_HITS)
    if hits or len(subject) < 2:
        return hits
    if store.counts(cached=True).get("passages", 0) > OR_SEARCH_MAX_PASSAGES:
        return []
    return store.search([[w] for w in subject], limit=MAX_HITS, any_term=True)


@dataclass(frozen=True, slots=True)
class _Reading:
    """What the claim's figure is, read once: its family, the noun it counts, its measures, its frame,
    the base of a share, whether the claim is negated, and the claim's other figures."""

    text: str
    q: Quantity
    family: str
    noun: str | None
    measures: frozenset[str]
    frame: str
    base: str | None
    negated: bool
    others: tuple[Quantity, ...]


def family(q: Quantity) -> str:
    from factcheck.check.compare import _family

    return _family(q)


def _tied(r: _Reading, sent: str, fq: Quantity, owned: bool) -> bool:
    """The source figure measures what the claim's does: its attribute cue is nearest to it
    (``owned``), it shares a measure with it, or (neither having one) a count counts the same noun, a
    share is of the same base, a sum names no rival noun."""
    if owned:
        return True
    src_measures = measures_near(sent, fq)
    if r.measures or src_measures:
        return bool(r.measures & src_measures)
    # a share or a sum often names no noun right after it ("fell 4 percentage points between ..."):
    # the sentence's share of the claim's words and names ties it
    src_noun = _noun_after(sent, fq.end)
    if r.family == "percentage":
        base = _percent_base(sent, fq)
        return r.base is None or base is None or base == r.base
    if r.noun is not None and src_noun == r.noun:
        return True
    return r.family == "money" and (r.noun is None or src_noun is None)


def _judge(
    r: _Reading, claim: Claim, sent: str, fq: Quantity, share: float, lost_sign: str
) -> tuple[str, str]:
    """(why the figure is only related, why it may not contradict); empty strings when neither."""
    from factcheck.check.relative import RATIO, frame
    from factcheck.check.restate import NEAR_IDENTICAL, restates

    q = r.q
    why = restates(r.text, sent, share, fq.start)
    if why == NEAR_IDENTICAL and not same_value(fq, q):
        why = None  # the same words with another figure: the source says otherwise
    if why is not None:
        return why, ""
    src_frame = frame(sent, fq)
    if src_frame == RATIO:
        return 'one term of a ratio ("1 in 500") is not compared', ""
    if src_frame != r.frame:
        return f"a {src_frame} figure, the claim's is a {r.frame}", ""
    if _negated(sent) != r.negated:
        return "one of the two is negated", ""
    if not same_value(fq, q) and any(same_value(fq, o) and family(o) == r.family for o in r.others):
        return "the claim's other figure", ""
    if lost_sign:
        return "", lost_sign
    hedge = _hedge(sent)
    if hedge is not None:
        return "", f'the source hedges its figure ("{hedge}")'
    years = _other_years(sent, claim)
    if years:
        return "", f"the source's figure is for {years[0]}"
    if r.family not in CONTRADICTION_FAMILIES:
        return "", f"a {r.family} read by words is a label as often as a measure"
    if any(family(o) == r.family for o in r.others):
        return "", "the claim has several figures of this kind; which one this answers is unclear"
    return "", ""


@dataclass(slots=True)
class WordsResult:
    """The figures read by the claim's words, and how far the search got (for the reason of an
    unverified claim): ``outcome`` is empty when figures were found."""

    matches: list[WordsMatch]
    outcome: str = ""


def records_by_words(store: Store, claim: Claim, text: str) -> WordsResult:
    """Facts read at check time from passages that hold the claim's own words."""
    from factcheck.check.relative import RATIO, frame
    from factcheck.extract.quantities import extract_quantities

    q = claim.quantity
    if q is None:
        return WordsResult([], "no figure")
    reading = _Reading(
        text=text,
        q=q,
        family=family(q),
        noun=_noun_after(text, q.end),
        measures=measures_near(text, q),
        frame=frame(text, q),
        base=_percent_base(text, q),
        negated=_negated(text),
        others=tuple(
            o
            for o in extract_quantities(text)
            if o.linked is None and o.kind not in ("year", "ordinal") and (o.start, o.end) != (q.start, q.end)
        ),
    )
    if reading.frame == RATIO:
        return WordsResult([], 'the figure is one term of a ratio ("1 in 500"), which is not compared')
    skip = [(q.start, q.end)]
    if claim.date is not None:
        skip.append((claim.date.start, claim.date.end))
    cue = claim.attribute_text.casefold() if claim.attribute_text else None
    by_word = _measures()[2]

    def own_measure(w: str) -> bool:  # a word naming the claim figure's own measure ("killed")
        return bool((by_word.get(w, frozenset()) | by_word.get(stem(w), frozenset())) & reading.measures)

    subject = [
        w for w in content_words(text, skip) if w != cue and stem(w) != reading.noun and not own_measure(w)
    ]
    if not subject:
        return WordsResult([], "no words besides the figure to look for")
    names = [n for n in claim_names(text) if stem(n) not in {stem(w) for w in (cue or "").split()}]
    names += [w for w in quoted_terms(text) if w not in names]
    retrieved = _hits(store, subject)
    hits = [h for h in retrieved if has_names(h.text, names)]
    if not hits:
        if retrieved:
            return WordsResult([], f"no passage with the claim's words names {', '.join(names)}")
        return WordsResult([], "no passage holds the claim's words")
    need = len(subject) if len(subject) < 3 else math.ceil(MIN_SHARE * len(subject))
    stems = {stem(w) for w in subject}
    near_sentence = False
    out: list[WordsMatch] = []
    for h in hits:
        for start, end in sentences(h.text):
            sent = h.text[start:end]
            shared = len(stems & {stem(m.group()) for m in _WORD.finditer(sent)})
            if shared < need:
                continue
            near_sentence = True
            out.extend(_read_sentence(reading, claim, h, start, end, shared / len(stems)))
    if out:
        return WordsResult(out)
    if not near_sentence:
        return WordsResult([], "no sentence holds most of the claim's words")
    return WordsResult([], "no figure of the same kind and measure where the claim's words are")


def _read_sentence(r: _Reading, claim: Claim, h: Hit, start: int, end: int, share: float) -> list[WordsMatch]:
    """The figures of one sentence of a passage (``h.text[start:end]``) that measure what the claim's
    figure does, each with the reasons it may only be related or may not contradict."""
    from factcheck.check.claims import is_compound, year_like
    from factcheck.extract.attributes import find_attributes
    from factcheck.extract.dates import extract_dates
    from factcheck.extract.quantities import extract_quantities

    q = r.q
    sent = h.text[start:end]
    allq = extract_quantities(sent)
    alts = {f.linked: f for f in allq if f.linked is not None}
    dated = [(d.start, d.end) for d in extract_dates(sent)]
    figures = [
        f
        for f in allq
        if f.linked is None
        and f.kind not in ("year", "ordinal")
        and not year_like(f)
        and not is_compound(sent, f)
        and not any(a <= f.start and f.end <= b for a, b in dated)
    ]
    index_of = {id(f): k for k, f in enumerate(allq)}
    # a cue belongs to the figure nearest to it ("1,000 employees, has 25 million users")
    owned: set[int] = set()
    if claim.attribute is not None and figures:
        for a in find_attributes(sent):
            if a.attribute != claim.attribute:
                continue
            dist, idx = min((_distance(a.start, a.end, f.start, f.end), j) for j, f in enumerate(figures))
            if dist <= CUE_WINDOW:
                owned.add(idx)
    out: list[WordsMatch] = []
    for i, found in enumerate(figures):
        fq = found
        lost_sign = ""
        if family(fq) != r.family:
            if not (sent.isascii() and r.family == "money" and _lost_sign(claim.clean, q, fq)):
                continue
            # "4.4million" in a scraped ASCII-only text may have been "£4.4 million"
            fq = replace(fq, kind="money", currency=q.currency)
            lost_sign = f"the source is ASCII-only; its bare figure is read as {q.currency}"
        if not _tied(r, sent, fq, i in owned):
            continue
        related, no_contra = _judge(r, claim, sent, fq, share, lost_sign)
        off = h.start + start
        alt = alts.get(index_of[id(found)])
        fact = Fact(
            entity=None,
            attribute=claim.attribute or (f"count of {r.noun}" if r.noun else "figure"),
            quantity=replace(fq, start=off + fq.start, end=off + fq.end),
            sentence_start=off,
            sentence_end=h.start + end,
            line=h.line + h.text[: start + fq.start].count("\n"),
            alt=None if alt is None else replace(alt, start=off + alt.start, end=off + alt.end, linked=None),
        )
        rec = FactRecord(id=0, fact=fact, source=h.source, canonical=None, sentence=sent)
        out.append(WordsMatch(rec, related, no_contra))
    if any(family(f) == r.family and same_value(f, q) for f in figures):
        return _contrasted(out, q)
    return out


def _contrasted(matches: list[WordsMatch], q: Quantity) -> list[WordsMatch]:
    """A sentence that gives the claim's figure and another of the same measure contrasts two things
    ("100 million cases in state courts, 400,000 in federal courts"): the other is not a rival."""
    if not matches:
        return matches
    return [
        m
        if same_value(m.record.fact.quantity, q) or m.related
        else replace(
            m, related="the sentence also gives the claim's figure; this one is about something else"
        )
        for m in matches
    ]

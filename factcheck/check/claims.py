"""Understanding a typed claim with the same extractors used on the sources: which entity (found
among the names the corpus knows, despite case, spacing and small typos), which attribute, which
figure with its comparator, unit and currency, and which date."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from factcheck.models import DateSpan, Quantity
from factcheck.names import name_key
from factcheck.store import Store

MAX_CLAIM_CHARS = 2000  # a claim longer than this is not parsed (one-line result with the reason)
_WORD = re.compile(r"[\w$€£¥][\w.'’&$-]*", re.UNICODE)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
MAX_NGRAM = 5
FUZZY_CUTOFF = 80.0


@dataclass(slots=True)
class Claim:
    text: str
    entity: str | None = None  # canonical name in the corpus
    entity_text: str | None = None  # the words of the claim that named it
    attribute: str | None = None
    attribute_text: str | None = None
    quantity: Quantity | None = None
    date: DateSpan | None = None
    problems: list[str] = field(default_factory=list)  # why it could not be fully understood
    clean: str = ""  # the text that was parsed (control characters removed): spans index into it

    @property
    def comparator(self) -> str:
        if self.quantity is None:
            return ""
        return self.quantity.qualifier or "equals"


def _entity(store: Store, text: str, taken: list[tuple[int, int]]) -> tuple[str, str] | None:
    """(canonical, typed words) of the longest n-gram of ``text`` that names a known entity."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    words = [w for w in words if not any(a < w[1] and w[0] < b for a, b in taken)]
    best: tuple[int, int, str, str] | None = None  # (n words, -start, canonical, typed)
    candidates: list[tuple[int, str, str]] = []
    for i in range(len(words)):
        for n in range(min(MAX_NGRAM, len(words) - i), 0, -1):
            a, b = words[i][0], words[i + n - 1][1]
            typed = text[a:b].rstrip(".,;:'’")
            typed = re.sub(r"['’]s$", "", typed)
            key = name_key(typed)
            if not key:
                continue
            canonical = store.canonical_for_key(key)
            if canonical is not None:
                if best is None or (n, -a) > (best[0], best[1]):
                    best = (n, -a, canonical, typed)
                break
            if len(key) >= 4:
                candidates.append((n, typed, key))
    if best is not None:
        return best[2], best[3]
    # nothing exact: small typos ("Zhipo AI"), fuzzily against every known name
    cands = [c for c in candidates if not all(store.in_vocabulary(w) for w in c[1].split())]
    if not cands:
        return None
    from rapidfuzz import fuzz, process

    keys = store.alias_keys()
    scored: list[tuple[float, int, str, str]] = []
    for n, typed, key in cands:
        hit = process.extractOne(key, keys.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if hit is not None:
            scored.append((float(hit[1]), n, keys[hit[0]], typed))
    if not scored:
        return None
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    return scored[0][2], scored[0][3]


_YEAR_DIGITS = re.compile(r"(19|20)\d\d")
_YEAR_MARK = re.compile(r"\b(?:since|until|till|through|before|after)\s+(?:the\s+)?$", re.I)
_YEAR_SPAN = re.compile(r"(?:19|20)\d\d[-–/]$")
_NAME_BEFORE = re.compile(r"(?<![.!?:;\"“(])\s+([A-Z][\w'’-]*)\s+$")


def year_like(q: Quantity) -> bool:
    """A bare four-digit 1900-2099 written without a comma ("the 2020 election"): a year in prose,
    even where no cue word says so ("2,000 people" is written with a comma).  parse_claim still
    takes it as the figure when an attribute word follows at once ("has 2016 employees")."""
    return (
        q.kind in ("number", "count")
        and q.qualifier is None
        and _YEAR_DIGITS.fullmatch(q.text.strip()) is not None
    )


def is_compound(text: str, q: Quantity) -> bool:
    """A bare number glued by a hyphen to a word that makes it a modifier ("100-watt bulbs",
    "6-ounce glass", "40-year-old man"): a unit or an age the extractor does not read, not a count."""
    if q.kind not in ("number", "count") or q.currency or q.unit:
        return False
    return re.match(r"-[^\W\d_]", text[q.end : q.end + 2]) is not None


def is_label(text: str, q: Quantity) -> bool:
    """A bare number that is part of a name ("Apollo 11", "Article 370", "Sector 5", "Type 2"):
    right after a capitalised word that does not start the sentence, with no unit or currency, and
    followed by nothing, punctuation or another capitalised word (not "Acme 800 employees")."""
    if q.kind not in ("number", "count") or q.qualifier is not None or q.currency or q.unit:
        return False
    if not q.text.strip()[:1].isdigit() or q.start == 0:
        return False
    nxt = text[q.end :].lstrip()
    if nxt[:1].islower() or nxt[:1].isdigit():
        return False
    return _NAME_BEFORE.search(text[max(0, q.start - 40) : q.start]) is not None


# a figure the shell cut: "$2.7 billion" in double quotes arrives as ".7 billion" ($2 is a variable),
# "$800" as "00", "$10 billion" as "0 billion"
_SHELL_CUT = re.compile(
    r"(?:^|(?<=\s))(\.\d[\d.,]*|0\d*(?=\s*(?:billion|million|trillion|bn|m)\b)|00+\d*)(?![\w])", re.I
)


def shell_accident(text: str) -> str | None:
    """Why a claim looks cut by the shell ("... valued at .7 billion"), or None."""
    m = _SHELL_CUT.search(text)
    if m is None:
        return None
    return (
        f'the figure "{m.group(1)}" looks cut by the shell ("$" and a digit inside double quotes is a '
        "shell variable): put the claim in single quotes"
    )


_NEGATION = re.compile(
    r"(?:\b(?:not|never|no longer)|n['’]t)\b(?:\s+\w+){0,5}\s*$", re.I
)  # "does not have", "never had", "didn't raise"
_NOT_A_NEGATION = re.compile(
    r"\b(?:not|no)\s+(?:more|less|fewer|greater|higher|lower)\s+than\s*$|\bnot quite\s*$", re.I
)


def negated(text: str, q: Quantity) -> bool:
    """Whether the claim denies its figure ("Acme does not have 800 staff"): a negation within the
    three words before it ("no more than" and "not quite" are qualifiers, not denials)."""
    before = text[max(0, q.start - 40) : q.start]
    before = re.split(r"[,;:.]\s", before)[-1]
    return _NEGATION.search(before) is not None and _NOT_A_NEGATION.search(before) is None


def claim_figures(text: str) -> list[Quantity]:
    """The figures of a claim that can be checked, one per part: not dates, years in prose, numbers
    in names ("Apollo 11"), modifiers ("40-year-old") or the other rendering of a figure given in
    brackets; pure (no index)."""
    from factcheck.extract.dates import extract_dates
    from factcheck.extract.quantities import extract_quantities

    quantities = [q for q in extract_quantities(text) if q.kind not in ("ordinal",)]
    date_spans = [(d.start, d.end) for d in extract_dates(text)]
    out = [
        q
        for q in quantities
        if q.linked is None
        and q.kind != "year"
        and not any(a <= q.start and q.end <= b for a, b in date_spans)
        and not year_like(q)
        and not is_label(text, q)
        and not is_compound(text, q)
        and not _glued_label(text, q)
        and not _YEAR_SPAN.search(text[max(0, q.start - 5) : q.start])  # the "19" of "2018-19"
    ]
    years = [q for q in quantities if q.kind == "year" or year_like(q)]
    if not out:  # a year is the figure when nothing else is ("founded in 2019")
        out = years[:1]
    # ... and when it bounds or marks something ("the highest since 1993", "from 1963 until 1980")
    out += [q for q in years if q not in out and _YEAR_MARK.search(text[max(0, q.start - 20) : q.start])]
    return sorted(out, key=lambda q: q.start)


def _glued_label(text: str, q: Quantity) -> bool:
    """A number glued to letters or digits that make it a model or product name ("737s", "7E7", "2K15")."""
    if q.kind not in ("number", "count") or q.currency or q.unit:
        return False
    before = text[q.start - 1 : q.start] if q.start else ""
    after = text[q.end : q.end + 1]
    return before.isalpha() or (
        after.isalnum() and not text[q.end : q.end + 3].lower().startswith(("m ", "bn", "k "))
    )


def parse_claim(store: Store, text: str) -> Claim:
    """A Claim with whatever could be understood; ``problems`` says what could not."""
    from factcheck.extract.attributes import attribute_specs, find_attributes
    from factcheck.extract.dates import extract_dates
    from factcheck.extract.quantities import extract_quantities

    raw = text
    text = _CONTROL.sub(" ", text).strip()
    claim = Claim(text=raw, clean=text)
    if not text:
        claim.problems.append("empty claim")
        return claim
    if len(text) > MAX_CLAIM_CHARS:
        claim.problems.append(f"claim too long ({len(text)} characters; at most {MAX_CLAIM_CHARS})")
        return claim
    from factcheck.check.language import foreign_language

    accident = shell_accident(text)
    if accident is not None:
        claim.problems.append(accident)
    language = foreign_language(text)
    if language is not None:
        claim.problems.append(f"the claim is in {language}; only English claims are understood")
        return claim
    specs = attribute_specs()
    attrs = find_attributes(text)
    quantities = [q for q in extract_quantities(text) if q.kind not in ("ordinal",)]
    dates = extract_dates(text)
    date_spans = [(d.start, d.end) for d in dates]
    # the figure: the first quantity that is not a date, preferring one the attribute accepts
    # a year is the figure only when the attribute takes years ("founded in 2019"); otherwise it dates the claim
    year_attrs = {
        a.attribute for a in attrs if (sp := specs.get(a.attribute)) is not None and "year" in sp.kinds
    }
    figures = [
        q
        for q in quantities
        if q.linked is None
        and (
            (q.kind == "year" and bool(year_attrs))
            or (
                q.kind != "year"
                and not any(a <= q.start and q.end <= b for a, b in date_spans)
                and not (year_like(q) and not any(0 <= a.start - q.end <= 2 for a in attrs))
                and not is_label(text, q)
                and not is_compound(text, q)
            )
        )
    ]
    chosen_attr = None
    for am in attrs:
        spec = specs.get(am.attribute)
        if spec is None:
            continue
        if any(spec.accepts(q.kind, q.currency) for q in figures) or not figures:
            chosen_attr = am
            break
    if chosen_attr is None and attrs:
        chosen_attr = attrs[0]
    if chosen_attr is not None:
        claim.attribute = chosen_attr.attribute
        claim.attribute_text = chosen_attr.text
        spec = specs.get(chosen_attr.attribute)
        fitting = [q for q in figures if spec is None or spec.accepts(q.kind, q.currency)]
        if not fitting and spec is not None and figures and spec.currency == "required":
            # "valued at 2.7 billion": money attribute, figure without a currency
            fitting = [q for q in figures if q.kind in ("number", "count")]
        if fitting:
            claim.quantity = fitting[0]
        elif figures:
            # no figure of the claim fits the attribute ("unemployment among young workers rose 30%"
            # is not a headcount): the cue word was not the claim's measure
            claim.attribute = claim.attribute_text = None
            chosen_attr = None
            claim.quantity = figures[0]
    elif figures:
        claim.quantity = figures[0]
    if dates and not (claim.quantity is not None and claim.quantity.kind == "year"):
        claim.date = dates[0]
    taken = [(q.start, q.end) for q in quantities] + date_spans
    if chosen_attr is not None:
        taken.append((chosen_attr.start, chosen_attr.end))
    found = _entity(store, text, taken)
    if found is not None:
        claim.entity, claim.entity_text = found
    if claim.entity is None:
        claim.problems.append("no entity of the sources named in the claim")
    if claim.attribute is None:
        claim.problems.append("no attribute recognised (e.g. employees, valuation, funding, revenue, users)")
    if claim.quantity is None:
        from factcheck.check.relative import multiple_word

        word = multiple_word(text)
        if word is not None:
            claim.problems.append(
                f'no checkable figure in the claim (a relative claim, "{word}", needs both levels)'
            )
        else:
            claim.problems.append("no checkable figure in the claim")
    return claim

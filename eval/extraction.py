"""Score factcheck.extract.quantities against outside gold data, and measure its speed.

Run:  .venv/bin/python eval/extraction.py [--eval-dir ../shared/eval] [--speed-mb 50] [--show-errors N]

Gold data (read at run time, never copied into the repository; default path is ``../shared/eval``
relative to the repository root):
- Recognizers-Text English NumberModel, PercentModel, NumberRangeModel (Specs/Number/English) and
  CurrencyModel (Specs/NumberWithUnit/English): ``[{Input, Results: [{Text, TypeName, Resolution,
  Start, End (inclusive)}], NotSupported?}]``.
- quantulum3 ``en_US_tests/quantities.json``: ``[{req, res: [{value, unit, surface}]}]``.

Matching rule (one-to-one, greedy in text order): a gold item is found when a predicted item's span
overlaps the gold span (gold End is inclusive; quantulum spans are located by searching the surface)
and the values are equal within 1e-9 relative (absolute 1e-12 near zero).
- Which predictions count, per model: NumberModel and quantulum3 - every quantity except ordinals
  (Recognizers scores ordinals in a separate OrdinalModel; quantulum has none); CurrencyModel - kind
  "money"; PercentModel - kind "percent"; NumberRangeModel - quantities whose interval is not a single
  point (ranges and qualified figures).
- A range quantity ("1-2 billion") is two predicted items, its low and its high, for NumberModel and
  CurrencyModel (their gold lists each number); for quantulum3 (gold = midpoint) its value may equal
  the gold value, low or high.
- NumberRangeModel value = the interval's two ends (None for an open end) must equal the gold ends;
  the inclusive flags are scored separately ("bounds+inclusivity").
- Currency subunits: the extractor normalises "50 cents" to 0.50 USD; gold for unit Cent/Pence/Penny
  says 50, so the gold value is multiplied by the subunit factor before comparing.
- value+currency: additionally the ISO code must equal the gold one (isoCurrency, else the gold unit
  name mapped by GOLD_UNIT_ISO below; a bare "$" is USD, bare "francs" CHF or FRF).

Out of scope (counted and listed, not hidden): gold items whose notation the extractor deliberately
does not read (see OUT_OF_SCOPE) and gold items with no value (a currency name alone, "percent"
alone).  Each table shows figures on all gold items and on the in-scope ones.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from factcheck.extract.quantities import extract_quantities  # noqa: E402
from factcheck.models import Quantity  # noqa: E402

# Notation the extractor does not read, with the reason; a gold item whose Text matches is out of scope.
OUT_OF_SCOPE: list[tuple[str, str]] = [
    (r"\^|x10|×10", "powers/scientific notation with ^ or x10 (not used for figures in news prose)"),
    (r"\bover\b|\bout of\b|\d+\s+in\s+\w|\bone in\b", "ratios written 'X over Y' / 'X out of Y' / 'X in Y'"),
    (r"[⅓⅔¼½¾⅕⅙⅛]", "unicode vulgar fractions"),
    (r"(?<!\d)-?\s*\d*\s*\d+/\d+", "digit fractions '3/4', '2 1/4' (slashes are masked: dates, ratios, IDs)"),
    (
        r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)[\s-]+"
        r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)s?\b"
        r"|(?:trillionth|billionth|millionth|thousandth)s?\b",
        "spelled-out fractions with a compound denominator ('three twenty-firsts', 'one hundred thirty "
        "fifths' = 100/35 or 130/5?, 'a trillionth'): ambiguous or unsupported",
    ),
    (r"\d\.\d{3},\d|^\d,\d$|^\d,\d{2}$", "European decimal comma ('1.111,11', '5,00')"),
    (
        r"(?:million|billion) and (?:a|one|three) (?:half|quarter)|of a million|billion and three quarters",
        "'X million and a half', 'two thirds of a million'",
    ),
    (
        r"\d\s+(?:hundred|thousand|crore|lakh)\s+(?:and\s+)?\w",
        "digits mixed with words inside one number ('4 thousand 3 hundred and 21')",
    ),
    (
        r"\b(?:dollars?|usd|cents?)\s+(?:and\s+)?(?:\d|fifty|forty|thirty|twenty|one|two|five)",
        "amounts split into dollars and cents ('3 dollars 50 cents', '15 dollars 50')",
    ),
    (r"\bkuai\b|\bmao\b", "colloquial Chinese units 'kuai'/'mao' combined"),
    (r"^sen\b", "currency 'sen' (a subunit written before the figure)"),
    (r"\b\d+\s*g\b|\d\s*G$", "'G' (giga) as a scale suffix"),
    (r"\bsatoshis?\b|₿", "bitcoin / satoshi units"),
]
# Gold items inside these input regions are out of scope: the extractor masks them by design.
OUT_OF_SCOPE_CONTEXT: list[tuple[str, str]] = [
    (
        r"\d+(?:\.\d+){2,}|\d+(?:/\d+){2,}|\+\d[\d\-/ ]{6,}",
        "digits inside IP addresses, slash dates or phone numbers (masked as not figures by design)",
    ),
    (r"[A-Za-z]+-\d+", "code-like names 'SCP-173' (by design, like 'GPT-4', 'COVID-19')"),
]
_OOS_CTX = [(re.compile(p), why) for p, why in OUT_OF_SCOPE_CONTEXT]
_OOS = [(re.compile(p, re.IGNORECASE), why) for p, why in OUT_OF_SCOPE]

GOLD_UNIT_ISO: dict[str, set[str]] = {
    "dollar": {"USD"},
    "united states dollar": {"USD"},
    "cent": {"USD"},
    "pound": {"GBP"},
    "british pound": {"GBP"},
    "pence": {"GBP"},
    "penny": {"GBP"},
    "euro": {"EUR"},
    "franc": {"CHF", "FRF"},
    "swiss franc": {"CHF"},
    "peseta": {"ESP"},
    "finnish markka": {"FIM"},
    "netherlands guilder": {"NLG"},
    "rupee": {"INR"},
    "bitcoin": {"XBT"},
    "satoshi": {"XBT"},
    "chinese yuan": {"CNY"},
    "japanese yen": {"JPY"},
    "pound sterling": {"GBP"},
}
SUBUNIT_FACTOR = {"cent": 0.01, "pence": 0.01, "penny": 0.01, "satoshi": 1e-8, "dime": 0.1}


@dataclass
class Gold:
    start: int
    end: int  # exclusive
    text: str
    values: tuple[float | None, ...]  # one value, or (low, high) for ranges
    currency: set[str] | None = None


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def row(self, name: str) -> str:
        return f"| {name} | {self.tp} | {self.fp} | {self.fn} | {self.p:.3f} | {self.r:.3f} | {self.f1:.3f} |"


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= max(1e-12, 1e-9 * max(abs(a), abs(b)))


def overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


@dataclass
class Pred:
    start: int
    end: int
    values: tuple[float | None, ...]
    currency: str | None
    q: Quantity


def out_of_scope(text: str, context: str = "", start: int = 0, end: int = 0) -> str | None:
    for rx, why in _OOS:
        if rx.search(text):
            return why
    for rx, why in _OOS_CTX:
        for m in rx.finditer(context):
            if m.start() <= start and end <= m.end():
                return why
    return None


def match(
    golds: list[Gold],
    preds: list[Pred],
    same: Callable[[Gold, Pred], bool],
) -> tuple[int, list[Gold], list[Pred]]:
    used: set[int] = set()
    missed: list[Gold] = []
    tp = 0
    for g in golds:
        hit = None
        for j, p in enumerate(preds):
            if j in used or not overlaps(g.start, g.end, p.start, p.end):
                continue
            if same(g, p):
                hit = j
                break
        if hit is None:
            missed.append(g)
        else:
            used.add(hit)
            tp += 1
    extra = [p for j, p in enumerate(preds) if j not in used]
    return tp, missed, extra


def value_eq(g: Gold, p: Pred) -> bool:
    if len(g.values) == 2 or len(p.values) == 2:
        return len(g.values) == len(p.values) and all(
            close(a, b) for a, b in zip(g.values, p.values, strict=True)
        )
    return any(close(g.values[0], v) for v in p.values)


def value_cur_eq(g: Gold, p: Pred) -> bool:
    return value_eq(g, p) and g.currency is not None and p.currency in g.currency


def preds_for(text: str, model: str) -> list[Pred]:
    qs = extract_quantities(text)
    out: list[Pred] = []
    for q in qs:
        if model in ("number", "quantulum") and q.kind == "ordinal":
            continue
        if model == "currency" and q.kind != "money":
            continue
        if model == "percent" and q.kind != "percent":
            continue
        is_range = q.qualifier is None and q.low is not None and q.high is not None and q.low != q.high
        if model == "range":
            if q.low == q.high and q.low is not None and q.qualifier is None:
                continue
            out.append(Pred(q.start, q.end, (q.low, q.high), q.currency, q))
            continue
        if is_range and model in ("number", "currency"):
            out.append(Pred(q.start, q.end, (q.low,), q.currency, q))
            out.append(Pred(q.start, q.end, (q.high,), q.currency, q))
        elif is_range and model == "quantulum":
            out.append(Pred(q.start, q.end, (q.value, q.low, q.high), q.currency, q))
        else:
            out.append(Pred(q.start, q.end, (q.value,), q.currency, q))
    return out


def parse_range(v: str) -> tuple[float | None, float | None, bool, bool]:
    m = re.match(r"^([\[(])([^,]*),([^\])]*)([\])])$", v.strip())
    if not m:
        raise ValueError(v)
    lo = float(m.group(2)) if m.group(2).strip() else None
    hi = float(m.group(3)) if m.group(3).strip() else None
    return lo, hi, m.group(1) == "[", m.group(4) == "]"


def load_rt(path: Path) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8-sig"))
    return data


@dataclass
class Report:
    name: str
    all_: Score
    scope: Score
    extra: dict[str, Score]
    oos: Counter[str]
    no_value: int
    cases: int
    errors: list[str]


def eval_rt(path: Path, model: str) -> Report:
    cases = load_rt(path)
    s_all, s_in = Score(), Score()
    s_cur_all, s_cur_in = Score(), Score()
    s_incl = Score()
    oos: Counter[str] = Counter()
    no_value = 0
    errors: list[str] = []
    for case in cases:
        text = case["Input"]
        golds: list[Gold] = []
        oos_spans: list[tuple[int, int]] = []
        for r in case["Results"]:
            res = r.get("Resolution") or {}
            start, end = int(r["Start"]), int(r["End"]) + 1
            gtext = r["Text"]
            val = res.get("value")
            if val in (None, "null"):
                no_value += 1
                oos_spans.append((start, end))
                continue
            why = out_of_scope(gtext, text, start, end)
            if why is not None:
                oos[why] += 1
                oos_spans.append((start, end))
                golds.append(Gold(start, end, gtext, (None,)))  # placeholder, scored only in "all"
                golds[-1].currency = {"__oos__"}
                continue
            cur: set[str] | None = None
            if model == "range":
                lo, hi, _li, _hi = parse_range(val)
                g = Gold(start, end, gtext, (lo, hi))
                g.currency = {f"{_li}{_hi}"}
            else:
                num = float(str(val).rstrip("%"))
                unit = str(res.get("unit") or "").lower()
                if unit in SUBUNIT_FACTOR:
                    num *= SUBUNIT_FACTOR[unit]
                if model == "currency":
                    iso = res.get("isoCurrency")
                    cur = {iso} if iso else GOLD_UNIT_ISO.get(unit)
                g = Gold(start, end, gtext, (num,), cur)
            golds.append(g)
        try:
            preds = preds_for(text, model)
        except Exception as exc:  # the extractor must never raise; count it loudly
            errors.append(f"CRASH on {text!r}: {exc!r}")
            preds = []
        in_golds = [g for g in golds if g.currency != {"__oos__"}]
        # predictions overlapping an out-of-scope gold item are not counted either way
        in_preds = [p for p in preds if not any(overlaps(p.start, p.end, a, b) for a, b in oos_spans)]
        tp, missed, extra = match(in_golds, in_preds, value_eq)
        n_oos = len(golds) - len(in_golds)
        s_in.tp += tp
        s_in.fn += len(missed)
        s_in.fp += len(extra)
        tp_all, missed_all, extra_all = match(golds, preds, value_eq)
        s_all.tp += tp_all
        s_all.fn += len(missed_all)
        s_all.fp += len(extra_all)
        del n_oos
        for g in missed:
            errors.append(f"MISS {g.text!r} {g.values} in {text[:120]!r}")
        for p in extra:
            errors.append(f"EXTRA {p.q.text!r} {p.values} in {text[:120]!r}")
        if model == "currency":
            tpc, mc, ec = match(in_golds, in_preds, value_cur_eq)
            s_cur_in.tp += tpc
            s_cur_in.fn += len(mc)
            s_cur_in.fp += len(ec)
            tpa, ma, ea = match(golds, preds, value_cur_eq)
            s_cur_all.tp += tpa
            s_cur_all.fn += len(ma)
            s_cur_all.fp += len(ea)
            for g in mc:
                if g not in missed:
                    errors.append(f"CURRENCY {g.text!r} gold {g.currency} in {text[:100]!r}")
        if model == "range":

            def incl_eq(g: Gold, p: Pred) -> bool:
                flags = f"{p.q.low_inclusive if p.q.low is not None else False}"
                flags += f"{p.q.high_inclusive if p.q.high is not None else False}"
                return value_eq(g, p) and g.currency is not None and flags in g.currency

            tpi, mi, ei = match(in_golds, in_preds, incl_eq)
            s_incl.tp += tpi
            s_incl.fn += len(mi)
            s_incl.fp += len(ei)
    extras: dict[str, Score] = {}
    if model == "currency":
        extras = {"value+currency (all)": s_cur_all, "value+currency (in scope)": s_cur_in}
    if model == "range":
        extras = {"bounds+inclusivity (in scope)": s_incl}
    return Report(path.stem, s_all, s_in, extras, oos, no_value, len(cases), errors)


def eval_quantulum(path: Path) -> Report:
    cases: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    s = Score()
    s_cur = Score()
    errors: list[str] = []
    cur_units = {
        "pound sterling": {"GBP"},
        "dollar": {"USD"},
        "euro": {"EUR"},
        "cent": {"USD"},
        "penny": {"GBP"},
    }
    for case in cases:
        text = case["req"]
        golds: list[Gold] = []
        pos = 0
        for r in case["res"]:
            surf = r["surface"]
            i = text.find(surf, pos)
            if i < 0:
                i = text.find(surf)
            if i < 0:
                continue
            pos = i + len(surf)
            unit = r["unit"]
            v = float(r["value"])
            if unit in SUBUNIT_FACTOR:
                v *= SUBUNIT_FACTOR[unit]
            golds.append(Gold(i, i + len(surf), surf, (v,), cur_units.get(unit)))
        try:
            preds = preds_for(text, "quantulum")
        except Exception as exc:
            errors.append(f"CRASH on {text!r}: {exc!r}")
            preds = []
        tp, missed, extra = match(golds, preds, value_eq)
        s.tp += tp
        s.fn += len(missed)
        s.fp += len(extra)
        for g in missed:
            errors.append(f"MISS {g.text!r} {g.values} in {text[:120]!r}")
        for p in extra:
            errors.append(f"EXTRA {p.q.text!r} {p.values} in {text[:120]!r}")
        money_g = [g for g in golds if g.currency]
        money_p = [p for p in preds if p.q.kind == "money"]
        tpc, mc, ec = match(money_g, money_p, value_cur_eq)
        s_cur.tp += tpc
        s_cur.fn += len(mc)
        s_cur.fp += len(ec)
    return Report(
        "quantulum3 quantities.json", s, s, {"money value+currency": s_cur}, Counter(), 0, len(cases), errors
    )


def speed(mb: float) -> tuple[float, float, float, int]:
    """Throughput of extract_quantities on the bundled articles repeated to ``mb`` MB.

    One call per line (a line of these files is a paragraph, as the indexer passes passages).
    Returns (MB, wall seconds, CPU seconds of this process, quantities found).
    """
    src = sorted((REPO / "sources").glob("*.txt"))
    base = "\n\n".join(p.read_text(encoding="utf-8") for p in src)
    reps = max(1, int(mb * 1e6 / len(base.encode("utf-8"))))
    paras = base.split("\n") * reps
    size = sum(len(p.encode("utf-8")) + 1 for p in paras)
    w0, c0 = time.perf_counter(), time.process_time()
    n = 0
    for para in paras:
        n += len(extract_quantities(para))
    return size / 1e6, time.perf_counter() - w0, time.process_time() - c0, n


def robustness(path: Path) -> tuple[int, float, int, int, int]:
    """Run the extractors over every QuanTemp claim and evidence snippet (lower-cased, non-ASCII
    stripped: "4.4million") with the safety net off: (texts, MB, quantities, exceptions, bad offsets)."""
    from factcheck.extract import dates as dates_mod
    from factcheck.extract import quantities as q_mod

    data: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    texts: list[str] = []
    for c in data:
        texts.append(str(c.get("claim") or ""))
        for ev in c.get("evidences") or []:
            texts.extend(str(t) for t in ev.get("top_k_doc") or [])
    n = errors = bad = 0
    for t in texts:
        try:
            qs = q_mod._extract(q_mod._Ctx(t))
            dates_mod._extract(t, 2024, None)
        except Exception:
            errors += 1
            continue
        n += len(qs)
        bad += sum(1 for q in qs if t[q.start : q.end] != q.text)
    return len(texts), sum(len(t) for t in texts) / 1e6, n, errors, bad


def print_report(rep: Report, show: int) -> None:
    print(f"\n### {rep.name} ({rep.cases} cases)\n")
    print("| scope | TP | FP | FN | precision | recall | F1 |")
    print("|---|---|---|---|---|---|---|")
    print(rep.all_.row("value, all gold items"))
    if rep.scope is not rep.all_:
        print(rep.scope.row("value, in scope"))
    for k, v in rep.extra.items():
        print(v.row(k))
    if rep.oos or rep.no_value:
        print("\nOut of scope:")
        for why, n in rep.oos.most_common():
            print(f"- {n} x {why}")
        if rep.no_value:
            print(f"- {rep.no_value} x gold item with no value (a currency/percent word alone)")
    crashes = [e for e in rep.errors if e.startswith("CRASH")]
    print(f"\nCrashes: {len(crashes)}")
    if show:
        for e in rep.errors[:show]:
            print("  ", e)


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval-dir", default=str(REPO.parent / "shared" / "eval"))
    ap.add_argument(
        "--speed-mb", type=float, default=50.0, help="MB of article text for the speed test (0: skip)"
    )
    ap.add_argument("--show-errors", type=int, default=0)
    ap.add_argument("--only", default="", help="comma list: number,currency,percent,range,quantulum,robust")
    args = ap.parse_args(list(argv) if argv is not None else None)
    root = Path(args.eval_dir)
    only = set(filter(None, args.only.split(",")))
    if not root.is_dir():
        print(f"skipped: evaluation data {root} not found")
    else:
        rt = root / "recognizers_text" / "Specs"
        jobs = [
            ("number", rt / "Number" / "English" / "NumberModel.json"),
            ("currency", rt / "NumberWithUnit" / "English" / "CurrencyModel.json"),
            ("percent", rt / "Number" / "English" / "PercentModel.json"),
            ("range", rt / "Number" / "English" / "NumberRangeModel.json"),
        ]
        print("## Extraction scores (factcheck.extract.quantities)")
        for model, path in jobs:
            if only and model not in only:
                continue
            if not path.is_file():
                print(f"skipped: {path} not found")
                continue
            print_report(eval_rt(path, model), args.show_errors)
        q = root / "quantulum3" / "en_US_tests" / "quantities.json"
        if not only or "quantulum" in only:
            if q.is_file():
                print_report(eval_quantulum(q), args.show_errors)
            else:
                print(f"skipped: {q} not found")
    qt = root / "quantemp" / "checkthat2025_val" / "val_claimonly_evidence_question_mapping.json"
    if (not only or "robust" in only) and qt.is_file():
        nt, mb, nq, errs, bad = robustness(qt)
        print(
            f"\n### Robustness\n\nQuanTemp claims + evidence snippets: {nt} texts, {mb:.1f} MB, {nq} quantities, "
            f"{errs} exceptions (safety net off), {bad} spans that do not slice back"
        )
    if args.speed_mb > 0:
        size, wall, cpu, n = speed(args.speed_mb)
        print(
            f"\n### Speed\n\n{size:.1f} MB of the bundled articles (repeated, one call per line), {n} quantities: "
            f"{cpu:.2f} s CPU = {size / cpu:.1f} MB/s per core (wall {wall:.2f} s = {size / wall:.1f} MB/s)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

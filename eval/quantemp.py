"""Measure ``factcheck check`` verdicts on real claims nobody here wrote: the QuanTemp validation split.

Run:  .venv/bin/python eval/quantemp.py [--eval-dir ../shared/eval] [--limit N] [--out DIR] [--cases FILE]
      [--json] [--no-ratings | --both]

Data (read at run time, never copied into the repository; default ``<repo>/../shared/eval``):
- ``quantemp/checkthat2025_val/val_claimonly_evidence_question_mapping.json``:
  ``[{"claim", "label", "evidences": [{"questions", "top_k_doc": [snippet, ...]}]}]`` - 3,084 numeric
  claims labelled False / "Half True/False" (QuanTemp's *Conflicting*) / True, each with up to three
  search-engine snippets (lower-cased, non-ASCII removed).
- ``quantemp/complex_num_facts_categorized_subset.csv`` (``@``-separated ``claim@taxonomy_labels``):
  claim types, matched to the claims by text (case, punctuation and spacing ignored).

What is run, end to end through the command line (subprocesses, as a user would):
1. A JSON Lines corpus with one document per unique snippet (``id`` = ``q`` + first 12 hex digits of
   the SHA-1 of the snippet, so stable across runs and subsets; ``claims`` = the indices of the claims
   whose search retrieved it; ``source`` = "quantemp").
2. ``factcheck index --sources corpus.jsonl --db <fresh db> --text-field text --id-field id ...``.
3. Every claim on one line of a file (whitespace runs, newlines included, joined into one space; the
   dataset's literal "/n" paragraph marks too) and ONE ``factcheck check --file F --jsonl --no-refresh``.

Retrieval is per corpus: each claim is checked against ALL snippets of ALL claims (like a user's
folder of articles), not only against the three snippets retrieved for it.  That is the honest setting
for this tool, and harder than the per-claim setting of the QuanTemp paper.

Besides the majority class, the script reports the macro-F1 of the same verdict mix dealt to the claims
at random (mean of 200 fixed-seed shuffles): macro-F1 rises above the majority baseline as soon as the
rarer labels are predicted at all, so only the distance above that chance figure shows skill.

Verdict -> label: supported -> True, contradicted -> False, disputed -> Conflicting, unverified (and
error) -> False, the majority class.  Reported: macro-F1, per-class precision/recall/F1, confusion
matrix; coverage (share of claims with a verdict other than unverified/error), macro-F1 on the covered
claims, precision of ``contradicted`` on the covered claims; the same per claim type; reference points
(majority class, QuanTemp's best published model); wall time of index and check, claims/s.

Ratings: by default ``check`` may take a verdict from a source that rates the claim itself (a
fact-check's "we rate this claim false"; ``basis`` "rating" in the JSON) when no figure decides it.
That reads the fact-checkers' own verdicts; it is not figure checking.  ``--no-ratings`` checks with
figures only; ``--both`` runs both checks on one index and prints them side by side, with the
rating-based verdicts scored on their own.  The cases TSV has a ``basis`` column and the rating's
sentence (``rated_text``).

Exits 0 with "skipped: <path> not found" when the data is absent.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_EVAL_DIR = REPO.parent / "shared" / "eval"
CLAIMS_JSON = Path("quantemp/checkthat2025_val/val_claimonly_evidence_question_mapping.json")
TYPES_CSV = Path("quantemp/complex_num_facts_categorized_subset.csv")

LABELS = ("False", "Conflicting", "True")
GOLD = {"False": "False", "Half True/False": "Conflicting", "Conflicting": "Conflicting", "True": "True"}
VERDICT_LABEL = {
    "supported": "True",
    "contradicted": "False",
    "disputed": "Conflicting",
    "unverified": "False",  # the majority class
    "error": "False",
}
COVERED = ("supported", "contradicted", "disputed")
REFERENCE = {
    "majority class (all False)": 0.25,
    "QuanTemp best published (SIGIR 2024, test split)": 0.58,
    "GPT-4o with the fact-check article (249-claim test sample)": 0.56,
}


# ---------------------------------------------------------------------------------------- data


def norm_text(s: str) -> str:
    """Key for matching claims across files: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


def one_line(claim: str) -> str:
    """A claim on one line: the dataset's literal "/n" paragraph marks and every whitespace run
    (newlines included) become one space.  A leading '#' (a comment for ``check --file``) is dropped."""
    s = re.sub(r"/n(?=[A-Z])", " ", claim)
    s = " ".join(s.split())
    return s.lstrip("#").strip()


def snippet_id(text: str) -> str:
    return "q" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def load_claims(path: Path, limit: int | None) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if limit is not None:
        data = data[:limit]
    out = []
    for i, item in enumerate(data):
        snippets = [s for ev in item.get("evidences", []) for s in ev.get("top_k_doc", []) if s and s.strip()]
        out.append({"i": i, "claim": item["claim"], "gold": GOLD[item["label"]], "snippets": snippets})
    return out


def load_types(path: Path) -> dict[str, list[str]]:
    """normalised claim text -> its claim types (the CSV repeats some claims; 157 distinct claims)."""
    types: dict[str, list[str]] = {}
    if not path.exists():
        return types
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="@"):
            if len(row) < 2 or row[0] == "claim":
                continue
            labels = [t.strip().lower() for t in re.split(r"[,;|]", row[1]) if t.strip()]
            known = types.setdefault(norm_text(row[0]), [])  # a claim may appear on several rows
            known.extend(t for t in labels if t not in known)
    return types


_CAP_WORD = re.compile(r"\b[A-Z][\w.'&-]*[\w]|\b[A-Z]\b")
_SENT_START = re.compile(r"(^|[.!?]\s+)([a-z])")


def recase(snippet: str, claims: list[str]) -> str:
    """Diagnostic only (--recase): give the lower-cased snippet the casing of the words its
    retrieving claims capitalise (names like "Joe Biden", "COVID-19"; a claim's first word only when it
    is capitalised again later), and capitalise sentence starts.  Estimates what the tool would do
    with cased sources; it borrows surface casing from the claims, so it is not the honest setting."""
    forms: dict[str, str] = {}
    for claim in claims:
        for m in _CAP_WORD.finditer(claim):
            w = m.group(0)
            if m.start() == 0 and len(_CAP_WORD.findall(claim[1:])) and w not in claim[1:]:
                continue
            if len(w) > 1 or w.isupper():
                forms.setdefault(w.lower(), w)
    out = snippet
    if forms:
        pat = re.compile(
            r"\b(" + "|".join(re.escape(k) for k in sorted(forms, key=len, reverse=True)) + r")\b"
        )
        out = pat.sub(lambda m: forms[m.group(1)], out)
    return _SENT_START.sub(lambda m: m.group(1) + m.group(2).upper(), out)


def write_corpus(claims: list[dict[str, Any]], path: Path, *, recased: bool = False) -> int:
    docs: dict[str, dict[str, Any]] = {}
    for c in claims:
        for s in c["snippets"]:
            sid = snippet_id(s)
            doc = docs.setdefault(sid, {"id": sid, "text": s, "source": "quantemp", "claims": []})
            if c["i"] not in doc["claims"]:
                doc["claims"].append(c["i"])
    if recased:
        by_i = {c["i"]: c["claim"] for c in claims}
        for doc in docs.values():
            doc["text"] = recase(doc["text"], [by_i[i] for i in doc["claims"]])
    with open(path, "w", encoding="utf-8") as fh:
        for doc in docs.values():
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
    return len(docs)


# ---------------------------------------------------------------------------------------- running


def factcheck_cmd() -> list[str]:
    exe = REPO / ".venv" / "bin" / "factcheck"
    if exe.exists():
        return [str(exe)]
    return [sys.executable, "-m", "factcheck"]


def run_index(corpus: Path, db: Path) -> tuple[float, dict[str, Any]]:
    cmd = [
        *factcheck_cmd(),
        "index", "--sources", str(corpus), "--db", str(db), "--rebuild",
        "--text-field", "text", "--id-field", "id", "--date-field", "date", "--outlet-field", "source",
        "--json", "--quiet",
    ]  # fmt: skip
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, env=_env())
    secs = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"factcheck index failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")
    try:
        info = json.loads(proc.stdout)
    except json.JSONDecodeError:
        info = {}
    return secs, info


def run_check(
    claims_file: Path, corpus: Path, db: Path, *, ratings: bool = True
) -> tuple[float, list[dict[str, Any]], dict[str, Any]]:
    cmd = [
        *factcheck_cmd(),
        "check", "--file", str(claims_file), "--jsonl", "--sources", str(corpus), "--db", str(db),
        "--no-refresh", "--quiet", "--color", "never", *([] if ratings else ["--no-ratings"]),
    ]  # fmt: skip
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, env=_env())
    secs = time.perf_counter() - t0
    results: list[dict[str, Any]] = []
    summary: dict[str, Any] = {}
    for line in proc.stdout.splitlines():
        if not line.strip():
            continue
        obj = json.loads(line)
        if obj.get("type") == "result":
            results.append(obj)
        elif obj.get("type") == "summary":
            summary = obj
    if proc.returncode not in (0, 1) and not results:
        raise SystemExit(f"factcheck check failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")
    return secs, results, summary


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_COLOR"] = "1"
    env.pop("FACTCHECK_SOURCES", None)
    env.pop("FACTCHECK_DB", None)
    return env


# ---------------------------------------------------------------------------------------- metrics


def prf(gold: list[str], pred: list[str]) -> dict[str, Any]:
    """Per-class precision/recall/F1, macro-F1, accuracy and confusion matrix (gold rows)."""
    per: dict[str, dict[str, float]] = {}
    for lab in LABELS:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p != lab)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = {"precision": prec, "recall": rec, "f1": f1, "support": tp + fn, "predicted": tp + fp}
    confusion = {
        g: {p: sum(1 for a, b in zip(gold, pred, strict=True) if a == g and b == p) for p in LABELS}
        for g in LABELS
    }
    n = len(gold)
    return {
        "n": n,
        "macro_f1": sum(per[lab]["f1"] for lab in LABELS) / len(LABELS) if n else 0.0,
        "accuracy": sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / n if n else 0.0,
        "per_class": per,
        "confusion": confusion,
    }


CHANCE_SHUFFLES = 200


def chance_macro_f1(gold: list[str], pred: list[str], shuffles: int = CHANCE_SHUFFLES) -> float:
    """Mean macro-F1 of the same predictions dealt to the claims at random (fixed seed): what the
    verdict mix alone is worth.  Macro-F1 rewards predicting the rare classes at all, so a run that
    merely says `supported` more often rises above the majority baseline without knowing anything;
    only the distance above this figure is evidence of skill."""
    import random

    rng = random.Random(0)
    shuffled = list(pred)
    n_gold, n_pred = Counter(gold), Counter(pred)
    total = 0.0
    for _ in range(shuffles):
        rng.shuffle(shuffled)
        tp = Counter(g for g, p in zip(gold, shuffled, strict=True) if g == p)
        f1s = [2 * tp[lab] / (n_gold[lab] + n_pred[lab]) if tp[lab] else 0.0 for lab in LABELS]
        total += sum(f1s) / len(LABELS)
    return total / shuffles if shuffles else 0.0


def block(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """All figures for a set of scored rows (each with gold, verdict, pred)."""
    gold = [r["gold"] for r in rows]
    pred = [r["pred"] for r in rows]
    covered = [r for r in rows if r["verdict"] in COVERED]
    contra = [r for r in covered if r["verdict"] == "contradicted"]
    majority = prf(gold, ["False"] * len(gold))["macro_f1"]
    out = prf(gold, pred)
    out.update(
        {
            "verdicts": dict(Counter(r["verdict"] for r in rows)),
            "gold_labels": dict(Counter(gold)),
            "coverage": len(covered) / len(rows) if rows else 0.0,
            "covered": len(covered),
            "covered_macro_f1": prf([r["gold"] for r in covered], [r["pred"] for r in covered])["macro_f1"]
            if covered
            else None,
            "covered_accuracy": sum(1 for r in covered if r["gold"] == r["pred"]) / len(covered)
            if covered
            else None,
            "contradicted_precision": sum(1 for r in contra if r["gold"] == "False") / len(contra)
            if contra
            else None,
            "contradicted_n": len(contra),
            "majority_macro_f1": majority,
            "chance_macro_f1": chance_macro_f1(gold, pred),
        }
    )
    return out


def reason_kind(r: dict[str, Any]) -> str:
    """A short class of the check's reason, for the summary of unverified claims."""
    if r["verdict"] != "unverified":
        return r["verdict"] + (" (by a source's rating of the claim)" if r.get("basis") == "rating" else "")
    reason = r["reason"]
    if reason.startswith("no figure for"):
        return "unverified: no figure for the entity+attribute in the corpus"
    if reason.startswith("no comparable figure"):
        return "unverified: figures found, none comparable"
    if reason.startswith("no checkable figure"):
        return "unverified: no checkable figure in the claim"
    if "in German" in reason:
        return "unverified: claim in German"
    if "by the claim's words: " in reason:
        stage = reason.split("by the claim's words: ", 1)[1]
        stage = re.sub(r"names .*", "names <the claim's names>", stage)
        stage = re.sub(r'\s*\("[^"]*"\)', "", stage)  # the cue word or hedge quoted
        stage = re.sub(r"\b(is for|read as) .*", r"\1 ...", stage)  # the year, the currency
        stage = stage.replace("nothing comparable (", "nothing comparable: ").rstrip(")")
        return "unverified, read by words: " + stage
    parts = []
    if "no entity" in reason:
        parts.append("no entity")
    if "no attribute" in reason:
        parts.append("no attribute")
    if "no checkable figure" in reason:
        parts.append("no figure")
    return "unverified: " + (" + ".join(parts) if parts else reason[:60])


# ---------------------------------------------------------------------------------------- signal

_SIGNAL_WORD = re.compile(r"[a-z0-9]+")
_SIGNAL_CUE = re.compile(
    r"\b(claim\w*|says?|said|saying|viral|posts?|posted|facebook|tweet\w*|twitter|rumou?r\w*|alleg\w*|"
    r"purport\w*|fact[- ]check\w*|meme|video|shared|suggest\w*|according to)\b|\?"
)


def evidence_signal(claims: list[dict[str, Any]]) -> dict[str, Counter[str]]:
    """What the evidence can tell at best, independent of the checker: for each claim, every figure of
    its own snippets that counts the same noun as a figure of the claim (the first content word after
    it), split into the same value (within 2%) or another, and by whether the snippet attributes or
    quotes a claim (words such as "claims", "says", "viral", "?").  Returns, per bucket, the gold labels
    of the claims that have such a figure (a claim can fall in several buckets)."""
    from rapidfuzz import fuzz

    from factcheck.extract.quantities import extract_quantities

    stop = set((REPO / "factcheck" / "data" / "claim_stopwords.txt").read_text(encoding="utf-8").split())

    def noun_after(t: str, end: int) -> str | None:
        for m in list(_SIGNAL_WORD.finditer(t, end))[:3]:
            w = m.group()
            if w not in stop and not w[0].isdigit():
                return w.rstrip("s")
        return None

    def figures(t: str) -> list[Any]:
        return [q for q in extract_quantities(t) if q.kind not in ("year", "ordinal") and q.linked is None]

    buckets: dict[str, Counter[str]] = {}
    for c in claims:
        low = c["claim"].lower()
        mine = [(q, noun_after(low, q.end)) for q in figures(low)]
        tags: set[str] = set()
        for s in c["snippets"]:
            attributed = bool(_SIGNAL_CUE.search(s))
            echo = fuzz.partial_ratio(low, s) >= 70
            for q, noun in mine:
                if noun is None:
                    continue
                for f in figures(s):
                    if f.currency != q.currency or f.kind != q.kind or noun_after(s, f.end) != noun:
                        continue
                    same = abs(f.value - q.value) <= 0.02 * max(abs(q.value), 1e-9)
                    tags.add(("same figure" if same else "another figure") + (", attributed" if attributed else "")
                             + (", echoes the claim" if echo else ""))  # fmt: skip
        for t in tags or {"no figure counting the same noun"}:
            buckets.setdefault(t, Counter())[c["gold"]] += 1
        buckets.setdefault("all claims", Counter())[c["gold"]] += 1
    return buckets


def render_signal(buckets: dict[str, Counter[str]]) -> str:
    lines = [f"{'own snippets have ...':<52} {'claims':>6}  " + "  ".join(f"{lab:>11}" for lab in LABELS)]
    for name, cnt in sorted(buckets.items(), key=lambda kv: -sum(kv[1].values())):
        n = sum(cnt.values())
        lines.append(f"{name:<52} {n:>6}  " + "  ".join(f"{cnt[lab] / n:>11.2f}" for lab in LABELS))
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------- report


def _f(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def render(m: dict[str, Any]) -> str:
    a = m["all"]
    lines = [
        f"QuanTemp validation: {a['n']} claims, {m['corpus_documents']} snippet documents "
        f"({m['index'].get('facts', '?')} facts indexed)",
        m["setting"],
        "",
        f"macro-F1 {_f(a['macro_f1'])}   accuracy {_f(a['accuracy'])}   "
        f"(majority class on these claims {_f(a['majority_macro_f1'])}; "
        f"the same verdicts dealt at random {_f(a['chance_macro_f1'])})",
        f"coverage {_f(a['coverage'])} ({a['covered']} claims with a verdict other than unverified)   "
        f"macro-F1 on covered {_f(a['covered_macro_f1'])}   "
        f"precision of contradicted on covered {_f(a['contradicted_precision'])} (n={a['contradicted_n']})",
        "",
        f"{'class':<12} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8} {'predicted':>9}",
    ]
    for lab in LABELS:
        p = a["per_class"][lab]
        lines.append(
            f"{lab:<12} {p['precision']:>9.3f} {p['recall']:>7.3f} {p['f1']:>6.3f} {p['support']:>8} {p['predicted']:>9}"
        )
    lines += [
        "",
        "confusion (rows gold, columns predicted):",
        f"{'':<12}" + "".join(f"{lab:>12}" for lab in LABELS),
    ]
    for g in LABELS:
        lines.append(f"{g:<12}" + "".join(f"{a['confusion'][g][p]:>12}" for p in LABELS))
    lines += ["", "verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(a["verdicts"].items()))]
    lines += ["outcomes:"] + [f"  {v:>5}  {k}" for k, v in m["outcomes"].items()]
    lines += ["", "by claim type (categorized subset, matched by text):"]
    lines.append(
        f"  {'type':<12} {'n':>4} {'coverage':>8} {'macro-F1':>8} {'cov.F1':>7} {'contr.P':>8} {'majority':>8}"
    )
    for t, b in m["by_type"].items():
        lines.append(
            f"  {t:<12} {b['n']:>4} {_f(b['coverage']):>8} {_f(b['macro_f1']):>8} {_f(b['covered_macro_f1']):>7} "
            f"{_f(b['contradicted_precision']):>8} {_f(b['majority_macro_f1']):>8}"
        )
    lines += ["", "reference points (macro-F1): " + "; ".join(f"{k} ~{v}" for k, v in REFERENCE.items())]
    t = m["timing"]
    lines.append(
        f"wall time: index {t['index_s']:.1f} s, check {t['check_s']:.1f} s "
        f"({t['claims_per_s']:.1f} claims/s), total {t['total_s']:.1f} s"
    )
    return "\n".join(lines)


def write_cases(path: Path, rows: list[dict[str, Any]]) -> None:
    cols = ["i", "gold", "verdict", "pred", "correct", "basis", "types", "entity", "entity_text", "attribute",
            "comparator", "value", "unit", "figure", "date", "n_evidence", "reason", "claim", "rated_text"]  # fmt: skip
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(cols)
        for r in rows:
            w.writerow([" ".join(str(r.get(c, "")).split()) for c in cols])


def basis_of(res: dict[str, Any]) -> str:
    """What a verdict rests on: "rating" (a source rates the claim), "figure", or "" (unverified)."""
    if res.get("basis"):
        return str(res["basis"])
    if res.get("verdict") not in COVERED:
        return ""
    return "rating" if any(e.get("basis") == "rating" for e in res.get("evidence") or []) else "figure"


def score(
    claims: list[dict[str, Any]], by_i: dict[int, dict[str, Any]], types: dict[str, list[str]]
) -> list[dict[str, Any]]:
    """One scored row per claim (gold, verdict, mapped label, basis, parsed fields, reason)."""
    rows: list[dict[str, Any]] = []
    for c in claims:
        res = by_i.get(c["i"], {"verdict": "unverified", "reason": "empty claim (not sent)", "parsed": {}})
        parsed = res.get("parsed") or {}
        verdict = res.get("verdict", "error")
        rated = [e for e in res.get("evidence") or [] if e.get("basis") == "rating"]
        rows.append(
            {
                "i": c["i"],
                "claim": c["claim"],
                "gold": c["gold"],
                "verdict": verdict,
                "pred": VERDICT_LABEL.get(verdict, "False"),
                "correct": int(VERDICT_LABEL.get(verdict, "False") == c["gold"]),
                "basis": basis_of(res),
                "types": ",".join(types.get(norm_text(c["claim"]), [])),
                "entity": parsed.get("entity"),
                "entity_text": parsed.get("entity_text"),
                "attribute": parsed.get("attribute"),
                "comparator": parsed.get("comparator"),
                "value": parsed.get("value"),
                "unit": parsed.get("unit") or parsed.get("currency"),
                "figure": parsed.get("figure"),
                "date": (parsed.get("date") or {}).get("text")
                if isinstance(parsed.get("date"), dict)
                else None,
                "n_evidence": len(res.get("evidence") or []),
                "reason": res.get("reason", ""),
                "rated_text": " | ".join(str(e.get("text", ""))[:400] for e in rated[:2]),
            }
        )
    return rows


def by_basis(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The verdicts taken from ratings, scored on their own: how many, how many right, per verdict."""
    rated = [r for r in rows if r["basis"] == "rating"]
    out: dict[str, Any] = {"n": len(rated), "right": sum(r["correct"] for r in rated), "per_verdict": {}}
    for v in COVERED:
        mine = [r for r in rated if r["verdict"] == v]
        out["per_verdict"][v] = {
            "n": len(mine),
            "right": sum(r["correct"] for r in mine),
            "gold": dict(Counter(r["gold"] for r in mine)),
        }
    return out


def summary_line(name: str, a: dict[str, Any], check_s: float) -> str:
    cp = a["contradicted_precision"]
    return (
        f"  {name:<16} {_f(a['macro_f1']):>8} {_f(a['chance_macro_f1']):>7} {_f(a['accuracy']):>8} "
        f"{_f(a['coverage']):>8} {a['covered']:>5} {_f(a['covered_macro_f1']):>7} "
        f"{_f(cp):>8} {a['contradicted_n']:>4} {check_s:>7.1f}"
    )


def render_compare(m: dict[str, Any]) -> str:
    lines = [
        "with and without ratings (--no-ratings), same index:",
        f"  {'setting':<16} {'macro-F1':>8} {'chance':>7} {'accuracy':>8} {'coverage':>8} {'n':>5} "
        f"{'cov.F1':>7} {'contr.P':>8} {'n':>4} {'check s':>7}",
    ]
    for name, run in m["compare"].items():
        lines.append(summary_line(name, run["all"], run["check_s"]))
    rb = m["compare"]["with ratings"]["by_basis"]
    lines.append(
        f"  verdicts taken from ratings: {rb['n']}, right {rb['right']}; "
        + ", ".join(
            f"{v} {d['n']} (right {d['right']}; gold {', '.join(f'{k} {n}' for k, n in sorted(d['gold'].items()))})"
            for v, d in rb["per_verdict"].items()
            if d["n"]
        )
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    ap.add_argument("--limit", type=int, default=None, help="only the first N claims (and their snippets)")
    ap.add_argument(
        "--out", type=Path, default=None, help="keep corpus, index, claims, results, metrics here"
    )
    ap.add_argument("--cases", type=Path, default=None, help="write a TSV of every claim for error analysis")
    ap.add_argument("--json", action="store_true", help="print the metrics as one JSON document")
    ap.add_argument(
        "--no-ratings",
        action="store_true",
        help="check with `factcheck check --no-ratings`: figures only, no verdict taken from a source rating the claim",
    )
    ap.add_argument(
        "--both",
        action="store_true",
        help="check twice on the same index, with and without ratings, and report both side by side "
        "(the main figures and --cases are those with ratings)",
    )
    ap.add_argument(
        "--recase",
        action="store_true",
        help="diagnostic: restore in the snippets the casing of the names in their claims (not the honest setting)",
    )
    ap.add_argument(
        "--signal",
        action="store_true",
        help="diagnostic: how the gold labels split by what each claim's own snippets say about its figure "
        "(no index, no verdicts)",
    )
    args = ap.parse_args(argv)
    if args.both and args.no_ratings:
        ap.error("choose one of --both and --no-ratings")

    claims_path = args.eval_dir / CLAIMS_JSON
    if not claims_path.exists():
        print(f"skipped: {claims_path} not found")
        return 0
    t_start = time.perf_counter()
    claims = load_claims(claims_path, args.limit)
    types = load_types(args.eval_dir / TYPES_CSV)
    if args.signal:
        print(render_signal(evidence_signal(claims)))
        return 0

    tmp: tempfile.TemporaryDirectory[str] | None = None
    if args.out is not None:
        work = args.out
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="quantemp-")
        work = Path(tmp.name)
    settings = [True, False] if args.both else [not args.no_ratings]
    runs: dict[bool, tuple[float, dict[int, dict[str, Any]], dict[str, Any]]] = {}
    try:
        corpus = work / "corpus.jsonl"
        db = work / "quantemp.db"
        for p in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            if p.exists():
                p.unlink()
        n_docs = write_corpus(claims, corpus, recased=args.recase)
        claims_file = work / "claims.txt"
        sent = [c for c in claims if one_line(c["claim"])]
        claims_file.write_text("".join(one_line(c["claim"]) + "\n" for c in sent), encoding="utf-8")

        index_s, index_info = run_index(corpus, db)
        for ratings in settings:
            check_s, results, summary = run_check(claims_file, corpus, db, ratings=ratings)
            if len(results) != len(sent):
                raise SystemExit(f"factcheck check returned {len(results)} results for {len(sent)} claims")
            runs[ratings] = (check_s, {c["i"]: res for c, res in zip(sent, results, strict=True)}, summary)
            if args.out is not None:
                name = "results.jsonl" if ratings == settings[0] else "results-no-ratings.jsonl"
                with open(work / name, "w", encoding="utf-8") as fh:
                    for res in results:
                        fh.write(json.dumps(res, ensure_ascii=False) + "\n")
    finally:
        if tmp is not None:
            tmp.cleanup()
    total_s = time.perf_counter() - t_start

    check_s, by_i, summary = runs[settings[0]]
    rows = score(claims, by_i, types)
    by_type: dict[str, dict[str, Any]] = {}
    for t in sorted({t for r in rows for t in r["types"].split(",") if t}):
        by_type[t] = block([r for r in rows if t in r["types"].split(",")])
    typed = [r for r in rows if r["types"]]
    if typed:
        by_type["(any type)"] = block(typed)
    metrics: dict[str, Any] = {
        "claims": len(rows),
        "corpus_documents": n_docs,
        "index": index_info,
        "ratings": settings[0],
        "all": block(rows),
        "by_basis": by_basis(rows),
        "by_type": by_type,
        "outcomes": dict(Counter(reason_kind(r) for r in rows).most_common()),
        "summary": summary,
        "reference_macro_f1": REFERENCE,
        "timing": {
            "index_s": index_s,
            "check_s": check_s,
            "claims_per_s": len(sent) / check_s if check_s else 0.0,
            "total_s": total_s,
        },
        "setting": "per-corpus retrieval: each claim checked against all snippets of all claims"
        + ("; with ratings (a source rating the claim decides it when no figure does)" if settings[0] else "")
        + ("; --no-ratings: figures only" if not settings[0] else "")
        + ("; DIAGNOSTIC: snippets recased from their claims" if args.recase else ""),
    }
    if args.both:
        metrics["compare"] = {}
        for ratings, name in ((True, "with ratings"), (False, "without ratings")):
            r_rows = score(claims, runs[ratings][1], types)
            metrics["compare"][name] = {
                "all": block(r_rows),
                "by_basis": by_basis(r_rows),
                "check_s": runs[ratings][0],
            }
    if args.cases is not None:
        write_cases(args.cases, rows)
    if args.out is not None:
        (work / "metrics.json").write_text(json.dumps(metrics, indent=1), encoding="utf-8")
    if args.json:
        print(json.dumps(metrics, indent=1))
    else:
        print(render(metrics))
        if args.both:
            print()
            print(render_compare(metrics))
    return 0


if __name__ == "__main__":
    sys.exit(main())

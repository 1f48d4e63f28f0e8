"""A conflict report as one self-contained HTML page: inline CSS, no script, no network assets.

Pure: :func:`render_html` takes a :class:`~factcheck.check.conflicts.ConflictReport` (and what to say
about how it was made) and returns the page as a string.  Everything that comes from a source -
entity names, outlets, paths, dates, origins, quoted sentences, notes that quote figures - is
untrusted: control characters and bidirectional overrides are removed, then the text is escaped
with ``html.escape(..., quote=True)``.  No link is ever made from source text (the only links are
the page's own ``#group-N`` anchors), and a Content-Security-Policy forbids scripts, images, fonts
and any network fetch even if something slipped through.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from factcheck.check.conflicts import (
    APPROXIMATE,
    CONVERSION,
    DATES,
    ORIGIN,
    PLAIN,
    ROUNDING,
    ConflictGroup,
    ConflictReport,
    Difference,
    ValueGroup,
    fact_date,
)
from factcheck.models import FactRecord

__all__ = ["CSP", "DEFAULT_TITLE", "ReportInfo", "clean_text", "esc", "render_html"]

DEFAULT_TITLE = "Where the sources disagree"
CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

# C0/C1 controls and DEL (tab, newline, CR become spaces first), bidi embeddings/overrides/isolates
# and marks, BOM/zero-width no-break space, interlinear annotation controls, noncharacters
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ufeff\ufff9-\ufffb\ufffe\uffff]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")  # lone surrogates (surrogateescape) cannot be encoded
_SPACE = re.compile("[\t\n\r\u2028\u2029]+")

# what each classification means (shown as a tooltip on its label), and its colour class
_KINDS: dict[str, tuple[str, str]] = {
    CONVERSION: ("conversion", "the same original figure, converted to another currency differently"),
    ROUNDING: ("rounding", "the figures agree within rounding or their stated precision"),
    APPROXIMATE: ("approximate", "one figure is approximate or a bound (nearly, over, about...)"),
    DATES: ("dates", "the figures refer to dates far apart: the value may have changed"),
    ORIGIN: ("origin", "the sources cite different origins for the figure"),
    PLAIN: ("plain", "no explanation found: the sources simply disagree"),
}


@dataclass(frozen=True, slots=True)
class ReportInfo:
    """How the report was made, for its summary (all optional; empty fields are left out)."""

    sources: str = ""  # the sources folder
    index: str = ""  # the index file
    source_count: int | None = None  # sources in the index
    generated: str = ""  # when, as text ("2025-07-01 12:00 UTC")
    version: str = ""  # factcheck version
    filters: tuple[tuple[str, str], ...] = ()  # (option, value) pairs that narrowed the report


def clean_text(text: str) -> str:
    """Untrusted text made inert before escaping: whitespace runs of tabs/newlines become one
    space, control characters, bidi controls and noncharacters are dropped, lone surrogates become
    U+FFFD."""
    text = _SPACE.sub(" ", text)
    text = _UNSAFE.sub("", text)
    return _SURROGATE.sub("\ufffd", text)


def esc(text: object) -> str:
    """Untrusted text as HTML text or attribute value."""
    return html.escape(clean_text(str(text)), quote=True)


def _pct(x: float) -> str:
    if math.isnan(x):
        return "?"
    if math.isinf(x):
        return "unbounded"
    if x == 0:
        return "0%"
    if x < 0.01:
        return f"{x:.1%}"
    return f"{x:.0%}"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


def _attr(attribute: str) -> str:
    return esc(attribute.replace("_", " "))


def _kind_label(kind: str) -> str:
    cls, tip = _KINDS.get(kind, ("other", ""))
    title = f' title="{esc(tip)}"' if tip else ""
    return f'<span class="kind k-{cls}"{title}>{esc(kind)}</span>'


def _quote(r: FactRecord) -> str:
    """The quoted sentence, the figure (and its other rendering) in <mark>; each piece is cleaned
    and escaped on its own, so neither escapes nor source markup can move or close a highlight."""
    text = r.sentence
    f = r.fact
    spans: list[tuple[int, int, str]] = []
    for q, cls in ((f.quantity, ""), (f.alt, "alt")):
        if q is None:
            continue
        a, b = q.start - f.sentence_start, q.end - f.sentence_start
        if not (0 <= a < b <= len(text)) or text[a:b] != q.text:
            # offsets that do not fit the stored sentence: find the figure's words instead
            a = text.find(q.text) if q.text else -1
            b = a + len(q.text)
        if a >= 0 and b > a:
            spans.append((a, b, cls))
    out: list[str] = []
    pos = 0
    for a, b, cls in sorted(spans):
        if a < pos:
            continue  # overlapping highlight: keep the first
        out.append(esc(text[pos:a]))
        out.append(f'<mark class="{cls}">' if cls else "<mark>")
        out.append(esc(text[a:b]))
        out.append("</mark>")
        pos = b
    out.append(esc(text[pos:]))
    return "".join(out).strip()


def _source_date(r: FactRecord) -> str:
    s = r.source
    if not s.date:
        return '<span class="muted">date unknown</span>'
    approx = ' <span class="muted" title="inferred from clues in the text, not stated">(inferred)</span>'
    return f"<time>{esc(s.date)}</time>{approx if s.date_inferred else ''}"


def _record(r: FactRecord) -> str:
    s, f = r.source, r.fact
    meta = [
        f'<span class="outlet">{esc(s.outlet or s.path)}</span>',
        _source_date(r),
        f'<span class="where"><code>{esc(s.path)}</code> line {f.line:d}</span>',
    ]
    extra: list[str] = []
    if f.origin:
        extra.append(f'citing <span class="origin">{esc(f.origin)}</span>')
    if f.as_of is not None:
        extra.append(f"as of <time>{esc(f.as_of.text)}</time>")
    if f.entity_surface and f.entity_surface.casefold() != (r.canonical or "").casefold():
        extra.append(f"named as &ldquo;{esc(f.entity_surface)}&rdquo;")
    extra_html = f'<div class="cites">{" · ".join(extra)}</div>' if extra else ""
    return (
        '<li class="record">'
        f'<div class="meta">{" · ".join(meta)}</div>{extra_html}'
        f'<blockquote class="quote">{_quote(r)}</blockquote>'
        "</li>"
    )


def _value(v: ValueGroup) -> str:
    records = sorted(v.records, key=lambda r: (fact_date(r) or "9999", r.source.path, r.fact.line))
    n_src = len({r.source.path for r in records})
    date = (
        f'<time class="vdate">{esc(v.date)}</time>' if v.date else '<span class="vdate muted">undated</span>'
    )
    return (
        '<article class="value">'
        f'<header><span class="figure">{esc(v.label)}</span>{date}'
        f'<span class="count">{_plural(n_src, "source")}</span></header>'
        f'<ul class="records">{"".join(_record(r) for r in records)}</ul>'
        "</article>"
    )


def _difference(d: Difference) -> str:
    status = (
        '<span class="status near">near match</span>'
        if d.near
        else '<span class="status disagree">disagree</span>'
    )
    gap = "" if d.near and d.relative == 0 else f' <span class="gap">differ by {_pct(d.relative)}</span>'
    note = f'<div class="note">{esc(d.note)}</div>' if d.note else ""
    return (
        '<li class="difference">'
        f'<span class="pair"><strong>{esc(d.a.label)}</strong> vs <strong>{esc(d.b.label)}</strong></span> '
        f"{status}{gap} {''.join(_kind_label(k) for k in d.kinds)}{note}"
        "</li>"
    )


def _by_date(values: Iterable[ValueGroup]) -> list[ValueGroup]:
    return sorted(values, key=lambda v: (v.date or "9999", v.label))  # stable; undated last


def _group(g: ConflictGroup, rank: int) -> str:
    verdict = (
        '<span class="status disagree">the sources disagree</span>'
        if g.disagreement
        else '<span class="status near">near matches only</span>'
    )
    values = "".join(_value(v) for v in _by_date(g.values))
    # the labels of all differences together, when there is more than one difference to sum up
    kinds = (
        f'<p class="kinds">{"".join(_kind_label(k) for k in g.kinds)}</p>' if len(g.differences) > 1 else ""
    )
    return (
        f'<section class="group" id="group-{rank}">'
        f'<h2><span class="rank">{rank}.</span> <span class="entity">{esc(g.entity)}</span>'
        f' <span class="sep">—</span> <span class="attribute">{_attr(g.attribute)}</span></h2>'
        f'<p class="facts">{verdict} · {_plural(len(g.values), "distinct figure")} · '
        f"{_plural(g.facts, 'fact')} from {_plural(g.sources, 'source')} · "
        f"largest difference {_pct(g.relative)}</p>"
        f"{kinds}"
        f'<h3>Differences</h3><ul class="differences">{"".join(_difference(d) for d in g.differences)}</ul>'
        f'<h3>Figures, by date</h3><div class="values">{values}</div>'
        "</section>"
    )


def _contents(groups: list[ConflictGroup]) -> str:
    rows = []
    for i, g in enumerate(groups, 1):
        rows.append(
            f'<tr><td class="num">{i}</td>'
            f'<td class="name"><a href="#group-{i}">{esc(g.entity)}</a></td>'
            f'<td class="name">{_attr(g.attribute)}</td>'
            f'<td class="num">{len(g.values)}</td><td class="num">{_pct(g.relative)}</td>'
            f"<td>{''.join(_kind_label(k) for k in g.kinds)}</td></tr>"
        )
    return (
        '<nav class="contents"><table><thead><tr><th class="num">#</th><th>entity</th><th>attribute</th>'
        '<th class="num">figures</th><th class="num">largest difference</th><th>why they may differ</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></nav>"
    )


def _summary(report: ConflictReport, info: ReportInfo) -> str:
    n = len(report.groups)
    disagree = sum(1 for g in report.groups if g.disagreement)
    items = [
        (
            "Conflict groups",
            f"{n:,} ({disagree:,} with a disagreement, {n - disagree:,} with near matches only)",
        ),
        (
            "Compared",
            f"{_plural(report.facts_compared, 'fact')} in "
            f"{_plural(report.groups_compared, 'entity/attribute group')}",
        ),
    ]
    if info.sources:
        count = "" if info.source_count is None else f" ({_plural(info.source_count, 'source')})"
        items.append(("Sources", f"<code>{esc(info.sources)}</code>{count}"))
    if info.index:
        items.append(("Index", f"<code>{esc(info.index)}</code>"))
    if info.filters:
        items.append(("Filters", " · ".join(f"<code>{esc(k)} {esc(v)}</code>" for k, v in info.filters)))
    made = " ".join(
        p for p in (esc(info.generated), f"by factcheck {esc(info.version)}" if info.version else "") if p
    )
    if made:
        items.append(("Generated", made))
    rows = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in items)
    return f'<dl class="summary">{rows}</dl>'


_CSS = """
:root { color-scheme: light dark; --fg: #1d1f23; --muted: #5f6670; --bg: #fdfdfc; --card: #fff;
  --line: #dcdfe4; --mark: #ffe58a; --mark-alt: #d7ecff; --accent: #2456a6;
  --red: #b3261e; --red-bg: #fde8e6; --amber: #8a5a00; --amber-bg: #fff3d6; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6e6e3; --muted: #a0a6ad; --bg: #17191c; --card: #1f2226; --line: #383d44;
    --mark: #6b5a12; --mark-alt: #1f4468; --accent: #8ab4f8; --red: #ffb4ab; --red-bg: #4d1f1b;
    --amber: #ffd88a; --amber-bg: #45360f; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial,
    sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 1rem; }
h2 { font-size: 1.35rem; line-height: 1.3; margin: 0 0 .4rem; }
h3 { font-size: .8rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted);
  margin: 1.2rem 0 .5rem; }
code { font: .85em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  overflow-wrap: anywhere; }
a { color: var(--accent); }
.muted { color: var(--muted); }
.summary { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1.2rem; margin: 0 0 1.5rem;
  padding: 1rem 1.2rem; background: var(--card); border: 1px solid var(--line); border-radius: 8px; }
.summary dt { font-weight: 600; }
.summary dd { margin: 0; overflow-wrap: anywhere; }
.contents { overflow-x: auto; margin: 0 0 2rem; }
.contents table { border-collapse: collapse; width: 100%; font-size: .92rem; }
.contents th, .contents td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid var(--line);
  vertical-align: top; }
.contents td.name { white-space: nowrap; }
.contents th { font-size: .78rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.num { text-align: right !important; font-variant-numeric: tabular-nums; white-space: nowrap; }
.group { background: var(--card); border: 1px solid var(--line); border-radius: 10px;
  padding: 1.2rem 1.4rem 1.4rem; margin: 0 0 1.6rem; }
.rank { color: var(--muted); font-weight: 400; }
.sep { color: var(--muted); font-weight: 400; }
.facts { margin: 0 0 .5rem; color: var(--muted); font-size: .92rem; }
.kinds { margin: 0; }
.kind { display: inline-block; font-size: .76rem; line-height: 1.4; padding: .1rem .5rem; margin: .1rem .3rem .1rem 0;
  border-radius: 999px; border: 1px solid currentColor; white-space: nowrap; }
.k-conversion { color: #1f6f8b; } .k-rounding { color: #3b7d3b; } .k-approximate { color: #8a5a00; }
.k-dates { color: #6a4fb3; } .k-origin { color: #9c3d75; } .k-plain { color: var(--red); }
.k-other { color: var(--muted); }
@media (prefers-color-scheme: dark) {
  .k-conversion { color: #7cc7e0; } .k-rounding { color: #9bd39b; } .k-approximate { color: #ffd88a; }
  .k-dates { color: #c3b3ff; } .k-origin { color: #f0a3cf; }
}
.status { display: inline-block; font-size: .76rem; font-weight: 600; padding: .1rem .5rem;
  border-radius: 4px; margin-right: .3rem; white-space: nowrap; }
.status.disagree { color: var(--red); background: var(--red-bg); }
.status.near { color: var(--amber); background: var(--amber-bg); }
.differences { list-style: none; padding: 0; margin: 0; }
.difference { padding: .45rem 0; border-top: 1px solid var(--line); }
.difference:first-child { border-top: 0; }
.pair { margin-right: .4rem; }
.gap { color: var(--muted); font-size: .88rem; margin-right: .4rem; }
.note { color: var(--muted); font-size: .88rem; margin-top: .15rem; }
.values { display: grid; gap: .8rem; }
.value { border-left: 4px solid var(--accent); padding: .2rem 0 .2rem .9rem; }
.value header { display: flex; flex-wrap: wrap; align-items: baseline; gap: .3rem 1rem; }
.figure { font-size: 1.2rem; font-weight: 700; }
.vdate, .count { color: var(--muted); font-size: .9rem; }
.records { list-style: none; padding: 0; margin: .3rem 0 0; }
.record { margin: .6rem 0 0; }
.meta { font-size: .9rem; }
.outlet { font-weight: 600; }
.cites { font-size: .9rem; color: var(--muted); }
.origin { font-style: italic; }
.outlet, .origin, .quote, .entity, .figure { unicode-bidi: isolate; }
.quote { margin: .3rem 0 0; padding: .5rem .8rem; border-left: 3px solid var(--line);
  background: color-mix(in srgb, var(--line) 25%, transparent); border-radius: 0 6px 6px 0;
  font-family: Georgia, "Iowan Old Style", "Noto Serif", "Times New Roman", serif; font-size: 1rem;
  overflow-wrap: anywhere; }
mark { background: var(--mark); color: inherit; padding: 0 .12em; border-radius: 2px; font-weight: 600; }
mark.alt { background: var(--mark-alt); }
.empty { font-size: 1.1rem; padding: 1.2rem; border: 1px dashed var(--line); border-radius: 8px; }
footer { margin-top: 2.5rem; color: var(--muted); font-size: .85rem; }
@media (max-width: 36rem) {
  main { padding: 1.2rem .8rem 3rem; }
  .summary { grid-template-columns: 1fr; gap: 0 0; }
  .summary dd { margin-bottom: .4rem; }
  .group { padding: 1rem .9rem 1.1rem; }
}
@media print {
  body { background: #fff; color: #000; }
  .group, .value { break-inside: avoid-page; }
  a { color: inherit; text-decoration: none; }
}
"""


def render_html(report: ConflictReport, *, title: str = DEFAULT_TITLE, info: ReportInfo | None = None) -> str:
    """The whole page.  Groups appear in the report's order (ranked by find_conflicts); the figures
    of each group oldest first, undated last."""
    info = info or ReportInfo()
    groups = report.groups
    if groups:
        body = _contents(groups) + "".join(_group(g, i) for i, g in enumerate(groups, 1))
    else:
        body = (
            '<p class="empty">No conflicts: every figure compared agrees with the others '
            "(or the filters left nothing to compare).</p>"
        )
    foot = (
        "Text quoted from the sources is shown as written, as plain text: markup in it is not "
        "interpreted and no link is made from it. Highlighted: the figure"
        ' (<mark class="alt">blue</mark>: the source\'s other rendering of it).'
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(CSP, quote=True)}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="factcheck">\n'
        f"<title>{esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{esc(title)}</h1>\n{_summary(report, info)}\n{body}\n"
        f"<footer>{foot}</footer>\n</main>\n</body>\n</html>\n"
    )

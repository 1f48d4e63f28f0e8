"""``factcheck check``: verdicts for claims, from arguments, a file or stdin."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any

import typer

from factcheck.cli.common import (
    ColorOpt,
    DbOpt,
    DebugOpt,
    JsonlOpt,
    JsonOpt,
    NoRefreshOpt,
    QuietOpt,
    SourcesOpt,
    make_env,
)
from factcheck.cli.env import Env, clean, styled
from factcheck.cli.errors import EXIT_ERROR, EXIT_FINDING, EXIT_OK, note_status
from factcheck.cli.jsonout import d_json, q_json, record_json, unit_of

if TYPE_CHECKING:
    from factcheck.check.engine import Evidence, Result
    from factcheck.models import Hit

VERDICT_STYLE = {
    "supported": "bold green",
    "contradicted": "bold red",
    "disputed": "bold yellow",
    "unverified": "bold blue",
    "error": "bold magenta",
}
STANCE_STYLE = {"supports": "green", "contradicts": "red", "disputes": "yellow", "related": "dim"}
DEFAULT_FAIL_ON = ("contradicted", "disputed")


def read_claims(env: Env, stream: Any, name: str) -> Iterator[str]:
    """Claims from a file or stdin, one per line; blank lines and # comments skipped; invalid UTF-8
    replaced (with a warning naming the line) rather than losing the claim."""
    buf = getattr(stream, "buffer", stream)
    for n, raw in enumerate(buf, start=1):
        if isinstance(raw, bytes):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                line = raw.decode("utf-8", errors="replace")
                env.warn(f"{name}:{n}: not valid UTF-8; undecodable bytes replaced")
        else:
            line = raw
        line = line.lstrip("\ufeff").strip()
        if not line or line.startswith("#"):
            continue
        yield line


def evidence_json(e: Evidence) -> dict[str, Any]:
    r = e.record
    f = r.fact
    c = e.comparison
    if e.rating is not None:
        # a source rating the claim ("we rate this claim false"): no figure, the rating's words
        return {
            **record_json(r),
            "basis": "rating",
            "figure": None,
            "value": None,
            "low": None,
            "high": None,
            "unit": None,
            "currency": None,
            "qualifier": None,
            "alt": None,
            "entity": None,
            "stance": e.stance,
            "near": False,
            "difference": None,
            "compared": None,
            "rate": None,
            "rating": {
                "phrase": e.rating.phrase,
                "words": e.rating.words,
                "form": e.rating.form,
                "about": e.rating.about,
            },
            "note": e.reason,
        }
    return {
        **record_json(r),
        "figure": f.quantity.text,
        "value": f.quantity.value,
        "low": f.quantity.low,
        "high": f.quantity.high,
        "unit": unit_of(f.quantity),
        "currency": f.quantity.currency,
        "qualifier": f.quantity.qualifier,
        "alt": q_json(f.alt),
        "entity": r.canonical,
        "basis": e.basis,
        "stance": e.stance,
        "near": bool(c and c.near),
        "difference": None if c is None else c.difference,
        "compared": None if c is None else {"text": c.compared.text, "currency": c.compared.currency},
        "rate": None
        if c is None or c.rate is None
        else {"value": c.rate, "day": c.rate_day, "source": "ECB"},
        "note": e.reason or (c.note if c else ""),
    }


def hit_json(h: Hit) -> dict[str, Any]:
    return {
        "source": h.source.path,
        "outlet": h.source.outlet,
        "date": h.source.date,
        "line": h.line,
        "start": h.start,
        "end": h.end,
        "text": h.text,
    }


def result_json(res: Result) -> dict[str, Any]:
    from factcheck.check.tally import suggestion, tally

    c = res.claim
    q = c.quantity
    return {
        "claim": c.text,
        "verdict": res.verdict,
        "basis": res.basis or None,
        "reason": res.reason,
        "parsed": {
            "entity": c.entity,
            "entity_text": c.entity_text,
            "attribute": c.attribute,
            "comparator": c.comparator or None,
            "value": None if q is None else q.value,
            "low": None if q is None else q.low,
            "high": None if q is None else q.high,
            "unit": None if q is None else unit_of(q),
            "currency": None if q is None else q.currency,
            "figure": None if q is None else q.text,
            "date": d_json(c.date),
        },
        "problems": list(c.problems),
        "evidence": [evidence_json(e) for e in res.evidence],
        "related": [hit_json(h) for h in res.related],
        "tally": [
            {
                "figure": r.figure,
                "stance": r.stance,
                "sources": r.sources,
                "independent": r.independent,
                "dates": list(r.dates),
            }
            for r in tally(res)
        ],
        "suggestion": suggestion(res),
        "parts": [
            {
                "figure": p.quantity.text,
                "start": p.quantity.start,
                "end": p.quantity.end,
                "value": p.quantity.value,
                "verdict": p.verdict,
                "reason": p.reason,
                "evidence": [evidence_json(e) for e in p.evidence],
            }
            for p in res.parts
        ],
    }


def error_json(claim: str, message: str) -> dict[str, Any]:
    return {
        "claim": claim,
        "verdict": "error",
        "reason": message,
        "parsed": None,
        "problems": [message],
        "evidence": [],
        "related": [],
        "parts": [],
    }


def _where(path: str, line: int) -> str:
    return f"{clean(path)}:{line}"


def _weight_lines(res: Result) -> list[str]:
    """The tally under a disputed verdict and the suggestion under a contradicted one."""
    from factcheck.check.tally import describe, suggestion, tally

    out = []
    if res.verdict == "disputed":
        rows = tally(res)
        if rows:
            out.append("tally: " + describe(rows))
    tip = suggestion(res)
    if tip:
        out.append("suggestion: " + tip)
    return out


def render_text(env: Env, res: Result) -> None:
    verdict = res.verdict
    if env.rich_output:
        from rich.table import Table
        from rich.text import Text

        con = env.console()
        head = Text(f"{verdict.upper():<13}", style=VERDICT_STYLE.get(verdict, ""))
        head.append(clean(res.claim.text), style="bold")
        con.print(head)
        con.print(Text("  " + clean(res.reason)))
        for weight in _weight_lines(res):
            con.print(Text("  " + clean(weight), style="dim"))
        if len(res.parts) > 1:
            for p in res.parts:
                line = Text("  part ")
                line.append(f"{clean(p.quantity.text)}: ", style="bold")
                line.append(p.verdict, style=VERDICT_STYLE.get(p.verdict, ""))
                con.print(line)
        if res.evidence:
            t = Table(
                show_header=True, header_style="bold", box=None, padding=(0, 1), pad_edge=False, expand=True
            )
            t.add_column("stance", no_wrap=True)
            t.add_column("source", ratio=1, overflow="fold")
            t.add_column("date", no_wrap=True)
            t.add_column("line", overflow="fold")
            t.add_column("figure", ratio=1, overflow="fold")
            t.add_column("quote", ratio=2, overflow="fold")
            for e in res.evidence:
                r = e.record
                q = r.fact.quantity
                a, b = q.start - r.fact.sentence_start, q.end - r.fact.sentence_start
                spans = [(a, b)] if 0 <= a < b <= len(r.sentence) else []
                fig = clean(q.text) + (f" ({clean(r.fact.alt.text)})" if r.fact.alt else "")
                note = e.reason or (e.comparison.note if e.comparison else "")
                t.add_row(
                    Text(e.stance, style=STANCE_STYLE.get(e.stance, "")),
                    clean(r.source.outlet or r.source.path)
                    + (f", citing {clean(r.fact.origin)}" if r.fact.origin else ""),
                    clean(r.source.date or "?"),
                    _where(r.source.path, r.fact.line),
                    fig + (f"\n{clean(note)}" if note else ""),
                    styled(r.sentence, spans),
                )
            con.print(t)
        for h in res.related:
            con.print(
                Text(f"  related  {_where(h.source.path, h.line)}  ", style="dim") + Text(clean(h.text)[:200])
            )
        con.print()
        return
    env.out(f"{verdict.upper():<13}{clean(res.claim.text)}")
    env.out(f"  {clean(res.reason)}")
    for weight in _weight_lines(res):
        env.out(f"  {clean(weight)}")
    if len(res.parts) > 1:
        for p in res.parts:
            env.out(f"  part {clean(p.quantity.text)}: {p.verdict}")
    for e in res.evidence:
        r = e.record
        note = e.reason or (e.comparison.note if e.comparison else "")
        fig = clean(r.fact.quantity.text) + (f" ({clean(r.fact.alt.text)})" if r.fact.alt else "")
        env.out(
            f"  {e.stance:<12}{_where(r.source.path, r.fact.line)}  {clean(r.source.outlet or '-')}"
            f"  {clean(r.source.date or '?')}  {fig}" + (f"  [{clean(note)}]" if note else "")
        )
        env.out(f"      {clean(r.sentence)}")
    for h in res.related:
        env.out(f"  related     {_where(h.source.path, h.line)}  {clean(h.text)[:300]}")


def check(
    ctx: typer.Context,
    claims: Annotated[list[str] | None, typer.Argument(help="Claims to check.", show_default=False)] = None,
    file: Annotated[
        str | None,
        typer.Option(
            "--file", "-f", metavar="FILE", help="Read claims from FILE ('-' for stdin), one per line."
        ),
    ] = None,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            metavar="VERDICTS",
            help="Comma-separated verdicts that make the exit status 1 (supported, contradicted, disputed, unverified).",
        ),
    ] = ",".join(DEFAULT_FAIL_ON),
    sources: SourcesOpt = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
    jsonl_out: JsonlOpt = False,
    no_refresh: NoRefreshOpt = False,
    no_ratings: Annotated[
        bool,
        typer.Option(
            "--no-ratings",
            help="Compare figures only: never take a verdict from a source that rates the claim itself "
            "(a fact-check's 'we rate this claim false').",
        ),
    ] = False,
    color: ColorOpt = "auto",
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Check claims against every matching passage of the sources.

    Verdicts: supported, contradicted, disputed (the sources disagree), unverified.
    When no figure decides a claim, a source that rates the claim itself (a fact-check: "we rate
    this claim false") may; such evidence says "rated ... by ..." (--no-ratings turns it off).
    Exit status: 0 none contradicted or disputed, 1 at least one (see --fail-on), 2 error.

    \b
    Examples:
      factcheck check "Acme Robotics has 350 employees"
      factcheck check --file claims.txt --jsonl
      cat claims.txt | factcheck check --json
    """
    from factcheck.check.engine import VERDICTS, check_claim
    from factcheck.cli.session import open_index

    env = make_env(color, quiet, debug)
    if json_out and jsonl_out:
        raise typer.BadParameter("choose one of --json and --jsonl", param_hint="--json/--jsonl")
    fails = {v.strip() for v in fail_on.split(",") if v.strip()}
    unknown = fails - set(VERDICTS)
    if unknown:
        raise typer.BadParameter(f"unknown verdict(s): {', '.join(sorted(unknown))}", param_hint="--fail-on")

    def inputs() -> Iterator[str]:
        yield from claims or []
        if file == "-":
            yield from read_claims(env, sys.stdin, "<stdin>")
        elif file is not None:
            try:
                fh = open(file, "rb")  # noqa: SIM115 - closed below
            except OSError as e:
                raise typer.BadParameter(f"cannot read {file}: {e.strerror}", param_hint="--file") from e
            with fh:
                yield from read_claims(env, fh, file)
        elif not claims:
            yield from read_claims(env, sys.stdin, "<stdin>")

    if not claims and file is None and env.stdin_tty:
        # nothing to read: show the help rather than wait on the terminal
        env.out(ctx.get_help())
        raise typer.Exit(EXIT_ERROR)

    counts = dict.fromkeys((*VERDICTS, "error"), 0)
    collected: list[dict[str, Any]] = []
    finding = False
    errored = False
    with open_index(env, sources, db, refresh=not no_refresh) as store:
        for text in inputs():
            try:
                res = check_claim(store, text, ratings=not no_ratings)
            except Exception as e:  # one bad claim must not stop the batch
                if debug:
                    raise
                errored = True
                counts["error"] += 1
                obj = error_json(text, f"{type(e).__name__}: {e}")
                if json_out:
                    collected.append(obj)
                elif jsonl_out:
                    env.jsonl(obj)
                else:
                    env.out(f"{'ERROR':<13}{clean(text)}\n  {clean(obj['reason'])}")
                continue
            for problem in res.claim.problems:
                if "cut by the shell" in problem:
                    env.warn(f"claim {clean(text)[:60]!r}: {problem}")
            counts[res.verdict] += 1
            if res.verdict in fails:
                finding = True
                note_status(EXIT_FINDING)
            if json_out:
                collected.append(result_json(res))
            elif jsonl_out:
                env.jsonl({"type": "result", **result_json(res)})
            else:
                render_text(env, res)
                env.stdout.flush()
    total = sum(counts.values())
    summary = {"claims": total, **counts}
    exit_code = EXIT_ERROR if errored else (EXIT_FINDING if finding else EXIT_OK)
    if json_out:
        env.json({"schema_version": 1, "results": collected, "summary": summary, "exit_status": exit_code})
    elif jsonl_out:
        env.jsonl({"type": "summary", "schema_version": 1, **summary, "exit_status": exit_code})
    elif total != 1:
        env.info(", ".join(f"{v} {k}" for k, v in summary.items() if v or k == "claims"))
    if total == 0:
        env.warn("no claims to check")
    raise typer.Exit(exit_code)


def register(app: typer.Typer) -> None:
    app.command("check")(check)

"""``factcheck facts``: the figures the index understood, by entity, attribute and source."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from factcheck.cli.common import (
    ColorOpt,
    DbOpt,
    DebugOpt,
    JsonOpt,
    NoRefreshOpt,
    QuietOpt,
    SourcesOpt,
    attribute_option,
    entity_option,
    make_env,
)
from factcheck.cli.csvout import SafeWriter
from factcheck.cli.env import clean, styled
from factcheck.cli.errors import EXIT_FINDING, EXIT_OK


def facts(
    entity: Annotated[
        str | None,
        typer.Option("--entity", "-e", help="Entity name (any alias; case, spacing and typos tolerated)."),
    ] = None,
    attribute: Annotated[
        str | None,
        typer.Option("--attribute", "-a", help="Attribute (headcount, employees, valuation, funding...)."),
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", "-s", help="Only this source (path, id or outlet).")
    ] = None,
    unattributed: Annotated[
        bool, typer.Option("--unattributed", help="Include figures whose entity could not be established.")
    ] = False,
    csv_out: Annotated[bool, typer.Option("--csv", help="Print CSV.")] = False,
    sources: SourcesOpt = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
    no_refresh: NoRefreshOpt = False,
    color: ColorOpt = "auto",
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """List the facts found in the sources: entity, attribute, figure, source, line and quote.

    Exit status 0 when facts were listed, 1 when none matched.

    Example: factcheck facts --entity "Acme Robotics" --attribute headcount
    """
    from factcheck.check.engine import who
    from factcheck.cli.jsonout import d_json, q_json
    from factcheck.cli.session import open_index

    env = make_env(color, quiet, debug)
    attr_id = attribute_option(attribute)
    with open_index(env, sources, db, refresh=not no_refresh) as store:
        _, keys = entity_option(env, store, entity)
        records = list(
            store.facts(entity_keys=keys, attribute=attr_id, source=source, attributed_only=not unattributed)
        )
    rows: list[dict[str, Any]] = []
    for r in records:
        f = r.fact
        rows.append(
            {
                "entity": r.canonical,
                "entity_text": f.entity_surface or f.entity,
                "attribute": f.attribute,
                "figure": f.quantity.text,
                "quantity": q_json(f.quantity),
                "alt": q_json(f.alt),
                "as_of": d_json(f.as_of),
                "origin": f.origin,
                "source": r.source.path,
                "outlet": r.source.outlet,
                "date": r.source.date,
                "line": f.line,
                "start": f.quantity.start,
                "end": f.quantity.end,
                "text": r.sentence,
            }
        )
    if json_out:
        env.json({"schema_version": 1, "facts": rows})
    elif csv_out:
        w = SafeWriter(env.stdout)
        w.writerow(
            [
                "entity",
                "attribute",
                "figure",
                "value",
                "low",
                "high",
                "unit",
                "qualifier",
                "alt_figure",
                "as_of",
                "origin",
                "source",
                "outlet",
                "date",
                "line",
                "start",
                "end",
                "text",
            ]
        )
        for row, r in zip(rows, records, strict=True):
            q = row["quantity"]
            w.writerow(
                [
                    row["entity"] or "",
                    row["attribute"],
                    row["figure"],
                    q["value"],
                    q["low"],
                    q["high"],
                    q["unit"],
                    q["qualifier"] or "",
                    r.fact.alt.text if r.fact.alt else "",
                    r.fact.as_of.text if r.fact.as_of else "",
                    row["origin"] or "",
                    row["source"],
                    row["outlet"],
                    row["date"],
                    row["line"],
                    row["start"],
                    row["end"],
                    row["text"],
                ]
            )
    elif env.rich_output:
        from rich.table import Table

        t = Table(title=f"{len(rows)} facts", title_justify="left", box=None, padding=(0, 1))
        for col in ("entity", "attribute", "figure", "source", "date", "line", "quote"):
            t.add_column(col, overflow="fold")
        for r in records:
            f = r.fact
            a, b = f.quantity.start - f.sentence_start, f.quantity.end - f.sentence_start
            fig = clean(f.quantity.text) + (f" ({clean(f.alt.text)})" if f.alt else "")
            t.add_row(
                clean(r.canonical or "?"),
                f.attribute,
                fig,
                clean(who(r)),
                clean(r.source.date or "?"),
                f"{clean(r.source.path)}:{f.line}",
                styled(r.sentence, [(a, b)]),
            )
        env.console().print(t)
    else:
        for r in records:
            f = r.fact
            fig = clean(f.quantity.text) + (f" ({clean(f.alt.text)})" if f.alt else "")
            env.out(
                f"{clean(r.source.path)}:{f.line}\t{clean(r.canonical or '?')}\t{f.attribute}\t{fig}\t"
                f"{clean(who(r))}\t{clean(r.source.date or '?')}\t{clean(r.sentence)}"
            )
    raise typer.Exit(EXIT_OK if rows else EXIT_FINDING)


def register(app: typer.Typer) -> None:
    app.command("facts")(facts)

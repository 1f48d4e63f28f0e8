"""``factcheck sources``: what is in the index."""

from __future__ import annotations

import typer

from factcheck.cli.common import (
    ColorOpt,
    DbOpt,
    DebugOpt,
    JsonOpt,
    NoRefreshOpt,
    QuietOpt,
    SourcesOpt,
    make_env,
)
from factcheck.cli.env import clean


def date_label(date: str, precision: str, inferred: bool) -> str:
    if not date:
        return "unknown"
    label = date if precision in ("", "day") else f"{date} ({precision})"
    return f"~{label}" if inferred else label


def sources(
    sources: SourcesOpt = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
    no_refresh: NoRefreshOpt = False,
    color: ColorOpt = "auto",
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """List the indexed sources: id, outlet, date, passages, repairs and warnings.

    A date marked ~ was inferred from clues in the text, not stated.

    Example: factcheck sources --json
    """
    from factcheck.cli.session import open_index

    env = make_env(color, quiet, debug)
    with open_index(env, sources, db, refresh=not no_refresh) as store:
        rows = store.list_sources()
    if json_out:
        env.json(
            {
                "schema_version": 1,
                "sources": [
                    {
                        "id": s.id,
                        "path": s.path,
                        "outlet": s.outlet,
                        "title": s.title,
                        "date": s.date,
                        "date_precision": s.date_precision,
                        "date_inferred": s.date_inferred,
                        "language": s.language,
                        "encoding": s.encoding,
                        "size": s.size,
                        "passages": s.passages,
                        "repairs": s.repairs,
                        "boilerplate_dropped": s.dropped,
                        "warnings": list(s.warnings),
                    }
                    for s in rows
                ],
            }
        )
        return
    if env.rich_output:
        from rich.table import Table

        table = Table(title=f"{len(rows)} sources", title_justify="left")
        for col in ("id", "source", "outlet", "date", "passages", "repairs", "warnings"):
            table.add_column(col, justify="right" if col in ("id", "passages", "repairs") else "left")
        for s in rows:
            table.add_row(
                str(s.id),
                clean(s.path),
                clean(s.outlet or "-"),
                date_label(s.date, s.date_precision, s.date_inferred),
                str(s.passages),
                str(s.repairs),
                clean("; ".join(s.warnings)) or "-",
            )
        env.console().print(table)
        return
    for s in rows:
        env.out(
            "\t".join(
                [
                    str(s.id),
                    clean(s.path),
                    clean(s.outlet or "-"),
                    date_label(s.date, s.date_precision, s.date_inferred),
                    str(s.passages),
                    str(s.repairs),
                    clean("; ".join(s.warnings)) or "-",
                ]
            )
        )


def register(app: typer.Typer) -> None:
    app.command("sources")(sources)

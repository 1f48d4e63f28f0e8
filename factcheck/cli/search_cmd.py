"""``factcheck search``: ranked passages for a query."""

from __future__ import annotations

from typing import Annotated

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
from factcheck.cli.env import clean, styled
from factcheck.cli.errors import EXIT_FINDING, EXIT_OK


def _plain(highlighted: str) -> tuple[str, list[tuple[int, int]]]:
    """Text without the \\x02/\\x03 highlight marks, and the marked spans."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    start = -1
    for ch in highlighted:
        if ch == "\x02":
            start = pos
        elif ch == "\x03":
            if start >= 0:
                spans.append((start, pos))
            start = -1
        else:
            out.append(ch)
            pos += 1
    return "".join(out), spans


def search(
    query: Annotated[list[str], typer.Argument(help="Words to look for (all of them; names match fuzzily).")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Most passages to show.")] = 10,
    sources: SourcesOpt = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
    no_refresh: NoRefreshOpt = False,
    color: ColorOpt = "auto",
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Find passages (best first, BM25), with the query terms highlighted.

    Exit status 0 when something was found, 1 when nothing was.

    Example: factcheck search "acme valuation"
    """
    from factcheck.cli.session import open_index
    from factcheck.search import search as run_search

    env = make_env(color, quiet, debug)
    text = " ".join(query)
    with open_index(env, sources, db, refresh=not no_refresh) as store:
        result = run_search(store, text, limit=limit)
    for typed, canonical in result.matched_entities:
        if typed != canonical:
            env.info(f"'{typed}' matched the name '{canonical}'")
    if result.any_term:
        env.info("no passage has every term; showing passages with any of them")
    if json_out:
        env.json(
            {
                "schema_version": 1,
                "query": text,
                "terms": result.groups,
                "matched_entities": [{"typed": t, "name": c} for t, c in result.matched_entities],
                "any_term": result.any_term,
                "hits": [
                    {
                        "source": h.source.path,
                        "outlet": h.source.outlet,
                        "date": h.source.date,
                        "line": h.line,
                        "start": h.start,
                        "end": h.end,
                        "text": h.text,
                        "highlights": [[a, b] for a, b in _plain(h.highlighted)[1]],
                        "rank": round(h.rank, 4),
                    }
                    for h in result.hits
                ],
            }
        )
    elif env.rich_output:
        from rich.text import Text

        con = env.console()
        for h in result.hits:
            plain, spans = _plain(h.highlighted)
            head = Text(f"{clean(h.source.path)}:{h.line}", style="magenta")
            meta = " ".join(x for x in (h.source.outlet, h.source.date) if x)
            if meta:
                head.append(f"  {clean(meta)}", style="dim")
            con.print(head)
            con.print(styled(plain, spans))
            con.print()
    else:
        for h in result.hits:
            env.out(f"{clean(h.source.path)}:{h.line}: {clean(_plain(h.highlighted)[0])}")
    raise typer.Exit(EXIT_OK if result.hits else EXIT_FINDING)


def register(app: typer.Typer) -> None:
    app.command("search")(search)

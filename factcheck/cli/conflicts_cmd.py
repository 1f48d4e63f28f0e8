"""``factcheck conflicts``: where the sources disagree, and why."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from factcheck.cli.common import (
    ColorOpt,
    DbOpt,
    DebugOpt,
    JsonlOpt,
    JsonOpt,
    MinDifferenceOpt,
    NoRefreshOpt,
    QuietOpt,
    SourcesOpt,
    attribute_option,
    entity_option,
    make_env,
    parse_min_difference,
)
from factcheck.cli.csvout import SafeWriter
from factcheck.cli.env import Env, clean, styled
from factcheck.cli.errors import EXIT_FINDING, EXIT_OK, note_status

if TYPE_CHECKING:
    from factcheck.check.conflicts import ConflictGroup, ValueGroup
    from factcheck.models import FactRecord


def value_json(v: ValueGroup) -> dict[str, Any]:
    from factcheck.cli.jsonout import q_json, record_json

    f = v.records[0].fact
    return {
        "figure": v.label,
        "quantity": q_json(f.quantity),
        "alt": q_json(f.alt),
        "date": v.date,
        "sources": [record_json(r) for r in v.records],
    }


def group_json(g: ConflictGroup) -> dict[str, Any]:
    index = {id(v): i for i, v in enumerate(g.values)}
    return {
        "entity": g.entity,
        "attribute": g.attribute,
        "disagreement": g.disagreement,
        "classification": g.kinds,
        "relative_difference": g.relative if g.relative != float("inf") else None,
        "sources": g.sources,
        "facts": g.facts,
        "values": [value_json(v) for v in g.values],
        "differences": [
            {
                "a": index[id(d.a)],
                "b": index[id(d.b)],
                "kinds": d.kinds,
                "near": d.near,
                "relative_difference": d.relative if d.relative != float("inf") else None,
                "note": d.note,
            }
            for d in g.differences
        ],
    }


def _who(r: FactRecord) -> str:
    from factcheck.check.engine import who

    return who(r)


def render_group(env: Env, g: ConflictGroup) -> None:
    head = "DISAGREE" if g.disagreement else "NEAR"
    kinds = "; ".join(g.kinds)
    if env.rich_output:
        from rich.text import Text

        con = env.console()
        t = Text(f"{head:<9}", style="bold red" if g.disagreement else "bold yellow")
        t.append(f"{clean(g.entity)} · {g.attribute}", style="bold")
        t.append(f"  ({kinds})", style="dim")
        con.print(t)
        for v in g.values:
            con.print(
                Text(f"  {clean(v.label)}", style="bold") + Text(f"  {v.date or 'date unknown'}", style="dim")
            )
            for r in v.records:
                f = r.fact
                a, b = f.quantity.start - f.sentence_start, f.quantity.end - f.sentence_start
                con.print(
                    Text(f"    {clean(_who(r))}, {clean(r.source.path)}:{f.line}  ", style="magenta")
                    + styled(r.sentence, [(a, b)])
                )
        for d in g.differences:
            if d.note:
                con.print(Text(f"  {clean(d.a.label)} vs {clean(d.b.label)}: {clean(d.note)}", style="dim"))
        con.print()
        return
    env.out(f"{head:<9}{clean(g.entity)}\t{g.attribute}\t{kinds}")
    for v in g.values:
        env.out(f"  {clean(v.label)}\t{v.date or 'date unknown'}")
        for r in v.records:
            env.out(f"    {clean(_who(r))}\t{clean(r.source.path)}:{r.fact.line}\t{clean(r.sentence)}")
    for d in g.differences:
        if d.note:
            env.out(f"  note: {clean(d.a.label)} vs {clean(d.b.label)}: {clean(d.note)}")


def conflicts(
    entity: Annotated[
        str | None, typer.Option("--entity", "-e", help="Only this entity (any alias).")
    ] = None,
    attribute: Annotated[str | None, typer.Option("--attribute", "-a", help="Only this attribute.")] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="DATE", help="Only facts dated on or after DATE (YYYY[-MM[-DD]])."),
    ] = None,
    min_difference: MinDifferenceOpt = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Near matches (conversion, rounding) count as findings too.")
    ] = False,
    csv_out: Annotated[
        bool, typer.Option("--csv", help="Print CSV, one row per fact in a conflict group.")
    ] = False,
    sources: SourcesOpt = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
    jsonl_out: JsonlOpt = False,
    no_refresh: NoRefreshOpt = False,
    color: ColorOpt = "auto",
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Report where the sources disagree: each entity and attribute whose figures differ, and why.

    Exit status: 0 no conflicts, 1 conflicts found (near matches only with --strict), 2 error.

    Example: factcheck conflicts --entity "Acme Robotics" || notify-send "sources disagree"
    """
    from factcheck.check.conflicts import find_conflicts
    from factcheck.cli.session import open_index

    env = make_env(color, quiet, debug)
    attr_id = attribute_option(attribute)
    if since is not None:
        from factcheck.pipeline import parse_iso_date

        if parse_iso_date(since) is None:
            raise typer.BadParameter("expected YYYY, YYYY-MM or YYYY-MM-DD", param_hint="--since")
    with open_index(env, sources, db, refresh=not no_refresh) as store:
        _, keys = entity_option(env, store, entity)
        report = find_conflicts(
            store,
            entity_keys=keys,
            attribute=attr_id,
            since=since,
            min_difference=parse_min_difference(min_difference),
        )
    groups = report.groups
    found = any(g.disagreement or strict for g in groups)
    summary = {
        "facts_compared": report.facts_compared,
        "groups_compared": report.groups_compared,
        "conflicts": sum(1 for g in groups if g.disagreement),
        "near_matches": sum(1 for g in groups if not g.disagreement),
    }
    code = EXIT_FINDING if found else EXIT_OK
    note_status(code)
    if json_out:
        env.json(
            {
                "schema_version": 1,
                "groups": [group_json(g) for g in groups],
                "summary": summary,
                "exit_status": code,
            }
        )
    elif jsonl_out:
        for g in groups:
            env.jsonl({"type": "group", **group_json(g)})
        env.jsonl({"type": "summary", "schema_version": 1, **summary, "exit_status": code})
    elif csv_out:
        w = SafeWriter(env.stdout)
        w.writerow(
            [
                "entity",
                "attribute",
                "disagreement",
                "classification",
                "figure",
                "value",
                "unit",
                "source",
                "outlet",
                "date",
                "line",
                "origin",
                "text",
            ]
        )
        for g in groups:
            for v in g.values:
                for r in v.records:
                    q = r.fact.quantity
                    w.writerow(
                        [
                            g.entity,
                            g.attribute,
                            int(g.disagreement),
                            "; ".join(g.kinds),
                            v.label,
                            q.value,
                            q.currency or q.unit or q.kind,
                            r.source.path,
                            r.source.outlet,
                            r.source.date,
                            r.fact.line,
                            r.fact.origin or "",
                            r.sentence,
                        ]
                    )
    else:
        for g in groups:
            render_group(env, g)
        env.info(
            f"compared {report.facts_compared} facts in {report.groups_compared} entity/attribute groups: "
            f"{summary['conflicts']} conflicts, {summary['near_matches']} near matches"
        )
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    app.command("conflicts")(conflicts)

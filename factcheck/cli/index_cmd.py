"""``factcheck index``: build or refresh the index of the sources folder."""

from __future__ import annotations

from typing import Annotated

import typer

from factcheck.cli.common import ColorOpt, DbOpt, DebugOpt, JsonOpt, QuietOpt, SourcesOpt, make_env


def index(
    sources: SourcesOpt = None,
    db: DbOpt = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Rebuild from scratch (replaces a broken index).")
    ] = False,
    follow_symlinks: Annotated[
        bool, typer.Option("--follow-symlinks", help="Follow symbolic links inside the sources folder.")
    ] = False,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0 = one per core, max 2).")
    ] = 0,
    no_wait: Annotated[
        bool, typer.Option("--no-wait", help="Fail at once if another index run holds the index.")
    ] = False,
    text_field: Annotated[
        str, typer.Option("--text-field", help="Record corpora: the field holding the text.")
    ] = "text",
    id_field: Annotated[
        str, typer.Option("--id-field", help="Record corpora: the field holding the id.")
    ] = "id",
    date_field: Annotated[
        str, typer.Option("--date-field", help="Record corpora: the publication date field.")
    ] = "date",
    outlet_field: Annotated[
        str, typer.Option("--outlet-field", help="Record corpora: the outlet field.")
    ] = "source",
    title_field: Annotated[
        str, typer.Option("--title-field", help="Record corpora: the title field.")
    ] = "title",
    json_out: JsonOpt = False,
    color: ColorOpt = "auto",
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Build or refresh the index of the sources (only new and changed documents are read).

    The sources are a folder of .txt/.md/.html files, or one JSON Lines (.jsonl) or CSV file whose
    records are documents (see the --*-field options).

    \b
    Examples:
      factcheck index --sources ~/articles
      factcheck index --sources export.jsonl --text-field body --id-field url --date-field published
    """
    from factcheck.cli.session import run_index, summary_line
    from factcheck.config import resolve

    env = make_env(color, quiet, debug)
    loc = resolve(sources, db)
    from factcheck.ingest.records import RecordFields, is_record_corpus

    fields = None
    given = RecordFields(
        text=text_field, id=id_field, date=date_field, outlet=outlet_field, title=title_field
    )
    if is_record_corpus(loc.sources) and (given != RecordFields() or rebuild):
        fields = given  # otherwise the field names the index remembers (or the defaults) are used
    report = run_index(
        env,
        loc,
        rebuild=rebuild,
        follow_symlinks=follow_symlinks,
        jobs=jobs or None,
        wait=0.0 if no_wait else 600.0,
        fields=fields,
    )
    if json_out:
        env.json(
            {
                "schema_version": 1,
                "db": str(loc.db),
                "sources_dir": str(loc.sources),
                "added": report.added,
                "changed": report.changed,
                "removed": report.removed,
                "unchanged": report.unchanged,
                "sources": report.sources,
                "passages": report.passages,
                "facts": report.facts,
                "seconds": round(report.seconds, 3),
                "rebuilt": report.rebuilt,
                "warnings": [{"path": p, "message": m} for p, m in report.warnings],
            }
        )
    else:
        env.out(summary_line(report))


def register(app: typer.Typer) -> None:
    app.command("index")(index)
